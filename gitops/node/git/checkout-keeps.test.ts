/**
 * Work that git keeps and a checkout must not lose (issue 10's data-loss cases), each run through
 * Gantry's Git layer and through the git CLI on a copy of the same repository.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../sync/commit-workspace.ts';
import { pull } from './fetch-pull.ts';
import { switchBranch } from './branches.ts';
import { openRepository } from './open.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelain, tempDir, workspaceRepo } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

/** A copy of `dir` (with its .git) for the git CLI to do the same thing to. */
function copyOf(dir: string): string {
  const copy = path.join(tempDir('gantry-keeps-cli-'), 'repo');
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

async function gitError(p: Promise<unknown>): Promise<GitError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitError);
  return err as GitError;
}

describe('switching branch keeps what git keeps', () => {
  it('a submodule that the other branch does not have keeps its folder, its .git and uncommitted files', async () => {
    const lib = path.join(tempDir('gantry-keeps-lib-'), 'lib');
    await workspaceRepo(lib);
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    await git(dir, 'checkout', '-q', '-b', 'with-sub');
    await git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
    await git(dir, 'commit', '-q', '-m', 'add submodule');
    writeFileSync(path.join(dir, 'vendor/lib/NOTES.md'), 'uncommitted work in the submodule\n');
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    await switchBranch(repo, 'main');
    repo.close();
    await git(cli, 'checkout', '-q', 'main');

    for (const d of [dir, cli]) {
      expect(existsSync(path.join(d, 'vendor/lib/.git')), d === dir ? 'Gantry' : 'git').toBe(true);
      expect(readFileSync(path.join(d, 'vendor/lib/NOTES.md'), 'utf8')).toBe('uncommitted work in the submodule\n');
    }
    expect((await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).trim()).toBe('main');
  });

  it('refuses to overwrite a changed file marked assume-unchanged, as git does', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    const file = 'tenants/acme.yaml';
    await git(dir, 'checkout', '-q', '-b', 'other');
    edit(path.join(dir, file), (t) => t.replace('gpus: 4', 'gpus: 3'));
    await git(dir, 'commit', '-q', '-am', 'acme: 3 GPUs');
    await git(dir, 'checkout', '-q', 'main');
    await git(dir, 'update-index', '--assume-unchanged', file);
    edit(path.join(dir, file), (t) => `# my local note\n${t}`);
    const mine = readFileSync(path.join(dir, file), 'utf8');
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    const err = await gitError(switchBranch(repo, 'other'));
    repo.close();
    expect(err.code).toBe('merge-conflict');
    expect(err.message).toContain(file);
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(mine);
    expect((await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).trim()).toBe('main');

    const r = await gitTry(cli, 'checkout', 'other');
    expect(r.code).not.toBe(0);
    expect(readFileSync(path.join(cli, file), 'utf8')).toBe(mine);
  });
});

describe('a tracked folder replaced by a symbolic link to a folder outside the repository', () => {
  it('is replaced by the branch\'s folder as git does; nothing is written through the link', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    await git(dir, 'checkout', '-q', '-b', 'other');
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('gpus: 4', 'gpus: 3'));
    await git(dir, 'commit', '-q', '-am', 'acme on other');
    await git(dir, 'checkout', '-q', 'main');
    const outside = tempDir('gantry-keeps-outside-');
    writeFileSync(path.join(outside, 'keep.txt'), 'outside the repository\n');
    rmSync(path.join(dir, 'tenants'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'tenants'));
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    await switchBranch(repo, 'other');
    repo.close();
    await git(cli, 'checkout', '-q', 'other');

    // The folder outside is as it was: one file, nothing written through the link.
    expect(readdirSync(outside)).toEqual(['keep.txt']);
    for (const d of [dir, cli]) {
      expect(lstatSync(path.join(d, 'tenants')).isDirectory(), d === dir ? 'Gantry' : 'git').toBe(true);
      expect(readFileSync(path.join(d, 'tenants/acme.yaml'), 'utf8')).toContain('gpus: 3');
    }
    expect(await porcelain(dir)).toEqual(await porcelain(cli));
    expect(readdirSync(path.join(dir, 'tenants')).sort()).toEqual(readdirSync(path.join(cli, 'tenants')).sort());
  });
});

