import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../sync/commit-workspace.ts';
import { compareGitOrder } from './git-order.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, git, gitTry, porcelain, tempDir, workspaceRepo } from './test-helpers.ts';

afterAll(cleanTemps);

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('git order (UTF-8 bytes, not UTF-16 code units)', () => {
  it('agrees with a byte comparison where UTF-16 does not', () => {
    const names = ['a', 'a\u{10000}', 'a\uFB00', 'a\uE000', 'a\u{1F600}x', 'a\uFFFD', 'b', 'a/', 'a0', '\u00e9', 'z\u{10FFFF}', 'z\uFFFF'];
    const byBytes = [...names].sort(utf8Order);
    expect([...names].sort(compareGitOrder)).toEqual(byBytes);
    // The reason this exists: JavaScript's own order differs here.
    expect([...names].sort()).not.toEqual(byBytes);
  });

  it('a commit of names above U+FFFF beside names in U+E000-U+FFFF makes trees and an index git accepts', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-order-'), 'repo'));
    mkdirSync(path.join(dir, 'notes', 'd\u{1F600}'), { recursive: true });
    for (const name of ['a\u{10000}.txt', 'a\uFB00.txt', 'a\uE000.txt', 'd\uFFFD.txt', 'd\u{1F600}/inside.txt']) writeFileSync(path.join(dir, 'notes', name), `${name}\n`);
    const repo = await openRepository(dir);
    await commit(repo, { author: ALICE, message: 'notes with unusual names', all: true });
    expect(await status(repo)).toEqual([]);
    repo.close();
    const fsck = await gitTry(dir, 'fsck', '--strict', '--no-dangling');
    expect(fsck.stderr + fsck.stdout).not.toMatch(/treeNotSorted|unordered|error/i);
    expect(fsck.code).toBe(0);
    expect(await porcelain(dir)).toEqual([]);
    expect((await git(dir, '-c', 'core.quotepath=false', 'ls-files', 'notes')).trim().split('\n')).toHaveLength(5);
  });
});
