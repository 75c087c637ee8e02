/**
 * Randomized differential test of switching branch with uncommitted changes: a random repository,
 * branch `other` with random commits, random uncommitted edits (working tree and index) on main;
 * Gantry's switchBranch on one copy, `git checkout` on another, there and back. Both switch and
 * leave the same files, index and status, or both refuse; a refusal changes nothing and names the
 * files. A difference prints the seed, the steps and both sides; GANTRY_DIFF_SEEDS runs others.
 */
import path from 'node:path';
import { afterAll } from 'vitest';
import { seededDifferentials } from './seeded.ts';
import { switchBranch } from '../branches.ts';
import { openRepository } from '../open.ts';
import { cleanTemps, git, gitTry, tempDir } from '../test-helpers.ts';
import { copyRepo, gantryOutcome, type KnownDifference, gitStatus, headName, listDiff, lsIndex, report, snapshot } from './compare.ts';
import { diffSeeds, Rng } from './prng.ts';
import { buildRandomRepo, randomCommits, randomEdits, type StepLog } from './random-repo.ts';

afterAll(cleanTemps);

const SEEDS = diffSeeds(Array.from({ length: 24 }, (_, i) => 3000 + i));

/** Known differences, each naming who fixes it (an it.fails until then). */
// Fixed: a file deleted only from the working tree no longer blocks a switch (git's verify_uptodate).
const KNOWN: KnownDifference[] = [];

async function switchBoth(seed: number, steps: StepLog, a: string, b: string, to: string): Promise<{ out: string[]; switched: boolean }> {
  const out: string[] = [];
  const before = { files: snapshot(a), head: await headName(a), index: await lsIndex(a) };
  const statusBefore = await gitStatus(b);
  const repo = await openRepository(a);
  const ours = await gantryOutcome(() => switchBranch(repo, to));
  repo.close();
  const cli = await gitTry(b, 'checkout', '-q', to);
  steps.push(`switch to ${to}: gantry ${ours.ok ? 'switched' : `refused (${ours.code})`}, git ${cli.code === 0 ? 'switched' : 'refused'}`);
  if (!ours.ok) {
    // A refusal changes nothing and says which files are in the way.
    const after = { files: snapshot(a), head: await headName(a), index: await lsIndex(a) };
    if (JSON.stringify(after) !== JSON.stringify(before)) out.push(report(`Gantry refused to switch to ${to} but changed the repository`, seed, steps, { message: ours.message, files: listDiff(after.files, before.files, ['after', 'before']), index: listDiff(after.index, before.index, ['after', 'before']) }));
    if (!(ours.code === 'merge-conflict' && /uncommitted changes to /.test(ours.message)) && !(ours.code === 'unsafe-path' && /symbolic link/.test(ours.message))) out.push(report(`Gantry refused to switch to ${to} without naming the files`, seed, steps, { gantry: ours }));
  }
  // Stricter than git on purpose (README, "Paths git refuses"): a tree with a symlinked .gitignore,
  // .gitattributes, .gitmodules or .mailmap is not checked out. Not a difference; nothing changed (above).
  const documented = !ours.ok && ours.code === 'unsafe-path' && /makes \S*\.(gitignore|gitattributes|gitmodules|mailmap)\S* a symbolic link/.test(ours.message);
  if (documented) steps.push(`(Gantry's documented refusal: ${ours.message})`);
  if (!documented && ours.ok !== (cli.code === 0)) {
    // Which kind of stricter refusal: one whose files in the way are all deleted in the working tree only.
    const named = !ours.ok && Array.isArray((ours.details as { files?: unknown })?.files) ? ((ours.details as { files: string[] }).files) : [];
    const deletedOnly = named.length > 0 && named.every((f) => statusBefore.some((l) => l.startsWith(' D ') && (l.slice(3) === f || f.startsWith(`${l.slice(3)}/`) || l.slice(3).startsWith(`${f}/`))));
    const what = ours.ok ? `Gantry switched to ${to}, git refused (it would lose a change)` : `Gantry refused to switch to ${to}, git switched${deletedOnly ? ' (only files deleted in the working tree)' : ''}`;
    out.push(report(what, seed, steps, { gantry: ours.ok ? 'switched' : ours, git: cli.stderr, statusBefore }));
    return { out, switched: false };
  }
  if (!ours.ok) return { out, switched: false };
  const [filesA, filesB] = [snapshot(a), snapshot(b)];
  if (filesA.join('\n') !== filesB.join('\n')) out.push(report(`files on disk differ after switching to ${to}`, seed, steps, { diff: listDiff(filesA, filesB) }));
  const [indexA, indexB] = [await lsIndex(a), await lsIndex(b)];
  if (indexA.join('\n') !== indexB.join('\n')) out.push(report(`index differs after switching to ${to}`, seed, steps, { diff: listDiff(indexA, indexB) }));
  const [statusA, statusB] = [await gitStatus(a), await gitStatus(b)];
  if (statusA.join('\n') !== statusB.join('\n')) out.push(report(`git status differs after switching to ${to}`, seed, steps, { diff: listDiff(statusA, statusB) }));
  const [headA, headB] = [await headName(a), await headName(b)];
  if (headA !== headB) out.push(report(`HEAD differs after switching to ${to}`, seed, steps, { gantry: headA, git: headB }));
  return { out, switched: true };
}

async function differences(seed: number): Promise<string[]> {
  const steps: StepLog = [];
  try {
    const rng = new Rng(seed);
    const a = path.join(tempDir('gantry-diff-sw-'), 'repo');
    await buildRandomRepo(rng, a, steps);
    await git(a, 'checkout', '-q', '-b', 'other');
    steps.push('git checkout -b other');
    await randomCommits(rng, a, steps, { count: rng.range(1, 2), edits: rng.range(2, 6), message: 'other' });
    await git(a, 'checkout', '-q', 'main');
    steps.push('git checkout main');
    await randomEdits(rng, a, steps, { count: rng.range(1, 6), index: true });
    const b = copyRepo(a);
    const there = await switchBoth(seed, steps, a, b, 'other');
    if (!there.switched) return there.out;
    return [...there.out, ...(await switchBoth(seed, steps, a, b, 'main')).out];
  } catch (err) {
    return [report('the comparison itself failed', seed, steps, { error: String((err as Error).stack ?? err) })];
  }
}

seededDifferentials('switching branch with uncommitted changes, against git checkout on random repositories', SEEDS, KNOWN, differences);
