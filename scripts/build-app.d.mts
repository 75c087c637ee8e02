/** Builds the named targets that are stale (all with `force`); returns the names built. */
export function ensureBuilt(
  names?: Array<'renderer' | 'web' | 'electron'>,
  opts?: { force?: boolean; log?: (line: string) => void },
): Promise<string[]>;

/** What the Node host's bundle adds to the common esbuild options (format, externals, the require banner). */
export const NODE_HOST_OPTIONS: { format: 'esm'; external: string[]; banner: { js: string } };

/** esbuild's build() with the options every target shares (Node 20, linked source maps, the version). */
export function esbuild(opts: import('esbuild').BuildOptions): Promise<void>;
