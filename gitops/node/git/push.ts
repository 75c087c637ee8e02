import fs from 'node:fs';
import * as git from 'isomorphic-git';
import { branchState, currentBranch } from './branches.ts';
import { aheadBehind } from './commits.ts';
import { repoConfig, setRepoConfig } from './config.ts';
import { throwIfAborted, toGitError } from './http-client.ts';
import { serialize } from './lock.ts';
import { readRef } from './refs.ts';
import { progressCallback, remoteAccess, upstreamOf } from './remote.ts';
import type { Repository } from './repository.ts';
import { GitError, type BranchState, type GitAuth, type LongWork } from './types.ts';
import { commonDir } from './gitdirs.ts';

export interface PushOptions extends LongWork {
  auth?: GitAuth;
  /** Default: the current branch. */
  branch?: string;
  /** Default: the branch's configured remote, else origin. */
  remote?: string;
}

export interface PushResult {
  branch: string;
  /** Commits sent (0 when the remote already had them). */
  pushed: number;
  head: string;
  state: BranchState;
}

/**
 * Pushes the branch (the queue of local commits) with progress. A push the remote refuses
 * because it has commits we do not (non-fast-forward) fails with GitError 'push-rejected' and
 * never touches local commits; a push without network fails with 'network' and leaves the commits
 * queued for the next push.
 */
export async function push(repo: Repository, opts: PushOptions = {}): Promise<PushResult> {
  return serialize(repo.gitdir, async () => {
    throwIfAborted(opts.signal);
    const branch = opts.branch ?? (await currentBranch(repo));
    if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to push.');
    const head = readRef(repo.gitdir, `refs/heads/${branch}`);
    if (!head) throw new GitError('not-found', `Branch ${branch} has no commits to push.`);
    const up = upstreamOf(repo, branch, opts.remote);
    const url = up.url ?? repoConfig(repo.gitdir).get(`remote.${up.remote}.url`);
    if (!url) throw new GitError('not-found', `The repository has no remote "${up.remote}" to push to.`);
    if (up.trackingOid === head) return { branch, pushed: 0, head, state: await branchState(repo, branch) };
    const queued = up.trackingOid ? aheadBehind(repo.objects, repo.gitdir, head, up.trackingOid).ahead.length : (await branchState(repo, branch)).ahead;
    let result;
    try {
      result = await git.push({
        fs,
        ...remoteAccess(opts.auth, url, opts.signal),
        dir: repo.dir,
        gitdir: commonDir(repo.gitdir),
        remote: up.remote,
        ref: branch,
        remoteRef: up.branch,
        onProgress: progressCallback(opts),
        cache: repo.igCache,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      throw toGitError(err, 'Push', url);
    }
    if (!result.ok) throw toGitError(Object.assign(new Error(JSON.stringify(result.refs)), { code: 'GitPushError' }), 'Push', url);
    repo.objects.refresh();
    const config = repoConfig(repo.gitdir);
    if (!config.get(`branch.${branch}.remote`)) {
      setRepoConfig(repo.gitdir, `branch.${branch}.remote`, up.remote);
      setRepoConfig(repo.gitdir, `branch.${branch}.merge`, `refs/heads/${up.branch}`);
    }
    return { branch, pushed: queued, head, state: await branchState(repo, branch) };
  });
}
