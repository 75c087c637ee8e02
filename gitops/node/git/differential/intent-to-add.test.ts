/**
 * Found by the randomized differential test (seeds 1004, 1012, 1019, 1029): an intent-to-add entry
 * (`git add -N`) beside staged changes in its folder showed `AM`/`AT` (git: ` A`), and one added
 * after `git rm --cached` of a file of HEAD showed `MM` (git: `DA`); an empty one was
 * not listed at all once it was left out of HEAD-vs-index (seed 2056).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTemps, git, tempDir } from '../test-helpers.ts';
import { gantryStatus, gitStatus } from './compare.ts';

afterAll(cleanTemps);

describe('intent to add (git add -N) beside staged changes', () => {
  it('shows what git status shows: " A" in a folder with staged changes, "DA" over a staged removal', async () => {
    const dir = path.join(tempDir('gantry-diff-ita-'), 'repo');
    mkdirSync(path.join(dir, 'd'), { recursive: true });
    writeFileSync(path.join(dir, 'f'), 'a\n');
    writeFileSync(path.join(dir, 'd/x'), 'x\n');
    writeFileSync(path.join(dir, 'd/y'), 'y\n');
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'base');
    await git(dir, 'rm', '-q', '--cached', 'f');
    await git(dir, 'add', '-N', 'f');
    writeFileSync(path.join(dir, 'd/new'), 'n\n');
    await git(dir, 'add', '-N', 'd/new');
    await git(dir, 'rm', '-q', '--cached', 'd/x');
    const expected = await gitStatus(dir);
    expect(expected).toEqual([' A d/new', '?? d/x', 'D  d/x', 'DA f']);
    expect(await gantryStatus(dir)).toEqual(expected);
  });

  it('lists an empty intent-to-add file (its content is the entry\'s, seed 2056) alone in a folder HEAD has unchanged', async () => {
    const dir = path.join(tempDir('gantry-diff-ita-'), 'repo');
    mkdirSync(path.join(dir, 'd'), { recursive: true });
    writeFileSync(path.join(dir, 'd/x'), 'x\n');
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'base');
    // Empty, as the blob an intent-to-add entry names: hashing it finds no change.
    writeFileSync(path.join(dir, 'd/old.txt'), '');
    await git(dir, 'add', '-N', 'd/old.txt');
    const expected = await gitStatus(dir);
    expect(expected).toEqual([' A d/old.txt']);
    expect(await gantryStatus(dir)).toEqual(expected);
  });
});
