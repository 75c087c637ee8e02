/**
 * Linked worktrees (`git worktree add`): the worktree's own git folder holds HEAD and the index,
 * the main repository's holds objects, branches and config. Each case is compared with the git CLI.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { switchBranch } from './branches.ts';
import { commit } from '../sync/commit-workspace.ts';
import { log } from './log.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelainRaw, tempDir, workspaceRepo } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

async function linkedWorktree(): Promise<{ main: string; wt: string }> {
  const main = await workspaceRepo(path.join(tempDir('gantry-wt-'), 'main'));
  const wt = path.join(path.dirname(main), 'feature');
  await git(main, 'worktree', 'add', '-q', '-b', 'feature', wt);
  return { main, wt };
}

describe('a linked worktree', () => {
  it('shows the status git shows, clean and after edits', async () => {
    const { wt } = await linkedWorktree();
    const repo = await openRepository(wt);
    expect(await status(repo)).toEqual([]);
    edit(path.join(wt, 'tenants/initech.yaml'), (t) => `${t}# a note\n`);
    await git(wt, 'rm', '-q', '--cached', 'tenants/hooli.yaml');
    const ours = (await status(repo)).map((c) => `${c.xy} ${c.path}`).sort();
    expect(ours).toEqual((await porcelainRaw(wt)).sort());
    expect(ours).toContain(' M tenants/initech.yaml');
    repo.close();
  });

  it('commits onto its branch in the main repository, as git would (fsck clean, status clean, no ref in the worktree folder)', async () => {
    const { main, wt } = await linkedWorktree();
    const repo = await openRepository(wt);
    edit(path.join(wt, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    const result = await commit(repo, { author: ALICE, message: 'tenant initech: moved weu-1 -> weu-2' });
    expect(result.branch).toBe('feature');
    // The branch moved in the main repository: git sees the commit from both working trees.
    expect((await git(main, 'rev-parse', 'refs/heads/feature')).trim()).toBe(result.oid);
    expect((await git(wt, 'rev-parse', 'HEAD')).trim()).toBe(result.oid);
    expect((await git(main, 'rev-parse', 'HEAD')).trim()).not.toBe(result.oid);
    expect(await git(wt, 'log', '-1', '--format=%s')).toBe('tenant initech: moved weu-1 -> weu-2\n');
    // Nothing was written where git would not look: no refs or objects in the worktree's folder.
    const wtGitdir = (await git(wt, 'rev-parse', '--absolute-git-dir')).trim();
    expect(existsSync(path.join(wtGitdir, 'refs', 'heads'))).toBe(false);
    expect(existsSync(path.join(wtGitdir, 'objects'))).toBe(false);
    const fsck = await gitTry(main, 'fsck', '--full', '--strict');
    expect(fsck.code, fsck.stderr).toBe(0);
    expect(fsck.stderr).not.toMatch(/reflog|error/i);
    expect(await git(wt, 'reflog', '-1', '--format=%H')).toBe(`${result.oid}\n`);
    expect(await git(main, 'reflog', 'show', '-1', '--format=%H', 'feature')).toBe(`${result.oid}\n`);
    expect(await porcelainRaw(wt)).toEqual([]);
    expect(await porcelainRaw(main)).toEqual([]);
    expect((await log(repo))[0]!.oid).toBe(result.oid);
    repo.close();
  });

  it('refuses to switch to a branch another working tree has checked out, as git does', async () => {
    const { main, wt } = await linkedWorktree();
    const repo = await openRepository(wt);
    const err = await switchBranch(repo, 'main').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).message).toMatch(new RegExp(`branch main is checked out in another working tree \\(${main.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    expect((await gitTry(wt, 'switch', 'main')).code).not.toBe(0);
    expect((await git(wt, 'symbolic-ref', 'HEAD')).trim()).toBe('refs/heads/feature');
    // The main working tree cannot take the worktree's branch either.
    const mainRepo = await openRepository(main);
    await expect(switchBranch(mainRepo, 'feature')).rejects.toThrow(/checked out in another working tree \(.*feature\)/);
    mainRepo.close();
    // A branch nobody has checked out is fine, on both sides.
    await git(main, 'branch', 'other');
    await switchBranch(repo, 'other');
    expect((await git(wt, 'symbolic-ref', 'HEAD')).trim()).toBe('refs/heads/other');
    expect(await porcelainRaw(wt)).toEqual([]);
    repo.close();
  });

  it('opens a worktree of a bare repository (git ignores core.bare there)', async () => {
    const { main } = await linkedWorktree();
    const bare = path.join(path.dirname(main), 'bare.git');
    await git(path.dirname(main), 'clone', '-q', '--bare', main, bare);
    const wt = path.join(path.dirname(main), 'from-bare');
    await git(bare, 'worktree', 'add', '-q', wt, 'main');
    const repo = await openRepository(wt);
    expect(await status(repo)).toEqual([]);
    expect(readdirSync(wt)).toContain('tenants');
    repo.close();
    await expect(openRepository(bare)).rejects.toThrow(/bare repository/);
  });
});
