/**
 * The helper thread of a status scan (stat-helper.ts): the same stat numbers as lstatSync for every
 * kind of path, whichever thread stats it, and the same status as git with the helper on and off.
 */
import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ScanStat, type ScanStatRecord } from './scan-stat.ts';
import { StatHelper } from './stat-helper.ts';
import { cleanTemps, edit, gantryPorcelain, porcelain, tempDir, workspaceRepo } from './test-helpers.ts';

afterAll(cleanTemps);
afterEach(() => {
  delete process.env.GANTRY_STATUS_THREADS;
});

const FIELDS: Array<keyof ScanStatRecord> = ['mode', 'uid', 'gid', 'ino', 'size', 'mtimeMs', 'ctimeMs'];

function expected(p: string): ScanStatRecord | undefined {
  let st;
  try {
    st = lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR: below a file, nothing is there
  }
  return st && { mode: st.mode, uid: st.uid, gid: st.gid, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

/** 3,000 paths of every kind: files, executables, links (to files, folders, nothing), folders, missing, below a file. */
function manyPaths(): string[] {
  const dir = tempDir('gantry-stat-helper-');
  const paths: string[] = [];
  mkdirSync(path.join(dir, 'd'));
  for (let i = 0; i < 3000; i++) {
    const p = path.join(dir, 'd', `f${i}`);
    switch (i % 6) {
      case 0:
        writeFileSync(p, 'x'.repeat(i));
        break;
      case 1:
        writeFileSync(p, '#!/bin/sh\n');
        chmodSync(p, 0o755);
        break;
      case 2:
        symlinkSync(i % 12 === 2 ? '../d' : 'nowhere', p);
        break;
      case 3:
        mkdirSync(p);
        break;
      case 4:
        break; // missing
      case 5:
        writeFileSync(p, 'a file\n');
        paths.push(path.join(p, 'below-a-file'));
        continue;
    }
    paths.push(p);
  }
  return paths;
}

describe('StatHelper.lstatAll', () => {
  const paths = manyPaths();
  const want = paths.map(expected);

  for (const fast of [true, false]) {
    it(`gives lstatSync's numbers for every path (${fast ? "the fs binding" : 'lstatSync'} on both threads)`, () => {
      const stat = new ScanStat(path.dirname(paths[0]!), { fast });
      const helper = StatHelper.start();
      expect(helper, 'a helper thread starts here').toBeDefined();
      let mainCalls = 0;
      const results = helper!.lstatAll(paths, stat.fast, (p) => {
        mainCalls++;
        return stat.lstat(p);
      });
      const rec: ScanStatRecord = { mode: 0, uid: 0, gid: 0, ino: 0, size: 0, mtimeMs: 0, ctimeMs: 0 };
      paths.forEach((p, i) => {
        const got = results.get(i, rec);
        const w = want[i];
        if (!w) expect(got, p).toBeUndefined();
        else expect(Object.fromEntries(FIELDS.map((f) => [f, got?.[f]])), p).toEqual(w);
      });
      // Both threads took part or the main thread did it all; either way every path was stat'ed once.
      expect(mainCalls).toBeLessThanOrEqual(paths.length);
    });
  }

  it('does everything on the main thread when the helper is gone', () => {
    const stat = new ScanStat(path.dirname(paths[0]!));
    const helper = StatHelper.start()!;
    helper.stop();
    let mainCalls = 0;
    const results = helper.lstatAll(paths, stat.fast, (p) => {
      mainCalls++;
      return stat.lstat(p);
    });
    expect(mainCalls).toBe(paths.length);
    const rec: ScanStatRecord = { mode: 0, uid: 0, gid: 0, ino: 0, size: 0, mtimeMs: 0, ctimeMs: 0 };
    expect(results.get(0, rec)?.size).toBe(0);
    expect(results.get(4, rec)).toBeUndefined();
  });
});

describe('status with the helper thread', () => {
  it('matches git status with the helper forced on, and the scan without it', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-stat-helper-repo-'), 'repo'));
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('gpus: 4', 'gpus: 5'));
    rmSync(path.join(dir, 'gantry.yaml'));
    const rendered = path.join(dir, 'rendered');
    // A tracked folder replaced by a link: the files behind it are deleted, not read through the link.
    const shardDir = lstatSync(path.join(dir, 'shards')).isDirectory() ? 'shards' : 'clusters';
    rmSync(path.join(dir, shardDir), { recursive: true });
    symlinkSync(rendered, path.join(dir, shardDir));
    writeFileSync(path.join(dir, 'notes.txt'), 'untracked\n');

    process.env.GANTRY_STATUS_THREADS = '1';
    const withHelper = await gantryPorcelain(dir);
    process.env.GANTRY_STATUS_THREADS = '0';
    const without = await gantryPorcelain(dir);
    expect(withHelper).toEqual((await porcelain(dir)).sort());
    expect(withHelper).toEqual(without);
    expect(withHelper).toContain(' M tenants/acme.yaml');
    expect(withHelper).toContain(' D gantry.yaml');
  });
});
