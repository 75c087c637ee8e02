import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, rmdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { O_NOFOLLOW, PathGuard } from '../path-safety.ts';
import { assertNoOperationInProgress } from './in-progress.ts';
import { sparseMatcher } from './sparse.ts';
import { effectiveConfig } from './config-chain.ts';
import { cleanSnapshot, Conversions } from './convert.ts';
import { throwIfAborted } from './http-client.ts';
import { keptVersion, emptyIndex, EXT_SKIP_WORKTREE, FLAG_ASSUME_VALID, invalidateCacheTree, serializeIndex, type GitIndex, type IndexEntry } from './index-file.ts';
import type { RepoLock } from './lock.ts';
import type { Repository } from './repository.ts';
import { buildIndexTrees, diffTrees, type TreeChange } from './tree.ts';
import { asUnsafePathError, assertTreeSafe } from './tree-safety.ts';
import { writeAll } from './objects.ts';
import { GitError, type GitProgress } from './types.ts';
import { MODE_EXEC, MODE_GITLINK, MODE_LINK, smudgeRacy, snapshotFile, statFields } from './worktree-files.ts';
import { compareGitOrder, gitBefore } from './git-order.ts';

export interface CheckoutOptions {
  /** The tree the working tree holds now (null: nothing, a fresh clone). */
  from: string | null;
  to: string;
  /** Names the commit of `to` in a refusal ("The commit 1a2b3c4"). */
  what?: string;
  /** A fresh checkout into an empty folder: no dirty check, plain writes. */
  fresh?: boolean;
  onProgress?: (p: GitProgress) => void;
  /**
   * Only for a fresh checkout (a clone, whose folder is removed on cancel): stopping an update of an
   * existing working tree half-way would leave files from two commits.
   */
  signal?: AbortSignal;
}

/**
 * Moves the working tree and the index from tree `from` to tree `to`, touching only the files
 * that differ. Uncommitted changes elsewhere are kept; when a file to update has uncommitted
 * changes (or an untracked file is in the way), nothing is touched and GitError 'merge-conflict'
 * names those files. Returns the new index (already written) and the changed paths.
 *
 * Before anything is written, tree `to` is checked as git's fsck would (tree-safety.ts), and every
 * write and removal goes through a PathGuard: no path touches `.git`, leaves the repository or
 * passes through a symbolic link, whatever the tree or the disk holds. A refusal is GitError
 * 'unsafe-path' naming the path.
 */
