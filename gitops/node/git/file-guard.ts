import { readFileNoFollow, resolveInside } from '../path-safety.ts';
import { changedOnDisk, writeIfUnchangedOnDisk, type DiskChange } from '../guarded-write.ts';
import { GitError } from './types.ts';

/**
 * Guards the files the editor has open against changes by other programs: `read` (or `remember`)
 * records the file's content; `writeIfUnchanged` writes (atomically) only when the file on disk
 * is still what was read, and otherwise throws GitError 'external-change', so another program's
 * edit is never silently overwritten. A file only touched (same content) counts as unchanged. The
 * comparison and the write are `writeIfUnchangedOnDisk`, which the app's workspace service uses too.
 */
export class FileGuard {
  /** Content as read; null: the file did not exist. */
  private readonly seen = new Map<string, Buffer | null>();

  /** `root`: the repository (working tree) the relative paths are in. */
  constructor(private readonly root: string) {}

  /** Reads a file as text and remembers its state; null when it does not exist. */
  read(rel: string): string | null {
    const abs = resolveInside(this.root, rel);
    let data: Buffer;
    try {
      data = readFileNoFollow(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.seen.set(rel, null);
      return null;
    }
    this.seen.set(rel, data);
    return data.toString('utf8');
  }

  /** Remembers the file as it is on disk now (or as `content`, when the caller just read it). */
  remember(rel: string, content?: Uint8Array | string): void {
    if (content !== undefined) {
      this.seen.set(rel, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
      return;
    }
    this.read(rel);
  }

  /** Stops guarding a file (the editor closed it). */
  forget(rel: string): void {
    this.seen.delete(rel);
  }

  /** Whether the file on disk differs from what was read: 'unchanged', 'changed', 'deleted', 'created' or 'unknown' (never read). */
  check(rel: string): 'unchanged' | DiskChange | 'unknown' {
    const s = this.seen.get(rel);
    if (s === undefined) return 'unknown';
    return changedOnDisk(resolveInside(this.root, rel), s) ?? 'unchanged';
  }

  /**
   * Writes `content` if the file is unchanged since it was read; throws GitError 'external-change'
   * when another program changed, deleted or created it meanwhile (or it was never read).
   */
  writeIfUnchanged(rel: string, content: string | Uint8Array): void {
    const abs = resolveInside(this.root, rel);
    const seen = this.seen.get(rel);
    if (seen === undefined) {
      throw new GitError('external-change', `${rel} was not opened through the file guard; read it before saving so an outside change can be detected.`, { path: rel, state: 'unknown' });
    }
    const state = writeIfUnchangedOnDisk(abs, seen, content);
    if (state) {
      throw new GitError(
        'external-change',
        `${rel} was ${state} on disk by another program since you opened it. Reload it to see that version (your edits are kept in the editor), then save again.`,
        { path: rel, state },
      );
    }
    this.remember(rel, content);
  }
}
