import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { compareGitOrder, gitBefore } from './git-order.ts';
import { cleanMessage, commitBody } from './commits.ts';
import { effectiveConfig } from './config-chain.ts';
import { Conversions, stageableSnapshot } from './convert.ts';
import { keptVersion, invalidateCacheTree, serializeIndex, stageOf, type GitIndex, type IndexEntry } from './index-file.ts';
import { assertNoOperationInProgress } from './in-progress.ts';
import { PathGuard } from '../path-safety.ts';
import { asUnsafePathError } from './tree-safety.ts';
import { RepoLock, serialize } from './lock.ts';
import { readHead, updateRef } from './refs.ts';
import type { Repository } from './repository.ts';
import { settleEvents, type StatusEngine } from './status.ts';
import { buildIndexTrees, commitTree } from './tree.ts';
import { GitError, type FileChange, type GitIdentity } from './types.ts';
import { MODE_GITLINK, smudgeRacy, snapshotFile, statFields, type FileSnapshot } from './worktree-files.ts';
import { submoduleHead } from './submodule-status.ts';

/** A file the commit adds or changes, as text, for checks that read content (the secret scan). */
export interface CommittedText {
  path: string;
  before: string | null;
  after: string;
}

export interface CommitChangesOptions {
  author: GitIdentity;
  message: string;
  /**
   * Which of the working tree's changes to stage (default: every change, as `git add -A`). Paths
   * whose removal is already staged (`git rm --cached`) and that status does not list as untracked
   * stay removed, as with `git commit -a`; folders (`dir/`, a nested repository) are never staged.
   */
  select?: (changes: readonly FileChange[]) => Iterable<string>;
  /**
   * Runs with the repository locked, after the status and before anything is staged: may check the
   * working tree (throwing refuses the commit) and write files the status then knows nothing of;
   * returns those paths, to be staged too.
   */
  prepare?: (engine: StatusEngine, changes: readonly FileChange[]) => string[] | Promise<string[]>;
  /** Sees every file the commit adds or changes before any object is written; throwing refuses it. */
  check?: (files: CommittedText[]) => void;
  /** Runs after the ref moved, still locked. */
  committed?: (engine: StatusEngine) => void;
  /** fsync objects, index and ref (default true): the commit survives power loss, not just a crash. */
  durable?: boolean;
  /** Commit date (default now). */
  date?: Date;
}

export interface CommitResult {
  oid: string;
  /** The branch that moved (undefined with a detached HEAD). */
  branch: string | undefined;
  tree: string;
  /** The files the commit changes relative to its parent. */
  files: FileChange[];
  /** What was selected but not committed, and why (a nested Git repository, which git add would record as an embedded repository without its files). */
  leftOut: Array<{ path: string; why: string }>;
}

/** Why a nested repository is not committed, in the words the commit result and the app give. */
export const NESTED_REPOSITORY_LEFT_OUT =
  'a Git repository of its own inside this one: Gantry does not commit it (git add would record only its commit, as an "embedded repository", and a clone would get an empty folder); add it as a submodule with git if that is what you want, or move it out';

/**
 * Stages the selected changes of the working tree (as `git add` stores them: end-of-line rules,
 * file modes, a file replacing a folder) on top of what is staged already, and commits. Crash-safe:
 * objects first (fsync'd), then the index, then the branch ref, each by atomic rename, so a killed
 * process leaves the old commit or the new one. Refuses while a git operation is unfinished, and
 * with 'nothing-to-commit' when the tree equals HEAD's.
 */
export async function commitChanges(repo: Repository, opts: CommitChangesOptions): Promise<CommitResult> {
  const message = cleanMessage(opts.message ?? '');
  if (!message) throw new GitError('unknown', 'A commit needs a message.');
  if (!opts.author?.name?.trim() || !opts.author.email?.trim()) {
    throw new GitError('unknown', 'Set your name and e-mail before committing; they are recorded in the commit.');
  }
  return serialize(repo.gitdir, async () => {
    assertNoOperationInProgress(repo.gitdir, 'commit');
    const engine = repo.statusEngine();
    if (engine.watching) await settleEvents();
    const lock = RepoLock.acquire(repo.gitdir);
    try {
      return await commitLocked(repo, engine, lock, opts, message);
    } catch (err) {
      throw asUnsafePathError(err, 'Nothing was committed.');
    } finally {
      lock.release();
    }
  });
}

