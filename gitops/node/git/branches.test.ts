import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { branchState, createBranch, currentBranch, listBranches, switchBranch } from './branches.ts';
import { commit } from '../sync/commit-workspace.ts';
import { openRepository } from './open.ts';
import { ALICE, cleanTemps, edit, git, porcelain, tempDir, workspaceRepo } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

describe('branches', () => {
  it('creates, lists and switches branches, carrying uncommitted changes', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    await createBranch(repo, 'feature', { switchTo: true });
    expect(await currentBranch(repo)).toBe('feature');
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('latencyTargetMs: 100', 'latencyTargetMs: 90'));
    await commit(repo, { author: ALICE, message: 'on feature' });
    writeFileSync(path.join(dir, 'NOTES.md'), 'draft\n');
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => `${t}# draft\n`);
    await switchBranch(repo, 'main');
    expect(await git(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main\n');
    expect(readFileSync(path.join(dir, 'tenants/acme.yaml'), 'utf8')).toContain('latencyTargetMs: 100');
    expect(await porcelain(dir)).toEqual([' M tenants/wayne.yaml', '?? NOTES.md']);
    expect((await listBranches(repo)).map((b) => `${b.name}${b.current ? '*' : ''}`)).toEqual(['feature', 'main*']);

    // A switch that would overwrite an uncommitted change is refused and changes nothing.
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => `${t}# mine\n`);
    await expect(switchBranch(repo, 'feature')).rejects.toMatchObject({ code: 'merge-conflict', details: { files: ['tenants/acme.yaml'] } });
    expect(await currentBranch(repo)).toBe('main');
    await git(dir, 'checkout', '-q', '--', 'tenants/acme.yaml');
    await switchBranch(repo, 'feature');
    expect(await porcelain(dir)).toEqual([' M tenants/wayne.yaml', '?? NOTES.md']);
    expect((await git(dir, 'log', '-1', '--format=%s')).trim()).toBe('on feature');
  });

  it('rejects bad names, existing branches and unknown ones', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    for (const bad of ['has space', '../up', 'a..b', 'x.lock', '-dash', 'a:b']) {
      await expect(createBranch(repo, bad)).rejects.toBeInstanceOf(GitError);
    }
    await expect(createBranch(repo, 'main')).rejects.toBeInstanceOf(GitError);
    await expect(switchBranch(repo, 'nope')).rejects.toMatchObject({ code: 'not-found' });
    const state = await branchState(repo);
    expect(state).toMatchObject({ branch: 'main', ahead: 1, behind: 0 });
  });
});
