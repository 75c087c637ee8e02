import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../../../e2e/support/git-server.ts';
import { writeExample } from '../../cli/commands/init.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { diffRendered, loadWorkspace, writeRendered } from '../workspace-io.ts';
import { branchState } from './branches.ts';
import { cloneRepository } from './clone.ts';
import { commit } from '../sync/commit-workspace.ts';
import { diffFile } from './diff.ts';
import { pull, setAside as setAsideLocalCommits } from '../sync/pull-workspace.ts';
import { log } from './log.ts';
import { push } from './push.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelain, tempDir } from './test-helpers.ts';
import { GitError, type GitProgress } from './types.ts';

const USER = 'alice';
const PASS = 's3cret-token';
const auth = { username: USER, password: PASS };

let server: GitServer;
let seed: string;

beforeAll(async () => {
  server = await startGitServer({ users: { [USER]: PASS } });
  seed = path.join(tempDir(), 'seed');
  writeExample(seed, 'small');
});

afterAll(async () => {
  await server?.close();
  cleanTemps();
});

/** The remote URL with credentials, for the git CLI only (Gantry never puts them in URLs). */
const cliUrl = (url: string) => url.replace('http://', `http://${USER}:${PASS}@`);

async function expectGitError(p: Promise<unknown>, code: string): Promise<GitError> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    expect(err.code).toBe(code);
    return err;
  }
  throw new Error(`expected GitError ${code}`);
}

/** What a person using the git CLI and `gantry render` does: edit a tenant, render, commit, push. */
async function cliChange(url: string, file: string, from: string, to: string, message: string): Promise<void> {
  const dir = path.join(tempDir(), 'cli');
  await git(path.dirname(dir), 'clone', '-q', cliUrl(url), dir);
  edit(path.join(dir, file), (t) => {
    if (!t.includes(from)) throw new Error(`${file} has no ${from}`);
    return t.replace(from, to);
  });
  const { root, model } = loadWorkspace(dir);
  writeRendered(root, new Renderer(model).renderAll());
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', message);
  await git(dir, 'push', '-q', 'origin', 'main');
}

async function rendersClean(dir: string): Promise<boolean> {
  const { root, model } = loadWorkspace(dir);
  const d = diffRendered(root, new Renderer(model).renderAll());
  return d.added.length + d.changed.length + d.removed.length === 0;
}

