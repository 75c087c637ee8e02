import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { switchBranch } from './branches.ts';
import { commit } from '../sync/commit-workspace.ts';
import { diffFile } from './diff.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, git, gitTry, porcelain, tempDir } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

/** Files of every shape convert.c tells apart. */
const FILES: Record<string, string> = {
  'lf.txt': 'a\nb\n',
  'crlf.txt': 'a\r\nb\r\n',
  'mixed.txt': 'a\r\nb\nc\r\n',
  'lonecr.txt': 'a\rb\r\n',
  'nul.txt': 'a\0b\r\nc\r\n',
  'noeol.txt': 'a\r\nb',
  'ctrl.txt': `${'\x01'.repeat(3)}x\r\n`,
  'dosend.txt': 'a\r\nb\r\n\x1a',
  'empty.txt': '',
  'sub/deep.md': 'x\r\ny\n',
  'code.sh': 'echo\r\n',
};

/** Attribute files and config, each a case git handles differently. */
const CASES: Array<{ name: string; attrs?: string; config: Record<string, string> }> = [
  { name: 'autocrlf=true', config: { 'core.autocrlf': 'true' } },
  { name: 'autocrlf=input', config: { 'core.autocrlf': 'input' } },
  { name: 'autocrlf=false', config: { 'core.autocrlf': 'false' } },
  { name: 'text=auto', attrs: '* text=auto\n', config: {} },
  { name: 'text=auto eol=crlf', attrs: '* text=auto eol=crlf\n', config: {} },
  { name: 'text with core.eol=crlf', attrs: '*.txt text\n', config: { 'core.eol': 'crlf' } },
  { name: 'text, autocrlf=input beats core.eol', attrs: '*.txt text\n', config: { 'core.eol': 'crlf', 'core.autocrlf': 'input' } },
  { name: 'eol=crlf / eol=lf', attrs: '*.txt eol=crlf\n*.md eol=lf\n', config: {} },
  { name: '-text and binary under autocrlf', attrs: '*.txt -text\n*.sh binary\n', config: { 'core.autocrlf': 'true' } },
  { name: 'unspecified under autocrlf', attrs: '*.txt !text\n', config: { 'core.autocrlf': 'true' } },
  { name: 'old crlf attribute', attrs: '*.txt crlf\n*.md crlf=input\n*.sh -crlf\n', config: {} },
  { name: 'nested folder overrides root', attrs: '* text\n', config: { 'core.autocrlf': 'true' } },
];

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    execFileSync('mkdir', ['-p', path.dirname(path.join(dir, rel))]);
    writeFileSync(path.join(dir, rel), text, 'latin1');
  }
}

function copy(dir: string): string {
  const to = `${dir}-copy-${Math.random().toString(36).slice(2, 8)}`;
  execFileSync('cp', ['-a', dir, to]);
  return to;
}

async function setConfig(dir: string, config: Record<string, string>): Promise<void> {
  for (const [k, v] of Object.entries(config)) await git(dir, 'config', k, v);
}

/** The index as `git ls-files -s` (mode, blob, stage, path) plus each file's i/ and w/ end of line. */
async function indexView(dir: string): Promise<string> {
  return (await git(dir, 'ls-files', '-s')) + (await git(dir, 'ls-files', '--eol'));
}

function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (p === '.git') continue;
    if (e.isDirectory()) Object.assign(out, tree(dir, p));
    else out[p] = readFileSync(path.join(dir, p)).toString('latin1');
  }
  return out;
}

async function newRepo(c: (typeof CASES)[number]): Promise<string> {
  const dir = tempDir('gantry-eol-');
  await git(dir, 'init', '-q', '-b', 'main');
  await setConfig(dir, c.config);
  if (c.attrs) writeFileSync(path.join(dir, '.gitattributes'), c.attrs);
  if (c.name.startsWith('nested')) writeFiles(dir, { 'sub/.gitattributes': '*.md -text\n' });
  return dir;
}

