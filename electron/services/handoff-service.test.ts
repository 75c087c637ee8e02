/**
 * The handoff channels through the host's dispatcher (browser mode's path), against the git CLI:
 * export to a folder outside the workspace, preview and import a CLI bundle, refusals as
 * sentences, and clone from a file:// mirror.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { edit, git, gitTry } from '../../gitops/node/git/test-helpers.ts';
import { remoteWithTwoClones } from '../../gitops/node/sync/handoff-test-clones.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});
const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

async function setup() {
  const { root, remote, local, other } = await remoteWithTwoClones(tmp('gantry-handoff-host-'));
  const host = createHost({
    mode: 'browser',
    version: 't',
    dataDir: tmp('gantry-data-'),
    credentials: new MemoryCredentialStore(),
    initialWorkspace: local,
  });
  hosts.push(host);
  return { root, remote, local, other, host };
}

describe('handoff through the host', () => {
  it('exports the commit made in the app, previews and imports a CLI bundle, refuses in words', async () => {
    const { root, local, other, host } = await setup();
    const file = 'tenants/initech.yaml';
    const text = readFileSync(path.join(local, file), 'utf8');
    expect(await host.dispatch('workspace:writeFile', { file, content: text.replace('shard: weu-1', 'shard: weu-2'), expected: text })).toMatchObject({ ok: true });
    const c = await host.dispatch('git:commit', { message: 'tenant initech: moved weu-1 -> weu-2' });
    expect(c).toMatchObject({ ok: true });
    const oid = (c as { value: { oid: string } }).value.oid;

    const inside = await host.dispatch('git:exportBundle', { folder: path.join(local, 'out') });
    expect(inside).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(inside)).toMatch(/outside the workspace/);
    expect(JSON.stringify(await host.dispatch('git:exportBundle', { folder: 'relative/usb' }))).toMatch(/full path of the folder for the bundle/);
    const out = await host.dispatch('git:exportBundle', { folder: path.join(root, 'usb') });
    expect(out).toMatchObject({ ok: true, value: { branch: 'main', tip: oid, commits: [{ oid, subject: 'tenant initech: moved weu-1 -> weu-2' }] } });
    const { bundlePath, reportPath } = (out as { value: { bundlePath: string; reportPath: string } }).value;
    expect(existsSync(reportPath)).toBe(true);
    expect((await gitTry(other, 'bundle', 'verify', bundlePath)).code).toBe(0);

    // Back from the reviewer: their commit on top of ours.
    await git(other, 'fetch', '-q', bundlePath, 'main');
    await git(other, 'merge', '-q', '--ff-only', 'FETCH_HEAD');
    edit(path.join(other, 'tenants/hooli.yaml'), (t) => t.replace(/displayName: .*/, 'displayName: Hooli Reviewed'));
    await git(other, 'commit', '-q', '-am', 'reviewer: hooli name');
    const back = path.join(root, 'back.bundle');
    await git(other, 'bundle', 'create', back, `${oid}..main`);
    const preview = await host.dispatch('git:previewBundle', { file: back });
    expect(preview).toMatchObject({ ok: true, value: { kind: 'fast-forward', ref: 'refs/heads/main', incoming: [{ subject: 'reviewer: hooli name' }], files: [{ path: 'tenants/hooli.yaml' }] } });
    const tip = (preview as { value: { tip: string } }).value.tip;
    const imported = await host.dispatch('git:importBundle', { opId: 'op-import1', file: back, expectTip: tip });
    expect(imported).toMatchObject({ ok: true, value: { kind: 'fast-forward', tip, trackingMoved: true, branch: { ahead: 0, behind: 0 } } });
    expect((await git(local, 'rev-parse', 'HEAD')).trim()).toBe(tip);
    const snap = await host.dispatch('workspace:snapshot', {});
    expect(JSON.stringify(snap)).toContain('Hooli Reviewed');

    // A bundle whose base this repository lacks, and a file that is not a bundle.
    await git(other, 'commit', '-q', '--allow-empty', '-m', 'gap');
    await git(other, 'commit', '-q', '--allow-empty', '-m', 'after gap');
    const gap = path.join(root, 'gap.bundle');
    await git(other, 'bundle', 'create', gap, 'main~1..main');
    const refused = await host.dispatch('git:previewBundle', { file: gap });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(JSON.stringify(refused)).toMatch(/builds on commit [0-9a-f]{7} \(\\"gap\\"\), which this repository does not have/);
    const notBundle = await host.dispatch('git:previewBundle', { file: reportPath });
    expect(notBundle).toMatchObject({ ok: false, error: { code: 'invalid-bundle' } });
  });

  it('clones from a file:// mirror and from a plain path; ssh is still refused naming the https form', async () => {
    const { root, remote, host } = await setup();
    const dir = path.join(root, 'from-mirror');
    const r = await host.dispatch('git:clone', { opId: 'op-clone01', url: `file://${remote}`, dir });
    expect(r).toMatchObject({ ok: true, value: { root: dir, isGitRepo: true } });
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect((await git(dir, 'rev-parse', 'HEAD')).trim()).toBe((await git(remote, 'rev-parse', 'main')).trim());
    expect((await git(dir, 'config', 'remote.origin.url')).trim()).toBe(`file://${remote}`);
    // Fetch and push with a folder remote say what to do instead, not "offline".
    const fetched = await host.dispatch('git:fetch', { opId: 'op-fetch01' });
    expect(fetched).toMatchObject({ ok: false, error: { code: 'not-supported' } });
    expect(JSON.stringify(fetched)).toMatch(/The remote is a folder .*over https only\. Take new commits from it as a bundle/);
    const dir2 = path.join(root, 'from-path');
    expect(await host.dispatch('git:clone', { opId: 'op-clone02', url: remote, dir: dir2 })).toMatchObject({ ok: true });
    const notRepo = await host.dispatch('git:clone', { opId: 'op-clone03', url: `file://${root}`, dir: path.join(root, 'x') });
    expect(notRepo).toMatchObject({ ok: false, error: { code: 'not-a-repository' } });
    expect(existsSync(path.join(root, 'x'))).toBe(false);
    const ssh = await host.dispatch('git:clone', { opId: 'op-clone04', url: 'git@github.com:acme/platform.git', dir: path.join(root, 'y') });
    expect(JSON.stringify(ssh)).toContain('Use the https form instead: https://github.com/acme/platform.git');
  });
});
