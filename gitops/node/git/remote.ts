import type { AuthCallback, AuthFailureCallback, HttpClient, ProgressCallback } from 'isomorphic-git';
import { repoConfig } from './config.ts';
import { makeHttpClient, redactUrl } from './http-client.ts';
import { mayCarryToken, originOf, PLAIN_HTTP_TOKEN } from './origin.ts';
import { readRef } from './refs.ts';
import type { Repository } from './repository.ts';
import { GitError, type GitAuth, type LongWork } from './types.ts';

/** The one origin `auth` may go to: its own `origin`, else the origin of `url` (where the work starts). */
export function boundOrigin(auth: GitAuth | undefined, url: string): string | undefined {
  return auth?.origin !== undefined ? originOf(auth.origin) : originOf(url);
}

/** The refusal for a token that would go over plain http:// to another machine. */
export function plainHttpRefusal(url: string): GitError {
  return new GitError('auth-failed', `${PLAIN_HTTP_TOKEN}; ${redactUrl(url)} is plain http:// to another machine, so no token was sent. Use the repository's https:// address.`);
}

/**
 * isomorphic-git auth callbacks for `auth`, bound to `boundOrigin(auth, url)`. Credentials go only
 * through these callbacks (never into URLs or .git/config) and only when isomorphic-git asks for
 * that origin; any other origin gets `{ cancel: true }` (GitError 'auth-failed'), and plain http://
 * to another machine gets the refusal above. A rejected retry cancels instead of asking again.
 */
export function authCallbacks(auth: GitAuth | undefined, url: string): { onAuth: AuthCallback; onAuthFailure: AuthFailureCallback } {
  const bound = boundOrigin(auth, url);
  return {
    onAuth: (asked) => {
      if (!auth || !(auth.username || auth.password)) return { cancel: true };
      const origin = originOf(asked);
      if (!origin || origin !== bound) return { cancel: true };
      if (!mayCarryToken(origin)) throw plainHttpRefusal(asked);
      return { username: auth.username || 'git', password: auth.password ?? '' };
    },
    // Returning nothing makes isomorphic-git give up with the 401, reported as 'auth-failed'.
    onAuthFailure: () => undefined,
  };
}

/**
 * The HTTP client and auth callbacks for work on `url` with `auth`, both bound to the same origin:
 * the client also drops any Authorization header on a request to another origin (a redirect, a
 * pushurl elsewhere) or over plain http:// to another machine.
 */
export function remoteAccess(auth: GitAuth | undefined, url: string, signal: AbortSignal | undefined): { http: HttpClient; onAuth: AuthCallback; onAuthFailure: AuthFailureCallback } {
  return { http: makeHttpClient(signal, { authOrigin: boundOrigin(auth, url) ?? null }), ...authCallbacks(auth, url) };
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
