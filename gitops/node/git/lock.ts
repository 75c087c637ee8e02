import { appendFileSync, closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAll } from './objects.ts';
import { GitError } from './types.ts';

const MARK = 'gantry';

/**
 * The repository lock: `.git/index.lock`, the file git itself uses, so the git CLI and Gantry
 * never write the index at the same time. Gantry's lock file holds `gantry <pid> <host>`, which
 * lets a later run recognise (and clear) the lock of a Gantry process that was killed. The new
 * index is written to a temp file and renamed over `.git/index`, so a crash leaves the old or the
 * new index, never a torn one.
 */
export class RepoLock {
  private released = false;

  private constructor(
    readonly gitdir: string,
    private readonly lockPath: string,
  ) {}

  /** Takes the lock or throws GitError 'repository-locked'. */
  static acquire(gitdir: string): RepoLock {
    const lock = RepoLock.tryAcquire(gitdir);
    if (lock) return lock;
    throw new GitError(
      'repository-locked',
      `Another Git program is working in this repository (${path.join(gitdir, 'index.lock')} exists). Wait for it to finish; if none is running, delete that file and try again.`,
      { lock: path.join(gitdir, 'index.lock') },
    );
  }

  /** Takes the lock, or returns undefined when someone else holds it. */
  static tryAcquire(gitdir: string): RepoLock | undefined {
    const lockPath = path.join(gitdir, 'index.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lockPath, 'wx', 0o644);
        try {
          writeAll(fd, Buffer.from(`${MARK} ${process.pid} ${os.hostname()}\n`));
        } finally {
          closeSync(fd);
        }
        return new RepoLock(gitdir, lockPath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (!clearStaleLock(gitdir, lockPath)) return undefined;
      }
    }
    return undefined;
  }

  /**
   * Records that this process is about to take another lock file (a ref's `.lock`), so that if it
   * dies holding it, the next Gantry run that clears this stale lock clears that one too.
   */
  note(lockFile: string): void {
    appendFileSync(this.lockPath, `lock ${path.relative(this.gitdir, lockFile)}\n`);
  }

  /** Replaces `.git/index` with `data` (temp file, optional fsync, rename) while holding the lock. */
  writeIndex(data: Buffer, opts: { fsync?: boolean } = {}): void {
    if (this.released) throw new Error('the repository lock was already released');
    const tmp = path.join(this.gitdir, `index.${MARK}-${process.pid}.tmp`);
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeAll(fd, data);
      if (opts.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path.join(this.gitdir, 'index'));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.lockPath, { force: true });
  }
}

/** Removes the lock (and temp index files) left by a Gantry process that no longer runs. */
function clearStaleLock(gitdir: string, lockPath: string): boolean {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return true; // gone in the meantime: try again
  }
  const [first, ...rest] = text.split('\n');
  const m = /^gantry (\d+) (\S+)$/.exec(first ?? '');
  if (!m || m[2] !== os.hostname()) return false;
  const pid = Number(m[1]);
  if (pid === process.pid || isAlive(pid)) return false;
  // Ref locks the dead process had taken while holding this one.
  for (const line of rest) {
    const rel = /^lock (.+)$/.exec(line)?.[1];
    if (rel && !rel.split(/[\\/]/).includes('..') && rel.endsWith('.lock')) rmSync(path.join(gitdir, rel), { force: true });
  }
  for (const name of readdirSync(gitdir)) {
    if (name.startsWith(`index.${MARK}-`) && name.endsWith('.tmp')) rmSync(path.join(gitdir, name), { force: true });
  }
  rmSync(lockPath, { force: true });
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const chains = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same repository finished (one writer per process). */
export function serialize<T>(gitdir: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(gitdir) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  chains.set(gitdir, tail);
  void tail.then(() => {
    if (chains.get(gitdir) === tail) chains.delete(gitdir);
  });
  return run;
}
