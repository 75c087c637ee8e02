/**
 * An index read from a file keeps its entries raw until `entries` is asked for (a cold status scans
 * them through one EntryCursor). The cursor, the entry objects and `git ls-files --debug` must agree
 * on every field, for an index with intent-to-add, assume-unchanged and skip-worktree entries, and
 * a status must find the same as git whichever way the index is read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXT_INTENT_TO_ADD, parseIndex, type IndexEntry } from './index-file.ts';
import { anyExtFlag, EntryCursor, rawEntries } from './index-raw.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { cleanTemps, git, porcelainRaw, tempDir, workspaceRepo, gantryPorcelain } from './test-helpers.ts';

afterAll(cleanTemps);

const FIELDS = ['path', 'ctimeSec', 'ctimeNsec', 'mtimeSec', 'mtimeNsec', 'dev', 'ino', 'mode', 'uid', 'gid', 'size', 'oid', 'flags', 'extFlags', 'srcOff'] as const;
const fieldsOf = (e: IndexEntry) => Object.fromEntries(FIELDS.map((f) => [f, e[f]]));

async function flaggedRepo(): Promise<string> {
  const dir = await workspaceRepo(path.join(tempDir('gantry-raw-'), 'repo'));
  writeFileSync(path.join(dir, 'later.txt'), 'intent\n');
  await git(dir, 'add', '-N', 'later.txt');
  await git(dir, 'update-index', '--assume-unchanged', 'tenants/acme.yaml');
  await git(dir, 'update-index', '--skip-worktree', 'tenants/hooli.yaml');
  return dir;
}

describe('raw index entries', () => {
  it('the cursor and the entry objects read the same fields as git', async () => {
    const dir = await flaggedRepo();
    const buf = readFileSync(path.join(dir, '.git/index'));
    const index = parseIndex(buf);
    const raw = rawEntries(index);
    expect(raw).toBeDefined();
    expect(anyExtFlag(index, EXT_INTENT_TO_ADD)).toBe(true);
    const cursor = new EntryCursor(raw!);
    const viaCursor = Array.from({ length: raw!.count }, (_, i) => fieldsOf(cursor.moveTo(i)));
    // Asking for the entries makes the objects and drops the raw tables.
    const entries = index.entries;
    expect(rawEntries(index)).toBeUndefined();
    expect(entries.map(fieldsOf)).toEqual(viaCursor);
    expect(anyExtFlag(index, EXT_INTENT_TO_ADD)).toBe(true);
    // git's own view of the same index: "<mode> <oid> <stage>\t<path>" and its stat lines.
    const ls = (await git(dir, '-c', 'core.quotePath=false', 'ls-files', '-s')).split('\n').filter(Boolean);
    expect(entries.map((e) => `${e.mode.toString(8)} ${e.oid} ${(e.flags >> 12) & 3}\t${e.path}`)).toEqual(ls);
    const debug = await git(dir, 'ls-files', '--debug', 'tenants/acme.yaml');
    const acme = entries.find((e) => e.path === 'tenants/acme.yaml')!;
    expect(debug).toContain(`ctime: ${acme.ctimeSec}:${acme.ctimeNsec}`);
    expect(debug).toContain(`mtime: ${acme.mtimeSec}:${acme.mtimeNsec}`);
    expect(debug).toContain(`dev: ${acme.dev}\tino: ${acme.ino}`);
    expect(debug).toContain(`uid: ${acme.uid}\tgid: ${acme.gid}`);
    // git prints its in-memory flags: assume-unchanged (CE_VALID) is 0x8000 there as on disk.
    expect(debug).toContain(`size: ${acme.size}\tflags: ${(acme.flags & 0x8000).toString(16)}`);
  });

  it('an index without intent-to-add entries says so without making objects', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-raw-'), 'repo'));
    const index = parseIndex(readFileSync(path.join(dir, '.git/index')));
    expect(anyExtFlag(index, EXT_INTENT_TO_ADD)).toBe(false);
    expect(rawEntries(index)).toBeDefined();
  });

  it('a cold status over raw entries finds what git finds', async () => {
    const dir = await flaggedRepo();
    writeFileSync(path.join(dir, 'tenants/initech.yaml'), 'changed: true\n');
    writeFileSync(path.join(dir, 'tenants/acme.yaml'), 'assumed unchanged, so not listed\n');
    writeFileSync(path.join(dir, 'new.txt'), 'untracked\n');
    expect(await gantryPorcelain(dir)).toEqual((await porcelainRaw(dir)).sort());
    // Twice more in fresh engines: from the folder cache, and after the index was written back.
    expect(await gantryPorcelain(dir)).toEqual((await porcelainRaw(dir)).sort());
    const changes = await status(await openRepository(dir));
    expect(changes.map((c) => c.path).sort()).toEqual(['later.txt', 'new.txt', 'tenants/initech.yaml']);
  });
});
