import { describe, expect, it } from 'vitest';
import { capturedState, type K8s } from '../live/__fixtures__/load.ts';
import { boardRows, type BoardSeries, type BoardShardSpec } from './board.ts';
import { hpaFromLive } from './hpa-live.ts';
import { grid, type Aligned } from './series.ts';

// The HPAs captured from the real control plane of e2e/peers (the small example rendered and applied:
// weu-2's llama scales on gantry_queue_depth, target 10 per pod, 2 to 8 replicas), joined to the
// board's queue figures. The queue series stand for what Prometheus answers.
const t = grid(0, 60, 5);
const weu2: BoardShardSpec = {
  name: 'weu-2',
  cluster: 'aks-weu-prod',
  region: 'westeurope',
  state: 'active',
  zones: ['1', '2', '3'],
  gpus: 8,
  servers: [{ name: 'llama', runtime: 'triton', model: 'llama-3-8b', maxReplicas: 8, maxBatch: 16, autoscaling: { metric: 'queueDepth', target: 10 } }],
};
const col = (v: number[]): Aligned => ({ t, columns: [{ key: 'weu-2/llama', labels: { shard: 'weu-2', model_server: 'llama' }, v }] });
const series = (queue: number[], gpu: number[], pods: number): BoardSeries => ({
  rps: col(t.map(() => 100)),
  errors: col(t.map(() => 0)),
  p95: col(t.map(() => 50)),
  queue: col(queue),
  gpu: col(gpu),
  pods: new Map([['weu-2/llama', pods]]),
});
const withHpa = (current: number, desired: number) =>
  capturedState('aks-weu-prod', (file, list) =>
    file === 'horizontalpodautoscalers.json'
      ? list.map((o: K8s) => (o.metadata.namespace === 'shard-weu-2' && o.metadata.name === 'llama' ? { ...o, status: { ...(o.status as object), currentReplicas: current, desiredReplicas: desired } } : o))
      : list,
  );

describe('autoscaling joined with the live HPA', () => {
  it('reads the captured HPA of weu-2/llama: 2 of max 8, keeping up with a queue of 12 (6 per pod against 10)', () => {
    const [row] = boardRows([weu2], series(t.map(() => 12), t.map(() => 60), 2), t, 30, hpaFromLive(() => withHpa(2, 2)));
    expect(row!.autoscaling[0]).toMatchObject({ server: 'llama', state: 'keeps-up', observed: 6, pods: 2, maxReplicas: 8, hpa: { current: 2, desired: 2, max: 8 } });
    expect(row!.saturated).toBe(false);
  });

  it('is "scaling" while the HPA wants more than it has, "at-max" with the queue still over target at 8 of 8, and the shard saturated when the GPU is busy and the queue grows', () => {
    const growing = t.map((_, i) => 40 + i * 12); // +144 in a minute: more than a batch of 16
    const busy = t.map(() => 97);
    const [scaling] = boardRows([weu2], series(growing, busy, 4), t, 60, hpaFromLive(() => withHpa(4, 8)));
    expect(scaling!.autoscaling[0]).toMatchObject({ state: 'scaling', pods: 4, hpa: { current: 4, desired: 8, max: 8 } });
    const [atMax] = boardRows([weu2], series(growing, busy, 8), t, 60, hpaFromLive(() => withHpa(8, 8)));
    expect(atMax!.autoscaling[0]).toMatchObject({ state: 'at-max', pods: 8, maxReplicas: 8 });
    expect(atMax!.autoscaling[0]!.observed).toBeCloseTo(184 / 8);
    expect(atMax!.saturated).toBe(true);
    expect(atMax!.saturationWhy).toMatch(/llama: GPU 97% busy, queue \+144 in 60 s/);
  });

  it("uses the cluster's max over the spec's (a patched HPA), and falls back to the spec and Prometheus's pods when the cluster is not connected", () => {
    const patched = capturedState('aks-weu-prod', (file, list) =>
      file === 'horizontalpodautoscalers.json' ? list.map((o: K8s) => (o.metadata.namespace === 'shard-weu-2' && o.metadata.name === 'llama' ? { ...o, spec: { ...(o.spec as object), maxReplicas: 3 }, status: { ...(o.status as object), currentReplicas: 3, desiredReplicas: 3 } } : o)) : list,
    );
    const queue = t.map(() => 60);
    const [r] = boardRows([weu2], series(queue, t.map(() => 50), 3), t, 60, hpaFromLive(() => patched));
    expect(r!.autoscaling[0]).toMatchObject({ state: 'at-max', pods: 3, maxReplicas: 3, hpa: { max: 3 } });
    const [off] = boardRows([weu2], series(queue, t.map(() => 50), 3), t, 60, hpaFromLive(() => ({ clusters: {} })));
    expect(off!.autoscaling[0]).toMatchObject({ state: 'scaling', pods: 3, maxReplicas: 8 });
    expect(off!.autoscaling[0]!.hpa).toBeUndefined();
  });
});
