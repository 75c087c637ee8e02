/**
 * Found by the fixed-shape differential suite (issue 10, item 7): folders whose names differ where
 * one has a character above U+FFFF and the other one from U+E000-U+FFFF. Tree building and status
 * found the end of a folder's entries with JavaScript's UTF-16 `<`, not git's byte order, so a
 * commit wrote a tree with an empty name (`git ls-tree`: "empty filename in tree entry").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../../sync/index.ts';
import { openRepository } from '../open.ts';
import { ALICE, cleanTemps, git, tempDir } from '../test-helpers.ts';
import { copyRepo, fsckProblems, gantryStatus, gitStatus, lsTree } from './compare.ts';

afterAll(cleanTemps);

const put = (dir: string, rel: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), `${rel}\n`);
};

describe('folders named above U+FFFF beside U+E000-U+FFFF', () => {
  it('commit the tree git commits (fsck --strict clean) and show the status git shows', async () => {
    const dir = path.join(tempDir('gantry-diff-utf8-'), 'repo');
    put(dir, 'base.txt');
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'base');
    for (const rel of ['u/k\uE000x/inner.txt', 'u/k\u{1F600}x/inner.txt', 'u/k\u{1F600}', 'u/k\uE000', 'u/ka', 'u/k\uFFEEy/deeper/f']) put(dir, rel);
    await git(dir, 'add', 'u/k\uE000x/inner.txt');
    const cli = copyRepo(dir);
    expect(await gantryStatus(dir)).toEqual(await gitStatus(cli));
    const repo = await openRepository(dir);
    await commit(repo, { author: ALICE, message: 'odd names', all: true });
    repo.close();
    await git(cli, 'add', '-A');
    await git(cli, 'commit', '-q', '-m', 'odd names');
    expect(await fsckProblems(dir)).toBe('');
    expect(await lsTree(dir)).toEqual(await lsTree(cli));
    expect(await gitStatus(dir)).toEqual([]);
  });
});
