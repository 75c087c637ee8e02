import fs, { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import * as git from 'isomorphic-git';
import { checkoutTree } from './checkout.ts';
import { toGitError } from './http-client.ts';
import { RepoLock } from './lock.ts';
import { openRepository } from './open.ts';
import { readHead, writeHead } from './refs.ts';
import { mayCarryToken, originOf } from './origin.ts';
import { plainHttpRefusal, progressCallback, remoteAccess, splitCredentials } from './remote.ts';
import type { Repository } from './repository.ts';
import { commitTree } from './tree.ts';
import { GitError, type GitAuth, type LongWork } from './types.ts';

export interface CloneOptions extends LongWork {
  /** HTTPS URL of the remote; credentials in it are moved to `auth` and never stored. */
  url: string;
  /** The folder to clone into: it must not exist or be empty. */
  dir: string;
  auth?: GitAuth;
  /** Branch to check out (default: the remote's default branch). */
  branch?: string;
  /** Commits of history to fetch (default 1: a shallow clone); null for the full history. */
  depth?: number | null;
  /** Fetch only `branch` (default true). */
  singleBranch?: boolean;
}

/**
 * Clones over HTTPS (shallow and single-branch by default) with progress events and
 * cancellation. Credentials reach the server only through isomorphic-git's onAuth. On failure or
 * cancellation the folder is removed again (or emptied, when it existed before), so a retry
 * starts clean.
 */
export async function cloneRepository(opts: CloneOptions): Promise<Repository> {
  const { url, auth: urlAuth } = splitCredentials(opts.url);
  const auth = opts.auth ?? urlAuth;
  // A token over plain http:// to another machine is refused before any request (or folder).
  if (auth && (auth.username || auth.password) && !mayCarryToken(originOf(url))) throw plainHttpRefusal(url);
  const dir = path.resolve(opts.dir);
  let existed = false;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new GitError('unknown', `${opts.dir} exists and is not a folder.`);
    if (readdirSync(dir).length) throw new GitError('unknown', `${opts.dir} is not empty; clone into a new or empty folder.`);
    existed = true;
  }
  mkdirSync(dir, { recursive: true });
  const depth = opts.depth === undefined ? 1 : opts.depth;
  try {
    await git.clone({
      fs,
      ...remoteAccess(auth, url, opts.signal),
      dir,
      url,
      ...(opts.branch ? { ref: opts.branch } : {}),
      singleBranch: opts.singleBranch ?? true,
      ...(depth ? { depth } : {}),
      noCheckout: true,
      noTags: true,
      onProgress: progressCallback(opts),
    });
    const repo = await openRepository(dir);
    const head = readHead(repo.gitdir);
    // An empty remote advertises no default branch (isomorphic-git then guesses "master").
    if (!head.oid) writeHead(repo.gitdir, `refs/heads/${opts.branch ?? 'main'}`);
    if (head.oid) {
      const lock = RepoLock.acquire(repo.gitdir);
      try {
        const { index, changes } = checkoutTree(repo, lock, { from: null, to: commitTree(repo.objects, head.oid), what: `The cloned commit ${head.oid.slice(0, 7)}`, fresh: true, onProgress: opts.onProgress, signal: opts.signal });
        repo.statusEngine().adoptIndex(index, changes.map((c) => c.path));
      } finally {
        lock.release();
      }
    }
    return repo;
  } catch (err) {
    cleanUp(dir, existed);
    throw toGitError(err, 'Clone', url);
  }
}

function cleanUp(dir: string, existed: boolean): void {
  try {
    if (existed) for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { recursive: true, force: true });
    else rmSync(dir, { recursive: true, force: true });
  } catch {
    // Best effort; the error that caused the clean-up matters more.
  }
}
