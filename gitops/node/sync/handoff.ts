import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { renderChangeReport, type ReportCommit } from '../../core/report/change-report.ts';
import { createBundle, storeBundleObjects, verifyBundle, type VerifiedBundle } from '../git/bundle.ts';
import { integrateCommit, integratePlan, type IntegrateResult } from '../git/bundle-integrate.ts';
import { currentBranch } from '../git/branches.ts';
import { mergeBase, readCommit, type CommitObject } from '../git/commits.ts';
import { readRef } from '../git/refs.ts';
import type { Repository } from '../git/repository.ts';
import { GitError, type FileChange, type GitIdentity, type LongWork } from '../git/types.ts';
import { diffWorkspace } from './diff-workspace.ts';
import { renderedDerivation } from './rendered-derived.ts';

/**
 * Air-gapped handoff for a Gantry workspace: the unpushed commits as a git bundle plus an HTML
 * change report next to it, and a bundle received back previewed, then fast-forwarded to or
 * rebased onto (rendered/ rendered again from the merged specs, as pull does).
 */

export interface HandoffExport {
  bundlePath: string;
  reportPath: string;
  branch: string;
  tip: string;
  prerequisites: string[];
  commits: ReportCommit[];
  bytes: number;
}

/** The report's view of one commit: its semantic summary, files and rendered diff against its first parent. */
async function describeCommit(repo: Repository, c: CommitObject): Promise<ReportCommit> {
  const base: ReportCommit = { oid: c.oid, parents: c.parents, author: c.author, committer: c.committer, message: c.message, summary: [], files: [], rendered: [] };
  if (!c.parents[0]) return base;
  const d = await diffWorkspace(repo, { from: c.parents[0], to: c.oid, maxPatches: 40 });
  return { ...base, summary: d.summary.map((s) => ({ text: s.text, ...(s.derived ? { derived: true } : {}) })), files: d.files, rendered: d.rendered };
}

/** `platform-main-1a2b3c4.bundle`: the workspace, the branch and the tip, so two handoffs never collide. */
export function handoffFileName(title: string, branch: string, tip: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'gantry';
  return `${safe(title)}-${safe(branch)}-${tip.slice(0, 7)}`;
}

/**
 * Exports `branch`'s commits the remote lacks (or since `base`) into `folder`: `<name>.bundle`
 * and `<name>.html` (the change report). The folder is the person's choice (a removable drive);
 * both files are written atomically, the report only after the bundle.
 */
