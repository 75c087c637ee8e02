/**
 * Clone from a repository folder (an air-gapped mirror) against the git CLI: the clone holds the
 * source branch's history with the same ids, passes `git fsck --strict`, has a clean
 * `git status`, and tracks the source; refusals say what is wrong, and leave no folder behind.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloneFromFolder } from './bundle-clone.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, git, gitTry, tempDir } from './test-helpers.ts';

afterAll(cleanTemps);

async function source(): Promise<{ root: string; work: string; mirror: string }> {
  const root = tempDir('gantry-folder-clone-');
  const work = path.join(root, 'work');
  await git(root, 'init', '-q', '-b', 'main', work);
  writeFileSync(path.join(work, 'a.txt'), 'a\n');
  await git(work, 'add', '-A');
  await git(work, 'commit', '-q', '-m', 'one');
  writeFileSync(path.join(work, 'b.sh'), '#!/bin/sh\n');
  await git(work, 'update-index', '--add', '--chmod=+x', 'b.sh');
  await git(work, 'commit', '-q', '-m', 'two');
  await git(work, 'branch', 'review');
  const mirror = path.join(root, 'platform.git');
  await git(root, 'clone', '-q', '--mirror', work, mirror);
  return { root, work, mirror };
}

describe('clone from a folder', () => {
  it('from a bare mirror: same history, fsck clean, status clean, tracking origin', async () => {
    const { root, work, mirror } = await source();
    const dir = path.join(root, 'clone');
    const repo = await cloneFromFolder({ source: mirror, url: `file://${mirror}`, dir, who: ALICE });
    expect(await status(repo)).toEqual([]);
    repo.close();
    expect(await git(dir, 'log', '--format=%H %T %P %s', 'main')).toBe(await git(work, 'log', '--format=%H %T %P %s', 'main'));
    expect((await git(dir, 'rev-parse', 'origin/main')).trim()).toBe((await git(work, 'rev-parse', 'main')).trim());
    const fsck = await gitTry(dir, 'fsck', '--strict', '--no-dangling');
    expect(fsck.code, fsck.stderr).toBe(0);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect((await git(dir, 'config', 'remote.origin.url')).trim()).toBe(`file://${mirror}`);
    expect((await git(dir, 'rev-parse', '--abbrev-ref', 'main@{upstream}')).trim()).toBe('origin/main');
    expect(await git(dir, 'ls-files', '-s')).toBe(await git(work, 'ls-files', '-s'));
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('a\n');
  });

  it('from a working tree, a chosen branch', async () => {
    const { root, work } = await source();
    const dir = path.join(root, 'clone2');
    const repo = await cloneFromFolder({ source: work, url: work, dir, branch: 'review', who: ALICE });
    repo.close();
    expect((await git(dir, 'rev-parse', 'HEAD')).trim()).toBe((await git(work, 'rev-parse', 'review')).trim());
    expect((await git(dir, 'symbolic-ref', 'HEAD')).trim()).toBe('refs/heads/review');
  });

  it('refuses a folder that is not a repository, a missing branch, and a missing drive, leaving nothing', async () => {
    const { root, mirror } = await source();
    const dir = path.join(root, 'no');
    await expect(cloneFromFolder({ source: root, url: root, dir, who: ALICE })).rejects.toThrow(/is not a Git repository/);
    await expect(cloneFromFolder({ source: mirror, url: mirror, dir, branch: 'nope', who: ALICE })).rejects.toThrow(/has no branch nope \(it has main, review\)/);
    await expect(cloneFromFolder({ source: '/mnt/not-there/x.git', url: '/mnt/not-there/x.git', dir, who: ALICE })).rejects.toThrow(/does not exist \(is the drive mounted\?\)/);
    expect(existsSync(dir)).toBe(false);
  });
});
