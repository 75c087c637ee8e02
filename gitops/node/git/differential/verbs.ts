/**
 * The four verbs compared on two copies of one repository shape: Gantry on `a`, the git CLI on
 * `b`. Each returns the differences (empty: git and Gantry agree) and what Gantry answered, so a
 * test can also check a refusal's message. Opening is part of each verb: a shape openRepository
 * refuses comes back as `refused` with its message.
 */
import { switchBranch } from '../branches.ts';
import { commit } from '../../sync/index.ts';
import { pull } from '../fetch-pull.ts';
import { openRepository } from '../open.ts';
import type { Repository } from '../repository.ts';
import { status } from '../status.ts';
import { ALICE, git, gitTry } from '../test-helpers.ts';
import { fsckProblems, gantryOutcome, gitStatus, headName, listDiff, lsIndex, lsTree, snapshot, type Outcome } from './compare.ts';

export interface VerbResult {
  /** What differs from the git CLI, one line each. */
  differences: string[];
  /** openRepository's refusal ('not-supported'), when the shape is refused outright. */
  refused?: string;
  /** Gantry's answers, in order (a refusal's message is checked by the test). */
  gantry: Array<Outcome<unknown>>;
}

async function opened(a: string): Promise<Repository | string> {
  const r = await gantryOutcome(() => openRepository(a));
  if (r.ok) return r.value;
  if (r.code === 'not-supported') return r.message;
  throw new Error(`openRepository failed: ${r.code}: ${r.message}`);
}

/** The repository as a person would notice a change in it: files, index, HEAD. */
async function state(dir: string): Promise<string> {
  return JSON.stringify({ files: snapshot(dir), index: await lsIndex(dir), head: await headName(dir), oid: (await gitTry(dir, 'rev-parse', '-q', '--verify', 'HEAD')).stdout.trim() });
}

/** Gantry's status on `a` against `git status --porcelain=v1 -z -uall --no-renames` on `b`. */
export async function compareStatus(a: string, b: string): Promise<VerbResult> {
  const repo = await opened(a);
  if (typeof repo === 'string') return { differences: [], refused: repo, gantry: [] };
  let ours: string[];
  try {
    ours = (await status(repo)).map((c) => `${c.xy} ${c.path}`).sort();
  } finally {
    repo.close();
  }
  const theirs = await gitStatus(b);
  return { differences: listDiff(ours, theirs), gantry: [{ ok: true, value: ours }] };
}

/** Gantry's commit of everything on `a` against `git add -A && git commit` on `b`. */
export async function compareCommit(a: string, b: string, leftOut: readonly string[] = []): Promise<VerbResult> {
  const repo = await opened(a);
  if (typeof repo === 'string') return { differences: [], refused: repo, gantry: [] };
  const before = await state(a);
  const made = await gantryOutcome(() => commit(repo, { author: ALICE, message: 'everything', all: true, durable: false }));
  repo.close();
  // With unmerged paths, `git add -A` (or -a) would stage the conflict markers; `git commit` is what refuses.
  const unmerged = (await git(b, 'ls-files', '-u')).trim() !== '';
  const added = unmerged ? { code: 0, stdout: '', stderr: '' } : await gitTry(b, 'add', '-A');
  const cli = added.code === 0 ? await gitTry(b, 'commit', '-q', '-m', 'everything') : added;
  const out: string[] = [];
  if (made.ok !== (cli.code === 0)) {
    out.push(`gantry ${made.ok ? 'committed' : `refused (${made.code}: ${made.message})`}, git ${cli.code === 0 ? 'committed' : `refused: ${cli.stdout}${cli.stderr}`.trim()}`);
    return { differences: out, gantry: [made] };
  }
  if (!made.ok) {
    if ((await state(a)) !== before) out.push(`Gantry refused (${made.message}) but changed the repository`);
    return { differences: out, gantry: [made] };
  }
  // What Gantry leaves out on purpose (and says so: the caller checks the reason) is not a difference.
  const gitTree = (await lsTree(b)).filter((l) => !leftOut.some((p) => l.endsWith(`\t${p.replace(/\/$/, '')}`)));
  out.push(...listDiff(await lsTree(a), gitTree).map((d) => `tree: ${d}`));
  const [fsckA, fsckB] = [await fsckProblems(a), await fsckProblems(b)];
  if (fsckA !== fsckB) out.push(`fsck --strict: gantry "${fsckA}", git "${fsckB}"`);
  // and a repository left out stays untracked, as Gantry's status lists it.
  const ourStatus = (await gitStatus(a)).filter((l) => !leftOut.some((p) => l === `?? ${p}`));
  out.push(...listDiff(ourStatus, await gitStatus(b)).map((d) => `status after: ${d}`));
  return { differences: out, gantry: [made] };
}