describe('clone', () => {
  it('clones with the right credentials (shallow, progress, nothing secret on disk)', async () => {
    const url = await server.createRepo('clone-ok', { fromDir: seed });
    const dir = path.join(tempDir(), 'clone');
    const events: GitProgress[] = [];
    const repo = await cloneRepository({ url, dir, auth, onProgress: (p) => events.push(p) });
    expect(events.some((e) => e.phase === 'Checking out files' && e.loaded === e.total)).toBe(true);
    expect(events.some((e) => /objects|deltas/i.test(e.phase))).toBe(true);
    expect(await status(repo)).toEqual([]);
    expect(await porcelain(dir)).toEqual([]);
    expect((await log(repo)).map((c) => c.message)).toEqual(['Initial commit\n']);
    expect(existsSync(path.join(dir, '.git/shallow'))).toBe(true);
    const config = readFileSync(path.join(dir, '.git/config'), 'utf8');
    expect(config).toContain(url);
    expect(config).not.toContain(PASS);
    expect((await gitTry(dir, 'fsck', '--full')).code).toBe(0);
  });

  it('refuses wrong or missing credentials with auth-failed and leaves no folder behind', async () => {
    const url = await server.createRepo('clone-auth', { fromDir: seed });
    const dir = path.join(tempDir(), 'clone');
    const wrong = await expectGitError(cloneRepository({ url, dir, auth: { username: USER, password: 'wrong' } }), 'auth-failed');
    expect(wrong.message).toMatch(/refused the credentials \(401/);
    expect(existsSync(dir)).toBe(false);
    const none = await expectGitError(cloneRepository({ url, dir }), 'auth-failed');
    expect(none.message).toMatch(/asks for credentials/);
    // Credentials in the URL are used but never stored.
    const repo = await cloneRepository({ url: cliUrl(url), dir });
    expect(readFileSync(path.join(repo.gitdir, 'config'), 'utf8')).not.toContain(PASS);
  });

  it('maps an unreachable server to network and a missing repository to not-found', async () => {
    const dead = await startGitServer();
    const port = dead.port;
    await dead.close();
    await expectGitError(cloneRepository({ url: `http://127.0.0.1:${port}/x.git`, dir: path.join(tempDir(), 'c') }), 'network');
    await expectGitError(cloneRepository({ url: server.url('does-not-exist'), dir: path.join(tempDir(), 'c'), auth }), 'not-found');
  });

  it('clones an empty repository onto main and pushes the first commit', async () => {
    const url = await server.createRepo('empty');
    const dir = path.join(tempDir(), 'clone');
    const repo = await cloneRepository({ url, dir, auth });
    expect(await status(repo)).toEqual([]);
    expect(await git(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main\n');
    writeFileSync(path.join(dir, 'README.md'), 'platform\n');
    await commit(repo, { author: ALICE, message: 'first', all: true });
    expect((await push(repo, { auth })).pushed).toBe(1);
    expect(await git(path.dirname(dir), 'ls-remote', cliUrl(url), 'refs/heads/*')).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main\n$/);
  });

  it('cancels a clone through its AbortSignal', async () => {
    const url = await server.createRepo('clone-cancel', { fromDir: seed });
    const dir = path.join(tempDir(), 'clone');
    const ac = new AbortController();
    await expectGitError(cloneRepository({ url, dir, auth, signal: ac.signal, onProgress: () => ac.abort() }), 'cancelled');
    expect(existsSync(dir)).toBe(false);
    const before = new AbortController();
    before.abort();
    await expectGitError(cloneRepository({ url, dir, auth, signal: before.signal }), 'cancelled');
  });
});

describe('commit, push, pull', () => {
  it('keeps local commits through a rejected push, rebases on pull, and pushes the expected history', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('team', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('plan: standard', 'plan: premium'));
    const mine = await commit(repo, { author: ALICE, message: 'tenant wayne: plan standard -> premium' });
    expect((await branchState(repo)).ahead).toBe(1);

    // Someone else pushes first, with the git CLI.
    await cliChange(url, 'tenants/tyrell.yaml', 'plan: free', 'plan: standard', 'tenant tyrell: plan free -> standard');

    const rejected = await expectGitError(push(repo, { auth }), 'push-rejected');
    expect(rejected.message).toBe("The remote has commits you don't have; pull, then push again. Your commits are kept.");
    expect((await log(repo))[0]!.oid).toBe(mine.oid);
    expect((await branchState(repo)).ahead).toBe(1);

    const pulled = await pull(repo, { auth, author: ALICE });
    expect(pulled.kind).toBe('rebased');
    expect(pulled.rebased).toBe(1);
    expect(pulled.state).toMatchObject({ ahead: 1, behind: 0 });
    expect(pulled.files.map((f) => f.path)).toContain('tenants/tyrell.yaml');
    expect(await porcelain(dir)).toEqual([]);
    expect(await rendersClean(dir)).toBe(true);
    expect(readFileSync(path.join(dir, 'tenants/wayne.yaml'), 'utf8')).toContain('plan: premium');

    const pushed = await push(repo, { auth });
    expect(pushed.pushed).toBe(1);
    expect(pushed.state).toMatchObject({ ahead: 0, behind: 0 });

    const check = path.join(tempDir(), 'check');
    await git(path.dirname(check), 'clone', '-q', cliUrl(url), check);
    expect(await git(check, 'log', '--format=%s')).toBe('tenant wayne: plan standard -> premium\ntenant tyrell: plan free -> standard\nInitial commit\n');
    expect((await gitTry(check, 'fsck', '--full', '--strict')).code).toBe(0);
    expect(await rendersClean(check)).toBe(true);
    // The rebased commit keeps its author and date; the committer is whoever pulled.
    expect(await git(check, 'log', '-1', '--format=%an|%cn')).toBe('Alice Admin|Alice Admin\n');
  });

  it('refuses to pull over an unpushed merge commit instead of dropping it, and changes nothing', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('merges', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth, depth: null });
    // A local side branch merged with the git CLI, not pushed.
    await git(dir, 'checkout', '-q', '-b', 'side');
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('plan: standard', 'plan: premium'));
    await git(dir, 'commit', '-q', '-am', 'side: wayne premium');
    await git(dir, 'checkout', '-q', 'main');
    await git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
    await cliChange(url, 'tenants/tyrell.yaml', 'plan: free', 'plan: standard', 'tenant tyrell: plan free -> standard');
    const err = await expectGitError(pull(repo, { auth, author: ALICE }), 'merge-conflict');
    expect(err.message).toMatch(/include a merge \("Merge branch side"\).*Nothing was changed/);
    expect((await git(dir, 'rev-parse', 'HEAD')).trim()).toBe(head);
    expect(await porcelain(dir)).toEqual([]);
    repo.close();
  });

  it('interoperates with the git CLI both ways (log, status, diff; show, fsck)', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('interop', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    await cliChange(url, 'tenants/soylent.yaml', 'latencyTargetMs: 1000', 'latencyTargetMs: 500', 'tenant soylent: latency 1000 -> 500');
    const pulled = await pull(repo, { auth, author: ALICE });
    expect(pulled.kind).toBe('fast-forward');
    const [top] = await log(repo);
    expect(top!.message).toBe('tenant soylent: latency 1000 -> 500\n');
    expect(top!.author.name).toBe('CLI User');
    expect(await status(repo)).toEqual([]);
    const d = await diffFile(repo, 'tenants/soylent.yaml', { from: top!.parents[0]!, to: 'HEAD' });
    expect(d.patch).toContain('-  latencyTargetMs: 1000');
    expect(d.patch).toContain('+  latencyTargetMs: 500');

    edit(path.join(dir, 'shards/weu-2.yaml'), (t) => t.replace('state: active', 'state: draining'));
    await commit(repo, { author: ALICE, message: 'shard weu-2: state active -> draining' });
    await push(repo, { auth });
    const check = path.join(tempDir(), 'check');
    await git(path.dirname(check), 'clone', '-q', cliUrl(url), check);
    expect(await git(check, 'log', '-1', '--format=%s|%ae')).toBe('shard weu-2: state active -> draining|alice@example.com\n');
    expect(await git(check, 'show', '--name-only', '--format=', 'HEAD')).toContain('shards/weu-2.yaml');
    expect((await gitTry(check, 'fsck', '--full', '--strict')).code).toBe(0);
  });

  it('stops a pull on a conflict without leaving a half-rebased state', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('conflict', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('latencyTargetMs: 100', 'latencyTargetMs: 80'));
    const mine = await commit(repo, { author: ALICE, message: 'tenant acme: latency 100 -> 80' });
    await cliChange(url, 'tenants/acme.yaml', 'latencyTargetMs: 100', 'latencyTargetMs: 120', 'tenant acme: latency 100 -> 120');
    const err = await expectGitError(pull(repo, { auth, author: ALICE }), 'merge-conflict');
    expect((err.details as { files: string[] }).files).toEqual(['tenants/acme.yaml']);
    expect(err.message).toContain('tenants/acme.yaml');
    expect(err.message).toContain('tenant acme: latency 100 -> 80');
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(`${mine.oid}\n`);
    expect(await porcelain(dir)).toEqual([]);
    expect(existsSync(path.join(dir, '.git/rebase-merge')) || existsSync(path.join(dir, '.git/rebase-apply'))).toBe(false);
    expect(readFileSync(path.join(dir, 'tenants/acme.yaml'), 'utf8')).toContain('latencyTargetMs: 80');
    expect((await branchState(repo)).behind).toBe(1);
  });

  it('after a conflict, sets the local commit aside under its own ref and takes the remote; nothing is lost', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('aside', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('latencyTargetMs: 100', 'latencyTargetMs: 80'));
    const mine = await commit(repo, { author: ALICE, message: 'tenant acme: latency 100 -> 80' });
    await cliChange(url, 'tenants/acme.yaml', 'latencyTargetMs: 100', 'latencyTargetMs: 120', 'tenant acme: latency 100 -> 120');
    await expectGitError(pull(repo, { auth, author: ALICE }), 'merge-conflict');

    // A file the move would overwrite with uncommitted changes: refused, nothing changed.
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => `${t}# unsaved thought\n`);
    const refused = await expectGitError(setAsideLocalCommits(repo, { author: ALICE }), 'merge-conflict');
    expect((refused.details as { uncommitted: boolean }).uncommitted).toBe(true);
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(`${mine.oid}\n`);
    await git(dir, 'checkout', '--', 'tenants/acme.yaml');

    const r = await setAsideLocalCommits(repo, { author: ALICE, now: new Date('2026-11-23T01:02:03Z') });
    expect(r.ref).toBe('refs/gantry/set-aside/main/20261123T010203Z');
    expect(r.commits.map((c) => c.oid)).toEqual([mine.oid]);
    expect(r.summary).toEqual(['tenant acme: latencyTargetMs 100 -> 80']);
    expect(r.files.map((f) => f.path)).toContain('tenants/acme.yaml');
    expect(r.state).toMatchObject({ ahead: 0, behind: 0 });
    // The branch is the remote's commit, the files are clean, and the CLI still reaches our commit.
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(await git(dir, 'rev-parse', 'origin/main'));
    expect(await porcelain(dir)).toEqual([]);
    expect(readFileSync(path.join(dir, 'tenants/acme.yaml'), 'utf8')).toContain('latencyTargetMs: 120');
    expect(await git(dir, 'log', '-1', '--format=%s', r.ref)).toBe('tenant acme: latency 100 -> 80\n');
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    expect(await rendersClean(dir)).toBe(true);
    // Nothing left to set aside.
    await expectGitError(setAsideLocalCommits(repo, { author: ALICE }), 'not-found');
  });

  it('a pull cancelled while it updates the files finishes that update: never half a checkout', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('cancel-late', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    // A colleague's commit that touches enough files for checkout progress to be reported mid-way.
    const cli = path.join(tempDir(), 'cli');
    await git(path.dirname(cli), 'clone', '-q', cliUrl(url), cli);
    for (let i = 0; i < 450; i++) writeFileSync(path.join(cli, `notes-${String(i).padStart(3, '0')}.txt`), `note ${i}\n`);
    await git(cli, 'add', '-A');
    await git(cli, 'commit', '-q', '-m', '450 notes');
    await git(cli, 'push', '-q', 'origin', 'main');
    const abort = new AbortController();
    const seen: GitProgress[] = [];
    const r = await pull(repo, {
      auth,
      author: ALICE,
      signal: abort.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.phase === 'Checking out files') abort.abort();
      },
    });
    expect(seen.some((p) => p.phase === 'Checking out files' && p.loaded < (p.total ?? 0))).toBe(true);
    expect(r.kind).toBe('fast-forward');
    expect(await porcelain(dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'notes-449.txt'))).toBe(true);
  });

  it('fast-forwards a pull while keeping uncommitted changes elsewhere, and refuses to overwrite them', { timeout: 90_000 }, async () => {
    const url = await server.createRepo('ff', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    edit(path.join(dir, 'tenants/monarch.yaml'), (t) => t.replace('displayName: Monarch Solutions', 'displayName: Monarch'));
    await cliChange(url, 'tenants/nakatomi.yaml', 'plan: standard', 'plan: premium', 'tenant nakatomi: plan standard -> premium');
    expect((await pull(repo, { auth, author: ALICE })).kind).toBe('fast-forward');
    expect(await porcelain(dir)).toEqual([' M tenants/monarch.yaml']);
    await cliChange(url, 'tenants/monarch.yaml', 'plan: free', 'plan: standard', 'tenant monarch: plan free -> standard');
    const err = await expectGitError(pull(repo, { auth, author: ALICE }), 'merge-conflict');
    expect((err.details as { files: string[]; uncommitted: boolean }).files).toContain('tenants/monarch.yaml');
    expect(readFileSync(path.join(dir, 'tenants/monarch.yaml'), 'utf8')).toContain('displayName: Monarch\n');
  });
});

