import type { AuthCallback, AuthFailureCallback, ProgressCallback } from 'isomorphic-git';
import { repoConfig } from './config.ts';
import { readRef } from './refs.ts';
import type { Repository } from './repository.ts';
import { GitError, type GitAuth, type LongWork } from './types.ts';

/**
 * isomorphic-git auth callbacks for `auth`. Credentials go only through these callbacks (never
 * into URLs or .git/config); a rejected retry cancels instead of asking again, which surfaces as
 * GitError 'auth-failed'.
 */
export function authCallbacks(auth: GitAuth | undefined): { onAuth: AuthCallback; onAuthFailure: AuthFailureCallback } {
  return {
    onAuth: () => (auth && (auth.username || auth.password) ? { username: auth.username || 'git', password: auth.password ?? '' } : { cancel: true }),
    // Returning nothing makes isomorphic-git give up with the 401, reported as 'auth-failed'.
    onAuthFailure: () => undefined,
  };
}

/** Splits `https://user:token@host/repo.git` into a clean URL and credentials. */
export function splitCredentials(url: string): { url: string; auth: GitAuth | undefined } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GitError('network', `${url} is not a valid URL; use https://host/owner/repository.git.`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new GitError('network', `${u.protocol.replace(':', '')} remotes are not supported; Gantry clones and pushes over HTTPS.`);
  }
  if (!u.username && !u.password) return { url, auth: undefined };
  const auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { url: u.toString(), auth };
}

/**
 * Progress callback for isomorphic-git. It must not throw (isomorphic-git calls it from a loop
 * nobody awaits); cancellation goes through the HTTP client, which checks the signal.
 */
export function progressCallback(work: LongWork): ProgressCallback {
  return (p) => {
    if (work.signal?.aborted) return;
    try {
      work.onProgress?.({ phase: p.phase, loaded: p.loaded, ...(p.total ? { total: p.total } : {}) });
    } catch {
      // A listener's error must not break the transfer.
    }
  };
}

export interface Upstream {
  remote: string;
  url: string | undefined;
  /** The branch on the remote (`main`). */
  branch: string;
  /** `refs/remotes/<remote>/<branch>`. */
  trackingRef: string;
  trackingOid: string | undefined;
}

/** Where `branch` pushes and pulls: branch.<b>.remote/merge from config, else origin/<b>. */
export function upstreamOf(repo: Repository, branch: string, remoteName?: string): Upstream {
  const config = repoConfig(repo.gitdir);
  const remote = remoteName ?? config.get(`branch.${branch}.remote`) ?? 'origin';
  const merge = config.get(`branch.${branch}.merge`);
  const remoteBranch = merge?.replace(/^refs\/heads\//, '') ?? branch;
  const trackingRef = `refs/remotes/${remote}/${remoteBranch}`;
  return { remote, url: config.get(`remote.${remote}.url`), branch: remoteBranch, trackingRef, trackingOid: readRef(repo.gitdir, trackingRef) };
}
