import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { cleanTemps, git, gitTry, tempDir, workspaceRepo } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

async function refusal(dir: string): Promise<GitError> {
  const err = await openRepository(dir).then(
    (r) => {
      r.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err, `${dir} should be refused`).toBeInstanceOf(GitError);
  return err as GitError;
}

describe('openRepository reads the repository format and refuses what it would get wrong', () => {
  it('refuses a SHA-256 repository, naming it', async () => {
    const dir = tempDir('gantry-open-');
    await git(dir, 'init', '-q', '--object-format=sha256', 'repo');
    const err = await refusal(path.join(dir, 'repo'));
    expect(err.code).toBe('not-supported');
    expect(err.message).toMatch(/SHA256 repository; Gantry reads and writes SHA-1 objects only/);
  });

  it('refuses unknown extensions and format versions, as git does', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-open-'), 'repo'));
    await git(dir, 'config', 'core.repositoryformatversion', '1');
    await git(dir, 'config', 'extensions.somethingNew', 'true');
    expect((await refusal(dir)).message).toMatch(/repository extension "somethingnew"/);
    expect((await gitTry(dir, 'status')).code).not.toBe(0);
    await git(dir, 'config', '-f', '.git/config', '--unset', 'extensions.somethingNew');
    await git(dir, 'config', 'extensions.refStorage', 'reftable');
    expect((await refusal(dir)).message).toMatch(/refs are stored as reftable/);
    await git(dir, 'config', '-f', '.git/config', '--unset', 'extensions.refStorage');
    await git(dir, 'config', 'extensions.worktreeConfig', 'true');
    const repo = await openRepository(dir);
    expect(await status(repo)).toEqual([]);
    repo.close();
  });

  it('opens a split index (core.splitIndex) instead of refusing it; index-formats.test.ts compares it with git', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-open-'), 'repo'));
    await git(dir, 'config', 'core.splitIndex', 'true');
    await git(dir, 'update-index', '--split-index');
    const repo = await openRepository(dir);
    expect(await status(repo)).toEqual([]);
    repo.close();
  });
});
