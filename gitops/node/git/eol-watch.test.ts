import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { cleanTemps, git, tempDir } from './test-helpers.ts';
import { watchRepository } from './watch.ts';

afterAll(cleanTemps);

const lines = async (repo: Awaited<ReturnType<typeof openRepository>>) => (await status(repo)).map((c) => `${c.xy} ${c.path}`);

describe('end-of-line conversion in a watched status', () => {
  it('follows a changed core.autocrlf and a changed .gitattributes for the files it re-hashes, as git status does', async () => {
    const dir = tempDir('gantry-eol-watch-');
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'config', 'core.autocrlf', 'true');
    writeFileSync(path.join(dir, 'a.txt'), 'a\r\nb\r\n');
    writeFileSync(path.join(dir, 'b.txt'), 'c\r\nd\r\n');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'stored with LF');
    const repo = await openRepository(dir);
    const watcher = watchRepository(repo, { debounceMs: 20, onChange: () => undefined });
    try {
      await watcher.ready;
      expect(await lines(repo)).toEqual([]);
      // autocrlf off: the touched file is hashed as it is, CRLF and all, and differs from its LF blob.
      await git(dir, 'config', 'core.autocrlf', 'false');
      const later = new Date(Date.now() + 5000);
      utimesSync(path.join(dir, 'a.txt'), later, later);
      await expect.poll(() => lines(repo), { timeout: 5000 }).toEqual([' M a.txt']);
      // A .gitattributes saying text again: the next touched file is cleaned by it.
      writeFileSync(path.join(dir, '.gitattributes'), '*.txt text\n');
      utimesSync(path.join(dir, 'b.txt'), later, later);
      await expect.poll(() => lines(repo), { timeout: 5000 }).toEqual(['?? .gitattributes']);
      expect(await lines(repo)).toEqual((await git(dir, 'status', '--porcelain')).split('\n').filter(Boolean));
    } finally {
      watcher.close();
    }
  });
});
