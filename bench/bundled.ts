// Runs a bench's host code as Gantry ships it: an esbuild bundle (scripts/build-app.mjs's options for the host,
// dependencies included, for Electron and browser mode) run by plain node, not TypeScript sources under
// tsx. tsx's loader, its transformed modules and source maps cost ~150 MB of RSS that the shipped host
// does not have (importing cluster-service.ts under tsx: 215 MB; its bundle under plain node: 67 MB),
// so a memory figure taken under tsx measures the dev tool, not the host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the first folder up from `from` that holds package.json. */
export function projectRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let d = from; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${from}`);
  }
}

/** Whether this process is the bundled run (set by runBundled for its child). */
export const isBundledRun = (): boolean => process.env.GANTRY_BENCH_BUNDLED === '1';

/**
 * Bundles `entries` (bench files, each with everything it imports) into dist/bench/ with the host's
 * esbuild options; an import of another entry stays an import of that entry's bundle. Then runs the
 * first entry's bundle with plain node and this process's arguments, and returns its exit code.
 */
export async function runBundled(entries: string[]): Promise<number> {
  const { esbuild, NODE_HOST_OPTIONS } = await import('../scripts/build-app.mjs');
  const root = projectRoot();
  const outdir = path.join(root, 'dist', 'bench');
  mkdirSync(outdir, { recursive: true });
  const names = new Map(entries.map((e) => [path.resolve(root, e), `${path.basename(e, '.ts')}.mjs`]));
  for (const [entry, out] of names) {
    await esbuild({
      ...NODE_HOST_OPTIONS,
      entryPoints: [entry],
      outfile: path.join(outdir, out),
      // esbuild itself is only this helper's, never the host's.
      external: [...NODE_HOST_OPTIONS.external, 'esbuild'],
      plugins: [
        {
          name: 'other-entries',
          setup(b) {
            b.onResolve({ filter: /\.ts$/ }, (args) => {
              const target = path.resolve(args.resolveDir, args.path);
              const bundled = target !== entry ? names.get(target) : undefined;
              return bundled ? { path: `./${bundled}`, external: true } : undefined;
            });
          },
        },
      ],
    });
  }
  const first = path.join(outdir, names.get(path.resolve(root, entries[0]!))!);
  const r = spawnSync(process.execPath, [first, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, GANTRY_BENCH_BUNDLED: '1' } });
  return r.status ?? 1;
}
