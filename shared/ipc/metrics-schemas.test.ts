import { describe, expect, it } from 'vitest';
import { METRICS_CONTRACT } from './metrics-schemas.ts';

describe('metrics IPC schemas', () => {
  const chart = METRICS_CONTRACT['metrics:chart'];
  const base = { panel: 'latency', title: 't', unit: 'ms', notes: [], stats: [], start: 0, end: 10, step: 5, t: [0, 5, 10], connection: { cluster: 'c', state: 'live', notes: [] } };
  it('takes columns of numbers and gaps', () => {
    expect(chart.output.safeParse({ ...base, series: [{ key: 'a', label: 'a', v: [1, null, 2.5] }] }).success).toBe(true);
  });
  it('refuses a column with anything else in it', () => {
    for (const bad of [[1, '2'], [Number.NaN], 'x', [undefined]]) {
      const r = chart.output.safeParse({ ...base, series: [{ key: 'a', label: 'a', v: bad }] });
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
  });
  it('checks view ids and spans on input', () => {
    expect(chart.input.safeParse({ viewId: 'v1', range: '1h', shard: 's', panel: 'latency' }).success).toBe(true);
    expect(chart.input.safeParse({ viewId: 'a b', range: '1h', shard: 's', panel: 'latency' }).success).toBe(false);
    expect(chart.input.safeParse({ viewId: 'v', range: '1h', shard: 's', panel: 'latency', span: { from: 10, to: 5 } }).success).toBe(false);
    expect(chart.input.safeParse({ viewId: 'v', range: '2h', shard: 's', panel: 'latency' }).success).toBe(false);
  });
});
