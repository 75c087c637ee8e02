import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { readWorkspaceFiles } from '../read-workspace.ts';
import { diffRendered } from '../workspace-io.ts';
import { openRepository } from '../git/open.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelain, tempDir, workspaceRepo } from '../git/test-helpers.ts';
import { GitError } from '../git/types.ts';
import { commit } from './commit-workspace.ts';
import { revert, revertMessage } from './revert-workspace.ts';

afterAll(cleanTemps);

async function refused(p: Promise<unknown>, code: string): Promise<GitError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe(code);
    return err as GitError;
  }
  throw new Error(`expected GitError ${code}`);
}

/** A workspace repository with the move of initech to weu-2 committed through Gantry (specs and rendered/). */
async function withMove() {
  const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
  const repo = await openRepository(dir);
  edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
  const moved = await commit(repo, { author: ALICE, message: 'drain weu-1: initech -> weu-2\n\nGantry-Drain: weu-1' });
  return { dir, repo, moved };
}

/** A copy of the repository (files and .git) where the git CLI does the same revert. */
async function gitRevertOnCopy(dir: string, oid: string): Promise<{ copy: string; code: number; stderr: string }> {
  const copy = path.join(tempDir(), 'copy');
  cpSync(dir, copy, { recursive: true });
  const r = await gitTry(copy, 'revert', '--no-edit', oid);
  return { copy, code: r.code, stderr: r.stderr };
}

const tree = async (dir: string, rev = 'HEAD') => (await git(dir, 'rev-parse', `${rev}^{tree}`)).trim();
const routing = (dir: string) => readFileSync(path.join(dir, 'rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml'), 'utf8');

