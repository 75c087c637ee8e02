import type { LatencyKind, ResolvedNames } from '../../../gitops/core/metrics/names.ts';
import type { Level, Query, QueryBuilder } from '../../../gitops/core/metrics/promql.ts';
import type { ChartPanel } from '../../../shared/ipc/metrics-schemas.ts';

/**
 * What the board asks each Prometheus: one range query per sparkline column, each covering every
 * shard and both runtimes, per model server (`rw` is the rate window). The p95 query is also
 * returned apart: its sources say which latency metric it read.
 */
export function boardQueries(q: QueryBuilder, rw: string): { columns: [Query, Query, Query, Query, Query]; p95: Query } {
  const p95 = q.latency('e2e', 0.95, 'server', rw);
  return { columns: [q.requestRate('server', rw), q.errorRate('server', rw), p95, q.queueDepth('server'), q.gpu('util', 'server')], p95 };
}

/** Pods per (shard, model_server) now: one series per pod of either runtime's request counter. */
export function podCount(n: ResolvedNames): string {
  const parts = [n.triton.present ? n.triton.success : undefined, n.vllm.present ? n.vllm.success : undefined].filter(Boolean);
  if (!parts.length) return 'vector(0) > 1';
  return `count by (shard, model_server) (group by (shard, model_server, pod) (${parts.map((p) => `${p}`).join(' or ')}))`;
}

/** One line of a chart: its tag in the legend, and its query (undefined when the server exports nothing for it). */
export type Part = { tag: string; q: Query | undefined };

const lat = (q: QueryBuilder, kind: LatencyKind, level: Level, w: string): Part[] =>
  ([0.5, 0.95, 0.99] as const).map((p) => ({ tag: `p${Math.round(p * 100)}`, q: q.latency(kind, p, level, w) }));

/** What each chart shows: its title, unit and queries. */
export const PANELS: Record<ChartPanel, { title: string; unit: string; queries: (q: QueryBuilder, level: Level, w: string) => Part[] }> = {
  latency: { title: 'End-to-end latency', unit: 'ms', queries: (q, l, w) => lat(q, 'e2e', l, w) },
  llm: {
    title: 'Time to first token and inter-token latency (p95)',
    unit: 'ms',
    queries: (q, l, w) => [
      { tag: 'TTFT p95', q: q.latency('ttft', 0.95, l, w) },
      { tag: 'ITL p95', q: q.latency('itl', 0.95, l, w) },
    ],
  },
  queue: {
    title: 'Queue and compute time (p95, or mean from counters)',
    unit: 'ms',
    queries: (q, l, w) => [
      { tag: 'queue', q: q.latency('queue', 0.95, l, w) },
      { tag: 'compute', q: q.latency('compute', 0.95, l, w) },
    ],
  },
  throughput: {
    title: 'Requests: success and failure',
    unit: 'req/s',
    queries: (q, l, w) => [
      { tag: 'ok', q: q.requestRate(l, w) },
      { tag: 'failed', q: q.errorRate(l, w) },
    ],
  },
  batch: {
    title: 'Batch size, running and waiting',
    unit: 'requests',
    queries: (q, l, w) => [
      { tag: 'batch', q: q.batchSize(l, w) },
      { tag: 'waiting', q: q.queueDepth(l) },
      { tag: 'running', q: q.running(l) },
    ],
  },
  kv: { title: 'KV-cache use', unit: '%', queries: (q, l) => [{ tag: '', q: q.kvCache(l) }] },
  'gpu-util': { title: 'GPU utilization (DCGM)', unit: '%', queries: (q, l) => [{ tag: '', q: q.gpu('util', l) }] },
  'gpu-memory': { title: 'GPU memory used (DCGM)', unit: 'MiB', queries: (q, l) => [{ tag: '', q: q.gpu('fbUsed', l) }] },
  'gpu-power': { title: 'GPU power (DCGM)', unit: 'W', queries: (q, l) => [{ tag: '', q: q.gpu('power', l) }] },
  'gpu-temp': { title: 'GPU temperature (DCGM)', unit: '°C', queries: (q, l) => [{ tag: '', q: q.gpu('temp', l) }] },
};
