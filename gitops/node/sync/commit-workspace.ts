import { existsSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_FILE, kindOfPath } from '../../../shared/kinds.ts';
import type { WorkspaceModel } from '../../core/model/workspace-model.ts';
import type { SemanticChange } from '../../core/diff/semantic.ts';
import { changeSummary } from '../../core/history/change-summary.ts';
import { gantryTrailers, withGantryTrailers } from '../../core/history/gantry-trailers.ts';
import { renderWorkspace, type RenderedFiles } from '../../core/render/renderer.ts';
import { Validator } from '../../core/validate/validator.ts';
import { commitChanges, type CommitResult } from '../git/commit.ts';
import { assertNoOperationInProgress } from '../git/in-progress.ts';
import { readFileAt } from '../git/diff.ts';
import { status } from '../git/status.ts';
import type { Repository } from '../git/repository.ts';
import { GitError, type GitIdentity, type SecretFinding } from '../git/types.ts';
import { layoutFindings } from '../read-workspace.ts';
import { readModel } from '../workspace-io.ts';
import { noteRenderedCommitted, syncRendered } from './rendered-sync.ts';
import { scanChanges, scanCommitMessage } from './secrets.ts';

export type { CommitResult } from '../git/commit.ts';

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
  /** Change kinds put first in the Gantry-Change trailer (e.g. `init`, `drain`); the rest come from the summary. */
  changeKinds?: readonly string[];
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
/**
 * Commits the workspace: validates it (refusing with 'invalid-workspace' and the errors), writes
 * `rendered/` from the specs, stages spec and rendered files together (additions, modifications
 * and deletions), refuses credentials on added lines or in the message ('secret-detected' with
 * file and line), and writes the commit through the Git layer's commitChanges (crash-safe).
 */
export async function commit(repo: Repository, opts: CommitOptions): Promise<CommitResult> {
  // A credential in the message would be pushed as surely as one in a file.
  const inMessage = scanCommitMessage(opts.message ?? '');
  if (inMessage.length) throw secretError(inMessage);
  // What to finish first comes before what the files say: during a merge they hold conflict markers.
  // (commitChanges checks again under its lock.)
  assertNoOperationInProgress(repo.gitdir, 'commit');
  const checked = checkedRender(repo.dir, opts.workspace);
  // Gantry-Change / Gantry-Tenants / Gantry-Shards from what the specs say changed since HEAD.
  let message = opts.message;
  if (checked && opts.message?.trim()) {
    const { summary, shards } = await summarySinceHead(repo, opts.all ?? false);
    message = withGantryTrailers(opts.message, gantryTrailers(summary, opts.changeKinds, shards));
  }
  const rendered = checked?.rendered;
  return commitChanges(repo, {
    author: opts.author,
    message,
    ...(opts.durable !== undefined ? { durable: opts.durable } : {}),
    ...(opts.date ? { date: opts.date } : {}),
    select: (changes) => changes.filter((c) => opts.all || isWorkspacePath(c.path)).map((c) => c.path),
    prepare: (engine) => (rendered ? syncRendered(repo, engine, rendered) : []),
    check: (files) => {
      const findings = scanChanges(files);
      if (findings.length) throw secretError(findings);
    },
    committed: (engine) => {
      if (rendered) noteRenderedCommitted(repo, rendered, engine.generation());
    },
  });
}

/**
 * What the commit changes in the specs, for its trailers: the changed spec files' text at HEAD
 * against the text being committed (see changeSummary; only those files are read).
 */
async function summarySinceHead(repo: Repository, all: boolean): Promise<{ summary: SemanticChange[]; shards: string[] }> {
  const changed = (await status(repo)).filter((c) => (all || isWorkspacePath(c.path)) && !c.path.startsWith('rendered/') && kindOfPath(c.path) !== undefined);
  const before: Array<[string, Buffer]> = [];
  const after: Array<[string, Buffer]> = [];
  for (const c of changed) {
    const a = await readFileAt(repo, c.path, 'HEAD');
    const b = await readFileAt(repo, c.path, 'WORKTREE');
    if (a) before.push([c.path, a]);
    if (b) after.push([c.path, b]);
  }
  return changeSummary(before, after);
}

/**
 * The render to commit, after validating the workspace (undefined outside a Gantry workspace). The
 * layout is checked now, not when the workspace was opened: a folder may have become a link since.
 */
function checkedRender(root: string, workspace: CommitWorkspace | undefined): { model: WorkspaceModel; rendered: RenderedFiles } | undefined {
  if (!workspace && !existsSync(path.join(root, WORKSPACE_FILE))) return undefined;
  const model = workspace?.model ?? readModel(root);
  const report = (workspace?.validator ?? new Validator(model)).report();
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
  return { model, rendered: workspace?.rendered ?? renderWorkspace(model) };
}

function secretError(findings: SecretFinding[]): GitError {
  const list = findings.slice(0, 10).map((f) => `${f.file}:${f.line} (${f.kind})`).join('\n');
  return new GitError(
    'secret-detected',
    `Not committing: ${findings.length === 1 ? 'a credential' : `${findings.length} credentials`} would be added to the repository. Remove ${findings.length === 1 ? 'it' : 'them'} (use a secret store or a reference instead):\n${list}${findings.length > 10 ? `\n(and ${findings.length - 10} more)` : ''}`,
    findings,
  );
}

