import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writePack, writePackIndex } from './bundle-pack.ts';
import { checkoutTree } from './checkout.ts';
import { parseCommit, shallowCommits } from './commits.ts';
import { throwIfAborted } from './http-client.ts';
import { RepoLock } from './lock.ts';
import { initRepository, unsupportedFormat } from './open.ts';
import { ObjectStore } from './objects.ts';
import type { ObjectType } from './pack.ts';
import { listRefs, readHead, readRef, updateRef, writeHead } from './refs.ts';
import { setRemote } from './remote-setup.ts';
import type { Repository } from './repository.ts';
import { isTree, parseTree } from './tree.ts';
import { assertTreeSafe } from './tree-safety.ts';
import { GitError, type GitIdentity, type LongWork } from './types.ts';

export interface FolderCloneOptions extends LongWork {
  /** The repository folder: a working tree (with .git) or a bare repository / mirror (`x.git`). */
  source: string;
  /** What to record as remote.origin.url (the path or file:// URL as the person gave it). */
  url: string;
  /** The folder to clone into: it must not exist or be empty. */
  dir: string;
  /** Default: the source's checked-out branch, else main, else master. */
  branch?: string;
  who: GitIdentity;
}

/** The git folder of a repository folder (working tree or bare), or a refusal in words. */
function sourceGitdir(source: string): string {
  let st;
  try {
    st = statSync(source);
  } catch {
    throw new GitError('not-found', `${source} does not exist (is the drive mounted?).`);
  }
  if (!st.isDirectory()) throw new GitError('not-a-repository', `${source} is a file, not a repository folder. A git bundle is imported with Import bundle instead.`);
  const dotgit = path.join(source, '.git');
  if (existsSync(dotgit)) {
    if (lstatSync(dotgit).isDirectory()) return dotgit;
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotgit, 'utf8'));
    if (m) return path.resolve(source, m[1]!.trim());
  }
  if (existsSync(path.join(source, 'HEAD')) && existsSync(path.join(source, 'objects')) && existsSync(path.join(source, 'refs'))) return source;
  throw new GitError('not-a-repository', `${source} is not a Git repository (no .git folder, and not a bare repository or mirror).`);
}

/**
 * Clones from a repository folder on this machine or a mounted drive (an air-gapped mirror):
 * the branch's whole history, read with Gantry's own object reader (no git binary, no
 * isomorphic-git transport), written as one pack with its index, then checked out with the same
 * tree-safety checks as any clone. The source is only read. Like the http clone, it is single-branch,
 * records the URL as remote origin with the branch tracking it, and removes the folder again on failure.
 */
