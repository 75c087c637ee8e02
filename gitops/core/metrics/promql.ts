import type { LatencyKind, LatencyMetric, LatencySource, ResolvedNames } from './names.ts';

/**
 * PromQL builders. Every expression covers Triton and vLLM at once (their series never share a
 * label set, so `or` keeps both), groups by the labels the scrape configuration attaches
 * (namespace, pod, shard, model_server, zone, node: see docs/metrics.md) and, for GPU figures,
 * joins DCGM's per-GPU series to pods through DCGM's own `namespace` / `pod` labels.
 */

export type Level = 'shard' | 'server' | 'pod' | 'zone';
export type Unit = 'req/s' | 'ms' | '%' | 'requests' | 'W' | '°C' | 'MiB' | 'xid';

export const GROUP: Record<Level, string[]> = {
  shard: ['shard'],
  server: ['shard', 'model_server'],
  pod: ['shard', 'model_server', 'pod', 'zone'],
  zone: ['shard', 'zone'],
};

export interface Query {
  /** What the query measures, e.g. "p95 e2e latency". */
  label: string;
  expr: string;
  unit: Unit;
  /** For latencies: how it was computed per runtime, and from which metric. */
  sources?: Array<{ runtime: 'triton' | 'vllm'; source: LatencySource; metric: string }>;
}

