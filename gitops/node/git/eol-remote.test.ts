import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../../../e2e/support/git-server.ts';
import { cloneRepository } from './clone.ts';
import { pull } from './fetch-pull.ts';
import { ALICE, cleanTemps, gitEnv, tempDir } from './test-helpers.ts';

const run = promisify(execFile);
const USER = 'alice';
const PASS = 's3cret-token';
const auth = { username: USER, password: PASS };
let server: GitServer;

beforeAll(async () => {
  server = await startGitServer({ users: { [USER]: PASS } });
});

afterAll(async () => {
  await server?.close();
  cleanTemps();
});

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

describe('end-of-line conversion over the network: clone and pull write what git writes', () => {
  it('with core.autocrlf=true in the global config and eol attributes in the tree', async () => {
    const root = tempDir('gantry-eol-remote-');
    const seed = path.join(root, 'seed');
    mkdirSync(path.join(seed, 'docs'), { recursive: true });
    writeFileSync(path.join(seed, '.gitattributes'), '*.sh eol=lf\n*.bat eol=crlf\n*.png binary\n');
    writeFileSync(path.join(seed, 'README.md'), '# title\n\ntext\n');
    writeFileSync(path.join(seed, 'run.sh'), '#!/bin/sh\necho hi\n');
    writeFileSync(path.join(seed, 'run.bat'), '@echo off\necho hi\n');
    writeFileSync(path.join(seed, 'logo.png'), Buffer.from([0x89, 0x50, 0x0a, 0x00, 0x0a]));
    writeFileSync(path.join(seed, 'docs/guide.txt'), 'one\ntwo\n');
    const url = await server.createRepo('eol', { fromDir: seed });
    const cliUrl = url.replace('http://', `http://${USER}:${PASS}@`);
    const globalFile = path.join(root, 'gitconfig');
    writeFileSync(globalFile, '[core]\n\tautocrlf = true\n');
    const env = { ...gitEnv(), GIT_CONFIG_GLOBAL: globalFile };
    const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env })).stdout;

    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = globalFile;
    try {
      const mine = path.join(root, 'mine');
      const repo = await cloneRepository({ url, dir: mine, auth });
      const theirs = path.join(root, 'theirs');
      await git(root, 'clone', '-q', cliUrl, theirs);
      expect(tree(mine)['README.md']).toBe('# title\r\n\r\ntext\r\n');
      expect(tree(mine)).toEqual(tree(theirs));
      expect(await git(mine, 'status', '--porcelain')).toBe('');
      expect(await git(mine, 'ls-files', '--eol')).toEqual(await git(theirs, 'ls-files', '--eol'));

      // A colleague pushes; Gantry's pull and git's pull leave the same bytes.
      const colleague = path.join(root, 'colleague');
      await git(root, 'clone', '-q', cliUrl, colleague);
      writeFileSync(path.join(colleague, 'docs/new.txt'), 'a\r\nb\r\n');
      writeFileSync(path.join(colleague, 'README.md'), '# title\r\n\r\nmore text\r\n');
      await git(colleague, 'add', '-A');
      await git(colleague, 'commit', '-q', '-m', 'more');
      await git(colleague, 'push', '-q', 'origin', 'main');
      const result = await pull(repo, { auth, author: ALICE });
      expect(result.kind).toBe('fast-forward');
      await git(theirs, 'pull', '-q');
      expect(tree(mine)['docs/new.txt']).toBe('a\r\nb\r\n');
      expect(tree(mine)).toEqual(tree(theirs));
      expect(await git(mine, 'status', '--porcelain')).toBe('');
      expect(await git(mine, 'diff')).toBe('');
      repo.close();
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    }
  });
});