export function checkoutTree(repo: Repository, lock: RepoLock, opts: CheckoutOptions): { index: GitIndex; changes: TreeChange[] } {
  const store = repo.objects;
  const engine = repo.statusEngine();
  assertTreeSafe(store, opts.from, opts.to, opts.what ?? 'The commit');
  const changes = diffTrees(store, opts.from, opts.to);
  const old = opts.fresh ? emptyIndex() : engine.currentIndex();
  const root = repo.dir;
  const guard = new PathGuard(root);
  const linksInTheWay = new Set<string>();
  if (!opts.fresh) {
    assertNoOperationInProgress(repo.gitdir, 'update the files');
    // A submodule's own state (new commits, dirty files) does not block: git checkout leaves submodules alone.
    // Nor does a submodule's folder left from another branch where the tree brings the submodule back.
    const gitlinks = new Set(old.entries.filter((e) => e.mode === MODE_GITLINK).map((e) => e.path));
    const incoming = new Set(changes.filter((c) => c.after?.mode === MODE_GITLINK).map((c) => `${c.path}/`));
    // And, as git's verify_uptodate: a file only deleted from the working tree is checked out again, and a
    // staged change that already equals the target tree (with the file as staged) is no change in the way.
    const targetOf = new Map(changes.map((c) => [c.path, c.after]));
    const stagedAsTarget = (p: string): boolean => {
      if (!targetOf.has(p)) return false;
      const want = targetOf.get(p);
      const e = engine.indexEntry(p);
      return want ? e !== undefined && e.oid === want.oid && e.mode === want.mode : e === undefined;
    };
    const now = engine.status();
    // A symbolic link where the tree has a folder (a tracked folder the person replaced by a link): as
    // git's checkout, the files behind it count as deleted, and the link is removed (never followed)
    // when the checkout writes below it (entry.c, create_directories). A file new to the index below
    // it is refused as git's verify_absent refuses it: the untracked link would be overwritten.
    const below = leadingFolders(changes.map((c) => c.path));
    const belowNew = leadingFolders(changes.filter((c) => c.after && !engine.indexEntry(c.path)).map((c) => c.path));
    for (const c of now) {
      const p = c.path.replace(/\/$/, '');
      if (c.xy === '??' && below.has(p) && !belowNew.has(p) && lstatSync(path.join(root, p), { throwIfNoEntry: false })?.isSymbolicLink()) linksInTheWay.add(p);
    }
    const dirty = new Set(
      now
        .filter((c) => !(c.xy === ' M' && gitlinks.has(c.path)) && !(c.xy === '??' && (incoming.has(c.path) || linksInTheWay.has(c.path.replace(/\/$/, '')))))
        .filter((c) => c.xy !== ' D' && !((c.xy ?? '').charAt(1) === ' ' && stagedAsTarget(c.path)))
        .map((c) => c.path.replace(/\/$/, '')),
    );
    // Status does not look at assume-unchanged (and skip-worktree) files; git checks them before overwriting.
    for (const p of hiddenChanges(repo, guard, old, changes)) dirty.add(p);
    const blocked = changes.filter((c) => dirty.has(c.path) || [...dirty].some((d) => c.path.startsWith(`${d}/`) || d.startsWith(`${c.path}/`)));
    if (blocked.length) {
      const files = blocked.map((c) => c.path);
      throw new GitError(
        'merge-conflict',
        `This would overwrite your uncommitted changes to ${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}; commit or discard them first. Nothing was changed.`,
        { files, uncommitted: true },
      );
    }
  }
  const signal = opts.fresh ? opts.signal : undefined;
  const total = changes.length;
  let done = 0;
  const report = () => {
    done++;
    if (opts.onProgress && (done % 200 === 0 || done === total)) opts.onProgress({ phase: 'Checking out files', loaded: done, total });
  };
  // End-of-line conversion as git's checkout does it, with attributes from the tree being checked out.
  const target = new Map(changes.map((c) => [c.path, c.after?.oid]));
  const oldOids = new Map(old.entries.filter((e) => !(e.flags & 0x3000)).map((e) => [e.path, e.oid]));
  const conv = new Conversions(repo.gitdir, effectiveConfig(repo.gitdir), store, (p) => (target.has(p) ? target.get(p) : oldOids.get(p)), 'index-first', root, (p) => target.has(p) && target.get(p) === undefined);
  for (const c of changes) {
    if (!c.after || c.after.mode === MODE_LINK || c.after.mode === MODE_GITLINK) continue;
    const oid = c.after.oid;
    const why = conv.refusal(c.path, () => store.readTyped(oid, 'blob'));
    if (why) throw new GitError('not-supported', `${opts.what ?? 'The commit'} cannot be checked out by Gantry: ${why} Nothing was changed.`, { path: c.path, reason: why });
  }
  // Every path is checked before the first file changes, so a refusal leaves the working tree as it was.
  const removed = new Set(changes.filter((c) => c.before && (!c.after || c.after.mode !== c.before.mode)).map((c) => c.path));
  const behindLink = (p: string) => linksInTheWay.size > 0 && leadingFolderIn(p, linksInTheWay) !== undefined;
  // Links to replace: those with a file to write below them (a removal below one has nothing to remove).
  const replacedLinks = new Set(changes.filter((c) => c.after && behindLink(c.path)).map((c) => leadingFolderIn(c.path, linksInTheWay)!));
  for (const l of replacedLinks) removed.add(l);
  try {
    for (const c of changes) if (c.after || !behindLink(c.path)) guard.resolve(c.path, c.after?.mode ?? c.before?.mode, removed);
  } catch (err) {
    throw asUnsafePathError(err, 'Nothing was written.');
  }
  const updated = new Map<string, IndexEntry | null>();
  // Sparse checkout: paths outside the sparse set get an index entry marked skip-worktree and no file.
  const sparse = sparseMatcher(repo.gitdir, effectiveConfig(repo.gitdir));
  const skipped = new Set(old.entries.filter((e) => e.extFlags & EXT_SKIP_WORKTREE).map((e) => e.path));
  const trackedNow = new Set(old.entries.map((e) => e.path));
  for (const l of replacedLinks) {
    unlinkSync(path.join(root, l));
    guard.forget(l);
  }
  // Deletions first, so a file can become a folder and back.
  for (const c of changes) {
    if (c.after) continue;
    throwIfAborted(signal);
    if (behindLink(c.path)) {
      // Behind a symbolic link there is no file of ours to remove (git's unlink_entry does not follow it).
    } else if (skipped.has(c.path) || (!opts.fresh && !trackedNow.has(c.path))) {
      // No file of ours is there (skip-worktree), or the file is not tracked any more (its removal is
      // staged): git leaves whatever is in its place alone.
    } else if (c.before?.mode === MODE_GITLINK) removeSubmoduleDir(guarded(guard, c.path));
    else rmSync(guarded(guard, c.path), { force: true });
    pruneEmptyParents(root, c.path);
    guard.forget(c.path);
    updated.set(c.path, null);
    report();
  }
  for (const c of changes) {
    if (!c.after) continue;
    throwIfAborted(signal);
    const { mode, oid } = c.after;
    if (sparse && !sparse(c.path) && (skipped.has(c.path) || !c.before)) {
      updated.set(c.path, { path: c.path, ctimeSec: 0, ctimeNsec: 0, mtimeSec: 0, mtimeNsec: 0, dev: 0, ino: 0, uid: 0, gid: 0, size: 0, mode, oid, flags: 0, extFlags: EXT_SKIP_WORKTREE });
      report();
      continue;
    }
    const abs = guarded(guard, c.path);
    if (mode === MODE_GITLINK) {
      mkdirSync(abs, { recursive: true });
    } else {
      const blob = store.readTyped(oid, 'blob');
      const data = mode === MODE_LINK ? blob : conv.smudge(c.path, blob);
      const existing = lstatSync(abs, { throwIfNoEntry: false });
      if (existing?.isDirectory()) {
        rmSync(abs, { recursive: true, force: true });
        guard.forget(c.path);
      }
      if (mode === MODE_LINK) {
        rmSync(abs, { force: true });
        mkdirSync(path.dirname(abs), { recursive: true });
        symlinkSync(data.toString('utf8'), abs);
        guard.forget(c.path);
      } else if (opts.fresh) {
        mkdirSync(path.dirname(abs), { recursive: true });
        writeNew(abs, data, mode === MODE_EXEC ? 0o755 : 0o644);
      } else {
        writeFileAtomic(abs, data, { durable: false });
        chmodSync(abs, mode === MODE_EXEC ? 0o755 : 0o644);
      }
    }
    const st = lstatSync(abs, { bigint: true });
    updated.set(c.path, { path: c.path, ...statFields(st), mode, oid, flags: 0, extFlags: 0 });
    report();
  }
  const index = applyEntries(old, updated);
  buildIndexTrees(index);
  lock.writeIndex(serializeIndex({ ...index, entries: smudgeRacy(index.entries, engine.indexMtime(), (p) => updated.has(p)) }));
  return { index, changes };
}

