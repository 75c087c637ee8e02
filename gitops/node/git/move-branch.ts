import { throwIfAborted } from './http-client.ts';
import { checkoutTree } from './checkout.ts';
import { RepoLock } from './lock.ts';
import { readHead, updateRef } from './refs.ts';
import type { Repository } from './repository.ts';
import { settleEvents } from './status.ts';
import { commitTree } from './tree.ts';
import type { FileChange, GitIdentity, GitProgress } from './types.ts';

export interface MoveBranchOptions {
  branch: string;
  /** Where the branch is now (undefined: unborn); the move fails if another program moved it meanwhile. */
  from: string | undefined;
  to: string;
  who: GitIdentity;
  /** Reflog message for the branch, and for HEAD when it is detached at `from`. */
  message: string;
  headMessage: string;
  onProgress?: (p: GitProgress) => void;
  /** Checked once the lock is held, before any file changes; after that the move is not cancelled (no half checkouts). */
  signal?: AbortSignal;
  /** Runs under the same lock once the files are at `to`, before the branch moves (set-aside keeps its ref here). */
  alsoUnderLock?: (lock: RepoLock) => void;
}

/**
 * Moves the checked-out branch from `from` to commit `to`, as pull and set-aside do: files and
 * index (only what differs; uncommitted changes in the way refuse with 'merge-conflict'), the
 * branch ref, and a HEAD detached at `from`, all under the repository lock. Returns the files changed.
 */
export async function moveBranch(repo: Repository, opts: MoveBranchOptions): Promise<FileChange[]> {
  const engine = repo.statusEngine();
  if (engine.watching) await settleEvents();
  const lock = RepoLock.acquire(repo.gitdir);
  try {
    throwIfAborted(opts.signal);
    const from = opts.from ? commitTree(repo.objects, opts.from) : null;
    const { index, changes } = checkoutTree(repo, lock, { from, to: commitTree(repo.objects, opts.to), what: `The commit ${opts.to.slice(0, 7)}`, onProgress: opts.onProgress });
    opts.alsoUnderLock?.(lock);
    updateRef(repo.gitdir, `refs/heads/${opts.branch}`, opts.to, { expected: opts.from, who: opts.who, message: opts.message, holder: lock });
    const head = readHead(repo.gitdir);
    if (!head.ref && head.oid === opts.from) updateRef(repo.gitdir, 'HEAD', opts.to, { expected: opts.from, who: opts.who, message: opts.headMessage, holder: lock });
    engine.adoptIndex(index, changes.map((c) => c.path));
    return changes.map((c) => ({ path: c.path, change: !c.before ? 'added' : !c.after ? 'deleted' : 'modified' }));
  } finally {
    lock.release();
  }
}
