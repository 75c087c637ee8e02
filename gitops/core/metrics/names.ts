/**
 * The metric names Gantry reads, per exporter, with the fallbacks between server versions. Which
 * of them a Prometheus holds is discovered once per connection (its list of metric names), and
 * every query and panel then says which name (and which kind: histogram, summary or counter
 * average) it used.
 */

/** How a latency figure is computed from what the server exports. */
export type LatencySource = 'histogram' | 'summary' | 'counter-average';

export interface LatencyMetric {
  source: LatencySource;
  /** The family name (a histogram without `_bucket`, a summary without `quantile`, or the cumulative counter). */
  name: string;
  /** For counter averages: the request counter to divide by. */
  per?: string;
  /** What one unit of the metric is, in milliseconds (µs counters: 0.001, seconds: 1000). */
  msPerUnit: number;
}

/** Which latency a figure measures. */
export type LatencyKind = 'e2e' | 'queue' | 'compute' | 'ttft' | 'itl';

export interface ResolvedNames {
  triton: {
    present: boolean;
    /** '' or '_total': whether Triton's counters carry the suffix (newer exporters and OpenMetrics conversions add it). */
    suffix: '' | '_total';
    success: string;
    failure: string;
    inferences: string;
    executions: string;
    pending: string;
    latency: Partial<Record<LatencyKind, LatencyMetric>>;
  };
  vllm: {
    present: boolean;
    success: string;
    running: string;
    waiting: string;
    /** v0.8.5: vllm:gpu_cache_usage_perc; newer: vllm:kv_cache_usage_perc; undefined when neither. */
    kvCache: string | undefined;
    latency: Partial<Record<LatencyKind, LatencyMetric>>;
  };
  dcgm: {
    present: boolean;
    util: string;
    fbUsed: string;
    fbFree: string;
    power: string;
    temp: string;
    xid: string;
  };
  /** One sentence per choice made, for the panel and docs ("Triton counters without _total", ...). */
  notes: string[];
}

const TRITON_COUNTERS = {
  success: 'nv_inference_request_success',
  failure: 'nv_inference_request_failure',
  inferences: 'nv_inference_count',
  executions: 'nv_inference_exec_count',
  requestUs: 'nv_inference_request_duration_us',
  queueUs: 'nv_inference_queue_duration_us',
  computeUs: 'nv_inference_compute_infer_duration_us',
} as const;

/** Newest first: a name later vLLM versions renamed. */
const VLLM_KV = ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'];
const VLLM_ITL = ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds'];

export const DCGM = {
  util: 'DCGM_FI_DEV_GPU_UTIL',
  fbUsed: 'DCGM_FI_DEV_FB_USED',
  fbFree: 'DCGM_FI_DEV_FB_FREE',
  power: 'DCGM_FI_DEV_POWER_USAGE',
  temp: 'DCGM_FI_DEV_GPU_TEMP',
  xid: 'DCGM_FI_DEV_XID_ERRORS',
} as const;

/**
 * Picks the names to query from the metric names a Prometheus has (`/api/v1/label/__name__/values`).
 * A histogram is present when its `_bucket` series is; a summary when its `_count` is (its quantile
 * series carry the bare name).
 */
