import { writeFileAtomic } from './atomic-write.ts';
import { readFileNoFollow } from './path-safety.ts';

/** How a file on disk differs from what an editor read: changed, deleted, or created where there was none. */
export type DiskChange = 'changed' | 'deleted' | 'created';

/**
 * How the file at `abs` differs from `expected` (its content when it was read; null: it did not
 * exist then), or undefined when it does not. Content is compared, not stat data: an edit within
 * the same mtime tick and size must not slip through.
 */
export function changedOnDisk(abs: string, expected: string | Uint8Array | null): DiskChange | undefined {
  let now: Buffer | undefined;
  try {
    now = readFileNoFollow(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A symbolic link (ELOOP) or a folder where the file was is not the file the editor read.
    if (code === 'ELOOP' || code === 'EISDIR') return 'changed';
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
  if (!now) return expected === null ? undefined : 'deleted';
  if (expected === null) return 'created';
  return now.equals(typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected) ? undefined : 'changed';
}

/**
 * The one way Gantry saves a file someone may have changed behind its back (the app's editor and
 * the Git layer's FileGuard both use it): writes `content` atomically only when the file still is
 * `expected`; otherwise writes nothing and returns what another program did to it.
 */
export function writeIfUnchangedOnDisk(abs: string, expected: string | Uint8Array | null, content: string | Uint8Array): DiskChange | undefined {
  const change = changedOnDisk(abs, expected);
  if (change === undefined) writeFileAtomic(abs, content);
  return change;
}
