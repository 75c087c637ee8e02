import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogPages } from './log-pages.ts';
import { initRepository, openRepository } from './open.ts';
import { cleanTemps, git, gitEnv, tempDir } from './test-helpers.ts';
import { execFileSync } from 'node:child_process';

afterAll(cleanTemps);

/**
 * A history with branches merged in, commits sharing a second, dates out of order, and a multi-line
 * message, made by the git CLI through fast-import (one process for hundreds of commits).
 */
async function cliHistory(dir: string, n: number): Promise<void> {
  await initRepository(dir);
  const lines: string[] = [];
  let mark = 0;
  const commit = (branch: string, t: number, msg: string, parents: number[], file: string) => {
    mark++;
    const data = `${file} ${mark}\n`;
    lines.push(`commit refs/heads/${branch}`, `mark :${mark}`, `author A U Thor <a@example.com> ${t} +0100`, `committer C O Mitter <c@example.com> ${t} +0000`);
    lines.push(`data ${Buffer.byteLength(msg)}`, msg);
    if (parents.length) lines.push(`from :${parents[0]}`);
    for (const p of parents.slice(1)) lines.push(`merge :${p}`);
    lines.push(`M 644 inline ${file}`, `data ${Buffer.byteLength(data)}`, data, '');
    return mark;
  };
  let main = commit('main', 1_700_000_000, 'first', [], 'a.txt');
  for (let i = 1; i < n; i++) {
    // Every 7th commit shares its second with the one before; every 11th is dated before its parent.
    const t = 1_700_000_000 + i * 60 - (i % 7 === 0 ? 60 : 0) - (i % 11 === 0 ? 3600 : 0);
    if (i % 25 === 0) {
      const side = commit('side', t - 30, `side ${i}\n\nbody line\nGantry-Change: edit-tenant\n`, [main], `side-${i}.txt`);
      main = commit('main', t, `Merge side ${i}`, [main, side], `m-${i}.txt`);
    } else main = commit('main', t, `commit ${i}`, [main], `f-${i % 13}.txt`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env: gitEnv(), input: `${lines.join('\n')}\n` });
}

describe('LogPages', () => {
  it('pages put together list the commits git log lists, in its order, with their messages and authors', { timeout: 60_000 }, async () => {
    const dir = path.join(tempDir(), 'repo');
    await cliHistory(dir, 400);
    await git(dir, 'checkout', '-q', 'main');
    const repo = await openRepository(dir);
    const expected = (await git(dir, 'log', '--format=%H %an %at', 'main')).trim().split('\n');
    const pages = LogPages.open(repo);
    const got: string[] = [];
    let offset = 0;
    for (;;) {
      const page = pages.page(offset, 37);
      got.push(...page.commits.map((c) => `${c.oid} ${c.author.name} ${c.author.timestamp}`));
      offset += page.commits.length;
      if (!page.more) break;
      expect(page.commits).toHaveLength(37);
    }
    expect(got).toEqual(expected);
    // A page in the middle equals git log --skip -n, and reading stopped after the rows asked for.
    const fresh = LogPages.open(repo);
    const mid = fresh.page(100, 20);
    expect(mid.commits.map((c) => c.oid).join('\n')).toBe((await git(dir, 'log', '--format=%H', '--skip=100', '-n', '20', 'main')).trim());
    expect(fresh.read).toBe(121);
    const side = fresh.page(0, 400).commits.find((c) => c.message.startsWith('side 375'))!;
    expect(side.message).toBe((await git(dir, 'show', '-s', '--format=%B', side.oid)).replace(/\n$/, ''));
  });

  it('an unborn branch has no commits; an unknown ref is refused', async () => {
    const dir = path.join(tempDir(), 'empty');
    await initRepository(dir);
    const repo = await openRepository(dir);
    expect(LogPages.open(repo).page(0, 50)).toEqual({ head: undefined, commits: [], more: false });
    expect(() => LogPages.open(repo, 'nope')).toThrow(/does not name/);
  });
});
