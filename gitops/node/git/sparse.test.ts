/**
 * Sparse checkout (issue 10, item 11): status reads the .gitignore files git reads (from the index
 * for skip-worktree entries), and a switch writes only what git writes. Compared with the git CLI
 * on a copy of the same repository.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { switchBranch } from './branches.ts';
import { commit } from '../sync/commit-workspace.ts';
import { openRepository } from './open.ts';
import { coneMatcher, patternMatcher } from './sparse.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, git, gitTry, porcelainRaw, tempDir, workspaceRepo } from './test-helpers.ts';

afterAll(cleanTemps);

function copyOf(dir: string): string {
  const copy = path.join(tempDir('gantry-sparse-cli-'), 'repo');
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** Every file under `dir` (no .git), sorted. */
function filesOn(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (r === '.git') continue;
    if (d.isDirectory()) out.push(...filesOn(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** The workspace's folders: the sparse set leaves only tools/ out. */
const SPEC_FOLDERS = ['clusters', 'pools', 'rendered', 'routing', 'shards', 'tenants'];

/** A workspace with a build folder whose .gitignore is outside the sparse set, sparse on the spec folders. */
async function sparseRepo(): Promise<string> {
  const dir = await workspaceRepo(path.join(tempDir('gantry-sparse-'), 'repo'));
  mkdirSync(path.join(dir, 'tools/build'), { recursive: true });
  writeFileSync(path.join(dir, 'tools/.gitignore'), '*.log\nbuild/\n');
  writeFileSync(path.join(dir, 'tools/run.sh'), 'echo run\n');
  await git(dir, 'add', 'tools');
  await git(dir, 'commit', '-q', '-m', 'tools');
  await git(dir, 'sparse-checkout', 'set', '--cone', ...SPEC_FOLDERS);
  return dir;
}

describe('sparse checkout', () => {
  it('status reads a skip-worktree .gitignore from the index, as git does', async () => {
    const dir = await sparseRepo();
    expect(existsSync(path.join(dir, 'tools/.gitignore')), 'git left tools/ out').toBe(false);
    // Files a tool writes there: ignored by the .gitignore that only the index has.
    mkdirSync(path.join(dir, 'tools/build'), { recursive: true });
    writeFileSync(path.join(dir, 'tools/build/out.bin'), 'x');
    writeFileSync(path.join(dir, 'tools/trace.log'), 'x');
    writeFileSync(path.join(dir, 'tools/notes.txt'), 'x');
    const repo = await openRepository(dir);
    const ours = (await status(repo)).map((c) => `${c.xy} ${c.path}`).sort();
    repo.close();
    expect(ours).toEqual((await porcelainRaw(dir)).sort());
    expect(ours).toEqual(['?? tools/notes.txt']);
  });

  it('a commit of everything leaves the files outside the sparse set as they are in git', async () => {
    const dir = await sparseRepo();
    mkdirSync(path.join(dir, 'tools'));
    writeFileSync(path.join(dir, 'tools/trace.log'), 'x');
    const repo = await openRepository(dir);
    const r = await commit(repo, { author: ALICE, message: 'nothing but the log' }).catch((e: unknown) => e);
    repo.close();
    // Nothing to commit (the log is ignored, tools/ files are skip-worktree, not deleted).
    expect(String(r)).toMatch(/nothing to commit|No changes/i);
    expect((await git(dir, 'ls-tree', '-r', '--name-only', 'HEAD', 'tools')).split('\n').filter(Boolean)).toEqual(['tools/.gitignore', 'tools/run.sh']);
  });

  it('switching branch writes only the sparse set, and keeps the rest skip-worktree, as git', async () => {
    const dir = await sparseRepo();
    await git(dir, 'checkout', '-q', '-b', 'other');
    await git(dir, 'sparse-checkout', 'disable');
    writeFileSync(path.join(dir, 'tools/new-tool.sh'), 'echo new\n');
    writeFileSync(path.join(dir, 'tools/run.sh'), 'echo changed\n');
    writeFileSync(path.join(dir, 'tenants/zz-notes.md'), 'in the cone\n');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'change tools');
    await git(dir, 'checkout', '-q', 'main');
    await git(dir, 'sparse-checkout', 'set', '--cone', ...SPEC_FOLDERS);
    expect(existsSync(path.join(dir, 'tools'))).toBe(false);
    const cli = copyOf(dir);

    const repo = await openRepository(dir);
    await switchBranch(repo, 'other');
    repo.close();
    await git(cli, 'checkout', '-q', 'other');

    expect(filesOn(dir)).toEqual(filesOn(cli));
    expect(existsSync(path.join(dir, 'tools/new-tool.sh'))).toBe(false);
    expect(existsSync(path.join(dir, 'tenants/zz-notes.md'))).toBe(true);
    expect(await porcelainRaw(dir)).toEqual([]);
    const skipped = async (d: string) => (await git(d, 'ls-files', '-t')).split('\n').filter((l) => l.startsWith('S ')).sort();
    expect(await skipped(dir)).toEqual(await skipped(cli));
    expect(await skipped(dir)).toContain('S tools/new-tool.sh');
    expect((await gitTry(dir, 'fsck', '--strict')).code).toBe(0);
    // Widening the set afterwards brings the files of the new commit, as git does.
    await git(dir, 'sparse-checkout', 'disable');
    expect(await porcelainRaw(dir)).toEqual([]);
    expect(filesOn(dir)).toContain('tools/new-tool.sh');
  });
});

describe('the sparse patterns', () => {
  it('cone mode: root files, parent folders\' files, whole folders', () => {
    const m = coneMatcher(['/*', '!/*/', '/a/', '!/a/*/', '/a/b/', '/tenants/'])!;
    expect(m('gantry.yaml')).toBe(true);
    expect(m('tenants/acme.yaml')).toBe(true);
    expect(m('tenants/deep/x.yaml')).toBe(true);
    expect(m('a/file')).toBe(true);
    expect(m('a/c/file')).toBe(false);
    expect(m('a/b/c/file')).toBe(true);
    expect(m('shards/weu-1.yaml')).toBe(false);
    expect(coneMatcher(['/*', '!/*/', '*.yaml'])).toBeUndefined();
  });

  it('full patterns: last match wins, a folder match takes what is below it', () => {
    const m = patternMatcher(['/*', '!/rendered/', '/rendered/aks-weu-prod/']);
    expect(m('gantry.yaml')).toBe(true);
    expect(m('rendered/aks-eus-prod/x.yaml')).toBe(false);
    expect(m('rendered/aks-weu-prod/x.yaml')).toBe(true);
  });
});
