import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { switchBranch } from './branches.ts';
import { openRepository } from './open.ts';
import { cleanTemps, git, porcelain, tempDir } from './test-helpers.ts';

afterAll(cleanTemps);

describe('end-of-line conversion when a switch adds or removes .gitattributes', () => {
  for (const [from, to] of [['with', 'without'], ['without', 'with']] as const) {
    it(`from a branch ${from} attributes to one ${to}: the attributes of the tree checked out decide, as with git switch`, async () => {
      const dir = tempDir('gantry-eol-switch-');
      await git(dir, 'init', '-q', '-b', 'with');
      writeFileSync(path.join(dir, '.gitattributes'), '*.txt eol=crlf\n');
      writeFileSync(path.join(dir, 'a.txt'), 'one\n');
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', 'with');
      await git(dir, 'switch', '-q', '-c', 'without');
      await git(dir, 'rm', '-q', '.gitattributes');
      writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\n');
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', 'without');
      await git(dir, 'switch', '-q', from);
      const theirs = `${dir}-copy`;
      execFileSync('cp', ['-a', dir, theirs]);
      await git(theirs, 'switch', '-q', to);
      await switchBranch(await openRepository(dir), to);
      expect(readFileSync(path.join(dir, 'a.txt'), 'latin1')).toBe(readFileSync(path.join(theirs, 'a.txt'), 'latin1'));
      expect(await porcelain(dir)).toEqual([]);
    });
  }
});
