/**
 * Submodules and nested repositories in status (issue 10, item 12): each case compared with
 * `git status --porcelain` on the same repository.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitChanges } from './commit.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, git, gitTry, porcelainRaw, tempDir, workspaceRepo, gantryPorcelain } from './test-helpers.ts';
import { watchRepository } from './watch.ts';

afterAll(cleanTemps);

async function withSubmodule(): Promise<string> {
  const lib = path.join(tempDir('gantry-sub-lib-'), 'lib');
  mkdirSync(lib);
  await git(lib, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(lib, 'a.txt'), 'a\n');
  await git(lib, 'add', '.');
  await git(lib, 'commit', '-q', '-m', 'a');
  const dir = await workspaceRepo(path.join(tempDir('gantry-sub-'), 'repo'));
  await git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
  await git(dir, 'commit', '-q', '-m', 'add submodule');
  return dir;
}

const ours = gantryPorcelain;

describe('a submodule in status', () => {
  it('shows " M" for new commits, modified content and untracked content, as git', async () => {
    const dir = await withSubmodule();
    const sub = path.join(dir, 'vendor/lib');
    expect(await ours(dir)).toEqual([]);

    writeFileSync(path.join(sub, 'new.txt'), 'untracked in the submodule\n');
    expect(await porcelainRaw(dir)).toEqual([' M vendor/lib']);
    expect(await ours(dir)).toEqual([' M vendor/lib']);

    await git(sub, 'clean', '-qfd');
    writeFileSync(path.join(sub, 'a.txt'), 'changed\n');
    expect(await ours(dir)).toEqual((await porcelainRaw(dir)).sort());
    expect(await ours(dir)).toEqual([' M vendor/lib']);

    await git(sub, 'commit', '-q', '-am', 'b');
    expect(await ours(dir)).toEqual([' M vendor/lib']);
    expect(await porcelainRaw(dir)).toEqual([' M vendor/lib']);

    await git(dir, 'add', 'vendor/lib');
    expect(await ours(dir)).toEqual((await porcelainRaw(dir)).sort());
    expect(await ours(dir)).toEqual(['M  vendor/lib']);
  });

  it('follows submodule.<name>.ignore and diff.ignoreSubmodules as git does', async () => {
    const dir = await withSubmodule();
    const sub = path.join(dir, 'vendor/lib');
    writeFileSync(path.join(sub, 'new.txt'), 'x\n');
    for (const [key, value] of [
      ['submodule.vendor/lib.ignore', 'untracked'],
      ['submodule.vendor/lib.ignore', 'all'],
      ['submodule.vendor/lib.ignore', 'dirty'],
      ['diff.ignoreSubmodules', 'untracked'],
    ] as const) {
      await git(dir, 'config', '--unset-all', 'submodule.vendor/lib.ignore').catch(() => undefined);
      await git(dir, 'config', '--unset-all', 'diff.ignoreSubmodules').catch(() => undefined);
      await git(dir, 'config', key, value);
      expect(await ours(dir), `${key}=${value}`).toEqual((await porcelainRaw(dir)).sort());
    }
    // With ignore=dirty a new commit still shows.
    await git(dir, 'config', '--unset-all', 'diff.ignoreSubmodules');
    await git(dir, 'config', 'submodule.vendor/lib.ignore', 'dirty');
    await git(sub, 'add', '.');
    await git(sub, 'commit', '-q', '-m', 'c');
    expect(await ours(dir)).toEqual([' M vendor/lib']);
    expect(await porcelainRaw(dir)).toEqual([' M vendor/lib']);
  });

  it('a submodule not initialized (a clone without --recursive) is unchanged, as git', async () => {
    const dir = await withSubmodule();
    const clone = path.join(tempDir('gantry-sub-clone-'), 'clone');
    await git(path.dirname(clone), 'clone', '-q', dir, clone);
    expect(await porcelainRaw(clone)).toEqual([]);
    expect(await ours(clone)).toEqual([]);
  });

  it('a watched status sees a change inside the submodule', async () => {
    const dir = await withSubmodule();
    const repo = await openRepository(dir);
    const w = await watchRepository(repo);
    try {
      expect(await status(repo)).toEqual([]);
      writeFileSync(path.join(dir, 'vendor/lib/a.txt'), 'edited while watched\n');
      expect((await status(repo)).map((c) => `${c.xy} ${c.path}`)).toEqual([' M vendor/lib']);
    } finally {
      w.close();
      repo.close();
    }
  });
});

describe('a submodule in a commit', () => {
  it('records the submodule\'s new commit, and nothing for dirty content, as git add -A does', async () => {
    const dir = await withSubmodule();
    const sub = path.join(dir, 'vendor/lib');
    writeFileSync(path.join(sub, 'a.txt'), 'changed\n');
    writeFileSync(path.join(sub, 'untracked.txt'), 'x\n');
    const repo = await openRepository(dir);
    // Dirty content only: git add -A stages nothing for it.
    await expect(commitChanges(repo, { author: ALICE, message: 'dirty only' })).rejects.toThrow(/Nothing to commit/);
    await git(sub, 'commit', '-q', '-am', 'b');
    const head = (await git(sub, 'rev-parse', 'HEAD')).trim();
    const r = await commitChanges(repo, { author: ALICE, message: 'bump lib' });
    repo.close();
    expect(await git(dir, 'ls-tree', 'HEAD', 'vendor/lib')).toBe(`160000 commit ${head}\tvendor/lib\n`);
    expect(r.files).toEqual([{ path: 'vendor/lib', change: 'modified' }]);
    expect((await gitTry(dir, 'fsck', '--strict')).code).toBe(0);
    // As the git CLI would have: only the untracked file inside remains, which git shows as ' M'.
    expect(await porcelainRaw(dir)).toEqual([' M vendor/lib']);
  });
});

describe('a nested repository', () => {
  it('inside a tracked folder is listed as one untracked folder, as git lists it', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-nested-'), 'repo'));
    const nested = path.join(dir, 'tenants/scratch');
    mkdirSync(nested);
    await git(nested, 'init', '-q');
    writeFileSync(path.join(nested, 'x.txt'), 'x\n');
    expect(await porcelainRaw(dir)).toEqual(['?? tenants/scratch/']);
    expect(await ours(dir)).toEqual(['?? tenants/scratch/']);
  });
});
