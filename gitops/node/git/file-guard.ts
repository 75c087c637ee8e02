import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { insideRoot, writeFileAtomic } from '../atomic-write.ts';
import { GitError } from './types.ts';

interface Seen {
  /** undefined: the file did not exist when it was read. */
  hash: string | undefined;
  size: number;
  mtimeMs: number;
}

const sha = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

/**
 * Guards the files the editor has open against changes by other programs: `read` (or `remember`)
 * records the file's size, mtime and content hash; `writeIfUnchanged` writes (atomically) only
 * when the file on disk is still what was read, and otherwise throws GitError 'external-change',
 * so another program's edit is never silently overwritten. A file only touched (same content)
 * counts as unchanged.
 */
export class FileGuard {
  private readonly seen = new Map<string, Seen>();

  /** `root`: the repository (working tree) the relative paths are in. */
  constructor(private readonly root: string) {}

  /** Reads a file as text and remembers its state; null when it does not exist. */
  read(rel: string): string | null {
    const abs = insideRoot(this.root, rel);
    let data: Buffer;
    try {
      data = readFileSync(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.seen.set(rel, { hash: undefined, size: 0, mtimeMs: 0 });
      return null;
    }
    this.remember(rel, data);
    return data.toString('utf8');
  }

  /** Remembers the file as it is on disk now (or as `content`, when the caller just read it). */
  remember(rel: string, content?: Uint8Array | string): void {
    const abs = insideRoot(this.root, rel);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st) {
      this.seen.set(rel, { hash: undefined, size: 0, mtimeMs: 0 });
      return;
    }
    const data = content === undefined ? readFileSync(abs) : typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.seen.set(rel, { hash: sha(data), size: st.size, mtimeMs: st.mtimeMs });
  }

  /** Stops guarding a file (the editor closed it). */
  forget(rel: string): void {
    this.seen.delete(rel);
  }

  /** Whether the file on disk differs from what was read: 'unchanged', 'changed', 'deleted', 'created' or 'unknown' (never read). */
  check(rel: string): 'unchanged' | 'changed' | 'deleted' | 'created' | 'unknown' {
    const s = this.seen.get(rel);
    if (!s) return 'unknown';
    const abs = insideRoot(this.root, rel);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st) return s.hash === undefined ? 'unchanged' : 'deleted';
    if (s.hash === undefined) return 'created';
    // Always compare content: an edit within the same mtime tick and size must not slip through.
    return sha(readFileSync(abs)) === s.hash ? 'unchanged' : 'changed';
  }

  /**
   * Writes `content` if the file is unchanged since it was read; throws GitError 'external-change'
   * when another program changed, deleted or created it meanwhile (or it was never read).
   */
  writeIfUnchanged(rel: string, content: string | Uint8Array): void {
    const abs = insideRoot(this.root, rel);
    const state = this.check(rel);
    if (state === 'unknown') {
      throw new GitError('external-change', `${rel} was not opened through the file guard; read it before saving so an outside change can be detected.`, { path: rel, state });
    }
    if (state !== 'unchanged') {
      const what = state === 'deleted' ? 'deleted' : state === 'created' ? 'created' : 'changed';
      throw new GitError(
        'external-change',
        `${rel} was ${what} on disk by another program since you opened it. Reload it to see that version (your edits are kept in the editor), then save again.`,
        { path: rel, state },
      );
    }
    writeFileAtomic(abs, content);
    this.remember(rel, content);
  }
}
