import { branchState } from './branches.ts';
import { aheadBehind, isAncestor, mergeBase, type CommitObject } from './commits.ts';
import { localCommits } from './fetch-pull.ts';
import { assertNoOperationInProgress } from './in-progress.ts';
import { serialize } from './lock.ts';
import { moveBranch } from './move-branch.ts';
import { rebaseCommits, type DerivedFiles } from './rebase.ts';
import { readRef, updateRef } from './refs.ts';
import { upstreamOf } from './remote.ts';
import type { Repository } from './repository.ts';
import { GitError, type BranchState, type FileChange, type GitIdentity, type LongWork } from './types.ts';

export interface IntegrateOptions extends LongWork {
  branch: string;
  /** The commit to bring the branch to (a bundle's tip, its objects stored). */
  target: string;
  /** Where it came from, for messages and the reflog ("the bundle x.bundle"). */
  source: string;
  author: GitIdentity;
  derived?: DerivedFiles;
  /**
   * Also move the branch's remote-tracking branch to `target` when that is a fast-forward of it:
   * a bundle received back from the other side stands for what the remote holds.
   */
  updateTracking?: boolean;
}

export interface IntegrateResult {
  kind: 'up-to-date' | 'fast-forward' | 'rebased';
  head: string | undefined;
  rebased: number;
  files: FileChange[];
  trackingMoved: boolean;
  state: BranchState;
}

/** What integrating `target` would do, without doing it. */
export function integratePlan(repo: Repository, branch: string, target: string): { kind: IntegrateResult['kind']; local: CommitObject[]; incoming: string[] } {
  const local = readRef(repo.gitdir, `refs/heads/${branch}`);
  if (!local || local === target) return { kind: local ? 'up-to-date' : 'fast-forward', local: [], incoming: local ? [] : [target] };
  const { ahead: mine, behind: theirs } = aheadBehind(repo.objects, repo.gitdir, local, target);
  if (theirs.length === 0) return { kind: 'up-to-date', local: [], incoming: [] };
  if (mine.length === 0) return { kind: 'fast-forward', local: [], incoming: theirs };
  const base = mergeBase(repo.objects, repo.gitdir, local, target);
  if (!base) {
    throw new GitError('merge-conflict', `The bundle's history has nothing in common with ${branch}; it was made from another repository, or history was rewritten. Nothing was changed.`, { files: [] });
  }
  return { kind: 'rebased', local: localCommits(repo, local, base, (subject) => `Your commits include a merge ("${subject}"); Gantry replays only ordinary commits onto a bundle. Nothing was changed.`), incoming: theirs };
}

/**
 * Brings the checked-out `branch` to `target` the way pull does after its fetch: a fast-forward
 * when the branch has no commits of its own, else the three-way replay of its commits onto
 * `target` in memory (rebase.ts), the files, index and branch moved only when every commit
 * applied. A conflict is GitError 'merge-conflict' naming the files, with nothing changed.
 */
export function integrateCommit(repo: Repository, opts: IntegrateOptions): Promise<IntegrateResult> {
  return serialize(repo.gitdir, async () => {
    assertNoOperationInProgress(repo.gitdir, 'import');
    const ref = `refs/heads/${opts.branch}`;
    const local = readRef(repo.gitdir, ref);
    const plan = integratePlan(repo, opts.branch, opts.target);
    // The remote-tracking branch moves last, only once the branch did: a refusal changes nothing.
    const done = async (kind: IntegrateResult['kind'], rebased: number, files: FileChange[]): Promise<IntegrateResult> => {
      const trackingMoved = opts.updateTracking ? moveTracking(repo, opts) : false;
      return { kind, head: readRef(repo.gitdir, ref), rebased, files, trackingMoved, state: await branchState(repo, opts.branch) };
    };
    if (plan.kind === 'up-to-date') return done('up-to-date', 0, []);
    let to = opts.target;
    let rebased = 0;
    if (plan.kind === 'rebased') {
      let result;
      try {
        result = rebaseCommits(repo.objects, { onto: opts.target, commits: plan.local, committer: opts.author, ...(opts.derived ? { derived: opts.derived } : {}) });
      } catch (err) {
        if (err instanceof GitError && err.code === 'merge-conflict') {
          const d = err.details as { files: string[]; commit: { oid: string; message: string } };
          throw new GitError(
            'merge-conflict',
            `Import stopped: your commit "${d.commit.message.split('\n')[0]}" and ${opts.source} both changed ${d.files.join(', ')}. Nothing was changed: your branch, files and commits are as they were. Redo that change on top of the bundle's version (discard your commit or edit the file), or ask for a bundle that includes your commits.`,
            d,
          );
        }
        throw err;
      }
      to = result.head;
      rebased = result.commits.length;
    }
    const files = await moveBranch(repo, {
      branch: opts.branch,
      from: local,
      to,
      who: opts.author,
      message: rebased ? `bundle: rebased ${rebased} commit(s) onto ${opts.source}` : `bundle: fast-forward to ${opts.source}`,
      headMessage: 'bundle import',
      onProgress: opts.onProgress,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return done(rebased ? 'rebased' : 'fast-forward', rebased, files);
  });
}

function moveTracking(repo: Repository, opts: IntegrateOptions): boolean {
  const up = upstreamOf(repo, opts.branch);
  if (!up.url) return false;
  if (up.trackingOid === opts.target) return false;
  if (up.trackingOid && !isAncestor(repo.objects, repo.gitdir, up.trackingOid, opts.target)) return false;
  updateRef(repo.gitdir, up.trackingRef, opts.target, { expected: up.trackingOid, who: opts.author, message: `bundle: ${opts.source}` });
  return true;
}

