import { describe, expect, it } from 'vitest';
import { autoscaling, bucketOf, saturation, tenantSla, verdict, type ServerInput, type TenantInput } from './sla.ts';

const tenant = (name: string, plan: TenantInput['plan'], target: number, shard = 's1', models = ['m']): TenantInput => ({ name, displayName: name.toUpperCase(), plan, latencyTargetMs: target, shard, models });
const server = (p95: Array<number | null>, extra: Partial<ServerInput> = {}): ServerInput => ({ shard: 's1', name: 'srv', model: 'm', runtime: 'triton', p95, source: 'p95 from histogram', ...extra });

describe('SLA conformance per tenant', () => {
  it('counts the share of the hour within target and the error budget left by plan', () => {
    // 100 points, 2 over: 98% within. Standard promises 99%: 2% over is twice the 1% allowed.
    const p95 = Array.from({ length: 100 }, (_, i) => (i < 2 ? 300 : 60));
    const [std] = tenantSla([tenant('a', 'standard', 250)], [server(p95)]);
    expect(std!.withinShare).toBeCloseTo(0.98);
    expect(std!.budgetLeft).toBeCloseTo(-1);
    expect(std!.status).toBe('breached');
    const [free] = tenantSla([tenant('b', 'free', 250)], [server(p95)]);
    expect(free!.budgetLeft).toBeCloseTo(1 - 0.02 / 0.05);
    expect(free!.status).toBe('ok');
  });

  it('is breached while the latest p95 is over target, whatever the budget', () => {
    const [r] = tenantSla([tenant('a', 'free', 100)], [server([...Array(99).fill(50), 150])]);
    expect(r!.status).toBe('breached');
    expect(r!.p95Ms).toBe(150);
  });

  it('judges a tenant by the worst server serving its models, not by other servers of the shard', () => {
    const rows = tenantSla(
      [tenant('uses-fast', 'premium', 100, 's1', ['fast']), tenant('uses-slow', 'premium', 100, 's1', ['slow'])],
      [server([50, 50], { name: 'a', model: 'fast' }), server([500, 500], { name: 'b', model: 'slow' })],
    );
    expect(rows.map((r) => [r.tenant, r.status, r.server])).toEqual([
      ['uses-slow', 'breached', 'b'],
      ['uses-fast', 'ok', 'a'],
    ]);
  });

  it('calls a histogram point unclear when its bucket straddles the target', () => {
    const vllm = [0.3, 0.5, 0.8].map((s) => s * 1000);
    expect(bucketOf(285, vllm)).toEqual({ lo: 0, hi: 300 });
    expect(verdict(285, 100, vllm)).toBe('unclear');
    expect(verdict(285, 1000, vllm)).toBe('within');
    expect(verdict(650, 400, vllm)).toBe('over');
    const [r] = tenantSla([tenant('a', 'premium', 100)], [server([285, 285], { bucketsMs: vllm })]);
    expect(r!.status).toBe('unclear');
    expect(r!.withinShare).toBeNull();
    expect(r!.unclearShare).toBe(1);
  });

  it('says no-data without points and sorts worst first', () => {
    const rows = tenantSla(
      [tenant('none', 'premium', 100, 'other'), tenant('good', 'premium', 100), tenant('bad', 'free', 100, 's2')],
      [server([50]), server([80, 200], { shard: 's2' })],
    );
    expect(rows.map((r) => `${r.tenant}:${r.status}`)).toEqual(['bad:breached', 'good:ok', 'none:no-data']);
  });
});

describe('saturation', () => {
  const t = Array.from({ length: 13 }, (_, i) => i * 5);
  it('flags a busy GPU whose queue grows by more than a batch', () => {
    const s = saturation({ t, gpuUtil: t.map(() => 97), queue: t.map((x) => x * 100), maxBatch: 32 });
    expect(s.saturated).toBe(true);
    expect(s.why).toBe('GPU 97% busy, queue +6000 in 60 s');
  });
  it('does not flag a busy GPU with a steady queue, nor a growing queue on an idle GPU', () => {
    expect(saturation({ t, gpuUtil: t.map(() => 96), queue: t.map((x) => 12 + (x % 2)), maxBatch: 32 }).saturated).toBe(false);
    expect(saturation({ t, gpuUtil: t.map(() => 40), queue: t.map((x) => x * 100), maxBatch: 32 }).saturated).toBe(false);
  });
});

describe('autoscaling keeps up', () => {
  it('compares queue depth per pod with the target and knows when max replicas are reached', () => {
    expect(autoscaling({ metric: 'queueDepth', target: 10, pods: 2, maxReplicas: 8, queueDepth: 12, p95Ms: null, gpuUtil: null })).toEqual({ metric: 'queueDepth', target: 10, observed: 6, state: 'keeps-up' });
    expect(autoscaling({ metric: 'queueDepth', target: 10, pods: 2, maxReplicas: 8, queueDepth: 400, p95Ms: null, gpuUtil: null }).state).toBe('scaling');
    expect(autoscaling({ metric: 'gpuUtilization', target: 80, pods: 4, maxReplicas: 4, queueDepth: null, p95Ms: null, gpuUtil: 97 }).state).toBe('at-max');
    expect(autoscaling({ metric: 'latencyMs', target: 100, pods: 1, maxReplicas: 2, queueDepth: null, p95Ms: null, gpuUtil: null }).state).toBe('unknown');
  });
});