describe('a file taken out of the index with git rm --cached, on a switch', () => {
  it('stays on disk when the other branch deletes it, as git switch leaves an untracked file', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    writeFileSync(path.join(dir, '.gitignore'), '*.log\n');
    writeFileSync(path.join(dir, 'trace.log'), 'keep me\n');
    await git(dir, 'add', '-f', '.gitignore', 'trace.log');
    await git(dir, 'commit', '-q', '-m', 'a log');
    await git(dir, 'checkout', '-q', '-b', 'other');
    await git(dir, 'rm', '-q', 'trace.log');
    await git(dir, 'commit', '-q', '-m', 'no log');
    await git(dir, 'checkout', '-q', 'main');
    await git(dir, 'rm', '-q', '--cached', 'trace.log');
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    await switchBranch(repo, 'other');
    repo.close();
    await git(cli, 'switch', '-q', 'other');

    for (const d of [dir, cli]) expect(readFileSync(path.join(d, 'trace.log'), 'utf8'), d === dir ? 'Gantry' : 'git').toBe('keep me\n');
    expect((await git(dir, 'symbolic-ref', 'HEAD')).trim()).toBe('refs/heads/other');
    expect(await git(dir, 'status', '--porcelain', '--ignored')).toBe(await git(cli, 'status', '--porcelain', '--ignored'));
  });
});

describe('an unfinished merge started with the git CLI', () => {
  it('refuses commit and pull with what to finish, and changes nothing; git refuses the commit too', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    const file = path.join(dir, 'tenants/acme.yaml');
    await git(dir, 'checkout', '-q', '-b', 'theirs');
    edit(file, (t) => t.replace('gpus: 4', 'gpus: 6'));
    await git(dir, 'commit', '-q', '-am', 'acme: 6 GPUs');
    await git(dir, 'checkout', '-q', 'main');
    edit(file, (t) => t.replace('gpus: 4', 'gpus: 1'));
    await git(dir, 'commit', '-q', '-am', 'acme: 1 GPU');
    expect((await gitTry(dir, 'merge', 'theirs')).code).not.toBe(0);
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    const c = await gitError(commit(repo, { author: ALICE, message: 'merge theirs', all: true }));
    expect(c.code).toBe('merge-conflict');
    expect(c.message).toMatch(/Cannot commit: a merge is in progress.*git merge --abort/);
    const p = await gitError(pull(repo, { author: ALICE }));
    expect(p.message).toMatch(/Cannot pull: a merge is in progress/);
    repo.close();
    expect((await git(dir, 'rev-parse', 'HEAD')).trim()).toBe(head);
    expect(existsSync(path.join(dir, '.git/MERGE_HEAD'))).toBe(true);

    expect((await gitTry(cli, 'commit', '-m', 'merge theirs')).code).not.toBe(0);
    expect((await git(cli, 'rev-parse', 'HEAD')).trim()).toBe(head);
  });
});

describe('a file taken out of the index with git rm --cached', () => {
  it('stays out when it is ignored: the commit records the removal, as git commit -a does', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    writeFileSync(path.join(dir, 'debug.log'), 'local trace\n');
    await git(dir, 'add', 'debug.log');
    await git(dir, 'commit', '-q', '-m', 'oops, a log');
    writeFileSync(path.join(dir, '.gitignore'), '*.log\n');
    await git(dir, 'add', '.gitignore');
    await git(dir, 'rm', '-q', '--cached', 'debug.log');
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    await commit(repo, { author: ALICE, message: 'ignore logs', all: true });
    repo.close();
    await git(cli, 'commit', '-q', '-am', 'ignore logs');

    const files = async (d: string) => (await git(d, 'ls-tree', '-r', '--name-only', 'HEAD')).trim().split('\n');
    expect(await files(dir)).not.toContain('debug.log');
    expect(await files(dir)).toEqual(await files(cli));
    expect((await git(dir, 'rev-parse', 'HEAD^{tree}')).trim()).toBe((await git(cli, 'rev-parse', 'HEAD^{tree}')).trim());
    expect(readFileSync(path.join(dir, 'debug.log'), 'utf8')).toBe('local trace\n');
  });
});

describe('an assume-unchanged file below a folder that became a file', () => {
  it('commits the file in the folder\'s place, one entry per name, the tree git makes', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-keeps-'), 'repo'));
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs/guide.md'), 'guide\n');
    await git(dir, 'add', 'docs');
    await git(dir, 'commit', '-q', '-m', 'docs');
    await git(dir, 'update-index', '--assume-unchanged', 'docs/guide.md');
    rmSync(path.join(dir, 'docs'), { recursive: true });
    writeFileSync(path.join(dir, 'docs'), 'docs moved to the wiki\n');
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    await commit(repo, { author: ALICE, message: 'docs moved', all: true });
    repo.close();
    await git(cli, 'add', '-A');
    await git(cli, 'commit', '-q', '-m', 'docs moved');

    const fsck = await gitTry(dir, 'fsck', '--strict', '--no-dangling');
    expect(fsck.stdout + fsck.stderr).not.toMatch(/duplicate|error/i);
    expect((await git(dir, 'rev-parse', 'HEAD^{tree}')).trim()).toBe((await git(cli, 'rev-parse', 'HEAD^{tree}')).trim());
  });
});
