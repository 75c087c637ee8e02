import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheTreeRoot, parseIndex, serializeIndex } from './index-file.ts';
import { hashBlob, ObjectStore } from './objects.ts';
import { buildIndexTrees } from './tree.ts';
import { cleanTemps, edit, git, gitTry, tempDir, workspaceRepo } from './test-helpers.ts';

afterAll(cleanTemps);

describe('object store', () => {
  it('reads every object of a packed repository (with deltas) exactly as git does', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    for (let i = 0; i < 3; i++) {
      edit(path.join(dir, 'rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml'), (t) => `${t}# ${i}\n`);
      await git(dir, 'commit', '-qam', `edit ${i}`);
    }
    await git(dir, 'gc', '-q', '--aggressive');
    expect(await git(dir, 'count-objects', '-v')).toMatch(/^count: 0$/m);
    const store = new ObjectStore(path.join(dir, '.git'));
    const all = (await git(dir, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype) %(objectsize:disk) %(deltabase)')).trim().split('\n');
    expect(all.some((l) => !l.endsWith(' 0000000000000000000000000000000000000000'))).toBe(true); // some are deltas
    for (const line of all.slice(0, 400)) {
      const [oid, type] = line.split(' ') as [string, string];
      const obj = store.read(oid);
      expect(obj.type).toBe(type);
      const raw = await git(dir, 'cat-file', type, oid);
      if (type !== 'tree') expect(obj.data.toString('utf8')).toBe(raw);
    }
    expect(hashBlob('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('writes loose objects git accepts', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const store = new ObjectStore(path.join(dir, '.git'));
    const oid = store.write('blob', Buffer.from('gantry\n'), { fsync: true });
    expect(await git(dir, 'cat-file', '-p', oid)).toBe('gantry\n');
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
  });
});

describe('index file', () => {
  it.each([2, 3, 4])('reads a version %i index and writes one git reads identically', async (version) => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    await git(dir, 'update-index', '--index-version', String(version));
    if (version === 3) await git(dir, 'update-index', '--skip-worktree', 'gantry.yaml');
    const before = await git(dir, 'ls-files', '--stage', '-v');
    const index = parseIndex(readFileSync(path.join(dir, '.git/index')));
    expect(index.version).toBe(version);
    expect(index.entries.map((e) => e.path)).toEqual((await git(dir, 'ls-files')).trim().split('\n'));
    // Our cache-tree computation equals git's tree of HEAD.
    const fresh = { ...index, cacheTree: new Map() };
    expect(buildIndexTrees(fresh)).toBe((await git(dir, 'rev-parse', 'HEAD^{tree}')).trim());
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, '.git/index'), serializeIndex(fresh));
    expect(await git(dir, 'ls-files', '--stage', '-v')).toBe(before);
    expect(await git(dir, 'write-tree')).toBe(await git(dir, 'rev-parse', 'HEAD^{tree}'));
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });

  it('reads non-ASCII and over-long paths, object ids and the cache-tree root exactly as git lists them', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const blob = (await git(dir, 'hash-object', '-w', 'gantry.yaml')).trim();
    // Entries need no file: a name longer than the 12-bit length field and one in UTF-8.
    const long = `${'deep-folder-name/'.repeat(260)}tenant.yaml`;
    await git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},${long}`);
    await git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},tenants/société-générale.yaml`);
    const listed = (await git(dir, '-c', 'core.quotepath=off', 'ls-files', '--stage', '-z')).split('\0').filter(Boolean);
    const index = parseIndex(readFileSync(path.join(dir, '.git/index')));
    expect(long.length).toBeGreaterThan(0xfff);
    expect(index.entries.map((e) => `${e.mode.toString(8)} ${e.oid} 0\t${e.path}`)).toEqual(listed);
    // Adding entries invalidated the root; `git write-tree` makes it valid again.
    expect(cacheTreeRoot(index)).toBeUndefined();
    const tree = (await git(dir, 'write-tree')).trim();
    const rewritten = parseIndex(readFileSync(path.join(dir, '.git/index')));
    expect(cacheTreeRoot(rewritten)).toBe(tree);
    expect(rewritten.cacheTree.get('')?.oid).toBe(tree);
    expect(rewritten.cacheTree.get('tenants')?.oid).toBe((await git(dir, 'rev-parse', `${tree}:tenants`)).trim());
  });
});
