/**
 * SLA conformance, error budget, saturation and autoscaling, from metric series (pure).
 *
 * A tenant's latency is its shard's: the worst p95 end-to-end latency of the shard's model servers
 * that serve the tenant's models. Each point of the last hour (one per range step) is within target,
 * over it, or unclear: a histogram quantile is only known to lie in its bucket, and when that bucket
 * straddles the target (vLLM's e2e buckets start at 300 ms) the point says nothing about a 100 ms
 * target. The objective is the share of the hour within target, by plan; the error budget is what
 * is left of the (1 - objective) allowed to be over.
 */

export type Plan = 'free' | 'standard' | 'premium';

/** Share of the period within target that each plan promises (README "Decisions"). */
export const OBJECTIVE: Record<Plan, number> = { premium: 0.999, standard: 0.99, free: 0.95 };

export interface TenantInput {
  name: string;
  displayName: string;
  plan: Plan;
  latencyTargetMs: number;
  shard: string;
  models: string[];
}

export interface ServerInput {
  shard: string;
  name: string;
  model: string;
  runtime: string;
  /** p95 e2e latency (ms) per range step, on `t`. */
  p95: ReadonlyArray<number | null>;
  /** Ascending bucket bounds (ms) of the histogram the quantile came from; undefined for summaries and averages (exact). */
  bucketsMs?: readonly number[];
  /** How the figure was computed, for the table ("p95 from histogram nv_inference_first_response_histogram_ms"). */
  source: string;
}

export type PointVerdict = 'within' | 'over' | 'unclear';

/** Where a histogram quantile estimate lies: (lo, hi] of its bucket. */
export function bucketOf(v: number, bounds: readonly number[]): { lo: number; hi: number } {
  let lo = 0;
  for (const b of bounds) {
    if (v <= b) return { lo, hi: b };
    lo = b;
  }
  return { lo, hi: Number.POSITIVE_INFINITY };
}

export function verdict(v: number, targetMs: number, bounds?: readonly number[]): PointVerdict {
  if (!bounds || bounds.length === 0) return v <= targetMs ? 'within' : 'over';
  const { lo, hi } = bucketOf(v, bounds);
  if (hi <= targetMs) return 'within';
  if (lo >= targetMs) return 'over';
  return 'unclear';
}

export interface TenantSla {
  tenant: string;
  displayName: string;
  plan: Plan;
  shard: string;
  targetMs: number;
  /** The latest p95 (ms) of the worst serving server, null when none answered. */
  p95Ms: number | null;
  /** The serving server that p95 is of. */
  server: string | null;
  source: string | null;
  /** The latest p95 is over the target (not only the budget spent earlier). */
  overNow: boolean;
  /** 'ok': meeting the objective; 'breached': over target now or budget spent; 'unclear': the buckets cannot tell; 'no-data'. */
  status: 'ok' | 'breached' | 'unclear' | 'no-data';
  /** Share of judged points within target (0..1), null without any judged point. */
  withinShare: number | null;
  /** Share of points with data that were unclear. */
  unclearShare: number;
  points: number;
  objective: number;
  /** 1: untouched, 0: spent, below 0: overspent; null without judged points. */
  budgetLeft: number | null;
}

/** SLA rows for every tenant, worst first (budget left, then share within, then name). */
export function tenantSla(tenants: readonly TenantInput[], servers: readonly ServerInput[]): TenantSla[] {
  const rows = tenants.map((t): TenantSla => {
    const onShard = servers.filter((s) => s.shard === t.shard);
    const serving = onShard.filter((s) => t.models.includes(s.model));
    const use = serving.length ? serving : onShard;
    const objective = OBJECTIVE[t.plan];
    const base = { tenant: t.name, displayName: t.displayName, plan: t.plan, shard: t.shard, targetMs: t.latencyTargetMs, objective };
    const length = Math.max(0, ...use.map((s) => s.p95.length));
    let within = 0;
    let over = 0;
    let unclear = 0;
    for (let i = 0; i < length; i++) {
      // The tenant's point is its worst server's: over if any is over, unclear if any is unclear and none over.
      let pv: PointVerdict | undefined;
      for (const s of use) {
        const v = s.p95[i];
        if (v === null || v === undefined) continue;
        const x = verdict(v, t.latencyTargetMs, s.bucketsMs);
        if (x === 'over' || pv === undefined || (x === 'unclear' && pv === 'within')) pv = x;
      }
      if (pv === 'within') within++;
      else if (pv === 'over') over++;
      else if (pv === 'unclear') unclear++;
    }
    // The latest point of the worst server.
    let p95Ms: number | null = null;
    let worst: ServerInput | undefined;
    for (const s of use) {
      const v = lastOf(s.p95);
      if (v !== null && (p95Ms === null || v > p95Ms)) {
        p95Ms = v;
        worst = s;
      }
    }
    const judged = within + over;
    const points = judged + unclear;
    const withinShare = judged ? within / judged : null;
    const budgetLeft = withinShare === null ? null : 1 - (1 - withinShare) / (1 - objective);
    const nowVerdict = worst && p95Ms !== null ? verdict(p95Ms, t.latencyTargetMs, worst.bucketsMs) : undefined;
    let status: TenantSla['status'];
    if (points === 0 || p95Ms === null) status = 'no-data';
    else if (nowVerdict === 'over' || (budgetLeft !== null && budgetLeft <= 0)) status = 'breached';
    else if (nowVerdict === 'unclear' && judged === 0) status = 'unclear';
    else status = 'ok';
    return { ...base, p95Ms, overNow: nowVerdict === 'over', server: worst?.name ?? null, source: worst?.source ?? null, status, withinShare, unclearShare: points ? unclear / points : 0, points, budgetLeft };
  });
  return rows.sort(worstFirst);
}

