/**
 * Git layer benchmark (`npm run bench:git`) on the large example workspace (5,000 tenants, 500
 * shards, 50 pools, 10 clusters), committed with the git CLI and packed, in two repositories:
 * - specs only: the 5,560 spec files, the "5,500-file benchmark workspace" the budgets were set on;
 * - specs plus `rendered/` (24,100 files), which is what a Gantry repository really holds.
 * Figures: status in a fresh process (cold, median of 7) for both, status after one edit (warm),
 * a commit of one tenant change, and for comparison stock isomorphic-git statusMatrix and
 * `git status`. One line per figure: `<figure>: <value> <unit> (budget <value> <unit>)`. Exits 0
 * even over budget.
 *
 * The same file is the child process of the cold figures (`--child-status DIR`, `--child-matrix DIR`),
 * so the child loads only what it measures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.join(here, '..');

async function childStatus(dir: string): Promise<void> {
  const { openRepository } = await import('../gitops/node/git/open.ts');
  const { status } = await import('../gitops/node/git/status.ts');
  const t = performance.now();
  const repo = await openRepository(dir);
  const changes = await status(repo);
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ ms, changes: changes.length })}\n`);
}

async function childMatrix(dir: string): Promise<void> {
  const fs = await import('node:fs');
  const git = await import('isomorphic-git');
  const t = performance.now();
  const rows = await git.statusMatrix({ fs, dir });
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ ms, rows: rows.length })}\n`);
}

function gitCli(dir: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Runs this file as a child; returns the child's JSON line and its whole wall time. */
function runChild(mode: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ result: { ms: number }; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode, dir], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const wallMs = performance.now() - t;
      if (code !== 0) reject(new Error(`child ${mode} failed (${code}): ${err}`));
      else resolve({ result: JSON.parse(out.trim().split('\n').pop()!), wallMs });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function line(figure: string, value: number, unit: string, budget?: number): void {
  const v = value >= 100 ? Math.round(value).toString() : unit === 'x' ? value.toFixed(2) : value.toFixed(1);
  process.stdout.write(`${figure}: ${v} ${unit} (budget ${budget === undefined ? 'none' : `${budget} ${unit}`})\n`);
}