export type Matchers = Record<string, string>;

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `name{k="v",...}` with the extra matchers (raw ones such as `finished_reason!="abort"` appended). */
export function sel(name: string, m: Matchers = {}, raw: string[] = []): string {
  const parts = [...Object.entries(m).map(([k, v]) => `${k}="${esc(v)}"`), ...raw];
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

const by = (labels: string[]) => `by (${labels.join(', ')})`;

/**
 * The window for rate(): Grafana's $__rate_interval, max(step + scrape, 4 × scrape), so every
 * window holds at least four samples and consecutive windows leave no sample out.
 */
export function rateWindow(stepS: number, scrapeS: number): string {
  return durationOf(Math.max(stepS + scrapeS, 4 * scrapeS));
}

/** Seconds as a PromQL duration (whole milliseconds). */
export function durationOf(s: number): string {
  const ms = Math.max(1, Math.round(s * 1000));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export class QueryBuilder {
  constructor(
    private readonly n: ResolvedNames,
    private readonly m: Matchers = {},
  ) {}

  private both(triton: string | undefined, vllm: string | undefined): string {
    const parts = [this.n.triton.present ? triton : undefined, this.n.vllm.present ? vllm : undefined].filter((x): x is string => Boolean(x));
    if (parts.length === 0) return 'vector(0) > 1'; // an empty answer: neither server is scraped
    return parts.map((p) => `(${p})`).join(' or ');
  }

  /** Successful requests per second. */
  requestRate(level: Level, w: string): Query {
    const inner = this.both(`rate(${sel(this.n.triton.success, this.m)}[${w}])`, `rate(${sel(this.n.vllm.success, this.m, ['finished_reason!="abort"'])}[${w}])`);
    return { label: 'requests', unit: 'req/s', expr: `sum ${by(GROUP[level])} (${inner})` };
  }

  /** Failed requests per second (Triton's failure counter; vLLM's aborted requests). */
  errorRate(level: Level, w: string): Query {
    const inner = this.both(`rate(${sel(this.n.triton.failure, this.m)}[${w}])`, `rate(${sel(this.n.vllm.success, this.m, ['finished_reason="abort"'])}[${w}])`);
    return { label: 'failures', unit: 'req/s', expr: `sum ${by(GROUP[level])} (${inner})` };
  }

  /**
   * A latency quantile in ms: from a histogram (histogram_quantile over the rate of its buckets),
   * from a summary (the server's own quantile; the worst pod, as quantiles do not add up), or the
   * average from counters where that is all the server exports. Per model server first, then the
   * worst server of the group.
   */
  latency(kind: LatencyKind, q: 0.5 | 0.95 | 0.99, level: Level, w: string): Query {
    const inner = [...GROUP[level], 'model_server'].filter((l, i, a) => a.indexOf(l) === i);
    const one = (m: LatencyMetric | undefined, extra: string[] = []): string | undefined => {
      if (!m) return undefined;
      switch (m.source) {
        case 'histogram':
          return `histogram_quantile(${q}, sum ${by([...inner, 'le'])} (rate(${sel(`${m.name}_bucket`, this.m, extra)}[${w}]))) * ${m.msPerUnit}`;
        case 'summary':
          return `max ${by(inner)} (${sel(m.name, { ...this.m, quantile: String(q) }, extra)}) * ${m.msPerUnit}`;
        case 'counter-average':
          return `sum ${by(inner)} (rate(${sel(m.name, this.m, extra)}[${w}])) / sum ${by(inner)} (rate(${sel(m.per!, this.m)}[${w}])) * ${m.msPerUnit}`;
      }
    };
    const t = this.n.triton.latency[kind];
    const v = this.n.vllm.latency[kind];
    const sources: NonNullable<Query['sources']> = [];
    if (this.n.triton.present && t) sources.push({ runtime: 'triton', source: t.source, metric: t.name });
    if (this.n.vllm.present && v) sources.push({ runtime: 'vllm', source: v.source, metric: v.name });
    const expr = `max ${by(GROUP[level])} (${this.both(one(t), one(v))})`;
    const name = t?.source === 'counter-average' && !v ? `mean ${kind}` : `p${Math.round(q * 100)} ${kind}`;
    return { label: `${name} latency`, unit: 'ms', expr, sources };
  }

  /** Requests waiting in the server's queue (Triton pending, vLLM waiting). */
  queueDepth(level: Level): Query {
    return { label: 'queue depth', unit: 'requests', expr: `sum ${by(GROUP[level])} (${this.both(sel(this.n.triton.pending, this.m), sel(this.n.vllm.waiting, this.m))})` };
  }

  /** vLLM requests running on the GPU. */
  running(level: Level): Query {
    return { label: 'running', unit: 'requests', expr: `sum ${by(GROUP[level])} (${sel(this.n.vllm.running, this.m)})` };
  }

  /** Mean batch size: Triton inferences per execution; vLLM requests running per step. */
  batchSize(level: Level, w: string): Query {
    const inner = [...GROUP[level], 'model_server'].filter((l, i, a) => a.indexOf(l) === i);
    const t = `sum ${by(inner)} (rate(${sel(this.n.triton.inferences, this.m)}[${w}])) / sum ${by(inner)} (rate(${sel(this.n.triton.executions, this.m)}[${w}]))`;
    const v = `avg ${by(inner)} (avg_over_time(${sel(this.n.vllm.running, this.m)}[${w}]))`;
    return { label: 'batch size', unit: 'requests', expr: `max ${by(GROUP[level])} (${this.both(t, v)})` };
  }

  /** vLLM KV-cache use in %. */
  kvCache(level: Level): Query | undefined {
    const kv = this.n.vllm.kvCache;
    if (!kv) return undefined;
    return { label: 'KV cache', unit: '%', expr: `avg ${by(GROUP[level])} (${sel(kv, this.m)}) * 100` };
  }

  /** The pods of model servers with their shard, server and zone, to join DCGM's per-GPU series to. */
  private podInfo(): string {
    const labels = ['namespace', 'pod', 'shard', 'model_server', 'zone'];
    return `group ${by(labels)} (${this.both(sel(this.n.triton.success, this.m), sel(this.n.vllm.success, this.m))})`;
  }

  /** A DCGM gauge of the GPUs serving the group's pods (avg, or max for XID). */
  gpu(what: 'util' | 'fbUsed' | 'power' | 'temp' | 'xid', level: Level): Query {
    const d = this.n.dcgm;
    const metric = { util: d.util, fbUsed: d.fbUsed, power: d.power, temp: d.temp, xid: d.xid }[what];
    const unit: Unit = { util: '%', fbUsed: 'MiB', power: 'W', temp: '°C', xid: 'xid' }[what] as Unit;
    const label = { util: 'GPU utilization', fbUsed: 'GPU memory used', power: 'GPU power', temp: 'GPU temperature', xid: 'last XID error' }[what];
    const agg = what === 'xid' ? 'max' : what === 'fbUsed' || what === 'power' ? 'sum' : 'avg';
    const joined = `${metric} * on (namespace, pod) group_left (shard, model_server, zone) ${this.podInfo()}`;
    return { label, unit, expr: `${agg} ${by(GROUP[level])} (${joined})` };
  }

  /** Every GPU a DCGM exporter reports, by node, zone and GPU, with the pod it serves (for the heat map). */
  gpuHeat(): Query {
    return { label: 'GPU utilization', unit: '%', expr: `max by (node, zone, gpu, UUID, namespace, pod) (${this.n.dcgm.util})` };
  }

  gpuXid(): Query {
    return { label: 'last XID error', unit: 'xid', expr: `max by (node, zone, gpu, UUID, namespace, pod) (${this.n.dcgm.xid})` };
  }
}
