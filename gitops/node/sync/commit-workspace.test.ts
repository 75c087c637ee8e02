import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { Validator } from '../../core/validate/validator.ts';
import { readWorkspaceFiles } from '../read-workspace.ts';
import { diffRendered } from '../workspace-io.ts';
import { commit } from './commit-workspace.ts';
import { log } from '../git/log.ts';
import { initRepository, openRepository } from '../git/open.ts';
import { status } from '../git/status.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelain, tempDir, workspaceRepo } from '../git/test-helpers.ts';
import { GitError } from '../git/types.ts';
import { Random, p } from './__fixtures__/secrets/random.ts';

afterAll(cleanTemps);

async function expectGitError(p: Promise<unknown>, code: string): Promise<GitError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe(code);
    return err as GitError;
  }
  throw new Error(`expected GitError ${code}`);
}

describe('commit', () => {
  it('renders, stages specs and rendered files together, and writes a commit git reads', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    rmSync(path.join(dir, 'tenants/hooli.yaml'));
    writeFileSync(path.join(dir, 'README.md'), 'not part of the workspace\n');
    const result = await commit(repo, { author: ALICE, message: 'tenant initech: moved weu-1 -> weu-2\n\n- tenant hooli: removed' });
    expect(result.branch).toBe('main');
    expect(result.files).toEqual(
      expect.arrayContaining([
        { path: 'tenants/initech.yaml', change: 'modified' },
        { path: 'tenants/hooli.yaml', change: 'deleted' },
        { path: 'rendered/aks-weu-prod/_cluster/namespace-tenant-hooli.yaml', change: 'deleted' },
        { path: 'rendered/aks-weu-prod/tenant-hooli/resourcequota-gantry-quota.yaml', change: 'deleted' },
        { path: 'rendered/aks-weu-prod/_cluster/namespace-tenant-initech.yaml', change: 'modified' },
      ]),
    );
    expect(await git(dir, 'log', '--format=%s|%an|%ae')).toBe('tenant initech: moved weu-1 -> weu-2|Alice Admin|alice@example.com\nInitial commit|CLI User|cli@example.com\n');
    expect(await git(dir, 'show', '--format=%b', '-s', 'HEAD')).toContain('- tenant hooli: removed');
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    // Only the README is left, untracked; the rendered files equal what the specs render to.
    expect(await porcelain(dir)).toEqual(['?? README.md']);
    expect((await status(repo)).map((c) => `${c.xy} ${c.path}`)).toEqual(['?? README.md']);
    const fresh = new Renderer(WorkspaceModel.fromFiles(readWorkspaceFiles(dir))).renderAll();
    expect(diffRendered(dir, fresh)).toEqual({ added: [], changed: [], removed: [] });
    expect(existsSync(path.join(dir, 'rendered/aks-weu-prod/tenant-hooli'))).toBe(false);
    const [head] = await log(repo);
    expect(head!.oid).toBe(result.oid);
    expect(head!.author).toMatchObject({ name: 'Alice Admin', email: 'alice@example.com' });
  });

  it('uses the in-memory workspace of the app (model, validator, renderer)', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    const model = WorkspaceModel.fromFiles(readWorkspaceFiles(dir));
    const validator = new Validator(model);
    const renderer = new Renderer(model);
    renderer.renderAll();
    const file = 'tenants/wayne.yaml';
    edit(path.join(dir, file), (t) => t.replace('plan: standard', 'plan: premium'));
    validator.update(file, readFileSync(path.join(dir, file)));
    renderer.rerenderTenant('wayne');
    const r = await commit(repo, { author: ALICE, message: 'tenant wayne: plan standard -> premium', workspace: { model, validator, rendered: renderer.current() } });
    expect(r.files.map((f) => f.path).sort()).toEqual([
      'rendered/aks-weu-prod/_cluster/namespace-tenant-wayne.yaml',
      'rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml',
      'tenants/wayne.yaml',
    ]);
    expect(await porcelain(dir)).toEqual([]);
    // Nothing left: a second commit is refused.
    await expectGitError(commit(repo, { author: ALICE, message: 'again', workspace: { model, validator, rendered: renderer.current() } }), 'nothing-to-commit');
  });

  it('refuses a workspace with validation errors and lists them', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('shard: weu-1', 'shard: nowhere'));
    const err = await expectGitError(commit(repo, { author: ALICE, message: 'broken' }), 'invalid-workspace');
    expect(err.message).toContain('tenants/acme.yaml');
    expect((err.details as { findings: Array<{ code: string; file: string }> }).findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'ref.missing', file: 'tenants/acme.yaml' })]),
    );
    expect(await git(dir, 'rev-list', '--count', 'HEAD')).toBe('1\n');
  });

  it('refuses a commit that adds a credential, naming file and line, and scans only added lines', async () => {
    const dir = tempDir();
    const repo = await initRepository(dir);
    writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\nb: 2\n');
    await commit(repo, { author: ALICE, message: 'first', all: true });
    writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\npassword: hunter22\nb: 2\n');
    writeFileSync(path.join(dir, 'conn.txt'), 'x\nDefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5;EndpointSuffix=core.windows.net\n');
    const err = await expectGitError(commit(repo, { author: ALICE, message: 'oops', all: true }), 'secret-detected');
    expect(err.details).toEqual([
      { file: 'conn.txt', line: 2, kind: 'connection-string' },
      { file: 'notes.yaml', line: 2, kind: 'password' },
    ]);
    expect(err.message).toContain('notes.yaml:2');
    expect(await git(dir, 'rev-list', '--count', 'HEAD')).toBe('1\n');
    // A line that was already committed is not reported again when something else changes.
    rmSync(path.join(dir, 'conn.txt'));
    writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\npassword: hunter22 # gantry:allow-secret\nb: 2\n');
    await commit(repo, { author: ALICE, message: 'accepted', all: true });
    writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\npassword: hunter22 # gantry:allow-secret\nb: 3\n');
    await commit(repo, { author: ALICE, message: 'b: 3', all: true });
    expect(await git(dir, 'log', '--format=%s')).toBe('b: 3\naccepted\nfirst\n');
  });

  it('refuses a commit whose message holds a credential, committing and staging nothing', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    const head = await git(dir, 'rev-parse', 'HEAD');
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    const before = await porcelain(dir);
    // Built at run time from a seed: no token-shaped literal in the repository.
    const token = p('gh', 'p_') + new Random(9).chars(36);
    const err = await expectGitError(commit(repo, { author: ALICE, message: `tenant initech: moved weu-1 -> weu-2\n\npushed with ${token}` }), 'secret-detected');
    expect(err.details).toEqual([{ file: 'commit message', line: 3, kind: 'github-token' }]);
    expect(err.message).toContain('commit message:3 (github-token)');
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(await porcelain(dir)).toEqual(before);
    // The same change with a clean message commits.
    await commit(repo, { author: ALICE, message: 'tenant initech: moved weu-1 -> weu-2' });
    expect(await git(dir, 'rev-list', '--count', 'HEAD')).toBe('2\n');
  });

  it('clears the locks of a killed Gantry process, but respects a lock held by git', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(path.join(dir, '.git/index.lock'), `gantry ${dead} ${os.hostname()}\nlock refs/heads/main.lock\n`);
    writeFileSync(path.join(dir, '.git/refs/heads/main.lock'), 'half-written');
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('plan: standard', 'plan: premium'));
    await commit(repo, { author: ALICE, message: 'after a crash' });
    expect(existsSync(path.join(dir, '.git/index.lock'))).toBe(false);
    expect(existsSync(path.join(dir, '.git/refs/heads/main.lock'))).toBe(false);
    // A lock that is not a dead Gantry process's (git's own) is left alone and reported.
    writeFileSync(path.join(dir, '.git/index.lock'), '');
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('plan: premium', 'plan: free'));
    const err = await expectGitError(commit(repo, { author: ALICE, message: 'blocked' }), 'repository-locked');
    expect(err.message).toContain('index.lock');
    expect(await git(dir, 'log', '-1', '--format=%s')).toBe('after a crash\n');
  });

  it('commits on an unborn branch, and refuses an empty commit or message', async () => {
    const dir = tempDir();
    const repo = await initRepository(dir);
    await expectGitError(commit(repo, { author: ALICE, message: 'nothing', all: true }), 'nothing-to-commit');
    writeFileSync(path.join(dir, 'a.txt'), 'a\n');
    await expectGitError(commit(repo, { author: ALICE, message: '  \n', all: true }), 'unknown');
    const r = await commit(repo, { author: ALICE, message: 'root', all: true });
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(`${r.oid}\n`);
    expect(await git(dir, 'cat-file', '-p', 'HEAD')).not.toContain('parent');
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
  });
});