describe('end-of-line conversion: commit stores what git add stores', () => {
  for (const c of CASES) {
    it(`${c.name}: same blobs as git add, git status clean, fsck --strict passes`, async () => {
      const dir = await newRepo(c);
      writeFiles(dir, FILES);
      const theirs = copy(dir);
      await git(theirs, 'add', '-A');
      await git(theirs, 'commit', '-q', '-m', 'by git');
      await commit(await openRepository(dir), { author: ALICE, message: 'by Gantry', all: true });
      expect(await indexView(dir)).toEqual(await indexView(theirs));
      expect(await porcelain(dir)).toEqual(await porcelain(theirs));
      expect((await gitTry(dir, 'fsck', '--strict')).code).toBe(0);

      // Now the index holds these blobs: git's safe rule keeps a CRLF blob as CRLF under auto.
      const edits: Record<string, string> = {};
      for (const [rel, text] of Object.entries(FILES)) edits[rel] = `${text}more\r\n`;
      writeFiles(dir, edits);
      writeFiles(theirs, edits);
      await git(theirs, 'add', '-A');
      await git(theirs, 'commit', '-q', '-m', 'by git');
      await commit(await openRepository(dir), { author: ALICE, message: 'by Gantry', all: true });
      expect(await indexView(dir)).toEqual(await indexView(theirs));
      expect(await porcelain(dir)).toEqual([]);
    });
  }

  it('refuses a commit git would refuse with core.safecrlf = true, naming the file', async () => {
    const dir = await newRepo({ name: 'safe', config: { 'core.autocrlf': 'input', 'core.safecrlf': 'true' } });
    writeFiles(dir, { 'a.txt': 'a\r\nb\r\n' });
    const theirs = copy(dir);
    const byGit = await gitTry(theirs, 'add', '-A');
    expect(byGit.code).not.toBe(0);
    expect(byGit.stderr).toContain('CRLF would be replaced by LF in a.txt');
    const err = await commit(await openRepository(dir), { author: ALICE, message: 'x', all: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe('not-supported');
    expect((err as GitError).message).toContain('CRLF would be replaced by LF in a.txt');
    expect(await git(dir, 'rev-list', '--all')).toBe('');
  });
});

describe('end-of-line conversion: status compares the cleaned file, as git status', () => {
  for (const c of CASES) {
    it(`${c.name}: touched, same-size and changed files`, async () => {
      const dir = await newRepo(c);
      writeFiles(dir, FILES);
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', 'by git');
      // Touched only, so only content can decide; and equal-size rewrites with line endings moved.
      const later = new Date(Date.now() + 5000);
      for (const rel of Object.keys(FILES)) utimesSync(path.join(dir, rel), later, later);
      writeFiles(dir, { 'mixed.txt': 'a\nb\r\nc\r\n', 'sub/deep.md': 'x\ny\r\n', 'crlf.txt': 'a\r\nc\r\n' });
      const theirs = copy(dir);
      const mine = (await status(await openRepository(dir))).map((x) => `${x.xy} ${x.path}`);
      expect(mine).toEqual(await porcelain(theirs));
      // git refreshed its copy's index; Gantry's index write-back agrees with git on the content.
      expect(await porcelain(dir)).toEqual(await porcelain(theirs));
    });
  }
});

describe('end-of-line conversion: checkout writes what git checkout writes', () => {
  for (const c of CASES) {
    it(`${c.name}: same bytes on disk as git switch, then git status and git diff are empty`, async () => {
      const dir = tempDir('gantry-eol-');
      await git(dir, 'init', '-q', '-b', 'main');
      writeFileSync(path.join(dir, 'README'), 'start\n');
      await git(dir, 'add', 'README');
      await git(dir, 'commit', '-q', '-m', 'start');
      await git(dir, 'switch', '-q', '-c', 'full');
      // Blobs exactly as written (no attributes or autocrlf yet), then the attributes the checkout applies.
      writeFiles(dir, FILES);
      await git(dir, '-c', 'core.autocrlf=false', 'add', '-A');
      if (c.attrs) writeFileSync(path.join(dir, '.gitattributes'), c.attrs);
      if (c.name.startsWith('nested')) writeFiles(dir, { 'sub/.gitattributes': '*.md -text\n' });
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', 'files');
      await git(dir, 'switch', '-q', 'main');
      await setConfig(dir, c.config);
      const theirs = copy(dir);
      await git(theirs, 'switch', '-q', 'full');
      await switchBranch(await openRepository(dir), 'full');
      expect(tree(dir)).toEqual(tree(theirs));
      // A blob committed with CRLF under `text` is dirty for git once it is re-hashed, and whether git
      // re-hashes depends on the clock (racy entries): compare both after a full re-hash, which is deterministic.
      for (const d of [dir, theirs]) await gitTry(d, 'update-index', '-q', '--really-refresh');
      expect(await porcelain(dir)).toEqual(await porcelain(theirs));
      expect(await git(dir, 'diff')).toBe(await git(theirs, 'diff'));
      expect(await git(dir, 'ls-files', '--eol')).toEqual(await git(theirs, 'ls-files', '--eol'));
    });
  }
});

describe('end-of-line conversion: diff and what Gantry refuses', () => {
  it('diffFile sees no change where only line endings git converts differ, and the edit where one was made', async () => {
    const dir = tempDir('gantry-eol-');
    await git(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, { 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'x\ny\n' });
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'lf');
    await git(dir, 'config', 'core.autocrlf', 'true');
    writeFiles(dir, { 'a.txt': 'one\r\ntwo\r\nthree\r\n', 'b.txt': 'x\r\nchanged\r\n' });
    const repo = await openRepository(dir);
    const numstat = async (rel: string) => (await git(dir, 'diff', '--numstat', '--', rel)).trim();
    const a = await diffFile(repo, 'a.txt');
    const b = await diffFile(repo, 'b.txt');
    expect(await numstat('a.txt')).toBe('');
    expect({ added: a.added, removed: a.removed, hunks: a.hunks.length }).toEqual({ added: 0, removed: 0, hunks: 0 });
    expect(await numstat('b.txt')).toBe('1\t1\tb.txt');
    expect(`${b.added}\t${b.removed}\tb.txt`).toBe(await numstat('b.txt'));
  });

  it('diffFile calls a file binary where git diff does: -diff and binary attributes, diff forcing text', async () => {
    const dir = tempDir('gantry-eol-');
    await git(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, { '.gitattributes': '*.dat -diff\n*.pic binary\n*.txt diff\n', 'a.dat': 'x\n', 'b.pic': 'x\n', 'c.txt': 'x\0y\n', 'd.raw': 'x\0y\n', 'e.md': 'x\n' });
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'files');
    writeFiles(dir, { 'a.dat': 'y\n', 'b.pic': 'y\n', 'c.txt': 'x\0z\n', 'd.raw': 'x\0z\n', 'e.md': 'y\n' });
    const repo = await openRepository(dir);
    for (const rel of ['a.dat', 'b.pic', 'c.txt', 'd.raw', 'e.md']) {
      const byGit = (await git(dir, 'diff', '--', rel)).includes('Binary files');
      expect({ rel, binary: (await diffFile(repo, rel)).binary }).toEqual({ rel, binary: byGit });
    }
  });

  it('refuses to commit or check out a path with a configured filter driver (Git LFS), naming it; without a driver it does what git does', async () => {
    const dir = tempDir('gantry-eol-');
    await git(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, { '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n', 'plain.txt': 'x\n', 'big.bin': 'pretend large\n' });
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'no lfs installed: git stores the file as it is');
    writeFiles(dir, { 'big.bin': 'pretend large, changed\n' });
    // No filter.lfs.* config: git runs no filter, and neither does Gantry.
    const theirs = copy(dir);
    await git(theirs, 'add', '-A');
    await git(theirs, 'commit', '-q', '-m', 'by git');
    const repo = await openRepository(dir);
    await commit(repo, { author: ALICE, message: 'by Gantry', all: true });
    expect(await indexView(dir)).toEqual(await indexView(theirs));
    // With the driver configured, git would store an LFS pointer: Gantry refuses instead.
    await git(dir, 'config', 'filter.lfs.clean', 'git-lfs clean -- %f');
    await git(dir, 'config', 'filter.lfs.smudge', 'git-lfs smudge -- %f');
    writeFiles(dir, { 'big.bin': 'pretend large, changed again\n', 'plain.txt': 'y\n' });
    const head = await git(dir, 'rev-parse', 'HEAD');
    const err = await commit(await openRepository(dir), { author: ALICE, message: 'x', all: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe('not-supported');
    expect((err as GitError).message).toMatch(/big\.bin goes through the "lfs" filter.*Git LFS.*Nothing was committed/);
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(head);
    // A checkout that would write such a file changes nothing.
    await git(dir, 'checkout', '-q', '--', '.');
    await git(dir, 'switch', '-q', '-c', 'other', 'HEAD~1');
    const before = tree(dir);
    const err2 = await switchBranch(await openRepository(dir), 'main').catch((e: unknown) => e);
    expect((err2 as GitError).code).toBe('not-supported');
    expect((err2 as GitError).message).toMatch(/big\.bin goes through the "lfs" filter.*Nothing was changed/);
    expect(tree(dir)).toEqual(before);
    expect((await git(dir, 'symbolic-ref', 'HEAD')).trim()).toBe('refs/heads/other');
  });

  it('refuses working-tree-encoding other than UTF-8, and ident only where the content has $Id', async () => {
    const dir = tempDir('gantry-eol-');
    await git(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, { '.gitattributes': '*.utf16 working-tree-encoding=UTF-16LE\n*.u8 working-tree-encoding=UTF-8\n*.id ident\n', 'a.u8': 'ok\n', 'a.id': 'no marker\n' });
    const theirs = copy(dir);
    await git(theirs, 'add', '-A');
    await commit(await openRepository(dir), { author: ALICE, message: 'utf-8 and ident without $Id convert to themselves', all: true });
    expect(await git(dir, 'ls-files', '-s')).toEqual(await git(theirs, 'ls-files', '-s'));
    for (const [rel, text, why] of [
      ['x.utf16', 'h\0i\0', /x\.utf16 is kept in UTF-16LE in the working tree/],
      ['b.id', '$Id$\n', /b\.id has the ident attribute/],
    ] as const) {
      writeFiles(dir, { [rel]: text });
      const err = await commit(await openRepository(dir), { author: ALICE, message: 'x', all: true }).catch((e: unknown) => e);
      expect((err as GitError).code).toBe('not-supported');
      expect((err as GitError).message).toMatch(why);
      execFileSync('rm', [path.join(dir, rel)]);
    }
  });
});
