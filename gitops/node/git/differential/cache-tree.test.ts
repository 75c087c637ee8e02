/**
 * Found by the randomized differential test (seed 1003): a status with a staged change fills the
 * index's cache-tree with trees it never writes; a commit that trusted those nodes referenced a
 * missing object (`git ls-tree HEAD`: "Could not read", `git fsck`: broken link).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../../sync/index.ts';
import { openRepository } from '../open.ts';
import { status } from '../status.ts';
import { ALICE, cleanTemps, git, tempDir } from '../test-helpers.ts';
import { copyRepo, fsckProblems, lsTree } from './compare.ts';

afterAll(cleanTemps);

describe('a commit after a status of staged changes', () => {
  it('writes every tree it references, as git commit does', async () => {
    const dir = path.join(tempDir('gantry-diff-ct-'), 'repo');
    mkdirSync(path.join(dir, 'docs/sub'), { recursive: true });
    writeFileSync(path.join(dir, 'docs/sub/a.txt'), 'a\n');
    writeFileSync(path.join(dir, 'docs/sub/b.txt'), 'b\n');
    writeFileSync(path.join(dir, 'top.txt'), 'top\n');
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'base');
    // Staged with the CLI: the index's docs/sub differs from every tree in the repository.
    await git(dir, 'rm', '-q', '--cached', 'docs/sub/a.txt');
    const cli = copyRepo(dir);
    const repo = await openRepository(dir);
    await status(repo); // writes the index back with a complete cache-tree
    repo.close();
    const again = await openRepository(dir);
    await commit(again, { author: ALICE, message: 'staged removal' });
    again.close();
    await git(cli, 'commit', '-q', '-m', 'staged removal');
    expect(await fsckProblems(dir)).toBe('');
    expect(await lsTree(dir)).toEqual(await lsTree(cli));
  });
});
