/**
 * The workspace handoff end to end against the git CLI: export writes a bundle git verifies and
 * fetches (same ids) and a report naming the semantic change; a bundle made by the CLI is
 * previewed (commits, summary, files) and taken with a rebase whose rendered/ matches the merged
 * specs; a bundle that does not fit is refused with nothing changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { readWorkspaceFiles } from '../read-workspace.ts';
import { diffRendered } from '../workspace-io.ts';
import { commit } from './commit-workspace.ts';
import { applyImport, exportHandoff, previewImport } from './handoff.ts';
import { remoteWithTwoClones } from './handoff-test-clones.ts';
import { openRepository } from '../git/open.ts';
import { ALICE, cleanTemps, edit, git, gitTry, tempDir } from '../git/test-helpers.ts';

afterAll(cleanTemps);

describe('workspace handoff', () => {
  it('exports the unpushed commits as a bundle the CLI fetches byte for byte, with a report of the change', async () => {
    const { root, local, other } = await remoteWithTwoClones(tempDir('gantry-handoff-'));
    const repo = await openRepository(local);
    edit(path.join(local, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    const c = await commit(repo, { author: ALICE, message: 'tenant initech: moved weu-1 -> weu-2' });
    const out = await exportHandoff(repo, { folder: path.join(root, 'usb'), title: 'platform <script>' });
    repo.close();
    expect(path.basename(out.bundlePath)).toBe(`platform-script-main-${c.oid.slice(0, 7)}.bundle`);
    expect(out.commits.map((x) => x.oid)).toEqual([c.oid]);
    expect((await gitTry(other, 'bundle', 'verify', out.bundlePath)).code).toBe(0);
    await git(other, 'fetch', '-q', out.bundlePath, 'main:refs/remotes/handoff/main');
    expect((await git(other, 'rev-parse', 'handoff/main')).trim()).toBe(c.oid);
    expect(await git(other, 'cat-file', 'commit', 'handoff/main')).toBe(await git(local, 'cat-file', 'commit', 'main'));
    const html = readFileSync(out.reportPath, 'utf8');
    expect(html).toContain('tenant initech: moved weu-1 -&gt; weu-2');
    expect(html).toContain('shard weu-2: GPUs placed 7/16 -&gt; 9/16');
    expect(html).toContain(c.oid);
    expect(html).toContain('Changes to platform &lt;script&gt;');
    expect(html).toContain('Cluster aks-weu-prod');
  });

  it('previews a CLI bundle, then rebases the local commit onto it with rendered/ made again from the merged specs', async () => {
    const { root, local, other } = await remoteWithTwoClones(tempDir('gantry-handoff-'));
    edit(path.join(other, 'tenants/hooli.yaml'), (t) => t.replace(/displayName: .*/, 'displayName: Hooli XYZ'));
    await git(other, 'commit', '-q', '-am', 'reviewer: hooli display name');
    const file = path.join(root, 'back.bundle');
    await git(other, 'bundle', 'create', file, 'origin/main..main');
    const repo = await openRepository(local);
    edit(path.join(local, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    await commit(repo, { author: ALICE, message: 'tenant initech: moved' });
    const preview = await previewImport(repo, { file });
    expect(preview.kind).toBe('rebased');
    expect(preview.incoming.map((x) => x.message.trim())).toEqual(['reviewer: hooli display name']);
    expect(preview.local.map((x) => x.subject)).toEqual(['tenant initech: moved']);
    expect(preview.files.map((f) => f.path)).toEqual(['tenants/hooli.yaml']);
    expect(preview.summary.map((s) => s.text).join('\n')).toMatch(/tenant hooli/);
    // The preview moved nothing.
    expect((await git(local, 'log', '-1', '--format=%s')).trim()).toBe('tenant initech: moved');
    const r = await applyImport(repo, { file, author: ALICE, expectTip: preview.tip });
    repo.close();
    expect(r.kind).toBe('rebased');
    expect((await git(local, 'log', '--format=%s', '-3')).trim().split('\n')).toEqual(['tenant initech: moved', 'reviewer: hooli display name', 'Initial commit']);
    expect(await git(local, 'status', '--porcelain')).toBe('');
    expect(readFileSync(path.join(local, 'tenants/hooli.yaml'), 'utf8')).toContain('Hooli XYZ');
    const fresh = new Renderer(WorkspaceModel.fromFiles(readWorkspaceFiles(local))).renderAll();
    expect(diffRendered(local, fresh)).toEqual({ added: [], changed: [], removed: [] });
    // The bundle stood for the remote: origin/main is its tip, one commit to push.
    expect((await git(local, 'rev-parse', 'origin/main')).trim()).toBe(preview.tip);
    expect((await git(local, 'rev-list', '--count', 'origin/main..main')).trim()).toBe('1');
  });

  it('a reference the bundle lacks is refused naming the ones it has; a conflict leaves everything as it was', async () => {
    const { root, local, other } = await remoteWithTwoClones(tempDir('gantry-handoff-'));
    await git(other, 'checkout', '-q', '-b', 'review');
    edit(path.join(other, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: eus-1'));
    await git(other, 'commit', '-q', '-am', 'reviewer: initech to eus-1');
    const file = path.join(root, 'review.bundle');
    await git(other, 'bundle', 'create', file, 'origin/main..review');
    const repo = await openRepository(local);
    await expect(previewImport(repo, { file, ref: 'nope' })).rejects.toThrow(/review\.bundle has no reference nope; it has refs\/heads\/review\. Choose which to take/);
    // Its only branch is taken when it lacks the checked-out one.
    const p = await previewImport(repo, { file });
    expect(p).toMatchObject({ kind: 'fast-forward', ref: 'refs/heads/review' });
    edit(path.join(local, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    await commit(repo, { author: ALICE, message: 'mine: initech to weu-2' });
    const before = await git(local, 'rev-parse', 'main', 'origin/main');
    await expect(applyImport(repo, { file, ref: 'review', author: ALICE })).rejects.toThrow(/"mine: initech to weu-2" and the bundle review\.bundle both changed tenants\/initech\.yaml\. Nothing was changed/);
    repo.close();
    expect(await git(local, 'rev-parse', 'main', 'origin/main')).toBe(before);
    expect(await git(local, 'status', '--porcelain')).toBe('');
    expect(existsSync(file)).toBe(true);
  });
});