export async function cloneFromFolder(opts: FolderCloneOptions): Promise<Repository> {
  const source = path.resolve(opts.source);
  const srcGit = sourceGitdir(source);
  const unsupported = unsupportedFormat(srcGit);
  if (unsupported) throw new GitError('not-supported', `${opts.source}: ${unsupported}`);
  if (existsSync(path.join(srcGit, 'objects', 'info', 'alternates'))) {
    throw new GitError('not-supported', `${opts.source} borrows objects from another repository (objects/info/alternates); clone from that repository, or make a full copy first (git repack -a -d).`);
  }
  const heads = listRefs(srcGit, 'refs/heads/');
  const srcHead = readHead(srcGit);
  const headBranch = srcHead.ref?.startsWith('refs/heads/') ? srcHead.ref.slice(11) : undefined;
  const branch = opts.branch ?? [headBranch, 'main', 'master'].find((b) => b && heads.has(`refs/heads/${b}`)) ?? [...heads.keys()][0]?.slice(11);
  if (!branch) throw new GitError('not-found', `${opts.source} has no branches yet: there is nothing to clone.`);
  const tip = readRef(srcGit, `refs/heads/${branch}`);
  if (!tip) throw new GitError('not-found', `${opts.source} has no branch ${branch}${heads.size ? ` (it has ${[...heads.keys()].map((h) => h.slice(11)).slice(0, 5).join(', ')})` : ''}.`);

  const dir = path.resolve(opts.dir);
  if (path.resolve(dir) === source || dir.startsWith(`${source}${path.sep}`)) throw new GitError('unknown', `Clone into a folder outside ${opts.source}.`);
  let existed = false;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new GitError('unknown', `${opts.dir} exists and is not a folder.`);
    if (readdirSync(dir).length) throw new GitError('unknown', `${opts.dir} is not empty; clone into a new or empty folder.`);
    existed = true;
  }
  const from = new ObjectStore(srcGit);
  let repo: Repository | undefined;
  try {
    const objects = reachable(from, srcGit, tip, opts);
    opts.onProgress?.({ phase: 'Writing objects', loaded: 0, total: objects.length });
    mkdirSync(dir, { recursive: true });
    repo = await initRepository(dir, { branch });
    // Level 1: a local copy is written once and read often; git repacks it smaller whenever it gcs.
    const { pack, entries, sha } = writePack(objects, 1);
    const packDir = path.join(repo.gitdir, 'objects', 'pack');
    writeFileSync(path.join(packDir, `pack-${sha}.pack`), pack, { mode: 0o444 });
    writeFileSync(path.join(packDir, `pack-${sha}.idx`), writePackIndex(entries, sha), { mode: 0o444 });
    opts.onProgress?.({ phase: 'Writing objects', loaded: objects.length, total: objects.length });
    const shallow = [...shallowCommits(srcGit)].filter((s) => objects.some((o) => o.oid === s));
    if (shallow.length) writeFileSync(path.join(repo.gitdir, 'shallow'), `${shallow.sort().join('\n')}\n`);
    repo.objects.refresh();
    throwIfAborted(opts.signal);
    const tree = parseCommit(tip, repo.objects.readTyped(tip, 'commit')).tree;
    assertTreeSafe(repo.objects, null, tree, `The commit ${tip.slice(0, 7)} of ${opts.source}`);
    setRemote(repo, opts.url, { branch });
    updateRef(repo.gitdir, `refs/remotes/origin/${branch}`, tip, { expected: null, who: opts.who, message: `clone: from ${opts.url}` });
    updateRef(repo.gitdir, `refs/heads/${branch}`, tip, { expected: null, who: opts.who, message: `clone: from ${opts.url}` });
    writeHead(repo.gitdir, `refs/heads/${branch}`);
    const lock = RepoLock.acquire(repo.gitdir);
    try {
      const { index, changes } = checkoutTree(repo, lock, { from: null, to: tree, what: `The cloned commit ${tip.slice(0, 7)}`, fresh: true, onProgress: opts.onProgress, signal: opts.signal });
      repo.statusEngine().adoptIndex(index, changes.map((c) => c.path));
    } finally {
      lock.release();
    }
    return repo;
  } catch (err) {
    repo?.close();
    try {
      if (existed) for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { recursive: true, force: true });
      else rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort; the error that caused the clean-up matters more.
    }
    if (err instanceof GitError && err.code === 'not-found' && (err.details as { oid?: string } | undefined)?.oid) {
      throw new GitError('not-found', `${opts.source} is missing the object ${(err.details as { oid: string }).oid.slice(0, 12)} (a damaged or partial repository); nothing was cloned.`);
    }
    throw err;
  } finally {
    from.close();
  }
}

/** Every object reachable from `tip` in `store` (commits through shallow boundaries, their trees and blobs). */
function reachable(store: ObjectStore, gitdir: string, tip: string, work: LongWork): Array<{ oid: string; type: ObjectType; data: Buffer }> {
  const shallow = shallowCommits(gitdir);
  const out: Array<{ oid: string; type: ObjectType; data: Buffer }> = [];
  const seen = new Set<string>();
  const commits = [tip];
  const trees: string[] = [];
  while (commits.length) {
    const oid = commits.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const data = store.readTyped(oid, 'commit');
    out.push({ oid, type: 'commit', data });
    const c = parseCommit(oid, data);
    trees.push(c.tree);
    if (!shallow.has(oid)) commits.push(...c.parents);
    if (out.length % 1000 === 0) {
      throwIfAborted(work.signal);
      work.onProgress?.({ phase: 'Counting objects', loaded: out.length });
    }
  }
  while (trees.length) {
    const oid = trees.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const data = store.readTyped(oid, 'tree');
    out.push({ oid, type: 'tree', data });
    for (const e of parseTree(data)) {
      if (e.mode === '160000' || seen.has(e.oid)) continue;
      if (isTree(e.mode)) trees.push(e.oid);
      else {
        seen.add(e.oid);
        out.push({ oid: e.oid, type: 'blob', data: store.readTyped(e.oid, 'blob') });
      }
    }
  }
  return out;
}
