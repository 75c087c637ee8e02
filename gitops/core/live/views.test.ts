import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { capturedState, object } from './__fixtures__/load.ts';
import { applyDelta, isEmptyDelta, makeDelta } from './deltas.ts';
import { liveSpecOf } from './live-spec.ts';
import { selectView } from './views.ts';
import { applyWatchEvent } from './watch-state.ts';

const spec = liveSpecOf(WorkspaceModel.fromFiles(smallExample()));
const C = 'aks-weu-prod';

describe('per-view selectors: a subscription gets only what its view shows', () => {
  const state = capturedState();

  it('the overview: per cluster the commit it runs, shards by health, GPUs free', () => {
    const o = selectView(state, spec, { view: 'overview' });
    expect(Object.keys(o).sort()).toEqual(['cluster/aks-eus-prod', 'cluster/aks-sdc-prod', 'cluster/aks-weu-prod']);
    expect(o['cluster/aks-weu-prod']).toMatchObject({
      reconciliation: { running: '692066b49a58c777601fe148f93ffe85c10f5039', phase: 'applied' },
      shards: { healthy: 0, degraded: 3, down: 0, unknown: 0 },
      gpus: { allocatable: 48, free: 42, pending: 9, unavailable: 16 },
    });
    expect(o['cluster/aks-eus-prod']).toMatchObject({ reconciliation: { phase: 'missing' }, shards: { unknown: 2 } });
  });

  it('a cluster: a card per shard with its health and latest warnings, GPU capacity, reconciliation', () => {
    const v = selectView(state, spec, { view: 'cluster', cluster: C });
    expect(Object.keys(v).sort()).toEqual(['gpu', 'reconciliation', 'shard/globex', 'shard/weu-1', 'shard/weu-2']);
    const card = v['shard/weu-2'] as { health: { status: string }; warnings: Array<{ reason: string }> };
    expect(card.health.status).toBe('degraded');
    expect(card.warnings.map((w) => w.reason)).toEqual(['FailedComputeMetricsReplicas', 'FailedGetPodsMetric', 'FailedScheduling']);
  });

  it('a shard: its pods with their spec zone, workloads, events, and its tenants\' quota use', () => {
    const v = selectView(state, spec, { view: 'shard', shard: 'weu-2' });
    const pods = Object.entries(v).filter(([k]) => k.startsWith('pod/')).map(([, p]) => p as { name: string; zone?: string; waiting?: { reason: string } });
    expect(pods.map((p) => [p.name, p.zone, p.waiting?.reason]).sort()).toEqual([
      ['big-84d7478d4c-crmlg', undefined, undefined],
      ['llama-76f55446b-fwcth', '2', 'CrashLoopBackOff'],
      ['llama-76f55446b-tlfjb', '1', undefined],
    ]);
    expect(v['tenant/stark']).toEqual({ tenant: 'stark', specGpus: 4, quota: { namespace: 'tenant-stark', tenant: 'stark', used: 0, hard: 4 } });
    expect(Object.keys(v).filter((k) => !k.startsWith('pod/') && !k.startsWith('event/') && !k.startsWith('tenant/')).sort()).toEqual([
      'Deployment/big', 'Deployment/llama', 'HorizontalPodAutoscaler/llama', 'PodDisruptionBudget/llama', 'health',
    ]);
  });

  it('a change elsewhere gives this view an empty delta; a change in it gives exactly that change', () => {
    const before = selectView(state, spec, { view: 'shard', shard: 'weu-2' });
    const elsewhere = applyWatchEvent(state, { cluster: C, kind: 'Pod', type: 'DELETED', object: object('pods.json', 'notebook') }).state;
    expect(isEmptyDelta(makeDelta(before, selectView(elsewhere, spec, { view: 'shard', shard: 'weu-2' }), 1))).toBe(true);

    const crashing = object('pods.json', 'llama-76f55446b-fwcth');
    const gone = applyWatchEvent(state, { cluster: C, kind: 'Pod', type: 'DELETED', object: crashing }).state;
    const after = selectView(gone, spec, { view: 'shard', shard: 'weu-2' });
    const d = makeDelta(before, after, 1);
    expect(d.remove).toEqual([`pod/${crashing.metadata.uid}`]);
    expect(Object.keys(d.set)).toEqual(['health']);
    expect((d.set.health as { reasons: Array<{ code: string }> }).reasons.map((r) => r.code)).not.toContain('crash-loop');
    const r = applyDelta({ seq: 0, items: before }, d);
    expect(r.status === 'applied' && r.view.items).toEqual(after);
  });
});
