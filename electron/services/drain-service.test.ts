import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { edit, git } from '../../gitops/node/git/test-helpers.ts';
import { startGitServer, type GitServer } from '../../e2e/support/git-server.ts';
import type { DrainPreviewDto, DrainRunDto } from '../../shared/ipc/drain-schemas.ts';
import { comparePlacement, routingOf } from './drain-service.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
const temps: string[] = [];
let server: GitServer | undefined;
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});
afterAll(async () => {
  await server?.close();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
const tmp = (prefix: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
};
const value = <T>(r: unknown): T => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};

describe('drain and fail over through the host', () => {
  it('previews, commits with trailers, pushes over a colleague\'s push (pulled and replayed), and undoes the same way', async () => {
    server = await startGitServer();
    const seed = tmp('gantry-seed-');
    const url = server.url('platform');
    writeExample(seed, 'small', url);
    await server.createRepo('platform', { fromDir: seed });
    const work = tmp('gantry-work-');
    const ws = path.join(work, 'ws');
    await git(work, 'clone', '-q', url, 'ws');
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: ws });
    hosts.push(host);

    const preview = value<DrainPreviewDto>(await host.dispatch('plan:drainPreview', { shard: 'weu-2' }));
    expect(preview.cluster).toBe('aks-weu-prod');
    expect(preview.moves.map((m) => `${m.tenant} -> ${m.to}`)).toContain('stark -> weu-1');
    expect(preview.specDiff.map((d) => d.path)).toEqual(expect.arrayContaining(['shards/weu-2.yaml', 'tenants/stark.yaml']));
    const cm = preview.renderedDiff.find((d) => d.cluster === 'aks-weu-prod')!.files.find((f) => f.path.endsWith('configmap-gantry-routing.yaml'))!;
    expect(cm.patch).toMatch(/-\s+"shard": "weu-2"/);
    const after = preview.routing.after.find((r) => r.shard === 'weu-1')!;
    expect(after.tenants.map((t) => t.name)).toContain('stark');
    expect(preview.routing.after.find((r) => r.shard === 'weu-2')!.state).toBe('draining');
    // The maps for RoutingMapView: only the drained shard's cluster, the shard draining after.
    expect(preview.maps.after.clusters.map((c) => c.cluster)).toEqual(['aks-weu-prod']);
    expect(preview.maps.before.clusters[0]!.regions.flatMap((r) => r.shards).find((x) => x.name === 'weu-2')!.state).toBe('active');
    expect(preview.maps.after.clusters[0]!.regions.flatMap((r) => r.shards).find((x) => x.name === 'weu-2')!.state).toBe('draining');
    expect(preview.headroom.find((h) => h.shard === 'weu-1')!.free).toBe(after.gpus.free);
    // Nothing is written by a preview.
    expect(await git(ws, 'status', '--porcelain')).toBe('');

    // A colleague pushes first.
    const other = path.join(work, 'other');
    await git(work, 'clone', '-q', url, 'other');
    edit(path.join(other, 'tenants/hooli.yaml'), (t) => t.replace(/latencyTargetMs: \d+/, 'latencyTargetMs: 240'));
    await git(other, 'commit', '-qam', 'hooli: latency target 240 ms');
    await git(other, 'push', '-q', 'origin', 'main');

    const run = value<DrainRunDto>(await host.dispatch('plan:drainApply', { opId: 'drain-000001', shard: 'weu-2' }));
    expect(run).toMatchObject({ pushed: true, replayed: true, subject: preview.commit.subject, branch: { ahead: 0, behind: 0 } });
    const bare = path.join(server.root, 'platform.git');
    expect(await git(bare, 'log', '--format=%s', '-3', 'main')).toBe(`${preview.commit.subject}\nhooli: latency target 240 ms\n${(await git(bare, 'log', '--format=%s', 'main~2', '-1')).trim()}\n`);
    expect((await git(bare, 'rev-parse', 'main')).trim()).toBe(run.oid);
    expect(await git(bare, 'log', '-1', '--format=%(trailers:key=Gantry-Move,valueonly)', 'main')).toContain('stark weu-2 -> weu-1');
    expect(routingOf(await git(bare, 'show', 'main:rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml')).tenants.stark!.shard).toBe('weu-1');
    expect(await git(bare, 'show', 'main:tenants/hooli.yaml')).toContain('latencyTargetMs: 240');

    const undo = value<DrainRunDto>(await host.dispatch('plan:drainUndo', { opId: 'undo-000001', commit: run.oid }));
    expect(undo).toMatchObject({ pushed: true, replayed: false, reverted: run.oid, subject: `Revert "${preview.commit.subject}"` });
    expect((await git(bare, 'rev-parse', 'main')).trim()).toBe(undo.oid);
    const routing = routingOf(await git(bare, 'show', 'main:rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml'));
    expect(routing.tenants.stark!.shard).toBe('weu-2');
    expect(routing.shards['weu-2']!.state).toBe('active');
    expect(await git(bare, 'log', '-1', '--format=%(trailers:key=Gantry-Undo,valueonly)', 'main')).toBe(`${preview.commit.subject}\n\n`);
    expect(readFileSync(path.join(ws, 'tenants/stark.yaml'), 'utf8')).toContain('shard: weu-2');
    expect(await git(ws, 'status', '--porcelain')).toBe('');
  }, 120_000);

  it('refuses to drain over uncommitted changes, writing nothing', async () => {
    const ws = tmp('gantry-ws-');
    writeExample(ws, 'small');
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: ws });
    hosts.push(host);
    value(await host.dispatch('git:init', {}));
    const file = path.join(ws, 'tenants/hooli.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/latencyTargetMs: \d+/, 'latencyTargetMs: 240'));
    const r = await host.dispatch('plan:drainApply', { opId: 'drain-000002', shard: 'weu-2' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-workspace' } });
    expect(JSON.stringify(r)).toContain('tenants/hooli.yaml has uncommitted changes');
    expect(await git(ws, 'status', '--porcelain')).toBe(' M tenants/hooli.yaml\n');
  });
});