/** Gantry's switchBranch on `a` against `git checkout` on `b`: to `to`, and back when both switched. */
export async function compareSwitch(a: string, b: string, to: string): Promise<VerbResult> {
  const back = await headName(a);
  const out: string[] = [];
  const answers: Array<Outcome<unknown>> = [];
  for (const target of [to, back]) {
    const repo = await opened(a);
    if (typeof repo === 'string') return { differences: out, refused: repo, gantry: answers };
    const before = await state(a);
    const ours = await gantryOutcome(() => switchBranch(repo, target));
    repo.close();
    answers.push(ours);
    const cli = await gitTry(b, 'checkout', '-q', target);
    if (!ours.ok && (await state(a)) !== before) out.push(`Gantry refused to switch to ${target} (${ours.message}) but changed the repository`);
    if (ours.ok !== (cli.code === 0)) {
      out.push(`switch to ${target}: gantry ${ours.ok ? 'switched' : `refused (${ours.message})`}, git ${cli.code === 0 ? 'switched' : `refused: ${cli.stderr.trim()}`}`);
      break;
    }
    if (!ours.ok) break;
    out.push(...listDiff(snapshot(a), snapshot(b)).map((d) => `files after switching to ${target}: ${d}`));
    out.push(...listDiff(await lsIndex(a), await lsIndex(b)).map((d) => `index after switching to ${target}: ${d}`));
    out.push(...listDiff(await gitStatus(a), await gitStatus(b)).map((d) => `status after switching to ${target}: ${d}`));
    if (out.length) break;
  }
  return { differences: out, gantry: answers };
}

/**
 * Gantry's pull on `a` against `git pull --rebase` on `b` (same remote). With uncommitted changes
 * to tracked files, git's pull refuses outright; Gantry keeps them when the pull touches none of
 * them. Then git pulls after `git stash` (what the person would do; `git reset --hard` of git's copy
 * where git cannot stash them), the trees must be equal and
 * Gantry's status the same as before the pull; a refusal must say which uncommitted changes.
 */
export async function comparePull(a: string, b: string): Promise<VerbResult> {
  const repo = await opened(a);
  if (typeof repo === 'string') return { differences: [], refused: repo, gantry: [] };
  const before = await state(a);
  const statusBefore = await gitStatus(a);
  const dirty = statusBefore.some((l) => !l.startsWith('??'));
  const ours = await gantryOutcome(() => pull(repo, { author: ALICE }));
  repo.close();
  // git's own answer with a merge in progress; otherwise the changes set aside (stash, or dropped
  // when git cannot stash them: a path beyond a symbolic link, an intent-to-add entry).
  const unmerged = (await git(b, 'ls-files', '-u')).trim() !== '';
  if (dirty && !unmerged && (await gitTry(b, 'stash', '-q')).code !== 0) await git(b, 'reset', '-q', '--hard');
  const cli = await gitTry(b, 'pull', '-q', '--rebase');
  const out: string[] = [];
  if (!ours.ok && (await state(a)) !== before) out.push(`Gantry's pull stopped (${ours.message}) but changed the repository`);
  const keptChanges = dirty && !ours.ok && /uncommitted changes to /.test(ours.message);
  if (ours.ok !== (cli.code === 0) && !keptChanges) {
    out.push(`pull: gantry ${ours.ok ? 'pulled' : `refused (${ours.message})`}, git ${cli.code === 0 ? 'pulled' : `stopped: ${cli.stdout}${cli.stderr}`.trim()}`);
    return { differences: out, gantry: [ours] };
  }
  if (!ours.ok || cli.code !== 0) return { differences: out, gantry: [ours] };
  const tree = async (d: string) => (await git(d, 'rev-parse', 'HEAD^{tree}')).trim();
  if ((await tree(a)) !== (await tree(b))) out.push(...listDiff(await lsTree(a), await lsTree(b)).map((d) => `tree after pull: ${d}`));
  if (dirty) {
    out.push(...listDiff(await gitStatus(a), statusBefore, ['after', 'before']).map((d) => `uncommitted changes after pull: ${d}`));
  } else {
    out.push(...listDiff(snapshot(a, { emptyFolders: false }), snapshot(b, { emptyFolders: false })).map((d) => `files after pull: ${d}`));
    out.push(...listDiff(await gitStatus(a), await gitStatus(b)).map((d) => `status after pull: ${d}`));
  }
  return { differences: out, gantry: [ours] };
}
