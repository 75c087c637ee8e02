// Bundles the `gantry` CLI into dist/cli/gantry.mjs so `npx gantry` starts fast.
// `--if-possible` (used by npm's prepare) exits quietly when esbuild is not installed,
// e.g. in a production install; bin/gantry.mjs then falls back to running the sources with tsx.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ifPossible = process.argv.includes('--if-possible');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (err) {
  if (ifPossible) process.exit(0);
  throw err;
}

await esbuild.build({
  entryPoints: { gantry: path.join(root, 'gitops/cli/main.ts') },
  outdir: path.join(root, 'dist/cli'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