describe('offline', () => {
  it('queues commits while the server is down and pushes them when it is back', { timeout: 90_000 }, async () => {
    const root = tempDir();
    let remote = await startGitServer({ users: { [USER]: PASS }, root });
    const port = remote.port;
    const url = await remote.createRepo('offline', { fromDir: seed });
    const dir = path.join(tempDir(), 'gantry');
    const repo = await cloneRepository({ url, dir, auth });
    await remote.close();
    try {
      edit(path.join(dir, 'tenants/dunder.yaml'), (t) => t.replace('plan: free', 'plan: standard'));
      const c = await commit(repo, { author: ALICE, message: 'tenant dunder: plan free -> standard' });
      expect((await branchState(repo)).ahead).toBe(1);
      const err = await expectGitError(push(repo, { auth }), 'network');
      expect(err.message).toMatch(/cannot reach/);
      expect((await log(repo))[0]!.oid).toBe(c.oid);
      expect((await branchState(repo)).ahead).toBe(1);

      remote = await startGitServer({ users: { [USER]: PASS }, root, port });
      const r = await push(repo, { auth });
      expect(r.pushed).toBe(1);
      expect((await branchState(repo)).ahead).toBe(0);
      const check = path.join(tempDir(), 'check');
      await git(path.dirname(check), 'clone', '-q', cliUrl(url), check);
      expect(await git(check, 'log', '--format=%s')).toBe('tenant dunder: plan free -> standard\nInitial commit\n');
    } finally {
      await remote.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