/** Every leading folder of `paths` ("a/b/c.txt" gives "a" and "a/b"). */
function leadingFolders(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) out.add(p.slice(0, i));
  }
  return out;
}

/** The leading folder of `rel` that is in `dirs`, if any. */
function leadingFolderIn(rel: string, dirs: ReadonlySet<string>): string | undefined {
  for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) {
    const d = rel.slice(0, i);
    if (dirs.has(d)) return d;
  }
  return undefined;
}

/** The index with entries replaced, added or (null) removed. */
export function applyEntries(old: GitIndex, updated: ReadonlyMap<string, IndexEntry | null>): GitIndex {
  // An updated path loses every entry it had, conflict stages included.
  const kept = old.entries.filter((e) => !updated.has(e.path));
  const added = [...updated.values()].filter((e): e is IndexEntry => e !== null).sort((a, b) => compareGitOrder(a.path, b.path));
  const entries: IndexEntry[] = [];
  let i = 0;
  for (const a of added) {
    while (i < kept.length && gitBefore(kept[i]!.path, a.path)) entries.push(kept[i++]!);
    entries.push(a);
  }
  while (i < kept.length) entries.push(kept[i++]!);
  const index: GitIndex = { version: keptVersion(old), entries, cacheTree: new Map(old.cacheTree), keep: old.keep, ...(old.src ? { src: old.src } : {}) };
  for (const p of updated.keys()) invalidateCacheTree(index, p);
  return index;
}

