import fs from 'node:fs';
import * as git from 'isomorphic-git';
import { branchState, currentBranch } from './branches.ts';
import { aheadBehind, isAncestor, mergeBase, readCommit, shallowCommits, type CommitObject } from './commits.ts';
import { throwIfAborted, toGitError } from './http-client.ts';
import { serialize } from './lock.ts';
import { moveBranch } from './move-branch.ts';
import { rebaseCommits, type DerivedFiles } from './rebase.ts';
import { deleteLooseRef, readRef, writeLocked } from './refs.ts';
import { progressCallback, remoteAccess, upstreamOf } from './remote.ts';
import type { Repository } from './repository.ts';
import { commitTree } from './tree.ts';
import { assertNoOperationInProgress } from './in-progress.ts';
import { assertTreeSafe } from './tree-safety.ts';
import { GitError, type BranchState, type FileChange, type GitAuth, type GitIdentity, type LongWork } from './types.ts';
import { commonDir, refFile } from './gitdirs.ts';

export interface FetchOptions extends LongWork {
  auth?: GitAuth;
  /** Default: the current branch. */
  branch?: string;
  remote?: string;
}

/**
 * Fetches the branch's remote-tracking branch. Like git with `transfer.fsckObjects`, the fetched
 * commit's tree is checked before it counts: one that names `.git`, `..`, a duplicate or a bad
 * mode puts the remote-tracking branch back where it was and fails with GitError 'unsafe-path'.
 */
async function fetchBranch(repo: Repository, branch: string, opts: FetchOptions, deepen?: number): Promise<void> {
  const up = upstreamOf(repo, branch, opts.remote);
  if (!up.url) throw new GitError('not-found', `The repository has no remote "${up.remote}" to fetch from.`);
  const before = up.trackingOid;
  try {
    await git.fetch({
      fs,
      ...remoteAccess(opts.auth, up.url, opts.signal),
      dir: repo.dir,
      gitdir: commonDir(repo.gitdir),
      remote: up.remote,
      ref: up.branch,
      remoteRef: up.branch,
      singleBranch: true,
      tags: false,
      ...(deepen ? { depth: deepen, relative: true } : {}),
      onProgress: progressCallback(opts),
      cache: repo.igCache,
    });
  } catch (err) {
    throw toGitError(err, 'Fetch', up.url);
  } finally {
    repo.objects.refresh();
  }
  const after = readRef(repo.gitdir, up.trackingRef);
  if (!after || after === before) return;
  try {
    assertTreeSafe(repo.objects, before ? commitTree(repo.objects, before) : null, commitTree(repo.objects, after), `The remote's commit ${after.slice(0, 7)} on ${up.remote}/${up.branch}`);
  } catch (err) {
    if (before) writeLocked(refFile(repo.gitdir, up.trackingRef), `${before}\n`);
    else deleteLooseRef(repo.gitdir, up.trackingRef);
    throw err;
  }
}

/** Fetches the branch's remote-tracking branch; returns where the branch now stands. */
export async function fetch(repo: Repository, opts: FetchOptions = {}): Promise<BranchState> {
  const branch = opts.branch ?? (await currentBranch(repo));
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to fetch for.');
  await serialize(repo.gitdir, () => fetchBranch(repo, branch, opts));
  return branchState(repo, branch);
}

export interface PullOptions extends FetchOptions {
  /** Recorded as committer of rebased commits. */
  author: GitIdentity;
  /** Files made from others, made again instead of merged when local commits are replayed. */
  derived?: DerivedFiles;
}

export interface PullResult {
  /** up-to-date: nothing to take; fast-forward: took the remote commits; rebased: replayed local commits on top. */
  kind: 'up-to-date' | 'fast-forward' | 'rebased';
  head: string | undefined;
  /** Local commits replayed onto the remote (rebased). */
  rebased: number;
  /** Files the pull changed in the working tree. */
  files: FileChange[];
  state: BranchState;
}

