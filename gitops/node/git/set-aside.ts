import { branchState, currentBranch } from './branches.ts';
import { aheadBehind, isAncestor, mergeBase, readCommit, type CommitObject } from './commits.ts';
import { serialize } from './lock.ts';
import { moveBranch } from './move-branch.ts';
import { readRef, updateRef } from './refs.ts';
import { upstreamOf } from './remote.ts';
import type { Repository } from './repository.ts';
import { GitError, type BranchState, type FileChange, type GitIdentity } from './types.ts';

/** Where set-aside commits are kept: `refs/gantry/set-aside/<branch>/<UTC time>`. */
export const SET_ASIDE_PREFIX = 'refs/gantry/set-aside/';

export interface SetAsideResult {
  /** The ref that keeps the set-aside commits (`git log <ref>` shows them). */
  ref: string;
  /** The set-aside commits, oldest first. */
  commits: CommitObject[];
  /** What they changed, as `summarize` says (the workspace sync: `tenant hooli: plan standard -> premium`). */
  summary: string[];
  /** Files the branch move changed in the working tree. */
  files: FileChange[];
  state: BranchState;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * The way out of a pull that stopped on a conflict, without a merge tool: the branch's unpushed
 * commits are kept under a ref of their own (nothing is deleted; `git log <ref>` or
 * `git cherry-pick` reach them), and the branch, index and files move to the remote's commit as
 * last fetched. The summary (from `summarize`) says what the set-aside commits changed so the person can redo what
 * still applies. Uncommitted changes to files the move touches make it refuse, as a pull does
 * (GitError 'merge-conflict' with `details.uncommitted`), changing nothing.
 */
export async function setAsideLocalCommits(
  repo: Repository,
  opts: { author: GitIdentity; now?: Date; summarize?: (base: string, local: string) => Promise<string[]> },
): Promise<SetAsideResult> {
  const branch = await currentBranch(repo);
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch first.');
  return serialize(repo.gitdir, async () => {
    const up = upstreamOf(repo, branch);
    const remote = up.trackingOid;
    const local = readRef(repo.gitdir, `refs/heads/${branch}`);
    if (!remote) throw new GitError('not-found', `Branch ${branch} has no fetched remote branch to move to; pull or check the remote first.`);
    if (!local || isAncestor(repo.objects, repo.gitdir, local, remote)) {
      throw new GitError('not-found', `Branch ${branch} has no unpushed commits to set aside.`);
    }
    const ahead = aheadBehind(repo.objects, repo.gitdir, local, remote).ahead;
    const commits = ahead.map((oid) => readCommit(repo.objects, oid)).reverse();
    const base = mergeBase(repo.objects, repo.gitdir, local, remote);
    const summary = base && opts.summarize ? await opts.summarize(base, local) : [];
    const ref = `${SET_ASIDE_PREFIX}${branch}/${stamp(opts.now ?? new Date())}`;

    const files = await moveBranch(repo, {
      branch,
      from: local,
      to: remote,
      who: opts.author,
      message: `set aside local commits (kept as ${ref}); reset to ${up.remote}/${up.branch}`,
      headMessage: 'set aside',
      alsoUnderLock: (lock) =>
        updateRef(repo.gitdir, ref, local, { expected: null, who: opts.author, message: `set aside: ${commits.length} unpushed commit(s) of ${branch}`, holder: lock }),
    });
    return { ref, commits, summary, files, state: await branchState(repo, branch) };
  });
}