/**
 * The checked path of `rel`, its leading folders checked again: an earlier step of this checkout
 * (a symlink written, a folder removed) may have changed what they are.
 */
function guarded(guard: PathGuard, rel: string): string {
  try {
    return guard.recheck(rel);
  } catch (err) {
    throw asUnsafePathError(err, 'The checkout stopped there.');
  }
}

/**
 * A submodule that leaves the tree keeps its folder unless it is empty, as with git ("unable to
 * rmdir: Directory not empty"): it holds the submodule's own repository and uncommitted work.
 */
function removeSubmoduleDir(abs: string): void {
  try {
    rmdirSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
}

/**
 * Paths the checkout would change whose index entry is marked assume-unchanged or skip-worktree
 * and whose file on disk no longer holds the index's content: status hides them, but overwriting
 * them loses work (git refuses too). A skip-worktree file that is absent is not a change.
 */
function hiddenChanges(repo: Repository, guard: PathGuard, index: GitIndex, changes: readonly TreeChange[]): string[] {
  const marked = new Map<string, IndexEntry>();
  for (const e of index.entries) if (e.flags & FLAG_ASSUME_VALID || e.extFlags & EXT_SKIP_WORKTREE) marked.set(e.path, e);
  if (!marked.size) return [];
  const conv = new Conversions(repo.gitdir, effectiveConfig(repo.gitdir), repo.objects, (p) => marked.get(p)?.oid, 'worktree-first', repo.dir);
  const out: string[] = [];
  for (const c of changes) {
    const e = marked.get(c.path);
    if (!e) continue;
    let snap: ReturnType<typeof snapshotFile>;
    try {
      const abs = guard.resolveExisting(c.path);
      const raw = abs ? snapshotFile(abs, true, e.mode) : undefined;
      snap = raw && cleanSnapshot(conv, c.path, raw);
    } catch {
      snap = undefined;
    }
    if (!snap) {
      if (!(e.extFlags & EXT_SKIP_WORKTREE)) out.push(c.path);
    } else if (snap.oid !== e.oid) out.push(c.path);
  }
  return out;
}

/** Writes a file of a fresh checkout, never following a symbolic link in its last component. */
function writeNew(abs: string, data: Uint8Array, mode: number): void {
  // O_TRUNC, not O_EXCL: on a case-insensitive disk two names of a tree can be one file, as with git.
  const fd = openSync(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | O_NOFOLLOW, mode);
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

function pruneEmptyParents(root: string, rel: string): void {
  let dir = path.posix.dirname(rel);
  while (dir !== '.' && dir !== '') {
    try {
      if (readdirSync(path.join(root, dir)).length > 0) return;
      rmdirSync(path.join(root, dir));
    } catch {
      return;
    }
    dir = path.posix.dirname(dir);
  }
}
