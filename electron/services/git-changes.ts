// What the Changes view does with Git, on the service's repository: one file's diff, the review (the
// changed files, the rendered diff per cluster with each file's before and after text, the semantic
// summary and the suggested message), and discarding saved changes. GitService answers git:diff,
// git:review and git:discard with these.
import { rmSync } from 'node:fs';
import { changedFiles, diffFile, diffRenderedFiles, diffWorkspace, isWorkspacePath, readFileAt, semanticDiff, status, suggestCommitMessage, type Repository } from '../../gitops/node/sync/index.ts';
import { treeOf } from '../../gitops/node/git/diff.ts';
import type { RenderedFiles } from '../../gitops/core/render/renderer.ts';
import { pathProblem, resolveInside } from '../../gitops/node/path-safety.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { OutputOf } from '../../shared/ipc/contract.ts';
import type { FileDiff, Review } from '../../shared/ipc/schemas.ts';
import type { HeadSide } from './review-sides.ts';
import type { WorkspaceService } from './workspace-service.ts';

/** Rendered files whose before/after text a review carries; more are listed without text. */
const MAX_RENDERED_TEXTS = 300;

/**
 * One file's diff, for the Changes view: only a workspace file (a spec, or under rendered/) or a
 * file the status lists, never `.git/*` or a path through a symbolic link.
 */
export async function fileDiff(repo: Repository, file: string): Promise<FileDiff> {
  const bad = pathProblem(file);
  if (bad) throw new HostError('unsafe-path', `Refusing ${JSON.stringify(file)}: it ${bad}.`);
  if (!isWorkspacePath(file) && !(await status(repo)).some((c) => c.path === file)) {
    throw new HostError('invalid-input', `${file} is neither a workspace file nor a changed file; the diff shows only those.`);
  }
  const d = await diffFile(repo, file);
  return { path: file, change: d.before === null ? 'added' : d.after === null ? 'deleted' : 'modified', before: d.before, after: d.after };
}

/** The review of the workspace against HEAD; `headSide` keeps HEAD's model and render per HEAD tree (review-sides.ts). */
export async function reviewOf(repo: Repository, workspace: WorkspaceService, headSide: HeadSide): Promise<Review> {
  // Unsaved editor text is not part of a commit: with drafts, review what is on disk (read and
  // rendered in full). Without, the open model is the disk: its render is kept in step with each
  // edit, and HEAD's side is kept per HEAD tree, derived from it (review-sides.ts).
  let rendered: RenderedFiles | undefined;
  let wd: Pick<Awaited<ReturnType<typeof diffWorkspace>>, 'files' | 'summary' | 'message' | 'rendered'>;
  if (workspace.drafts().length === 0) {
    const work = workspace.renderOf();
    rendered = work.rendered();
    const head = headSide.side(repo, treeOf(repo, 'HEAD'), work);
    const summary = semanticDiff(head.model, work.model);
    // The review carries each file's before and after text, not the unified patches.
    wd = { files: await changedFiles(repo), summary, message: suggestCommitMessage(summary), rendered: diffRenderedFiles(head.rendered, rendered, { maxPatches: 0, objects: false }) };
  } else {
    wd = await diffWorkspace(repo, {});
  }
  let budget = MAX_RENDERED_TEXTS;
  const clusters: Review['rendered'] = [];
  for (const c of wd.rendered) {
    const files: FileDiff[] = [];
    const entries: Array<[string, FileDiff['change']]> = [
      ...c.files.added.map((p): [string, FileDiff['change']] => [p, 'added']),
      ...c.files.modified.map((p): [string, FileDiff['change']] => [p, 'modified']),
      ...c.files.removed.map((p): [string, FileDiff['change']] => [p, 'deleted']),
    ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (const [path, change] of entries) {
      if (budget-- <= 0) {
        files.push({ path, change, before: null, after: null });
        continue;
      }
      const before = change === 'added' ? null : ((await readFileAt(repo, path, 'HEAD'))?.toString('utf8') ?? null);
      const after = change === 'deleted' ? null : (rendered?.get(path) ?? (await readFileAt(repo, path, 'WORKTREE'))?.toString('utf8') ?? null);
      files.push({ path, change, before, after });
    }
    if (files.length) clusters.push({ cluster: c.cluster, files });
  }
  return {
    changes: wd.files.filter((f) => !f.path.startsWith('rendered/')).map(({ path, change }) => ({ path, change })),
    rendered: clusters,
    summary: wd.summary.map((s) => s.text),
    suggestedMessage: wd.message,
    errors: workspace.errorCount(),
  };
}

/** Saved, uncommitted spec changes put back as in HEAD (added files removed); rendered/ is left to the next commit's render. */
export async function discardChanges(repo: Repository, workspace: WorkspaceService, paths: string[] | undefined): Promise<OutputOf<'git:discard'>> {
  const changed = (await status(repo)).filter((c) => isWorkspacePath(c.path) && !c.path.startsWith('rendered/'));
  const wanted = paths ? new Set(paths) : undefined;
  const targets = wanted ? changed.filter((c) => wanted.has(c.path)) : changed;
  for (const p of wanted ?? []) {
    if (!changed.some((c) => c.path === p)) throw new HostError('invalid-input', `${p} has no saved change to discard.`);
  }
  const drafts = workspace.drafts().filter((d) => targets.some((t) => t.path === d));
  if (drafts.length) throw new HostError('invalid-workspace', `${drafts.join(', ')} ${drafts.length === 1 ? 'has' : 'have'} unsaved edits; revert them in the editor first.`);
  const restore: Array<{ path: string; content: string }> = [];
  const removed: string[] = [];
  for (const c of targets) {
    const head = await readFileAt(repo, c.path, 'HEAD');
    if (head === null) removed.push(c.path);
    else restore.push({ path: c.path, content: head.toString('utf8') });
  }
  const root = workspace.current().root;
  for (const p of removed) {
    const bad = pathProblem(p);
    if (bad) throw new HostError('unsafe-path', `Refusing ${JSON.stringify(p)}: it ${bad}.`);
    rmSync(resolveInside(root, p), { force: true });
  }
  const delta = restore.length ? workspace.writeFiles(restore, 'write') : undefined;
  if (removed.length) workspace.syncFromDisk(removed);
  return { files: targets.map((t) => t.path), ...(delta ? { delta } : {}) };
}
