import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RenderedFiles } from '../../core/render/renderer.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { hashBlob } from '../git/objects.ts';
import type { Repository } from '../git/repository.ts';
import type { StatusEngine } from '../git/status.ts';
import { PathGuard } from '../path-safety.ts';

/**
 * What the workspace sync remembers per open repository about rendered/: the blob id of each
 * rendered content it hashed, and rendered/ as the last commit left it on disk and in the index
 * (valid while no other program changes the index, i.e. for one status-engine generation).
 */
interface RenderedCache {
  oids: Map<string, { content: string; oid: string }>;
  synced: { files: Map<string, string>; generation: number } | undefined;
}

const caches = new WeakMap<Repository, RenderedCache>();

function cacheOf(repo: Repository): RenderedCache {
  let c = caches.get(repo);
  if (!c) caches.set(repo, (c = { oids: new Map(), synced: undefined }));
  return c;
}

/** After a commit that staged `files` as rendered/: what is on disk and in the index now. */
export function noteRenderedCommitted(repo: Repository, files: RenderedFiles, generation: number): void {
  cacheOf(repo).synced = { files: new Map(files), generation };
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
  const memo = cacheOf(repo).oids;
  const suspect = new Set<string>();
  for (const p of engine.dirtyPaths()) if (p.startsWith('rendered/')) suspect.add(p.replace(/\/$/, ''));
  const synced = cacheOf(repo).synced;
  const prev = synced?.generation === engine.generation() ? synced.files : undefined;
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
    const memo = cacheOf(repo).oids;
    const m = memo.get(p);
    if (!m || m.content !== content) memo.set(p, { content, oid: hashBlob(content) });
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