async function main(): Promise<void> {
  const work = path.join(here, '.work', `git-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const dir = path.join(work, 'large');
  try {
    const { writeExample } = await import('../gitops/cli/commands/init.ts');
    const specsDir = path.join(work, 'specs-only');
    writeExample(specsDir, 'large');
    rmSync(path.join(specsDir, 'rendered'), { recursive: true, force: true });
    writeExample(dir, 'large');
    for (const d of [specsDir, dir]) {
      gitCli(d, 'init', '-q', '-b', 'main');
      gitCli(d, 'config', 'gc.auto', '0');
      gitCli(d, 'add', '-A');
      gitCli(d, 'commit', '-q', '-m', 'Large example workspace');
      gitCli(d, 'gc', '-q');
      gitCli(d, 'status', '--porcelain');
    }
    const fileCount = (d: string) => gitCli(d, 'ls-files').split('\n').filter(Boolean).length;

    // Cold: a fresh process each time. The first run also builds the folder-listing cache. Each run
    // is followed by git status, so both figures come from the same minutes.
    const gitStatusMs = (d: string) => {
      const t = performance.now();
      gitCli(d, 'status', '--porcelain');
      return performance.now() - t;
    };
    const coldRuns = async (d: string) => {
      const first = await runChild('--child-status', d);
      const ms: number[] = [];
      const wallMs: number[] = [];
      const cli: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await runChild('--child-status', d);
        ms.push(r.result.ms);
        wallMs.push(r.wallMs);
        cli.push(gitStatusMs(d));
      }
      return { first: first.result.ms, ms, wallMs, cli };
    };
    const coldSpecs = await coldRuns(specsDir);
    const coldFull = await coldRuns(dir);

    // Warm: the app's session, watched, after one edit each time.
    const { openRepository } = await import('../gitops/node/git/open.ts');
    const { status } = await import('../gitops/node/git/status.ts');
    const { watchRepository } = await import('../gitops/node/git/watch.ts');
    const { commit } = await import('../gitops/node/sync/commit-workspace.ts');
    const { writeFileAtomic } = await import('../gitops/node/atomic-write.ts');
    const { WorkspaceModel } = await import('../gitops/core/model/workspace-model.ts');
    const { Validator } = await import('../gitops/core/validate/validator.ts');
    const { Renderer } = await import('../gitops/core/render/renderer.ts');
    const { readWorkspaceFiles } = await import('../gitops/node/read-workspace.ts');
    const repo = await openRepository(dir);
    const watcher = watchRepository(repo);
    await watcher.ready;
    await status(repo);
    const warm: number[] = [];
    const tenantFile = (n: number) => `tenants/tenant-${String(n).padStart(5, '0')}.yaml`;
    for (let i = 0; i < 5; i++) {
      const rel = tenantFile(100 + i);
      const abs = path.join(dir, rel);
      writeFileAtomic(abs, readFileSync(abs, 'utf8').replace(/latencyTargetMs: \d+/, `latencyTargetMs: ${300 + i}`));
      const t = performance.now();
      const changes = await status(repo);
      warm.push(performance.now() - t);
      if (!changes.some((c) => c.path === rel)) throw new Error(`warm status missed ${rel}`);
    }
    gitCli(dir, 'checkout', '--', 'tenants');
    await status(repo);

    // Commit: the app holds model, validator and renderer; a tenant edit was saved, validated and
    // re-rendered as the user typed; the commit writes and stages the rendered files and commits.
    const model = WorkspaceModel.fromFiles(readWorkspaceFiles(dir));
    const validator = new Validator(model);
    const renderer = new Renderer(model);
    renderer.renderAll();
    const { warmCommitCache } = await import('../gitops/node/sync/rendered-sync.ts');
    await warmCommitCache(repo, renderer.current());
    const author = { name: 'Bench', email: 'bench@example.com' };
    const commitOne = async (n: number, latency: number): Promise<{ commitMs: number; totalMs: number }> => {
      const rel = tenantFile(n);
      const abs = path.join(dir, rel);
      writeFileAtomic(abs, readFileSync(abs, 'utf8').replace(/latencyTargetMs: \d+/, `latencyTargetMs: ${latency}`).replace(/plan: \w+/, 'plan: premium'));
      const t = performance.now();
      validator.update(rel, readFileSync(abs));
      renderer.rerenderTenant(path.basename(rel, '.yaml'));
      const t1 = performance.now();
      await commit(repo, { author, message: `tenant ${n}: latency ${latency}`, workspace: { model, validator, rendered: renderer.current() } });
      const t2 = performance.now();
      return { commitMs: t2 - t1, totalMs: t2 - t };
    };
    const firstCommit = await commitOne(200, 111);
    const commits: number[] = [];
    const totals: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await commitOne(201 + i, 120 + i);
      commits.push(r.commitMs);
      totals.push(r.totalMs);
    }
    watcher.close();

    const matrixSpecs = await runChild('--child-matrix', specsDir);
    const matrix = await runChild('--child-matrix', dir);
    const cliSpecs = median(coldSpecs.cli);
    const cliFull = median(coldFull.cli);

    const specsFiles = fileCount(specsDir);
    const fullFiles = fileCount(dir);
    line(`status cold, ${specsFiles} spec files, in-process time of a fresh process`, median(coldSpecs.ms), 'ms', 150);
    line(`status cold, ${fullFiles} files (specs + rendered/), in-process time of a fresh process`, median(coldFull.ms), 'ms', 150);
    line(`status cold, ${fullFiles} files, wall time of that fresh process (node + tsx + imports)`, median(coldFull.wallMs), 'ms');
    line(`status cold, ${fullFiles} files, first run ever (no folder-listing cache yet)`, coldFull.first, 'ms');
    line('status warm after one edit (watched)', median(warm), 'ms', 30);
    line('commit of one tenant change with its rendered files', median(commits), 'ms', 200);
    line('commit of one tenant change, plus re-validating and re-rendering that tenant', median(totals), 'ms');
    line('commit of one tenant change, first of the session (after warmCommitCache)', firstCommit.commitMs, 'ms');
    line(`stock isomorphic-git statusMatrix, ${specsFiles} spec files, cold (fresh process)`, matrixSpecs.result.ms, 'ms');
    line(`stock isomorphic-git statusMatrix, ${fullFiles} files, cold (fresh process)`, matrix.result.ms, 'ms');
    line(`git status CLI, ${specsFiles} spec files (wall)`, cliSpecs, 'ms');
    line(`git status CLI, ${fullFiles} files (wall)`, cliFull, 'ms');
    // The architecture's aim: no slower than git on the same repository in the same run (ours in-process vs git's wall, both cold on disk cache).
    line(`status cold vs git status, ${specsFiles} spec files (ours / git)`, median(coldSpecs.ms) / cliSpecs, 'x', 1);
    line(`status cold vs git status, ${fullFiles} files (ours / git)`, median(coldFull.ms) / cliFull, 'x', 1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const [mode, arg] = process.argv.slice(2);
const run = mode === '--child-status' ? childStatus(arg!) : mode === '--child-matrix' ? childMatrix(arg!) : main();
run.catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
