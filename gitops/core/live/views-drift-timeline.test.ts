import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { capturedState, type K8s } from './__fixtures__/load.ts';
import { renderedObjectsOf } from './drift.ts';
import { liveSpecOf } from './live-spec.ts';
import { selectView, type ViewInputs } from './views.ts';
import { applyWatchEvent, itemsOfKind } from './watch-state.ts';

const files = smallExample();
const spec = liveSpecOf(WorkspaceModel.fromFiles(files));
const rendered = renderWorkspace(WorkspaceModel.fromFiles(files));
const C = 'aks-weu-prod';
const objects = renderedObjectsOf(rendered, C);
const inputs: ViewInputs = { rendered: (c) => (c === C ? { objects, from: 'the workspace' } : undefined) };
const OLD = '692066b49a58c777601fe148f93ffe85c10f5039';
const NEW = 'b3d1ac4031439ed3faa502650577f22b9901ad26';

type Drift = { from: string; missing: Array<{ kind: string; namespace?: string; name: string }>; changed: Array<{ kind: string; namespace?: string; name: string; fields: Array<{ field: string; rendered: string; live?: string }> }> };

describe('drift in the views: the object and the field, where the person looks', () => {
  const state = capturedState();
  const hpa = itemsOfKind(state.clusters[C], 'HorizontalPodAutoscaler').find((h) => h.namespace === 'shard-weu-2')!;
  const edited = capturedState(C, (file, list: K8s[]) => {
    for (const o of list) {
      if (file === 'deployments.json' && o.metadata.namespace === 'shard-weu-1' && o.metadata.name === 'llama') {
        ((o.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!).image = 'nvcr.io/nvidia/tritonserver:25.02-py3';
      }
    }
    return list;
  });
  const drifted = applyWatchEvent(edited, { cluster: C, kind: 'HorizontalPodAutoscaler', type: 'DELETED', object: { metadata: { uid: hpa.uid, name: hpa.name, namespace: hpa.namespace } } }).state;

  it('none shown on the cluster as rendered; counts on the overview only for a cluster with rendered objects', () => {
    expect(selectView(state, spec, { view: 'cluster', cluster: C }, inputs).drift).toMatchObject({ from: 'the workspace', missing: [], changed: [] });
    const o = selectView(state, spec, { view: 'overview' }, inputs);
    expect((o[`cluster/${C}`] as { drift: unknown }).drift).toEqual({ missing: 0, changed: 0, checked: 25, unknown: [] });
    expect(o['cluster/aks-eus-prod']).not.toHaveProperty('drift');
    expect(selectView(state, spec, { view: 'cluster', cluster: C })).not.toHaveProperty('drift');
  });

  it('a hand-edited image and a deleted HPA: the cluster view names both, each shard view only its own', () => {
    const all = selectView(drifted, spec, { view: 'cluster', cluster: C }, inputs).drift as Drift;
    expect(all.missing).toEqual([{ kind: 'HorizontalPodAutoscaler', namespace: 'shard-weu-2', name: 'llama' }]);
    expect(all.changed.map((c) => [c.namespace, c.name, c.fields[0]!.field, c.fields[0]!.live])).toEqual([['shard-weu-1', 'llama', 'spec.template.spec.containers[server].image', 'nvcr.io/nvidia/tritonserver:25.02-py3']]);
    const weu1 = selectView(drifted, spec, { view: 'shard', shard: 'weu-1' }, inputs).drift as Drift;
    expect([weu1.missing.length, weu1.changed.map((c) => c.name)]).toEqual([0, ['llama']]);
    const weu2 = selectView(drifted, spec, { view: 'shard', shard: 'weu-2' }, inputs).drift as Drift;
    expect([weu2.missing.map((m) => m.name), weu2.changed.length]).toEqual([['llama'], 0]);
    expect((selectView(drifted, spec, { view: 'overview' }, inputs)[`cluster/${C}`] as { drift: unknown }).drift).toMatchObject({ missing: 1, changed: 1 });
  });

  it('a pod event leaves drift the same object (not computed again)', () => {
    const a = selectView(drifted, spec, { view: 'cluster', cluster: C }, inputs).drift as Drift;
    const pod = itemsOfKind(drifted.clusters[C], 'Pod')[0]!;
    const after = applyWatchEvent(drifted, { cluster: C, kind: 'Pod', type: 'DELETED', object: { metadata: { uid: pod.uid, name: pod.name, namespace: pod.namespace } } }).state;
    const b = selectView(after, spec, { view: 'cluster', cluster: C }, inputs).drift as Drift;
    expect(b.missing).toBe(a.missing);
    expect(b.changed).toBe(a.changed);
  });
});

describe('the timeline view: the last commits and where each stands per cluster', () => {
  type Row = { index: number; commit: { oid: string; subject?: string }; clusters: Record<string, { stage: string; message?: string }> };
  const rows = (state: ReturnType<typeof capturedState>, commits: ViewInputs['commits']) =>
    Object.entries(selectView(state, spec, { view: 'timeline' }, { commits }))
      .filter(([k]) => k.startsWith('commit/'))
      .map(([, v]) => v as Row)
      .sort((a, b) => a.index - b.index);
  const commits = [{ oid: 'c'.repeat(40), subject: 'not pushed yet' }, { oid: NEW, subject: 'break it' }, { oid: OLD, subject: 'Add the example platform' }];

  it('a broken commit failed with kustomize\'s words, the one before applied, a newer one waiting; unconnected clusters unknown', () => {
    const r = rows(capturedState(C, undefined, 'flux-build-failed.json'), commits);
    expect(r.map((x) => [x.commit.subject, x.clusters[C]!.stage, x.clusters['aks-eus-prod']!.stage])).toEqual([
      ['not pushed yet', 'waiting', 'unknown'],
      ['break it', 'failed', 'unknown'],
      ['Add the example platform', 'applied', 'unknown'],
    ]);
    expect(r[1]!.clusters[C]!.message).toMatch(/^kustomize build failed/);
  });

  it('on a cluster that applied the newest commit every listed commit is applied', () => {
    const r = rows(capturedState(C, undefined, 'flux-applied.json'), [{ oid: OLD, subject: 'Add the example platform' }]);
    expect(r.map((x) => x.clusters[C]!.stage)).toEqual(['applied']);
  });

  it('each cluster\'s own reconciliation comes with it; no commits, no rows', () => {
    const v = selectView(capturedState(), spec, { view: 'timeline' }, {});
    expect(Object.keys(v).sort()).toEqual(['cluster/aks-eus-prod', 'cluster/aks-sdc-prod', 'cluster/aks-weu-prod']);
    expect(v[`cluster/${C}`]).toMatchObject({ watched: true, reconciliation: { running: OLD, phase: 'applied' } });
  });
});

describe('a restricted user: shards in namespaces it may not read', () => {
  it('are unknown with the API\'s sentence on the overview, the board and the detail, not down for want of pods', () => {
    const msg = 'pods is forbidden: User "gantry-restricted" cannot list resource "pods" in API group "" in the namespace "shard-weu-1"';
    const forbidden: ViewInputs = { forbidden: (c) => (c === C ? new Map([['shard-weu-1', msg]]) : undefined) };
    const state = capturedState();
    const card = selectView(state, spec, { view: 'cluster', cluster: C }, forbidden)['shard/weu-1'] as { health: { status: string; reasons: Array<{ text: string }> } };
    expect(card.health.status).toBe('unknown');
    expect(card.health.reasons.map((r) => r.text)).toEqual([`cannot read the cluster: ${msg}`]);
    expect((selectView(state, spec, { view: 'shard', shard: 'weu-1' }, forbidden).health as { status: string }).status).toBe('unknown');
    expect((selectView(state, spec, { view: 'overview' }, forbidden)[`cluster/${C}`] as { shards: Record<string, number> }).shards).toEqual({ healthy: 0, degraded: 2, down: 0, unknown: 1 });
    expect(((selectView(state, spec, { view: 'cluster', cluster: C })['shard/weu-1']) as { health: { status: string } }).health.status).toBe('degraded');
  });
});