const STATUS_RANK: Record<TenantSla['status'], number> = { breached: 0, unclear: 1, ok: 2, 'no-data': 3 };

export function worstFirst(a: TenantSla, b: TenantSla): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    Number(b.overNow) - Number(a.overNow) ||
    (a.budgetLeft ?? Number.POSITIVE_INFINITY) - (b.budgetLeft ?? Number.POSITIVE_INFINITY) ||
    (a.withinShare ?? 2) - (b.withinShare ?? 2) ||
    a.tenant.localeCompare(b.tenant)
  );
}

function lastOf(v: ReadonlyArray<number | null>): number | null {
  for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && v[i] !== undefined) return v[i]!;
  return null;
}

/** GPU this busy or more counts as busy for the saturation flag. */
export const BUSY_PERCENT = 90;

export interface SaturationInput {
  /** GPU utilization (%) and queue depth per step, on `t` (seconds). */
  t: ReadonlyArray<number>;
  gpuUtil: ReadonlyArray<number | null>;
  queue: ReadonlyArray<number | null>;
  /** The largest batch a server forms (spec batching.maxBatchSize); 1 without batching. */
  maxBatch: number;
  /** How far back to look, in seconds (default 60). */
  windowS?: number;
}

export interface Saturation {
  saturated: boolean;
  /** Mean GPU utilization over the window (%). */
  gpuUtil: number | null;
  /** How many requests the queue grew by over the window (last minus first). */
  queueGrowth: number | null;
  why: string;
}

/**
 * Saturated: the GPU is busy (mean utilization over the window ≥ 90%) and the queue grows by more
 * than one full batch over the window, so the server cannot drain it by working harder.
 */
export function saturation(x: SaturationInput): Saturation {
  const windowS = x.windowS ?? 60;
  const end = x.t.at(-1);
  if (end === undefined) return { saturated: false, gpuUtil: null, queueGrowth: null, why: 'no data' };
  const from = end - windowS;
  const util: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < x.t.length; i++) {
    if (x.t[i]! < from) continue;
    const u = x.gpuUtil[i];
    if (u !== null && u !== undefined) util.push(u);
    const d = x.queue[i];
    if (d !== null && d !== undefined) q.push(d);
  }
  const gpuUtil = util.length ? util.reduce((a, b) => a + b, 0) / util.length : null;
  const queueGrowth = q.length >= 2 ? q.at(-1)! - q[0]! : null;
  const busy = gpuUtil !== null && gpuUtil >= BUSY_PERCENT;
  const growing = queueGrowth !== null && queueGrowth > Math.max(1, x.maxBatch);
  const saturated = busy && growing;
  const u = gpuUtil === null ? 'no GPU data' : `GPU ${gpuUtil.toFixed(0)}% busy`;
  const g = queueGrowth === null ? 'no queue data' : `queue ${queueGrowth >= 0 ? '+' : ''}${Math.round(queueGrowth)} in ${windowS} s`;
  return { saturated, gpuUtil, queueGrowth, why: `${u}, ${g}` };
}

export interface AutoscalingInput {
  metric: 'queueDepth' | 'latencyMs' | 'gpuUtilization';
  target: number;
  /** Pods serving now. */
  pods: number;
  maxReplicas: number;
  queueDepth: number | null;
  p95Ms: number | null;
  gpuUtil: number | null;
  /** The live HorizontalPodAutoscaler's status and max (live monitoring), when the cluster is connected. */
  hpa?: HpaNumbers;
}

/** A HorizontalPodAutoscaler's replicas as the cluster reports them. */
export interface HpaNumbers {
  current: number;
  desired: number;
  max: number;
}

export interface Autoscaling {
  metric: AutoscalingInput['metric'];
  target: number;
  /** The observed figure the HPA compares with the target (queue per pod, p95 ms or GPU %). */
  observed: number | null;
  /** 'keeps-up': at or under target; 'scaling': over target with room to add pods; 'at-max': over target at max replicas. */
  state: 'keeps-up' | 'scaling' | 'at-max' | 'unknown';
  /** The live HPA's numbers the state was judged with (else the spec's max and the pods Prometheus sees). */
  hpa?: HpaNumbers;
}

/**
 * Whether autoscaling keeps up: the spec's target against the observed figure (the queue per pod,
 * p95 or GPU busy). Over target it is 'at-max' when the pods are at the maximum, else 'scaling'. With
 * the live HPA its current replicas are the pods and its max the maximum (what the cluster really
 * runs, which a person may have patched); without it, the pods Prometheus sees and the spec's max.
 */
export function autoscaling(x: AutoscalingInput): Autoscaling {
  const pods = x.hpa ? x.hpa.current : x.pods;
  const max = x.hpa ? x.hpa.max : x.maxReplicas;
  const hpa = x.hpa ? { hpa: { ...x.hpa } } : {};
  const observed =
    x.metric === 'queueDepth' ? (x.queueDepth === null || pods === 0 ? null : x.queueDepth / pods) : x.metric === 'latencyMs' ? x.p95Ms : x.gpuUtil;
  if (observed === null) return { metric: x.metric, target: x.target, observed, state: 'unknown', ...hpa };
  if (observed <= x.target) return { metric: x.metric, target: x.target, observed, state: 'keeps-up', ...hpa };
  return { metric: x.metric, target: x.target, observed, state: pods >= max ? 'at-max' : 'scaling', ...hpa };
}
