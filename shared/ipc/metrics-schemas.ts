import { z } from 'zod';

/** Schemas of the `metrics` channels: model-server and GPU metrics from each cluster's Prometheus. */

export const metricsRange = z.enum(['15m', '1h', '6h', '24h']);
export type MetricsRange = z.infer<typeof metricsRange>;

/** An open view's id: a later call of the same view replaces its running one, `metrics:close` cancels all. */
const viewId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Evaluation time, Unix seconds (default now). */
const at = z.number().positive().max(1e11).optional();

const num = z.number().nullable();
/**
 * A chart or sparkline column: numbers and nulls. Checked with one loop rather than a schema per
 * element: a board of 500 shards carries 150,000 of them, and a per-element parse on every live
 * refresh was the renderer's longest task (bench:metrics).
 */
const column = z.custom<Array<number | null>>((x) => {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return false;
  }
  return true;
}, { message: 'must be a list of numbers and nulls' });

export const promConnectionSchema = z.object({
  cluster: z.string(),
  url: z.string().optional(),
  /** As the cluster service: connecting, live, unreachable, unauthorized; not-configured without spec.prometheusUrl. */
  state: z.enum(['not-configured', 'connecting', 'live', 'unreachable', 'unauthorized']),
  message: z.string().optional(),
  /** Which metric names this Prometheus has and which were used ("Triton counters without _total", ...). */
  notes: z.array(z.string()),
  scrapeIntervalS: z.number().optional(),
});
export type PromConnectionDto = z.infer<typeof promConnectionSchema>;

const gridSchema = z.object({ start: z.number(), end: z.number(), step: z.number(), t: z.array(z.number()) });

export const shardMetricsSchema = z.object({
  shard: z.string(),
  cluster: z.string(),
  region: z.string(),
  specState: z.string(),
  zones: z.array(z.string()),
  gpus: z.number(),
  servers: z.array(z.object({ name: z.string(), runtime: z.string(), model: z.string() })),
  /** Sparkline columns on the board's grid. */
  rps: column,
  errors: column,
  p95: column,
  queue: column,
  gpu: column,
  /** Latest values. */
  now: z.object({ rps: num, errors: num, p95: num, queue: num, gpu: num }),
  /** How p95 was computed ("histogram nv_inference_first_response_histogram_ms", "average from counters ..."). */
  latencySource: z.string(),
  saturated: z.boolean(),
  saturationWhy: z.string(),
  autoscaling: z.array(
    z.object({
      server: z.string(),
      metric: z.string(),
      target: z.number(),
      observed: num,
      state: z.enum(['keeps-up', 'scaling', 'at-max', 'unknown']),
      pods: z.number(),
      maxReplicas: z.number(),
      /** The live HorizontalPodAutoscaler's replicas (live monitoring connected), which pods and maxReplicas then are. */
      hpa: z.object({ current: z.number(), desired: z.number(), max: z.number() }).optional(),
    }),
  ),
  connection: z.enum(['not-configured', 'connecting', 'live', 'unreachable', 'unauthorized']),
});
export type ShardMetricsDto = z.infer<typeof shardMetricsSchema>;

export const boardSchema = gridSchema.extend({
  range: metricsRange,
  clusters: z.array(promConnectionSchema),
  shards: z.array(shardMetricsSchema),
  /** Queries sent for this answer and answered from the cache. */
  queries: z.object({ sent: z.number(), cached: z.number() }),
});
export type BoardDto = z.infer<typeof boardSchema>;

export const chartPanel = z.enum(['latency', 'llm', 'queue', 'throughput', 'batch', 'kv', 'gpu-util', 'gpu-memory', 'gpu-power', 'gpu-temp']);
export type ChartPanel = z.infer<typeof chartPanel>;

export const chartSchema = gridSchema.extend({
  panel: chartPanel,
  title: z.string(),
  unit: z.string(),
  series: z.array(z.object({ key: z.string(), label: z.string(), v: column })),
  /** Which metric and method each part used. */
  notes: z.array(z.string()),
  /** Figures over the selected span (e.g. p95 over a drag-selected stretch), when one was asked for. */
  stats: z.array(z.object({ key: z.string(), label: z.string(), value: num })),
  connection: promConnectionSchema,
});
export type ChartDto = z.infer<typeof chartSchema>;

export const gpuHeatSchema = gridSchema.extend({
  clusters: z.array(promConnectionSchema),
  gpus: z.array(
    z.object({
      cluster: z.string(),
      node: z.string(),
      zone: z.string(),
      gpu: z.string(),
      uuid: z.string(),
      pod: z.string(),
      namespace: z.string(),
      shard: z.string().nullable(),
      v: column,
      xid: num,
    }),
  ),
});
export type GpuHeatDto = z.infer<typeof gpuHeatSchema>;

export const slaRowSchema = z.object({
  tenant: z.string(),
  displayName: z.string(),
  plan: z.enum(['free', 'standard', 'premium']),
  shard: z.string(),
  targetMs: z.number(),
  p95Ms: num,
  overNow: z.boolean(),
  server: z.string().nullable(),
  source: z.string().nullable(),
  status: z.enum(['ok', 'breached', 'unclear', 'no-data']),
  withinShare: num,
  unclearShare: z.number(),
  points: z.number(),
  objective: z.number(),
  budgetLeft: num,
});
export type SlaRowDto = z.infer<typeof slaRowSchema>;

export const slaSchema = gridSchema.extend({ clusters: z.array(promConnectionSchema), rows: z.array(slaRowSchema) });
export type SlaDto = z.infer<typeof slaSchema>;

export const METRICS_CONTRACT = {
  /** Every shard of the workspace (from its spec) with sparklines of its metrics over the range. */
  'metrics:board': { input: z.strictObject({ viewId, range: metricsRange, at }), output: boardSchema },
  /** One chart of one shard, by model server, pod or zone. */
  'metrics:chart': {
    input: z.strictObject({ viewId, range: metricsRange, at, shard: z.string().min(1).max(63), panel: chartPanel, by: z.enum(['server', 'pod', 'zone']).default('server'), span: z.strictObject({ from: z.number().positive(), to: z.number().positive() }).refine((x) => x.to > x.from, { message: 'to must be after from' }).optional() }),
    output: chartSchema,
  },
  /** GPU utilization per GPU (node, zone) over the range, with the last XID error. */
  'metrics:gpus': { input: z.strictObject({ viewId, range: metricsRange, at }), output: gpuHeatSchema },
  /** SLA conformance per tenant over the last hour, worst first. */
  'metrics:sla': { input: z.strictObject({ viewId, at }), output: slaSchema },
  /** The view closed: its queries in flight are cancelled. */
  'metrics:close': { input: z.strictObject({ viewId }), output: z.object({ cancelled: z.number().int() }) },
} as const;
