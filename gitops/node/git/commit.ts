import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_FILE, kindOfPath } from '../../../shared/kinds.ts';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { renderWorkspace, type RenderedFiles } from '../../core/render/renderer.ts';
import { Validator } from '../../core/validate/validator.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { PathGuard } from '../path-safety.ts';
import { layoutFindings } from '../read-workspace.ts';
import { readModel } from '../workspace-io.ts';
import { cleanMessage, commitBody } from './commits.ts';
import { effectiveConfig } from './config-chain.ts';
import { Conversions, stageableSnapshot } from './convert.ts';
import { keptVersion, invalidateCacheTree, serializeIndex, stageOf, type GitIndex, type IndexEntry } from './index-file.ts';
import { assertNoOperationInProgress } from './in-progress.ts';
import { asUnsafePathError } from './tree-safety.ts';
import { RepoLock, serialize } from './lock.ts';
import { hashBlob } from './objects.ts';
import { readHead, updateRef } from './refs.ts';
import type { Repository } from './repository.ts';
import { scanChanges, scanCommitMessage } from './secrets.ts';
import { settleEvents, type StatusEngine } from './status.ts';
import { buildIndexTrees, commitTree } from './tree.ts';
import { GitError, type FileChange, type GitIdentity, type SecretFinding } from './types.ts';
import { smudgeRacy, snapshotFile, statFields, type FileSnapshot } from './worktree-files.ts';
import { compareGitOrder, gitBefore } from './git-order.ts';

/** The workspace as the app holds it in memory, so a commit need not read and render everything again. */
export interface CommitWorkspace {
  model: WorkspaceModel;
  /** A validator kept current with `model` (a full validation runs when absent). */
  validator?: Validator;
  /** The render of `model` (e.g. a Renderer's `current()` kept up to date); rendered in full when absent. */
  rendered?: RenderedFiles;
}

export interface CommitOptions {
  author: GitIdentity;
  /** The message (see suggestCommitMessage). */
  message: string;
  /** Defaults to the workspace read from disk. */
  workspace?: CommitWorkspace;
  /** Also commit changes outside spec files and rendered/ (README, CI files). Default false. */
  all?: boolean;
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
}

/** Spec files and rendered manifests: what a commit stages by default. */
export function isWorkspacePath(p: string): boolean {
  if (p.startsWith('rendered/')) return true;
  if (p === WORKSPACE_FILE) return true;
  const base = p.slice(p.lastIndexOf('/') + 1);
  return !base.startsWith('.') && kindOfPath(p) !== undefined && kindOfPath(p) !== 'Workspace';
}

/**
 * Commits the workspace: validates it (refusing with 'invalid-workspace' and the errors), writes
 * `rendered/` from the specs, stages spec and rendered files together (additions, modifications
 * and deletions), refuses credentials on added lines or in the message ('secret-detected' with file and line), and
 * writes the commit. Crash-safe: objects first (fsync'd), then the index, then the branch ref,
 * each by atomic rename, so a killed process leaves the old commit or the new one.
 */
