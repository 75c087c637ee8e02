import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { capturedState, object, type K8s } from './__fixtures__/load.ts';
import { liveSpecOf } from './live-spec.ts';
import { allShardHealth, type ShardHealth } from './shard-health.ts';
import { applyWatchEvent, EMPTY_STATE } from './watch-state.ts';

const spec = liveSpecOf(WorkspaceModel.fromFiles(smallExample()));
const NODE_NOT_READY = 'node kwok-h100-z2-a is NotReady (KubeletNotReady: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized)';

const health = (edit?: Parameters<typeof capturedState>[1]) => allShardHealth(capturedState('aks-weu-prod', edit).clusters, spec);
const brief = (h: ShardHealth | undefined) => ({ status: h?.status, since: h?.since, reasons: h?.reasons.map((r) => `${r.severity}: ${r.text}`) });

type Status = { phase?: string; conditions?: Array<Record<string, unknown>>; containerStatuses?: Array<Record<string, unknown>>; readyReplicas?: number; availableReplicas?: number };
const statusOf = (o: K8s) => o.status as Status;

/** The captured faults lifted: the node Ready again, the two broken pods running, a replica of each shard in zone 3. */
function healed(file: string, list: K8s[]): K8s[] {
  const healthy = object('pods.json', 'llama-76f55446b-tlfjb');
  for (const o of list) {
    if (file === 'nodes.json') {
      o.spec = { ...(o.spec as object), unschedulable: undefined, taints: undefined };
      statusOf(o).conditions![0] = { ...statusOf(o).conditions![0], status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
    }
    if (file === 'pods.json' && ['llama-76f55446b-fwcth', 'mistral-57b9584896-rtkdm'].includes(o.metadata.name)) {
      o.status = { ...structuredClone(healthy.status as object), containerStatuses: [{ ...statusOf(healthy).containerStatuses![0], image: statusOf(o).containerStatuses![0]!.image }] };
    }
    if (file === 'pods.json' && ['llama-84c5c55476-g748t', 'mistral-57b9584896-rtkdm'].includes(o.metadata.name)) (o.spec as { nodeName: string }).nodeName = 'kwok-h100-z3-a';
    if (file === 'deployments.json') Object.assign(statusOf(o), { readyReplicas: 2, availableReplicas: 2 });
  }
  return file === 'pods.json' ? list.filter((p) => !p.metadata.name.startsWith('big-')) : list;
}

describe('shard health from the live cluster (captured faults of __fixtures__/README.md)', () => {
  const h = health();

  it('a crash-looping model-server pod on a NotReady node: the shard is degraded, with each reason and the earliest time', () => {
    expect(brief(h['weu-2'])).toEqual({
      status: 'degraded',
      since: '2026-12-01T13:10:36Z',
      reasons: [
        'degraded: llama: 1 of 2 replicas ready',
        'degraded: llama: 1 pod crash-looping (CrashLoopBackOff, 5 restarts)',
        `degraded: ${NODE_NOT_READY}`,
        'degraded: failover shard weu-1 is degraded',
      ],
    });
    expect(h['weu-2']!.servers).toEqual([{ name: 'llama', runtime: 'triton', desired: 2, ready: 1, readyByZone: { '1': 1, '2': 0, '3': 0 } }]);
    expect(h['weu-2']!.reasons.find((r) => r.code === 'crash-loop')!.since).toBe('2026-12-01T13:11:01Z');
  });

  it('an image that cannot be pulled, and a zone of the spec with no ready replica (4 replicas over 3 zones, none in zone 3)', () => {
    expect(brief(h.globex)).toEqual({
      status: 'degraded',
      since: '2026-12-01T13:10:36Z',
      reasons: [
        'degraded: mistral: 1 of 2 replicas ready',
        'degraded: mistral: 1 pod cannot start (ImagePullBackOff)',
        `degraded: ${NODE_NOT_READY}`,
        'degraded: zone 3 has no ready replica',
      ],
    });
  });

  it('pods on nodes labelled westeurope-1/-2 count for the spec\'s zones 1 and 2 (AKS)', () => {
    expect(h['weu-1']!.servers.map((s) => s.readyByZone)).toEqual([{ '1': 1, '2': 1, '3': 0 }, { '1': 1, '2': 1, '3': 0 }]);
  });

  it('recovers to healthy when the faults are lifted', () => {
    const ok = health(healed);
    for (const s of ['weu-1', 'weu-2', 'globex']) expect(brief(ok[s]), s).toEqual({ status: 'healthy', since: undefined, reasons: [] });
  });

  it('down when a model server has no ready replica; since is when its pods stopped being ready', () => {
    const down = health((file, list) => {
      const out = healed(file, list);
      for (const o of out) {
        if (o.metadata.namespace !== 'shard-weu-2') continue;
        if (file === 'deployments.json') {
          Object.assign(statusOf(o), { readyReplicas: 0, availableReplicas: 0 });
          statusOf(o).conditions = statusOf(o).conditions!.map((c) => (c.type === 'Available' ? { ...c, status: 'False', lastTransitionTime: '2026-12-01T14:00:00Z' } : c));
        }
        if (file === 'pods.json') statusOf(o).conditions = statusOf(o).conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: '2026-12-01T14:00:00Z' } : c));
      }
      return out;
    });
    expect(brief(down['weu-2'])).toEqual({
      status: 'down',
      since: '2026-12-01T14:00:00Z',
      reasons: ['down: llama: no replica ready (0 of 2)', 'down: no zone has a ready replica (zones 1, 2, 3)'],
    });
    expect(brief(down['weu-1'])).toMatchObject({ status: 'degraded', reasons: ['degraded: failover shard weu-2 is down'] });
  });

  it('a model-server pod the scheduler cannot place for want of GPUs', () => {
    const pending = health((file, list) => {
      const out = healed(file, list);
      if (file === 'pods.json') {
        const big = object('pods.json', 'big-84d7478d4c-crmlg');
        big.metadata.labels = { ...big.metadata.labels, 'gantry.dev/model-server': 'llama' };
        out.push(big);
      }
      return out;
    });
    // since: when the scheduler first said so (the PodScheduled condition).
    expect(brief(pending['weu-2'])).toEqual({
      status: 'degraded',
      since: '2026-12-01T13:09:29Z',
      reasons: [expect.stringMatching(/^degraded: llama: 1 pod pending for GPUs: 0\/8 nodes are available: .*4 Insufficient nvidia\.com\/gpu/)],
    });
  });

  it('an autoscaler at its maximum', () => {
    const atMax = health((file, list) => {
      const out = healed(file, list);
      if (file !== 'horizontalpodautoscalers.json') return out;
      for (const o of out) {
        if (o.metadata.namespace !== 'shard-weu-1' || o.metadata.name !== 'llama') continue;
        const st = o.status as { currentReplicas: number; desiredReplicas: number; conditions: unknown[] };
        st.currentReplicas = 8;
        st.desiredReplicas = 8;
        st.conditions.push({ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: '2026-12-01T13:30:00Z' });
      }
      return out;
    });
    expect(brief(atMax['weu-1'])).toEqual({
      status: 'degraded',
      since: '2026-12-01T13:30:00Z',
      reasons: ['degraded: llama: at its maximum of 8 replicas (the desired replica count is more than the maximum replica count)'],
    });
  });

  it('an InferenceService that KServe reports not Ready, in KServe\'s own words', () => {
    let s = EMPTY_STATE;
    for (const [kind, objects] of [['Pod', []], ['Deployment', []], ['InferenceService', [object('inferenceservices.json', 'mistral-kserve')]]] as const) {
      s = applyWatchEvent(s, { cluster: 'aks-sdc-prod', kind, type: 'RELIST', objects }).state;
    }
    expect(brief(allShardHealth(s.clusters, spec)['sdc-1'])).toEqual({
      status: 'down',
      since: '2026-12-01T13:11:23Z',
      reasons: [
        'down: llama: the Deployment is not on the cluster',
        'down: mistral-kserve: not Ready: MinimumReplicasUnavailable: Deployment does not have minimum availability. (ModelLoadFailed: Failed to load model mistral-7b: CUDA out of memory)',
        'down: no zone has a ready replica (zones 1, 2, 3)',
      ],
    });
  });

  it('unknown, saying why, when the cluster is not connected or its pods are forbidden', () => {
    expect(brief(h['eus-1'])).toEqual({ status: 'unknown', since: undefined, reasons: ['unknown: the cluster is not connected'] });
    const forbidden = applyWatchEvent(capturedState(), {
      cluster: 'aks-weu-prod', kind: 'Pod', type: 'ERROR',
      status: { code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "gantry-restricted" cannot watch resource "pods" in API group "" at the cluster scope' },
    }).state;
    expect(brief(allShardHealth(forbidden.clusters, spec)['weu-1'])).toEqual({
      status: 'unknown', since: undefined, reasons: ['unknown: cannot read the cluster: pods is forbidden: User "gantry-restricted" cannot watch resource "pods" in API group "" at the cluster scope'],
    });
  });
});
