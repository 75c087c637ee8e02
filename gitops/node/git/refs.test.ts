import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRev } from './refs.ts';
import { cleanTemps, git, tempDir, workspaceRepo } from './test-helpers.ts';

afterAll(cleanTemps);

describe('resolveRev against git rev-parse', () => {
  it('looks names up in git order: a tag before a branch of the same name, then remotes; full refs and ids as they are', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-refs-'), 'repo'));
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
    // A branch and a tag both named "release" on different commits, an annotated tag, a remote-tracking branch.
    await git(dir, 'branch', 'release', 'HEAD~1');
    await git(dir, 'tag', 'release', 'HEAD');
    await git(dir, 'tag', '-a', '-m', 'annotated', 'v1', 'HEAD~1');
    await git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    await git(dir, 'update-ref', 'refs/remotes/origin/HEAD', 'HEAD');
    await git(dir, 'pack-refs', '--all');
    const gitdir = path.join(dir, '.git');
    for (const rev of ['release', 'refs/heads/release', 'heads/release', 'tags/release', 'v1', 'origin/main', 'origin', 'main', 'HEAD']) {
      const expected = (await git(dir, 'rev-parse', '--verify', '--quiet', rev)).trim();
      expect(resolveRev(gitdir, rev), rev).toBe(expected);
    }
    expect(resolveRev(gitdir, 'no-such-branch')).toBeUndefined();
  });
});
