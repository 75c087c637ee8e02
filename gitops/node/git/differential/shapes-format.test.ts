/** Fixed shapes of repository formats and config (FIFOs and nested repositories to merges in progress), against the git CLI: see shape-suite.ts. */
import { shapeSuite } from './shape-suite.ts';

shapeSuite('formats, config and work in progress', (_shape, index) => index >= 11);
