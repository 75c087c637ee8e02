/**
 * Randomized differential test of pull with overlapping edits: a random repository served by the
 * real git http-backend (127.0.0.1), random commits pushed by someone else, random local commits
 * touching the same files; Gantry's pull (rebase) on one clone, `git pull --rebase` on a copy.
 * Both give the same tree and files, or both report a conflict, and then Gantry changed nothing.
 * A difference prints the seed, the steps and both sides; GANTRY_DIFF_SEEDS runs others.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../../../../e2e/support/git-server.ts';
import { pull } from '../fetch-pull.ts';
import { openRepository } from '../open.ts';
import { ALICE, cleanTemps, git, gitEnv, gitTry, tempDir } from '../test-helpers.ts';
import { copyRepo, gantryOutcome, gitStatus, listDiff, lsIndex, report, snapshot, type KnownDifference } from './compare.ts';
import { diffSeeds, Rng } from './prng.ts';
import { buildRandomRepo, lineEdits, type StepLog } from './random-repo.ts';
import { seededDifferentials } from './seeded.ts';

let server: GitServer;
beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server?.close();
  cleanTemps();
});

const SEEDS = diffSeeds(Array.from({ length: 16 }, (_, i) => 5000 + i));

/** How the fixed seeds' pulls ended on git's side: the cases must exercise both outcomes. */
const outcomes = { rebased: 0, conflict: 0 };

/** Known differences, each naming who fixes it (an it.fails until then). */
const KNOWN: KnownDifference[] = [];

const rev = async (dir: string, r: string) => (await git(dir, 'rev-parse', r)).trim();

/** Commits of line edits (git add -A, git commit), `count` of them. */
async function commitEdits(rng: Rng, dir: string, steps: StepLog, count: number, who: string): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await lineEdits(rng, dir, steps, rng.range(1, 4));
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', `${who} ${i}`);
    steps.push(`git add -A; git commit -m "${who} ${i}"`);
  }
}

async function differences(seed: number): Promise<string[]> {
  const steps: StepLog = [];
  try {
    const rng = new Rng(seed);
    const work = tempDir('gantry-diff-pull-');
    const seedDir = path.join(work, 'seed');
    await buildRandomRepo(rng, seedDir, steps);
    const name = `pull-${seed}`;
    execFileSync('git', ['clone', '-q', '--bare', seedDir, path.join(server.root, `${name}.git`)], { env: gitEnv() });
    execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: path.join(server.root, `${name}.git`), env: gitEnv() });
    const url = server.url(name);
    const a = path.join(work, 'local');
    const them = path.join(work, 'them');
    await git(work, 'clone', '-q', url, a);
    await git(work, 'clone', '-q', url, them);
    steps.push(`served at ${url}; cloned as "local" and "them"`);
    steps.push('-- them:');
    await commitEdits(rng, them, steps, rng.range(1, 2), 'them');
    await git(them, 'push', '-q', 'origin', 'main');
    steps.push('git push');
    steps.push('-- local:');
    await commitEdits(rng, a, steps, rng.range(1, 2), 'local');
    const b = copyRepo(a);

    const before = { head: await rev(a, 'HEAD'), files: snapshot(a), index: await lsIndex(a) };
    const repo = await openRepository(a);
    const ours = await gantryOutcome(() => pull(repo, { author: ALICE }));
    repo.close();
    const cli = await gitTry(b, 'pull', '-q', '--rebase', '--no-autostash', 'origin', 'main');
    const gitOk = cli.code === 0;
    outcomes[gitOk ? 'rebased' : 'conflict']++;
    steps.push(`pull: gantry ${ours.ok ? ours.value.kind : `refused (${ours.code})`}, git ${gitOk ? 'rebased' : 'stopped'}`);
    const out: string[] = [];
    if (!ours.ok) {
      const after = { head: await rev(a, 'HEAD'), files: snapshot(a), index: await lsIndex(a) };
      if (JSON.stringify(after) !== JSON.stringify(before)) out.push(report('Gantry\'s pull stopped but changed the repository', seed, steps, { message: ours.message, files: listDiff(after.files, before.files, ['after', 'before']) }));
      if (ours.code !== 'merge-conflict') out.push(report('Gantry\'s pull failed otherwise than with a conflict', seed, steps, { gantry: ours }));
    }
    if (ours.ok !== gitOk) {
      out.push(report(ours.ok ? 'Gantry merged what git reports as a conflict' : 'Gantry reports a conflict where git merged', seed, steps, { gantry: ours.ok ? ours.value.kind : ours.message, git: `${cli.stdout}${cli.stderr}` }));
      return out;
    }
    if (!ours.ok) return out;
    const [treeA, treeB] = [await rev(a, 'HEAD^{tree}'), await rev(b, 'HEAD^{tree}')];
    if (treeA !== treeB) {
      const diff = await gitTry(a, 'diff', '--stat', treeB, treeA);
      out.push(report('pulled trees differ', seed, steps, { gantry: treeA, git: treeB, diff: diff.stdout + diff.stderr }));
    }
    if ((await gitTry(a, 'merge-base', '--is-ancestor', 'origin/main', 'HEAD')).code !== 0) out.push(report('Gantry\'s branch does not contain the remote commits', seed, steps, {}));
    // Empty folders left out: git's rebase checks out the remote first and replays after, so it also
    // removes a folder left empty before the pull (seed 5170); Gantry moves the files once.
    const [filesA, filesB] = [snapshot(a, { emptyFolders: false }), snapshot(b, { emptyFolders: false })];
    if (filesA.join('\n') !== filesB.join('\n')) out.push(report('files on disk differ after the pull', seed, steps, { diff: listDiff(filesA, filesB) }));
    const [statusA, statusB] = [await gitStatus(a), await gitStatus(b)];
    if (statusA.join('\n') !== statusB.join('\n')) out.push(report('git status differs after the pull', seed, steps, { diff: listDiff(statusA, statusB) }));
    return out;
  } catch (err) {
    return [report('the comparison itself failed', seed, steps, { error: String((err as Error).stack ?? err) })];
  }
}

seededDifferentials('pull with overlapping edits, against git pull --rebase on random repositories', SEEDS, KNOWN, differences);

describe('the random pulls', () => {
  it.runIf(!process.env.GANTRY_DIFF_SEEDS)('include clean rebases and conflicts', () => {
    expect(outcomes.rebased).toBeGreaterThan(2);
    expect(outcomes.conflict).toBeGreaterThan(2);
  });
});
