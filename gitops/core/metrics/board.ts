import { autoscaling, saturation, type Autoscaling, type HpaNumbers } from './sla.ts';
import { lastValue, maxColumns, sumColumns, type Aligned } from './series.ts';

/**
 * The shard board: every shard of the workspace (from its spec) joined with its model servers'
 * metrics. Queries answer per (shard, model_server); a shard's figures are the sum of its servers'
 * rates and queues, the worst server's p95 and the mean GPU utilization of its servers.
 */

export interface BoardShardSpec {
  name: string;
  cluster: string;
  region: string;
  state: string;
  zones: string[];
  gpus: number;
  servers: Array<{
    name: string;
    runtime: string;
    model: string;
    maxReplicas: number;
    maxBatch?: number;
    autoscaling?: { metric: 'queueDepth' | 'latencyMs' | 'gpuUtilization'; target: number };
  }>;
}

/** Range answers on the board grid, each aligned by (shard, model_server). */
export interface BoardSeries {
  rps: Aligned;
  errors: Aligned;
  p95: Aligned;
  queue: Aligned;
  gpu: Aligned;
  /** Pods per "shard/server" now. */
  pods: Map<string, number>;
}

export interface BoardRow {
  shard: string;
  cluster: string;
  region: string;
  specState: string;
  zones: string[];
  gpus: number;
  servers: Array<{ name: string; runtime: string; model: string }>;
  rps: Array<number | null>;
  errors: Array<number | null>;
  p95: Array<number | null>;
  queue: Array<number | null>;
  gpu: Array<number | null>;
  now: { rps: number | null; errors: number | null; p95: number | null; queue: number | null; gpu: number | null };
  saturated: boolean;
  saturationWhy: string;
  autoscaling: Array<Autoscaling & { server: string; pods: number; maxReplicas: number }>;
}

/** Columns by shard, then by model server (one pass over the answer). */
function byShard(a: Aligned): Map<string, Map<string, Array<number | null>>> {
  const out = new Map<string, Map<string, Array<number | null>>>();
  for (const c of a.columns) {
    const shard = c.labels.shard ?? '';
    let m = out.get(shard);
    if (!m) out.set(shard, (m = new Map()));
    m.set(c.labels.model_server ?? '', c.v);
  }
  return out;
}

function meanColumns(cols: ReadonlyArray<ReadonlyArray<number | null>>, length: number): Array<number | null> {
  const sum = sumColumns(cols, length);
  const n: number[] = new Array<number>(length).fill(0);
  for (const c of cols) for (let i = 0; i < length; i++) if (c[i] !== null && c[i] !== undefined) n[i]!++;
  return sum.map((s, i) => (s === null ? null : s / n[i]!));
}

/** The live HPA of a shard's model server (from live monitoring), when its cluster is connected. */
export type HpaLookup = (cluster: string, shard: string, server: string) => HpaNumbers | undefined;

export function boardRows(shards: readonly BoardShardSpec[], s: BoardSeries, t: readonly number[], saturationWindowS: number, hpaOf?: HpaLookup): BoardRow[] {
  const len = t.length;
  const idx = { rps: byShard(s.rps), errors: byShard(s.errors), p95: byShard(s.p95), queue: byShard(s.queue), gpu: byShard(s.gpu) };
  const none = new Map<string, Array<number | null>>();
  return shards.map((sh) => {
    const rps = idx.rps.get(sh.name) ?? none;
    const errors = idx.errors.get(sh.name) ?? none;
    const p95 = idx.p95.get(sh.name) ?? none;
    const queue = idx.queue.get(sh.name) ?? none;
    const gpu = idx.gpu.get(sh.name) ?? none;
    const row = {
      rps: sumColumns([...rps.values()], len),
      errors: sumColumns([...errors.values()], len),
      p95: maxColumns([...p95.values()], len),
      queue: sumColumns([...queue.values()], len),
      gpu: meanColumns([...gpu.values()], len),
    };
    const maxBatch = Math.max(1, ...sh.servers.map((x) => x.maxBatch ?? 1));
    // Saturated when any one server is: its own GPUs busy and its own queue growing.
    const perServer = sh.servers.map((x) =>
      saturation({ t, gpuUtil: gpu.get(x.name) ?? [], queue: queue.get(x.name) ?? [], maxBatch: x.maxBatch ?? maxBatch, windowS: saturationWindowS }),
    );
    const hit = perServer.findIndex((x) => x.saturated);
    const sat = hit >= 0 ? perServer[hit]! : saturation({ t, gpuUtil: row.gpu, queue: row.queue, maxBatch, windowS: saturationWindowS });
    const scaled = sh.servers
      .filter((x) => x.autoscaling)
      .map((x) => {
        const hpa = hpaOf?.(sh.cluster, sh.name, x.name);
        const a = autoscaling({
          ...(hpa ? { hpa } : {}),
          metric: x.autoscaling!.metric,
          target: x.autoscaling!.target,
          pods: s.pods.get(`${sh.name}/${x.name}`) ?? 0,
          maxReplicas: x.maxReplicas,
          queueDepth: lastValue(queue.get(x.name) ?? []),
          p95Ms: lastValue(p95.get(x.name) ?? []),
          gpuUtil: lastValue(gpu.get(x.name) ?? []),
        });
        return { ...a, server: x.name, pods: hpa ? hpa.current : (s.pods.get(`${sh.name}/${x.name}`) ?? 0), maxReplicas: hpa ? hpa.max : x.maxReplicas };
      });
    return {
      shard: sh.name,
      cluster: sh.cluster,
      region: sh.region,
      specState: sh.state,
      zones: sh.zones,
      gpus: sh.gpus,
      servers: sh.servers.map((x) => ({ name: x.name, runtime: x.runtime, model: x.model })),
      ...row,
      now: { rps: lastValue(row.rps), errors: lastValue(row.errors), p95: lastValue(row.p95), queue: lastValue(row.queue), gpu: lastValue(row.gpu) },
      saturated: sat.saturated,
      saturationWhy: hit >= 0 ? `${sh.servers[hit]!.name}: ${sat.why}` : sat.why,
      autoscaling: scaled,
    };
  });
}

/** A range's step: about `points` points, a whole number of scrape intervals, at least one scrape. */
export function stepFor(rangeS: number, scrapeS: number, points: number): number {
  const raw = rangeS / points;
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  const s = nice.find((n) => n >= raw) ?? raw;
  return Math.max(scrapeS, Math.ceil(s / scrapeS) * scrapeS);
}

export const RANGE_SECONDS = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400 } as const;
