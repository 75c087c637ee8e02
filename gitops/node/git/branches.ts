import { aheadBehind } from './commits.ts';
import { checkoutTree } from './checkout.ts';
import { repoConfig, setRepoConfig } from './config.ts';
import { worktreesOnBranch } from './gitdirs.ts';
import { RepoLock, serialize } from './lock.ts';
import { isValidBranchName, listRefs, readHead, readRef, resolveRev, updateRef, writeHead } from './refs.ts';
import { upstreamOf } from './remote.ts';
import type { Repository } from './repository.ts';
import { settleEvents } from './status.ts';
import { commitTree } from './tree.ts';
import { GitError, type BranchState } from './types.ts';

export interface BranchInfo {
  /** `main`, or `origin/main` for a remote-tracking branch. */
  name: string;
  oid: string;
  current: boolean;
  remote: boolean;
  /** The remote-tracking branch a local branch follows (`origin/main`), when it exists. */
  upstream?: string;
}

/** The checked-out branch, or undefined when HEAD is detached. */
export async function currentBranch(repo: Repository): Promise<string | undefined> {
  return readHead(repo.gitdir).ref?.replace(/^refs\/heads\//, '');
}

/** Local branches, then remote-tracking ones, each sorted by name. */
export async function listBranches(repo: Repository): Promise<BranchInfo[]> {
  const head = readHead(repo.gitdir);
  const out: BranchInfo[] = [];
  for (const [ref, oid] of listRefs(repo.gitdir, 'refs/heads/')) {
    const name = ref.slice('refs/heads/'.length);
    const up = upstreamOf(repo, name);
    out.push({ name, oid, current: head.ref === ref, remote: false, ...(up.trackingOid ? { upstream: `${up.remote}/${up.branch}` } : {}) });
  }
  for (const [ref, oid] of listRefs(repo.gitdir, 'refs/remotes/')) {
    if (ref.endsWith('/HEAD')) continue;
    out.push({ name: ref.slice('refs/remotes/'.length), oid, current: false, remote: true });
  }
  return out;
}

/**
 * Where the branch stands against its remote-tracking branch: `ahead` counts the commits not
 * pushed yet (the offline queue), `behind` those fetched but not pulled.
 */
export async function branchState(repo: Repository, branch?: string): Promise<BranchState> {
  const name = branch ?? (await currentBranch(repo));
  if (!name) throw new GitError('not-found', 'HEAD is detached: no branch is checked out.');
  const local = readRef(repo.gitdir, `refs/heads/${name}`);
  const up = upstreamOf(repo, name);
  let base = up.trackingOid;
  let ahead = 0;
  let behind = 0;
  if (base) {
    const ab = aheadBehind(repo.objects, repo.gitdir, local, base);
    ahead = ab.ahead.length;
    behind = ab.behind.length;
  } else if (local) {
    // Never pushed: everything not on any remote-tracking branch waits in the queue.
    const remotes = [...listRefs(repo.gitdir, `refs/remotes/${up.remote}/`).values()];
    base = remotes[0];
    let best = Number.POSITIVE_INFINITY;
    for (const r of remotes.length ? remotes : [undefined]) best = Math.min(best, aheadBehind(repo.objects, repo.gitdir, local, r).ahead.length);
    ahead = best;
  }
  return { branch: name, ahead, behind, ...(up.url ? { remoteUrl: up.url } : {}) };
}

/** Creates branch `name` at `from` (default HEAD); with `switchTo`, checks it out. */
export async function createBranch(repo: Repository, name: string, opts: { from?: string; switchTo?: boolean } = {}): Promise<void> {
  if (!isValidBranchName(name)) throw new GitError('unknown', `"${name}" is not a valid branch name (no spaces, "..", "~", "^", ":", "?", "*", "[" or "\\").`);
  await serialize(repo.gitdir, async () => {
    const ref = `refs/heads/${name}`;
    if (readRef(repo.gitdir, ref)) throw new GitError('unknown', `A branch named ${name} already exists.`);
    const oid = resolveRev(repo.gitdir, opts.from ?? 'HEAD');
    if (!oid) throw new GitError('not-found', opts.from ? `${opts.from} does not name a commit.` : 'There is no commit yet to branch from; commit first.');
    updateRef(repo.gitdir, ref, oid, { expected: undefined, who: identityFor(repo), message: `branch: Created from ${opts.from ?? 'HEAD'}` });
  });
  if (opts.switchTo) await switchBranch(repo, name);
}

/**
 * Checks out branch `name`: a local branch, or a remote-tracking `origin/<name>` which becomes a
 * local branch following it. Uncommitted changes are carried over; if one is in a file the switch
 * changes, nothing happens and GitError 'merge-conflict' names the files.
 */
export async function switchBranch(repo: Repository, name: string): Promise<void> {
  await serialize(repo.gitdir, async () => {
    const head = readHead(repo.gitdir);
    const ref = `refs/heads/${name}`;
    if (head.ref === ref) return;
    let target = readRef(repo.gitdir, ref);
    let track: string | undefined;
    if (!target) {
      const remote = name.includes('/') ? name : `origin/${name}`;
      target = readRef(repo.gitdir, `refs/remotes/${remote}`);
      if (!target) throw new GitError('not-found', `There is no branch ${name} (fetch it first if it exists on the remote).`);
      track = remote;
    }
    const local = track ? track.slice(track.indexOf('/') + 1) : name;
    const elsewhere = worktreesOnBranch(repo.gitdir, `refs/heads/${local}`, (common) => repoConfig(common).getBool('core.bare', false));
    if (elsewhere.length) {
      throw new GitError('not-supported', `The branch ${local} is checked out in another working tree (${elsewhere[0]}); git does not check one branch out twice. Switch to another branch there first, or pick another branch here.`, { worktree: elsewhere[0]! });
    }
    const engine = repo.statusEngine();
    if (engine.watching) await settleEvents();
    const lock = RepoLock.acquire(repo.gitdir);
    try {
      const from = head.oid ? commitTree(repo.objects, head.oid) : null;
      const { index, changes } = checkoutTree(repo, lock, { from, to: commitTree(repo.objects, target) });
      if (track) {
        updateRef(repo.gitdir, `refs/heads/${local}`, target, { expected: undefined, who: identityFor(repo), message: `branch: Created from ${track}`, holder: lock });
        setRepoConfig(repo.gitdir, `branch.${local}.remote`, track.slice(0, track.indexOf('/')));
        setRepoConfig(repo.gitdir, `branch.${local}.merge`, `refs/heads/${local}`);
      }
      writeHead(repo.gitdir, `refs/heads/${local}`, lock);
      engine.adoptIndex(index, changes.map((c) => c.path));
    } finally {
      lock.release();
    }
  });
}

/** The identity recorded in reflogs for branch operations (user.name/email, or a neutral one). */
function identityFor(_repo: Repository): { name: string; email: string } {
  return { name: 'Gantry', email: 'gantry@localhost' };
}
