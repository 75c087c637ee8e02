/**
 * Index formats people's repositories have: a split index (core.splitIndex), version 4 with an
 * untracked cache, and a sparse index (refused). Each case compares with what the git CLI reads.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../sync/commit-workspace.ts';
import { parseIndex, serializeIndex } from './index-file.ts';
import { openRepository } from './open.ts';
import { sharedIndexReader } from './split-index.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelainRaw, tempDir, workspaceRepo, gantryPorcelain } from './test-helpers.ts';

afterAll(cleanTemps);

/** `git ls-files -s` as Gantry reads the index: "<mode> <oid> <stage>\t<path>". */
function ourLsFiles(dir: string): string[] {
  const gitdir = path.join(dir, '.git');
  const index = parseIndex(readFileSync(path.join(gitdir, 'index')), sharedIndexReader(gitdir));
  return index.entries.map((e) => `${e.mode.toString(8)} ${e.oid} ${(e.flags >> 12) & 3}\t${e.path}`);
}

/** A valid tenant spec: hooli's, renamed. */
function tenantNamed(dir: string, name: string): string {
  return readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8').replace('name: hooli', `name: ${name}`);
}

async function gitLsFiles(dir: string): Promise<string[]> {
  return (await git(dir, '-c', 'core.quotePath=false', 'ls-files', '-s')).split('\n').filter(Boolean);
}

const ours = gantryPorcelain;

describe('a split index', () => {
  async function splitRepo(): Promise<string> {
    const dir = await workspaceRepo(path.join(tempDir('gantry-split-'), 'repo'));
    await git(dir, 'config', 'core.splitIndex', 'true');
    await git(dir, 'update-index', '--split-index');
    // Entries replaced (modified and staged), deleted, and added, so both bitmaps and additions are used.
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => `${t}# staged note\n`);
    await git(dir, 'add', 'tenants/initech.yaml');
    await git(dir, 'rm', '-q', '--cached', 'tenants/hooli.yaml');
    writeFileSync(path.join(dir, 'tenants/zeta.yaml'), tenantNamed(dir, 'zeta'));
    await git(dir, 'add', 'tenants/zeta.yaml');
    edit(path.join(dir, 'gantry.yaml'), (t) => `${t}# unstaged\n`);
    expect(readdirSync(path.join(dir, '.git')).some((f) => f.startsWith('sharedindex.')), 'git made a shared index').toBe(true);
    return dir;
  }

  it('reads the entries git reads and shows the status git shows', async () => {
    const dir = await splitRepo();
    expect(ourLsFiles(dir)).toEqual(await gitLsFiles(dir));
    expect(await ours(dir)).toEqual((await porcelainRaw(dir)).sort());
    expect(await ours(dir)).toEqual(expect.arrayContaining(['M  tenants/initech.yaml', 'D  tenants/hooli.yaml', 'A  tenants/zeta.yaml', ' M gantry.yaml']));
  });

  it('a read-only status leaves both index files as they are', async () => {
    const dir = await splitRepo();
    const before = readFileSync(path.join(dir, '.git/index'));
    await ours(dir);
    expect(readFileSync(path.join(dir, '.git/index')).equals(before)).toBe(true);
  });

  it('commits what git would commit, and git keeps working on the index Gantry wrote', async () => {
    const dir = await splitRepo();
    const repo = await openRepository(dir);
    const result = await commit(repo, { author: ALICE, message: 'everything' });
    repo.close();
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    expect(await porcelainRaw(dir)).toEqual([]);
    expect(ourLsFiles(dir)).toEqual(await gitLsFiles(dir));
    const files = (await git(dir, 'diff-tree', '--no-commit-id', '--name-status', '-r', 'HEAD~1', result.oid)).split('\n').filter(Boolean);
    // Gantry commits the workspace as `git add -A` would: hooli's file is still there, so it stays.
    expect(files).toEqual(expect.arrayContaining(['M\tgantry.yaml', 'M\ttenants/initech.yaml', 'A\ttenants/zeta.yaml']));
    expect(files.filter((f) => f.endsWith('hooli.yaml'))).toEqual([]);
    // git can still add and see changes on top of it (and splits the index again on its own).
    writeFileSync(path.join(dir, 'notes.txt'), 'x\n');
    await git(dir, 'add', 'notes.txt');
    expect(await porcelainRaw(dir)).toEqual(['A  notes.txt']);
    expect(ourLsFiles(dir)).toEqual(await gitLsFiles(dir));
  });

  it('says how to recover when the shared part is missing', async () => {
    const dir = await splitRepo();
    for (const f of readdirSync(path.join(dir, '.git'))) if (f.startsWith('sharedindex.')) rmSync(path.join(dir, '.git', f));
    await expect(ours(dir)).rejects.toThrow(/shared part .*sharedindex\.[0-9a-f]{40} is missing; run `git update-index --no-split-index`/);
  });
});

describe('index version 4 with an untracked cache', () => {
  it('a Gantry commit keeps version 4, and git reads every entry of what it wrote', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-v4-'), 'repo'));
    await git(dir, 'config', 'core.untrackedCache', 'true');
    await git(dir, 'update-index', '--index-version', '4', '--untracked-cache');
    await git(dir, 'status', '--porcelain');
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    writeFileSync(path.join(dir, 'tenants/a-new-tenant-with-a-long-name.yaml'), tenantNamed(dir, 'a-new-tenant-with-a-long-name'));
    const repo = await openRepository(dir);
    await commit(repo, { author: ALICE, message: 'move initech' });
    repo.close();
    const index = readFileSync(path.join(dir, '.git/index'));
    expect(index.readUInt32BE(4)).toBe(4);
    expect(ourLsFiles(dir)).toEqual(await gitLsFiles(dir));
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    expect(await porcelainRaw(dir)).toEqual([]);
    // The untracked cache was dropped (a stale one would hide files from git); git builds it again.
    writeFileSync(path.join(dir, 'untracked.txt'), 'x\n');
    expect(await porcelainRaw(dir)).toEqual(['?? untracked.txt']);
    await git(dir, 'update-index', '--untracked-cache');
    expect(readFileSync(path.join(dir, '.git/index')).includes(Buffer.from('UNTR'))).toBe(true);
  });

  it('writes version 4 path compression byte for byte as git does', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-v4-'), 'repo'));
    await git(dir, 'update-index', '--index-version', '4');
    const gitBytes = readFileSync(path.join(dir, '.git/index'));
    const parsed = parseIndex(gitBytes);
    const ourBytes = serializeIndex(parsed);
    // git's file may carry optional extensions after the entries; the entries and TREE must match.
    expect(ourBytes.subarray(0, ourBytes.length - 20).equals(gitBytes.subarray(0, ourBytes.length - 20))).toBe(true);
  });
});

describe('a sparse index', () => {
  it('is refused with the command that turns it off; sparse checkout with a full index opens', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-sparse-idx-'), 'repo'));
    await git(dir, 'sparse-checkout', 'init', '--cone', '--sparse-index');
    await git(dir, 'sparse-checkout', 'set', 'tenants');
    await expect(ours(dir)).rejects.toThrow(/sparse index \(index\.sparse\).*git sparse-checkout init --no-sparse-index/);
    await git(dir, 'sparse-checkout', 'init', '--cone', '--no-sparse-index');
    expect(await ours(dir)).toEqual((await porcelainRaw(dir)).sort());
  });
});
