// The host's timeline and drift inputs: the commits read before the first snapshot, read again when
// Git changes, and the workspace's render passed to the views (no cluster needed: nothing connects).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveSpecOf, type TimelineCommit } from '../../../gitops/core/live/index.ts';
import { smallExample } from '../../../gitops/core/examples/small.ts';
import { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { ModelRender } from '../../../gitops/core/render/model-render.ts';
import type { ViewDeltaDto } from '../../../shared/ipc/cluster-schemas.ts';
import { ClusterService } from './cluster-service.ts';
import { recentCommits } from './workspace-history.ts';
import { clusterSpecs, renderedInputsOf } from './workspace-clusters.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'gantry-timeline-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function service(commits: () => Promise<TimelineCommit[]>, deltas: ViewDeltaDto[] = []) {
  const model = WorkspaceModel.fromFiles(smallExample());
  const spec = liveSpecOf(model);
  return new ClusterService({
    dataDir: tmp(),
    clusters: () => clusterSpecs(model),
    liveSpec: () => spec,
    rendered: renderedInputsOf(new ModelRender(model)),
    commits,
    emitDelta: (d) => deltas.push(d),
    emitConnection: () => undefined,
    emitNotice: () => undefined,
    env: { KUBECONFIG: path.join(tmp(), 'none') },
  });
}

describe('the host\'s reconciliation timeline', () => {
  it('lists the commits in the first snapshot, and a new commit after Git changed', async () => {
    let list: TimelineCommit[] = [{ oid: 'a'.repeat(40), subject: 'first' }];
    const deltas: ViewDeltaDto[] = [];
    const svc = service(async () => list, deltas);
    await svc.prepare({ view: 'timeline' });
    const snap = svc.subscribe({ view: 'timeline' });
    expect(snap.items[`commit/${'a'.repeat(40)}`]).toMatchObject({ index: 0, commit: { subject: 'first' }, clusters: { 'aks-weu-prod': { stage: 'unknown' } } });
    // Not connected: the timeline says so per cluster, and connects nothing.
    expect(snap.items['connection/aks-weu-prod']).toMatchObject({ state: 'no-context' });
    list = [{ oid: 'b'.repeat(40), subject: 'second' }, ...list];
    svc.inputsChanged();
    await expect.poll(() => deltas.some((d) => `commit/${'b'.repeat(40)}` in d.set), { timeout: 2000 }).toBe(true);
    expect(svc.snapshot(snap.subscription).items[`commit/${'a'.repeat(40)}`]).toMatchObject({ index: 1 });
    svc.dispose();
  });

  it('reads HEAD\'s commits newest first from a real repository, and none from a folder that is not one', async () => {
    const dir = tmp();
    const git = (...args: string[]) => spawnSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' });
    git('init', '-q');
    for (const n of ['one', 'two']) {
      writeFileSync(path.join(dir, `${n}.txt`), n);
      git('add', `${n}.txt`);
      git('commit', '-q', '-m', `add ${n}\n\nbody`);
    }
    const head = git('rev-parse', 'HEAD').stdout.trim();
    const commits = await recentCommits(dir);
    expect(commits.map((c) => c.subject)).toEqual(['add two', 'add one']);
    expect(commits[0]!.oid).toBe(head);
    expect(await recentCommits(tmp())).toEqual([]);
  });
});

describe('the host\'s drift input', () => {
  it('the workspace\'s render per cluster, parsed once; nothing for a cluster the workspace lacks', () => {
    const rendered = renderedInputsOf(new ModelRender(WorkspaceModel.fromFiles(smallExample())));
    const a = rendered('aks-weu-prod');
    expect(a?.objects.length).toBeGreaterThan(20);
    expect(rendered('aks-weu-prod')?.objects).toBe(a?.objects);
    expect(rendered('nope')).toBeUndefined();
  });
});
