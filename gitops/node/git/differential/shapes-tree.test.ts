/** Fixed shapes of the working tree and index (submodules to git add -N), against the git CLI: see shape-suite.ts. */
import { shapeSuite } from './shape-suite.ts';

shapeSuite('working tree and index', (_shape, index) => index < 11);