export async function commit(repo: Repository, opts: CommitOptions): Promise<CommitResult> {
  const message = cleanMessage(opts.message ?? '');
  if (!message) throw new GitError('unknown', 'A commit needs a message.');
  // A credential in the message would be pushed as surely as one in a file.
  const inMessage = scanCommitMessage(message);
  if (inMessage.length) throw secretError(inMessage);
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

async function commitLocked(repo: Repository, engine: StatusEngine, lock: RepoLock, opts: CommitOptions, message: string): Promise<CommitResult> {
  const durable = opts.durable ?? true;
  const root = repo.dir;
  let rendered: RenderedFiles | undefined;
  if (opts.workspace || existsSync(path.join(root, WORKSPACE_FILE))) {
    const model = opts.workspace?.model ?? readModel(root);
    const report = (opts.workspace?.validator ?? new Validator(model)).report();
    // The layout is checked now, not when the workspace was opened: a folder may have become a link since.
    const layout = layoutFindings(root).filter((f) => !report.findings.some((g) => g.code === f.code && g.file === f.file));
    if (!report.ok || layout.length) {
      const errors = [...layout, ...report.findings.filter((f) => f.severity === 'error')];
      const list = errors.slice(0, 5).map((f) => `${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`).join('\n');
      throw new GitError(
        'invalid-workspace',
        `Not committing: the workspace has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first.\n${list}${errors.length > 5 ? `\n(and ${errors.length - 5} more)` : ''}`,
        { findings: errors },
      );
    }
    rendered = opts.workspace?.rendered ?? renderWorkspace(model);
  }

  const changes = engine.status();
  const touched = rendered ? syncRendered(repo, engine, rendered) : [];
  const stage = new Set<string>();
  // A path whose removal is staged (`git rm --cached`) and that status does not list as untracked
  // is ignored now: like `git commit -a`, keep the removal instead of adding the file back from disk.
  const untracked = new Set(changes.filter((c) => c.xy === '??').map((c) => c.path));
  const keepRemoved = (c: FileChange) => c.xy === 'D ' && !untracked.has(c.path);
  for (const c of changes) if (!c.path.endsWith('/') && !keepRemoved(c) && (opts.all || isWorkspacePath(c.path))) stage.add(c.path);
  for (const p of touched) stage.add(p);

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
  const scan: Array<{ path: string; before: string | null; after: string }> = [];
  const newByPath = new Map(index.entries.map((e) => [e.path, e]));
  for (const p of [...new Set([...stage, ...engine.stagedPaths()])].sort()) {
    const before = engine.headFile(p);
    const after = newByPath.get(p);
    if (before && after && before.oid === after.oid && before.mode === after.mode) continue;
    if (!before && !after) continue;
    files.push({ path: p, change: !before ? 'added' : !after ? 'deleted' : 'modified' });
    if (after && before?.oid !== after.oid) {
      const content = snaps.get(p)?.content ?? store.readTyped(after.oid, 'blob');
      scan.push({ path: p, before: before ? store.readTyped(before.oid, 'blob').toString('utf8') : null, after: content.toString('utf8') });
    }
  }
  const findings = scanChanges(scan);
  if (findings.length) throw secretError(findings);

  // Every object first (fsync'd together), then the index, then the ref.
  const objects: Array<{ type: 'blob' | 'tree' | 'commit'; data: Uint8Array }> = [];
  for (const s of snaps.values()) if (s) objects.push({ type: 'blob', data: s.content });
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
  if (rendered) repo.renderedSynced = { files: new Map(rendered), generation: engine.generation() };
  return { oid, branch: head.ref?.replace(/^refs\/heads\//, ''), tree, files };
}

function secretError(findings: SecretFinding[]): GitError {
  const list = findings.slice(0, 10).map((f) => `${f.file}:${f.line} (${f.kind})`).join('\n');
  return new GitError(
    'secret-detected',
    `Not committing: ${findings.length === 1 ? 'a credential' : `${findings.length} credentials`} would be added to the repository. Remove ${findings.length === 1 ? 'it' : 'them'} (use a secret store or a reference instead):\n${list}${findings.length > 10 ? `\n(and ${findings.length - 10} more)` : ''}`,
    findings,
  );
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

/**
 * Makes `rendered/` on disk equal `files`, writing only what differs. What is on disk is known
 * without reading it: a file clean in the last status holds its index blob, and after a commit
 * Gantry remembers which content it left there, so the next commit only compares strings (the
 * renderer keeps unchanged files as the same strings). Returns the paths written or deleted.
 */
export function syncRendered(repo: Repository, engine: StatusEngine, files: RenderedFiles): string[] {
  const root = repo.dir;
  const touched: string[] = [];
  const removed: string[] = [];
  const memo = repo.renderedOids;
  const suspect = new Set<string>();
  for (const p of engine.dirtyPaths()) if (p.startsWith('rendered/')) suspect.add(p.replace(/\/$/, ''));
  const prev = repo.renderedSynced?.generation === engine.generation() ? repo.renderedSynced.files : undefined;
  const writes: Array<[string, string]> = [];
  let known = 0;
  for (const [p, content] of files) {
    const was = prev?.get(p);
    if (was !== undefined) known++;
    if (was === content && !suspect.has(p)) continue;
    const m = memo.get(p);
    let oid: string;
    if (m && m.content === content) oid = m.oid;
    else {
      oid = hashBlob(content);
      memo.set(p, { content, oid });
    }
    const e = engine.indexEntry(p);
    const wt = engine.worktreeChange(p);
    const inSync = wt ? wt.oid === oid : e !== undefined && e.oid === oid && !suspect.has(p);
    if (!inSync) writes.push([p, content]);
  }
  // Files rendered before but not now, and stray files in rendered/ (hand-made, or debris).
  const gone = new Set<string>(prev ? (known === prev.size ? [] : [...prev.keys()].filter((p) => !files.has(p))) : engine.indexPathsUnder('rendered/').filter((p) => !files.has(p)));
  for (const p of suspect) if (!files.has(p)) gone.add(p);
  const removals: string[] = [];
  for (const p of gone) {
    if (engine.worktreeChange(p)?.kind === 'D') touched.push(p);
    else removals.push(p);
  }
  // Every path is checked before the first write, so a symlinked folder in rendered/ changes nothing.
  const guard = new PathGuard(root);
  const abs = new Map<string, string>();
  for (const p of [...writes.map(([w]) => w), ...removals]) abs.set(p, guard.resolve(p));
  for (const [p, content] of writes) {
    writeFileAtomic(abs.get(p)!, content, { durable: false });
    touched.push(p);
  }
  for (const p of removals) {
    rmSync(abs.get(p)!, { force: true, recursive: true });
    removed.push(p);
  }
  for (const p of removed) pruneEmptyParents(root, p);
  return [...touched, ...removed];
}

/**
 * Hashes a render in the background (yielding between slices), so the first commit of a session
 * does not have to: call it after opening a workspace, with the render the app keeps current.
 */
export async function warmCommitCache(repo: Repository, files: RenderedFiles, signal?: AbortSignal): Promise<void> {
  let n = 0;
  for (const [p, content] of files) {
    if (signal?.aborted) return;
    const m = repo.renderedOids.get(p);
    if (!m || m.content !== content) repo.renderedOids.set(p, { content, oid: hashBlob(content) });
    if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
  }
}

function pruneEmptyParents(root: string, rel: string): void {
  let dir = path.posix.dirname(rel);
  while (dir.startsWith('rendered/')) {
    const abs = path.join(root, dir);
    try {
      if (readdirSync(abs).length > 0) return;
      rmdirSync(abs);
    } catch {
      return;
    }
    dir = path.posix.dirname(dir);
  }
}