export async function exportHandoff(repo: Repository, opts: { folder: string; title: string; branch?: string; base?: string; now?: Date }): Promise<HandoffExport> {
  const branch = opts.branch ?? (await currentBranch(repo));
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to hand over.');
  const folder = path.resolve(opts.folder);
  let st;
  try {
    st = statSync(folder);
  } catch {
    mkdirSync(folder, { recursive: true });
    st = statSync(folder);
  }
  if (!st.isDirectory()) throw new GitError('unknown', `${opts.folder} is a file; choose a folder for the bundle.`);
  const made = createBundle(repo, { branch, ...(opts.base !== undefined ? { base: opts.base } : {}) });
  const name = handoffFileName(opts.title, branch, made.tip);
  const bundlePath = path.join(folder, `${name}.bundle`);
  const reportPath = path.join(folder, `${name}.html`);
  const commits: ReportCommit[] = [];
  for (const c of made.commits) commits.push(await describeCommit(repo, c));
  const html = renderChangeReport({
    title: opts.title,
    branch,
    bundleFile: path.basename(bundlePath),
    prerequisites: made.prerequisites,
    tip: made.tip,
    generatedAt: (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    commits,
  });
  writeFileAtomic(bundlePath, made.bytes);
  writeFileAtomic(reportPath, Buffer.from(html, 'utf8'));
  return { bundlePath, reportPath, branch, tip: made.tip, prerequisites: made.prerequisites, commits, bytes: made.bytes.length };
}

export interface ImportPreview {
  file: string;
  branch: string;
  /** The bundle's reference taken (refs/heads/<branch> when it has it). */
  ref: string;
  tip: string;
  refs: Array<{ name: string; oid: string }>;
  kind: IntegrateResult['kind'];
  /** Commits the bundle brings, oldest first, with their summaries. */
  incoming: ReportCommit[];
  /** Your commits that would be replayed onto it (rebase). */
  local: Array<{ oid: string; subject: string }>;
  /** What the bundle changes, from where your branch and it part to its tip. */
  summary: Array<{ text: string; derived?: boolean }>;
  files: FileChange[];
}

/** Which reference of the bundle to take: `ref` if given, else refs/heads/<branch>, else its only branch. */
function chooseRef(v: VerifiedBundle, branch: string, ref?: string): { name: string; oid: string } {
  const heads = v.head.refs.filter((r) => r.name.startsWith('refs/heads/'));
  const pick = ref ? v.head.refs.find((r) => r.name === ref || r.name === `refs/heads/${ref}`) : (heads.find((r) => r.name === `refs/heads/${branch}`) ?? (heads.length === 1 ? heads[0] : undefined));
  if (!pick) {
    throw new GitError('not-found', `${path.basename(v.file)} has ${ref ? `no reference ${ref}` : `no branch ${branch}`}; it has ${v.head.refs.map((r) => r.name).join(', ')}. Choose which to take.`, { refs: v.head.refs });
  }
  const obj = v.store.tryRead(pick.oid);
  if (obj?.type !== 'commit') throw new GitError('invalid-bundle', `${pick.name} in ${path.basename(v.file)} is not a commit.`);
  return pick;
}

/**
 * Checks a bundle received back (verifyBundle: prerequisites, pack, references, tree safety),
 * stores its objects (as git fetch does: no reference, index or file changes) and says what
 * taking it would do. A bundle that fails a check stores nothing.
 */
export async function previewImport(repo: Repository, opts: { file: string; ref?: string }): Promise<ImportPreview> {
  const branch = await currentBranch(repo);
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to import into.');
  const v = verifyBundle(repo, opts.file);
  const pick = chooseRef(v, branch, opts.ref);
  await storeBundleObjects(repo, v);
  const plan = integratePlan(repo, branch, pick.oid);
  const local = readRef(repo.gitdir, `refs/heads/${branch}`);
  const incoming: ReportCommit[] = [];
  for (const oid of [...plan.incoming].reverse().slice(-200)) incoming.push(await describeCommit(repo, readCommit(repo.objects, oid)));
  let summary: ImportPreview['summary'] = [];
  let files: FileChange[] = [];
  if (plan.kind !== 'up-to-date') {
    const from = local ? mergeBase(repo.objects, repo.gitdir, local, pick.oid) : undefined;
    if (from) {
      const d = await diffWorkspace(repo, { from, to: pick.oid, maxPatches: 0 });
      summary = d.summary.map((s) => ({ text: s.text, ...(s.derived ? { derived: true } : {}) }));
      files = d.files;
    }
  }
  return {
    file: opts.file,
    branch,
    ref: pick.name,
    tip: pick.oid,
    refs: v.head.refs,
    kind: plan.kind,
    incoming,
    local: plan.local.map((c) => ({ oid: c.oid, subject: c.message.split('\n')[0]! })),
    summary,
    files,
  };
}

/**
 * Takes a bundle received back into the checked-out branch: checks it again, then fast-forwards
 * or rebases the local commits onto its tip (a conflict: GitError 'merge-conflict' naming the files,
 * nothing changed). `expectTip` (from the preview) refuses a bundle that changed since.
 * The branch's remote-tracking branch moves to the tip too when that is a fast-forward of it.
 */
export async function applyImport(repo: Repository, opts: LongWork & { file: string; ref?: string; author: GitIdentity; expectTip?: string }): Promise<IntegrateResult & { tip: string; ref: string }> {
  const branch = await currentBranch(repo);
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to import into.');
  const v = verifyBundle(repo, opts.file);
  const pick = chooseRef(v, branch, opts.ref);
  if (opts.expectTip && opts.expectTip !== pick.oid) {
    throw new GitError('external-change', `${path.basename(opts.file)} changed since the preview (its ${pick.name} is now ${pick.oid.slice(0, 7)}); preview it again.`);
  }
  await storeBundleObjects(repo, v);
  const result = await integrateCommit(repo, {
    branch,
    target: pick.oid,
    source: `the bundle ${path.basename(opts.file)}`,
    author: opts.author,
    derived: renderedDerivation(),
    updateTracking: true,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { ...result, tip: pick.oid, ref: pick.name };
}
