import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { finding } from '../core/load/parse-file.ts';
import { WorkspaceModel } from '../core/model/workspace-model.ts';
import type { RenderedFiles } from '../core/render/renderer.ts';
import type { Finding } from '../../shared/findings.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { PathGuard } from './path-safety.ts';
import { assertWorkspaceDir, layoutFindings, readWorkspaceFiles } from './read-workspace.ts';
import { worktreeCleaner } from './git/clean-worktree.ts';
import { walkFiles } from './walk-files.ts';

/** Opens the workspace at `dir`: throws WorkspaceOpenError when it is not one. */
export function loadWorkspace(dir: string): { root: string; model: WorkspaceModel } {
  const root = assertWorkspaceDir(dir);
  return { root, model: readModel(root) };
}

/** The spec files of `root` as a model, with the layout findings (symlinked spec folders, rendered/). */
export function readModel(root: string): WorkspaceModel {
  const model = WorkspaceModel.fromFiles(readWorkspaceFiles(root));
  model.layout = layoutFindings(root);
  return model;
}

/** Every file under `rendered/`, repository-relative. */
export function listRenderedFiles(root: string): string[] {
  return walkFiles(root, 'rendered').sort();
}

export interface RenderDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * How `rendered/` on disk differs from `files`. In a git working tree a file is compared as git
 * would store it: one checked out with CRLF (core.autocrlf, eol=crlf) is not stale.
 */
export function diffRendered(root: string, files: RenderedFiles): RenderDiff {
  const onDisk = new Set(listRenderedFiles(root));
  const diff: RenderDiff = { added: [], changed: [], removed: [] };
  let clean: ReturnType<typeof worktreeCleaner> | null = null;
  const same = (rel: string, content: string) => {
    const disk = readFileSync(path.join(root, rel));
    const want = Buffer.from(content);
    if (disk.equals(want) || !disk.includes(13)) return disk.equals(want);
    if (clean === null) clean = worktreeCleaner(root);
    return clean !== undefined && clean(rel, disk).equals(want);
  };
  for (const [rel, content] of files) {
    if (!onDisk.has(rel)) diff.added.push(rel);
    else if (!same(rel, content)) diff.changed.push(rel);
    onDisk.delete(rel);
  }
  diff.removed = [...onDisk].sort();
  return diff;
}

/** Makes `rendered/` equal `files`: writes what changed (atomically) and deletes what is no longer rendered. */
export function writeRendered(root: string, files: RenderedFiles): RenderDiff {
  const diff = diffRendered(root, files);
  // One guard for the whole render: each folder of rendered/ is checked once, not once per file.
  const guard = new PathGuard(root);
  for (const rel of [...diff.added, ...diff.changed]) writeFileAtomic(guard.resolve(rel), files.get(rel)!, { durable: false });
  for (const rel of diff.removed) rmSync(guard.resolve(rel), { force: true });
  if (diff.removed.length) pruneEmptyDirs(path.join(root, 'rendered'));
  return diff;
}

function pruneEmptyDirs(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory() && pruneEmptyDirs(path.join(dir, e.name))) continue;
    empty = false;
  }
  if (empty) rmdirSync(dir);
  return empty;
}

/** `rendered.stale` findings for a render diff: one per file, the rest summed up after `limit`. */
export function staleFindings(diff: RenderDiff, limit = 20): Finding[] {
  const items: Array<[string, string]> = [
    ...diff.changed.map((f): [string, string] => [f, 'differs from what the specs render to']),
    ...diff.added.map((f): [string, string] => [f, 'is missing; the specs render it']),
    ...diff.removed.map((f): [string, string] => [f, 'is no longer rendered by any spec']),
  ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const out = items.slice(0, limit).map(([f, why]) => finding('rendered.stale', f, '', `${f} ${why}; run \`gantry render\` and commit the result.`));
  if (items.length > limit) {
    out.push(finding('rendered.stale', 'rendered/', '', `${items.length - limit} more rendered files are stale; run \`gantry render\`.`));
  }
  return out;
}