export function resolveNames(available: Iterable<string>): ResolvedNames {
  const has = new Set(available);
  const notes: string[] = [];

  const withTotal = has.has(`${TRITON_COUNTERS.success}_total`);
  const bare = has.has(TRITON_COUNTERS.success);
  const suffix: '' | '_total' = withTotal && !bare ? '_total' : '';
  const t = (n: string) => `${n}${suffix}`;
  const tritonPresent = withTotal || bare;
  if (tritonPresent) notes.push(suffix ? 'Triton counters carry the _total suffix (nv_inference_request_success_total).' : 'Triton counters without the _total suffix (nv_inference_request_success), as Triton exports them.');
  const tl: ResolvedNames['triton']['latency'] = {};
  if (has.has('nv_inference_first_response_histogram_ms_bucket')) tl.e2e = { source: 'histogram', name: 'nv_inference_first_response_histogram_ms', msPerUnit: 1 };
  else if (has.has('nv_inference_request_summary_us_count')) tl.e2e = { source: 'summary', name: 'nv_inference_request_summary_us', msPerUnit: 0.001 };
  else if (has.has(t(TRITON_COUNTERS.requestUs))) tl.e2e = { source: 'counter-average', name: t(TRITON_COUNTERS.requestUs), per: t(TRITON_COUNTERS.success), msPerUnit: 0.001 };
  if (has.has('nv_inference_queue_summary_us_count')) tl.queue = { source: 'summary', name: 'nv_inference_queue_summary_us', msPerUnit: 0.001 };
  else if (has.has(t(TRITON_COUNTERS.queueUs))) tl.queue = { source: 'counter-average', name: t(TRITON_COUNTERS.queueUs), per: t(TRITON_COUNTERS.success), msPerUnit: 0.001 };
  if (has.has('nv_inference_compute_infer_summary_us_count')) tl.compute = { source: 'summary', name: 'nv_inference_compute_infer_summary_us', msPerUnit: 0.001 };
  else if (has.has(t(TRITON_COUNTERS.computeUs))) tl.compute = { source: 'counter-average', name: t(TRITON_COUNTERS.computeUs), per: t(TRITON_COUNTERS.success), msPerUnit: 0.001 };
  if (tritonPresent) {
    for (const [k, m] of Object.entries(tl)) notes.push(`Triton ${k} latency: ${describe(m)}.`);
  }

  const vllmPresent = has.has('vllm:request_success_total') || has.has('vllm:num_requests_running');
  const kvCache = VLLM_KV.find((n) => has.has(n));
  if (vllmPresent) notes.push(kvCache ? `vLLM KV-cache use from ${kvCache}.` : 'vLLM exports no KV-cache gauge (neither vllm:kv_cache_usage_perc nor vllm:gpu_cache_usage_perc).');
  const vl: ResolvedNames['vllm']['latency'] = {};
  const hist = (name: string): LatencyMetric | undefined => (has.has(`${name}_bucket`) ? { source: 'histogram', name, msPerUnit: 1000 } : undefined);
  const put = (k: LatencyKind, m: LatencyMetric | undefined) => {
    if (m) vl[k] = m;
  };
  put('e2e', hist('vllm:e2e_request_latency_seconds'));
  put('queue', hist('vllm:request_queue_time_seconds'));
  put('compute', hist('vllm:request_inference_time_seconds'));
  put('ttft', hist('vllm:time_to_first_token_seconds'));
  const itl = VLLM_ITL.find((n) => has.has(`${n}_bucket`));
  put('itl', itl ? hist(itl) : undefined);
  if (vllmPresent && itl) notes.push(`vLLM inter-token latency from ${itl}.`);

  const dcgmPresent = has.has(DCGM.util);
  if (!dcgmPresent) notes.push('No DCGM exporter metrics (DCGM_FI_DEV_GPU_UTIL): GPU columns stay empty.');

  return {
    triton: {
      present: tritonPresent,
      suffix,
      success: t(TRITON_COUNTERS.success),
      failure: t(TRITON_COUNTERS.failure),
      inferences: t(TRITON_COUNTERS.inferences),
      executions: t(TRITON_COUNTERS.executions),
      pending: 'nv_inference_pending_request_count',
      latency: tl,
    },
    vllm: {
      present: vllmPresent,
      success: 'vllm:request_success_total',
      running: 'vllm:num_requests_running',
      waiting: 'vllm:num_requests_waiting',
      kvCache,
      latency: vl,
    },
    dcgm: { present: dcgmPresent, ...DCGM },
    notes,
  };
}

export function describe(m: LatencyMetric): string {
  switch (m.source) {
    case 'histogram':
      return `quantiles from the histogram ${m.name}`;
    case 'summary':
      return `quantiles the server computes (summary ${m.name}, its sliding window)`;
    case 'counter-average':
      return `average only, ${m.name} / ${m.per} (the server exports counters, no quantiles)`;
  }
}

/** The names whose `_bucket` series tell the bucket layout (for the resolution of a quantile). */
export function histogramNames(n: ResolvedNames): string[] {
  const out = new Set<string>();
  for (const m of [...Object.values(n.triton.latency), ...Object.values(n.vllm.latency)]) if (m.source === 'histogram') out.add(m.name);
  return [...out];
}
