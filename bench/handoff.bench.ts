/**
 * The air-gapped handoff on the large example (5,000 tenants, 500 shards; issue 14): export of one
 * unpushed commit (bundle and HTML report), the bundle alone, preview and import of a bundle made
 * by the git CLI, and a clone from a folder (the whole history read, packed and checked out).
 * One line per figure: `<figure>: <value> <unit> (budget <value> <unit>)`; exits 0 always.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeExample } from '../gitops/cli/commands/init.ts';
import { createBundle } from '../gitops/node/git/bundle.ts';
import { cloneFromFolder } from '../gitops/node/git/bundle-clone.ts';
import { openRepository } from '../gitops/node/git/open.ts';
import { commit } from '../gitops/node/sync/commit-workspace.ts';
import { applyImport, exportHandoff, previewImport } from '../gitops/node/sync/handoff.ts';

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
const WHO = { name: 'Bench', email: 'bench@example.com' };

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: ENV });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function line(figure: string, ms: number, budget: number): void {
  process.stdout.write(`${figure}: ${Math.round(ms)} ms (budget ${budget} ms)\n`);
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const root = mkdtempSync(path.join(os.tmpdir(), 'gantry-bench-handoff-'));
try {
  const seed = path.join(root, 'seed');
  writeExample(seed, 'large');
  git(root, 'init', '-q', '-b', 'main', seed);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'large example');
  const remote = path.join(root, 'remote.git');
  git(root, 'clone', '-q', '--bare', seed, remote);
  const local = path.join(root, 'local');
  git(root, 'clone', '-q', remote, local);
  const other = path.join(root, 'other');
  git(root, 'clone', '-q', remote, other);

  const repo = await openRepository(local);
  const tenant = git(local, 'ls-files', 'tenants').split('\n')[0]!;
  const file = path.join(local, tenant);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/displayName: .*/, 'displayName: Bench Renamed'));
  await commit(repo, { author: WHO, message: 'bench: rename one tenant' });

  const bundleOnly = await time(() => createBundle(repo, { branch: 'main' }));
  line('handoff bundle of 1 commit (large workspace)', bundleOnly.ms, 300);
  const out = await time(() => exportHandoff(repo, { folder: path.join(root, 'usb'), title: 'large' }));
  line('handoff export, bundle and HTML report of 1 commit (large workspace)', out.ms, 1500);

  const other2 = path.join(other, tenant);
  writeFileSync(other2, readFileSync(other2, 'utf8').replace(/displayName: .*/, 'displayName: Reviewer Renamed'));
  const second = git(other, 'ls-files', 'tenants').split('\n')[1]!;
  writeFileSync(path.join(other, second), readFileSync(path.join(other, second), 'utf8').replace(/displayName: .*/, 'displayName: Second Renamed'));
  git(other, 'checkout', '-q', tenant);
  git(other, 'commit', '-q', '-am', 'reviewer: rename another tenant');
  const back = path.join(root, 'back.bundle');
  git(other, 'bundle', 'create', back, 'origin/main..main');
  const preview = await time(() => previewImport(repo, { file: back }));
  line(`handoff preview of a CLI bundle (${preview.value.kind}, large workspace)`, preview.ms, 1500);
  const imported = await time(() => applyImport(repo, { file: back, author: WHO }));
  line(`handoff import of a CLI bundle (${imported.value.kind}, rendered/ re-rendered, large workspace)`, imported.ms, 1500);
  repo.close();

  const cloned = await time(() => cloneFromFolder({ source: remote, url: `file://${remote}`, dir: path.join(root, 'from-folder'), who: WHO }));
  cloned.value.close();
  line('clone from a folder (large workspace, whole history, checkout)', cloned.ms, 5000);
} finally {
  rmSync(root, { recursive: true, force: true });
}