async function commitLocked(repo: Repository, engine: StatusEngine, lock: RepoLock, opts: CommitChangesOptions, message: string): Promise<CommitResult> {
  const durable = opts.durable ?? true;
  const root = repo.dir;
  const changes = engine.status();
  const prepared = opts.prepare ? await opts.prepare(engine, changes) : [];
  const stage = new Set<string>();
  const untracked = new Set(changes.filter((c) => c.xy === '??').map((c) => c.path));
  const keepRemoved = new Set(changes.filter((c) => c.xy === 'D ' && !untracked.has(c.path)).map((c) => c.path));
  const leftOut: CommitResult['leftOut'] = [];
  for (const p of opts.select ? opts.select(changes) : changes.map((c) => c.path)) {
    // Status lists a folder (dir/) only for a nested repository; git add -A would stage a gitlink.
    if (p.endsWith('/')) leftOut.push({ path: p, why: NESTED_REPOSITORY_LEFT_OUT });
    else if (!keepRemoved.has(p)) stage.add(p);
  }
  for (const p of prepared) stage.add(p);

  // Every config level counts (system, global, includes), as for git add.
  const config = effectiveConfig(repo.gitdir);
  const filemode = config.getBool('core.filemode', process.platform !== 'win32');
  const old = engine.currentIndex();
  const oldByPath = new Map<string, IndexEntry>();
  for (const e of old.entries) if (stageOf(e) === 0) oldByPath.set(e.path, e);
  const snaps = new Map<string, FileSnapshot | null>();
  const guard = new PathGuard(root);
  // What git add stores: the file after end-of-line conversion (refused where Gantry cannot convert as git would).
  const conv = new Conversions(repo.gitdir, config, repo.objects, (p) => oldByPath.get(p)?.oid, 'worktree-first', root);
  for (const p of stage) {
    // A submodule: git add records the commit its HEAD names (nothing when that is the gitlink's already).
    const prev = oldByPath.get(p);
    if (prev?.mode === MODE_GITLINK) {
      const head = submoduleHead(root, p);
      const st = head && head !== prev.oid ? lstatSync(path.join(root, p), { bigint: true, throwIfNoEntry: false }) : undefined;
      if (head && head !== prev.oid && st?.isDirectory()) snaps.set(p, { content: Buffer.alloc(0), oid: head, mode: MODE_GITLINK, stat: st });
      else if (!st && !existsSync(path.join(root, p))) snaps.set(p, null);
      continue;
    }
    // Below a link or a file (a folder replaced by either) the file is gone: stage its removal.
    const abs = guard.resolveExisting(p);
    const raw = abs ? snapshotFile(abs, filemode, oldByPath.get(p)?.mode) : undefined;
    snaps.set(p, raw ? stageableSnapshot(conv, p, raw) : null);
  }

  const index = applyStage(old, snaps);
  const head = readHead(repo.gitdir);
  const store = repo.objects;

  // Everything the commit changes relative to HEAD: what we stage, and what was staged before.
  const files: FileChange[] = [];
  const scan: CommittedText[] = [];
  const newByPath = new Map(index.entries.map((e) => [e.path, e]));
  for (const p of [...new Set([...stage, ...engine.stagedPaths()])].sort()) {
    const before = engine.headFile(p);
    const after = newByPath.get(p);
    if (before && after && before.oid === after.oid && before.mode === after.mode) continue;
    if (!before && !after) continue;
    files.push({ path: p, change: !before ? 'added' : !after ? 'deleted' : 'modified' });
    if (after && before?.oid !== after.oid && after.mode !== MODE_GITLINK) {
      const content = snaps.get(p)?.content ?? store.readTyped(after.oid, 'blob');
      scan.push({ path: p, before: before ? store.readTyped(before.oid, 'blob').toString('utf8') : null, after: content.toString('utf8') });
    }
  }
  opts.check?.(scan);

  // Every object first (fsync'd together), then the index, then the ref.
  const objects: Array<{ type: 'blob' | 'tree' | 'commit'; data: Uint8Array }> = [];
  for (const s of snaps.values()) if (s && s.mode !== MODE_GITLINK) objects.push({ type: 'blob', data: s.content });
  const tree = buildIndexTrees(index, (t) => objects.push({ type: 'tree', data: t.data }), (oid) => store.has(oid));
  const parentTree = head.oid ? commitTree(store, head.oid) : undefined;
  if (tree === parentTree || (!head.oid && index.entries.length === 0)) {
    throw new GitError('nothing-to-commit', 'Nothing to commit: the workspace matches the last commit.');
  }
  const date = opts.date ?? new Date();
  const body = commitBody({ tree, parents: head.oid ? [head.oid] : [], author: opts.author, authorDate: date, committer: opts.author, commitDate: date, message });
  objects.push({ type: 'commit', data: body });
  const oid = (await store.writeMany(objects, { fsync: durable })).pop()!;

  // Like git, the index is not fsync'd: it is a cache that `git reset` rebuilds; its rename is atomic.
  lock.writeIndex(serializeIndex({ ...index, entries: smudgeRacy(index.entries, engine.indexMtime(), (p) => snaps.has(p)) }), { fsync: false });
  const subject = message.split('\n')[0]!;
  updateRef(repo.gitdir, head.ref ?? 'HEAD', oid, {
    expected: head.oid,
    who: opts.author,
    message: `commit${head.oid ? '' : ' (initial)'}: ${subject}`,
    fsync: durable,
    holder: lock,
  });
  engine.adoptIndex(index, stage, true);
  opts.committed?.(engine);
  return { oid, branch: head.ref?.replace(/^refs\/heads\//, ''), tree, files, leftOut };
}

/** The index with `snaps` staged: a snapshot replaces or adds an entry, null removes it (all stages). */
function applyStage(old: GitIndex, snaps: ReadonlyMap<string, FileSnapshot | null>): GitIndex {
  const entryOf = (p: string, s: FileSnapshot): IndexEntry => ({ path: p, ...statFields(s.stat), mode: s.mode, oid: s.oid, flags: 0, extFlags: 0 });
  const entries: IndexEntry[] = [];
  const placed = new Set<string>();
  for (const e of old.entries) {
    if (!snaps.has(e.path)) {
      entries.push(e);
      continue;
    }
    const s = snaps.get(e.path);
    if (s && !placed.has(e.path)) {
      entries.push(entryOf(e.path, s));
      placed.add(e.path);
    }
  }
  const additions = [...snaps].filter(([p, s]) => s && !placed.has(p)).map(([p, s]) => entryOf(p, s!));
  additions.sort((a, b) => compareGitOrder(a.path, b.path));
  const merged: IndexEntry[] = [];
  let i = 0;
  for (const a of additions) {
    while (i < entries.length && gitBefore(entries[i]!.path, a.path)) merged.push(entries[i++]!);
    merged.push(a);
  }
  while (i < entries.length) merged.push(entries[i++]!);
  const kept = dropFileDirClashes(merged, new Set(additions.map((e) => e.path)));
  const index: GitIndex = { version: keptVersion(old), entries: kept.entries, cacheTree: new Map(old.cacheTree), keep: old.keep, ...(old.src ? { src: old.src } : {}) };
  for (const p of [...snaps.keys(), ...kept.dropped]) invalidateCacheTree(index, p);
  return index;
}

/**
 * A file staged where the index has a folder's entries (or the reverse) replaces them, as git's
 * add does (check_file_directory_conflict); otherwise the tree would hold one name twice (an
 * assume-unchanged `dir/x` left beside a new file `dir`).
 */
function dropFileDirClashes(entries: IndexEntry[], added: ReadonlySet<string>): { entries: IndexEntry[]; dropped: string[] } {
  if (!added.size) return { entries, dropped: [] };
  const addedDirs = new Set<string>();
  for (const p of added) for (let s = p.indexOf('/'); s >= 0; s = p.indexOf('/', s + 1)) addedDirs.add(p.slice(0, s));
  const dropped: string[] = [];
  const out = entries.filter((e) => {
    if (added.has(e.path)) return true;
    // An entry that is a folder of an added file, or lies below an added file.
    let clash = addedDirs.has(e.path);
    for (let s = e.path.indexOf('/'); !clash && s >= 0; s = e.path.indexOf('/', s + 1)) clash = added.has(e.path.slice(0, s));
    if (clash) dropped.push(e.path);
    return !clash;
  });
  return { entries: out, dropped };
}

