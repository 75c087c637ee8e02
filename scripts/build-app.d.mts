/** Builds the named targets that are stale (all with `force`); returns the names built. */
export function ensureBuilt(
  names?: Array<'renderer' | 'web' | 'electron'>,
  opts?: { force?: boolean; log?: (line: string) => void },
): Promise<string[]>;