describe('revert', () => {
  it('undoes a commit as a new commit on top, the same tree and message as git revert', async () => {
    const { dir, repo, moved } = await withMove();
    expect(routing(dir)).toMatch(/"initech": \{[^}]*"shard": "weu-2"/);
    const cli = await gitRevertOnCopy(dir, moved.oid);
    expect(cli.code).toBe(0);
    const r = await revert(repo, { commit: moved.oid, author: ALICE });
    expect(r.reverted).toBe(moved.oid);
    expect(r.branch).toBe('main');
    expect(r.files.map((f) => f.path)).toEqual(expect.arrayContaining(['tenants/initech.yaml', 'rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml']));
    // git sees a new commit whose parent is the drain, with git revert's exact tree and message.
    expect(await git(dir, 'log', '--format=%s|%an|%P')).toBe(
      `Revert "drain weu-1: initech -> weu-2"|Alice Admin|${moved.oid}\ndrain weu-1: initech -> weu-2|Alice Admin|${(await git(dir, 'rev-parse', 'HEAD~2')).trim()}\nInitial commit|CLI User|\n`,
    );
    expect(await tree(dir)).toBe(await tree(cli.copy));
    expect(await tree(dir)).toBe(await tree(dir, 'HEAD~2'));
    expect(await git(dir, 'show', '-s', '--format=%B', 'HEAD')).toBe(await git(cli.copy, 'show', '-s', '--format=%B', 'HEAD'));
    expect(await git(dir, 'show', '--stat', '--format=', 'HEAD')).toBe(await git(cli.copy, 'show', '--stat', '--format=', 'HEAD'));
    // Working tree and index follow: clean, initech back on weu-1 in its spec and in the routing map.
    expect(await porcelain(dir)).toEqual([]);
    expect(readFileSync(path.join(dir, 'tenants/initech.yaml'), 'utf8')).toContain('shard: weu-1');
    expect(routing(dir)).toMatch(/"initech": \{[^}]*"shard": "weu-1"/);
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    repo.close();
  });

  it('reverts under later commits, re-rendering rendered/ from the resulting specs', async () => {
    const { dir, repo, moved } = await withMove();
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('plan: standard', 'plan: premium'));
    await commit(repo, { author: ALICE, message: 'tenant wayne: plan standard -> premium' });
    const cli = await gitRevertOnCopy(dir, moved.oid);
    const r = await revert(repo, { commit: moved.oid, author: ALICE, trailers: ['Gantry-Undo: drain weu-1'] });
    expect(r.message).toBe(revertMessage({ oid: moved.oid, message: 'drain weu-1: initech -> weu-2' }, ['Gantry-Undo: drain weu-1']));
    expect(await git(dir, 'show', '-s', '--format=%(trailers:key=Gantry-Undo,valueonly)', 'HEAD')).toBe('drain weu-1\n\n');
    // The later change stays, the reverted one is gone; rendered/ equals a fresh render of the specs.
    expect(readFileSync(path.join(dir, 'tenants/wayne.yaml'), 'utf8')).toContain('plan: premium');
    expect(readFileSync(path.join(dir, 'tenants/initech.yaml'), 'utf8')).toContain('shard: weu-1');
    const fresh = new Renderer(WorkspaceModel.fromFiles(readWorkspaceFiles(dir))).renderAll();
    expect(diffRendered(dir, fresh)).toEqual({ added: [], changed: [], removed: [] });
    expect(await porcelain(dir)).toEqual([]);
    // Where git's line merge of the rendered files succeeds, it lands on the same tree.
    if (cli.code === 0) expect(await tree(dir)).toBe(await tree(cli.copy));
    expect(await git(dir, 'diff', '--stat', 'HEAD~1', 'HEAD', '--', 'tenants')).toContain('tenants/initech.yaml');
    repo.close();
  });

  it('refuses in words when a later commit changed the same lines, as git revert conflicts, and changes nothing', async () => {
    const { dir, repo, moved } = await withMove();
    // The line right after the moved one (git's merge conflicts on adjacent changes too).
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('search: search-weu-1', 'search: search-weu-2'));
    const later = await commit(repo, { author: ALICE, message: 'tenant initech: search pool search-weu-2' });
    const cli = await gitRevertOnCopy(dir, moved.oid);
    expect(cli.code).not.toBe(0);
    const before = (await git(dir, 'rev-parse', 'HEAD')).trim();
    const err = await refused(revert(repo, { commit: moved.oid, author: ALICE }), 'merge-conflict');
    expect(err.message).toBe('Cannot revert "drain weu-1: initech -> weu-2": later commits changed the same lines of tenants/initech.yaml. Nothing was changed. Make the opposite change by hand and commit it.');
    expect((await git(dir, 'rev-parse', 'HEAD')).trim()).toBe(before);
    expect(before).toBe(later.oid);
    expect(await porcelain(dir)).toEqual([]);
    repo.close();
  });

  it('refuses when the files it changes have uncommitted changes, and keeps them', async () => {
    const { dir, repo, moved } = await withMove();
    const file = path.join(dir, 'tenants/initech.yaml');
    edit(file, (t) => t.replace('latencyTargetMs: 250', 'latencyTargetMs: 180'));
    const mine = readFileSync(file, 'utf8');
    const err = await refused(revert(repo, { commit: moved.oid, author: ALICE }), 'merge-conflict');
    expect(err.message).toContain('you have uncommitted changes in tenants/initech.yaml');
    expect(err.message).toContain('Commit or discard them first. Nothing was changed.');
    expect(readFileSync(file, 'utf8')).toBe(mine);
    expect(await porcelain(dir)).toEqual([' M tenants/initech.yaml']);
    expect((await git(dir, 'rev-parse', 'HEAD')).trim()).toBe(moved.oid);
    // An uncommitted change elsewhere is no obstacle and stays.
    edit(file, (t) => t.replace('latencyTargetMs: 180', 'latencyTargetMs: 250'));
    writeFileSync(path.join(dir, 'NOTES.md'), 'on-call notes\n');
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('latencyTargetMs: 250', 'latencyTargetMs: 240'));
    await revert(repo, { commit: moved.oid, author: ALICE });
    expect(await porcelain(dir)).toEqual([' M tenants/wayne.yaml', '?? NOTES.md']);
    repo.close();
  });

  it('refuses a second revert of the same change, a commit off the branch, and the first commit', async () => {
    const { dir, repo, moved } = await withMove();
    await revert(repo, { commit: moved.oid, author: ALICE });
    const cli = await gitRevertOnCopy(dir, moved.oid);
    expect(cli.code).not.toBe(0); // git too: nothing to commit
    expect(await porcelain(cli.copy)).toEqual([]);
    expect((await refused(revert(repo, { commit: moved.oid, author: ALICE }), 'nothing-to-commit')).message).toContain('no longer has the changes of "drain weu-1: initech -> weu-2"');
    const root = (await git(dir, 'rev-list', '--max-parents=0', 'HEAD')).trim();
    expect((await refused(revert(repo, { commit: root, author: ALICE }), 'not-supported')).message).toContain('first commit');
    await git(dir, 'switch', '-q', '-c', 'side', root);
    edit(path.join(dir, 'tenants/hooli.yaml'), (t) => `${t}# side\n`);
    await git(dir, 'commit', '-qam', 'side change');
    const side = (await git(dir, 'rev-parse', 'HEAD')).trim();
    await git(dir, 'switch', '-q', 'main');
    expect((await refused(revert(repo, { commit: side, author: ALICE }), 'not-found')).message).toContain('is not on the branch main');
    expect((await refused(revert(repo, { commit: 'f'.repeat(40), author: ALICE }), 'not-found')).message).toContain('no commit');
    repo.close();
  });
});