describe('comparePlacement', () => {
  const expected = { shards: { 'weu-1': { state: 'active' }, 'weu-2': { state: 'draining' } }, tenants: { stark: { shard: 'weu-1' }, acme: { shard: 'weu-1' } } };
  const ns = (tenant: string, shard: string) => ({ name: `tenant-${tenant}`, labels: { 'gantry.dev/tenant': tenant, 'gantry.dev/shard': shard } });
  const routing = (stark: string, state: string) => JSON.stringify({ shards: { 'weu-1': { state: 'active' }, 'weu-2': { state } }, tenants: { stark: { shard: stark }, acme: { shard: 'weu-1' } } });

  it('matches only when the namespace labels and the router map both show the new placement', () => {
    expect(comparePlacement('c', expected, { namespaces: [ns('stark', 'weu-1'), ns('acme', 'weu-1')], routingJson: routing('weu-1', 'draining') }).matches).toBe(true);
    const labelsLag = comparePlacement('c', expected, { namespaces: [ns('stark', 'weu-2'), ns('acme', 'weu-1')], routingJson: routing('weu-1', 'draining') });
    expect(labelsLag.matches).toBe(false);
    expect(labelsLag.tenants.find((t) => t.tenant === 'stark')).toEqual({ tenant: 'stark', expected: 'weu-1', namespace: 'weu-2', routing: 'weu-1' });
    expect(comparePlacement('c', expected, { namespaces: [ns('stark', 'weu-1'), ns('acme', 'weu-1')], routingJson: routing('weu-1', 'active') }).matches).toBe(false);
    const none = comparePlacement('c', expected, { namespaces: [], routingJson: undefined });
    expect(none).toMatchObject({ matches: false, message: 'No gantry-routing ConfigMap in gantry-system yet.' });
    expect(comparePlacement('c', expected, { namespaces: [], routingJson: '{' }).message).toBe('The gantry-routing ConfigMap holds no readable routing.json.');
  });
});