/**
 * Fetches, then brings the branch up to date with its remote: a fast-forward when there are no
 * local commits, else a rebase of the local commits onto the remote ones. The rebase happens in
 * memory and touches the branch, index and files only when every commit applied, so a conflict
 * leaves no half-rebased state: GitError 'merge-conflict' names the files and the commit.
 * Uncommitted changes are kept unless the pull changes the same files (then nothing happens).
 */
export async function pull(repo: Repository, opts: PullOptions): Promise<PullResult> {
  const branch = opts.branch ?? (await currentBranch(repo));
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to pull.');
  return serialize(repo.gitdir, async () => {
    assertNoOperationInProgress(repo.gitdir, 'pull');
    await fetchBranch(repo, branch, opts);
    throwIfAborted(opts.signal);
    const up = upstreamOf(repo, branch, opts.remote);
    const remote = up.trackingOid;
    const local = readRef(repo.gitdir, `refs/heads/${branch}`);
    const done = async (kind: PullResult['kind'], rebased: number, files: FileChange[]): Promise<PullResult> => ({
      kind,
      head: readRef(repo.gitdir, `refs/heads/${branch}`),
      rebased,
      files,
      state: await branchState(repo, branch),
    });
    if (!remote || remote === local || (local && isAncestor(repo.objects, repo.gitdir, remote, local))) return done('up-to-date', 0, []);
    let target = remote;
    let rebased = 0;
    if (local && !isAncestor(repo.objects, repo.gitdir, local, remote)) {
      let base = mergeBase(repo.objects, repo.gitdir, local, remote);
      // A shallow clone may not reach the common ancestor yet: deepen and try again.
      for (let depth = 50; !base && shallowCommits(repo.gitdir).size > 0 && depth <= 3200; depth *= 4) {
        await fetchBranch(repo, branch, opts, depth);
        base = mergeBase(repo.objects, repo.gitdir, local, remote);
      }
      if (!base) {
        throw new GitError('merge-conflict', `The remote branch ${up.remote}/${up.branch} has no history in common with your branch ${branch}; it was probably rewritten. Nothing was changed.`, { files: [] });
      }
      const mine = localCommits(repo, local, base);
      const result = rebaseCommits(repo.objects, { onto: remote, commits: mine, committer: opts.author, ...(opts.derived ? { derived: opts.derived } : {}) });
      target = result.head;
      rebased = result.commits.length;
    }
    // Cancelling works until the files start to change, never half-way through them.
    const files = await moveBranch(repo, {
      branch,
      from: local,
      to: target,
      who: opts.author,
      message: rebased ? `pull --rebase: ${rebased} commit(s) onto ${up.remote}/${up.branch}` : `pull: fast-forward to ${up.remote}/${up.branch}`,
      headMessage: 'pull',
      onProgress: opts.onProgress,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return done(rebased ? 'rebased' : 'fast-forward', rebased, files);
  });
}

/**
 * The local commits from `base` (exclusive) to `local`, oldest first, in history order (parent
 * before child, whatever their dates). A merge commit among them is refused rather than dropped:
 * replaying it as an ordinary commit would lose one side (`mergeRefusal` words it for the caller).
 */
export function localCommits(repo: Repository, local: string, base: string, mergeRefusal = (subject: string) => `Your unpushed commits include a merge ("${subject}"); Gantry replays only ordinary commits onto the remote. Nothing was changed. Finish this pull with the git CLI (git pull --rebase=merges), or push after merging the remote yourself.`): CommitObject[] {
  const out: CommitObject[] = [];
  const ahead = new Set(aheadBehind(repo.objects, repo.gitdir, local, base).ahead);
  for (let oid: string | undefined = local; oid && ahead.has(oid); ) {
    const c = readCommit(repo.objects, oid);
    if (c.parents.length > 1) {
      throw new GitError('merge-conflict', mergeRefusal(c.message.split('\n')[0]!), { files: [], mergeCommit: c.oid });
    }
    out.unshift(c);
    oid = c.parents[0];
  }
  return out;
}
