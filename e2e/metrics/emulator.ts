import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCapture, nvmlAt, type Capture } from './capture.ts';

/**
 * A model-server emulator on 127.0.0.1: every pod of every shard exposes Triton's or vLLM's /metrics
 * (names, types and labels as ../shared/fixtures/triton and vLLM v0.8.5's documented metrics), every
 * node exposes dcgm-exporter's (as ../shared/fixtures/dcgm, with its pod/namespace labels), all
 * driven by the H100 capture replayed time-compressed. Each pod replays the captured request stream
 * as it was measured (one pod = the measured server): a "saturated" shard replays the whole run
 * (idle, steady, ramp, the 130% spike, recovery), the others a calm cycle of the same length (idle,
 * steady, ramp, then the settled end of steady again where the spike was). A failing zone's servers fail every request
 * for a window of each cycle (success stops, failures count, the GPU idles and reports XID 79).
 */

export type Runtime = 'triton' | 'vllm';

export interface EmulatedShard {
  name: string;
  zones: string[];
  servers: Array<{ name: string; model: string; runtime: Runtime | 'kserve'; replicas: number }>;
}

export interface EmulatorOptions {
  shards: EmulatedShard[];
  /** Capture seconds per wall second (4: one 98 s run every 24.5 s). */
  speed?: number;
  /** Shards that replay the overload spike; the others replay the calm cycle. */
  saturate?: string[];
  /** A zone whose servers fail every request between `from` and `to` seconds of each cycle. */
  failZone?: { zone: string; from: number; to: number };
  /** Triton counters with the `_total` suffix (newer exporters) or without (Triton's own). */
  tritonTotal?: boolean;
  /** vLLM's KV-cache gauge: v0.8.5 exports gpu_cache_usage_perc, newer versions kv_cache_usage_perc. */
  vllmKvName?: 'gpu_cache_usage_perc' | 'kv_cache_usage_perc';
  /** Triton's --metrics-config summary_latencies=true, with this sliding window in wall seconds. */
  tritonSummaryMaxAgeS?: number;
  gpusPerNode?: number;
  /** Wall-clock start (ms); default now. */
  startMs?: number;
}

export interface EmulatedPod {
  shard: string;
  namespace: string;
  server: string;
  model: string;
  runtime: Runtime;
  pod: string;
  zone: string;
  node: string;
  gpu: number;
  uuid: string;
  saturated: boolean;
}

/** Triton's first-response histogram with buckets set in the model config (histogram_options), in ms. */
export const TRITON_BUCKETS_MS = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 90, 100, 125, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000];
/** vLLM v0.8.5 bucket layouts (vllm/engine/metrics.py). */
export const VLLM_TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
export const VLLM_TPOT_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];
export const VLLM_REQUEST_BUCKETS = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];
const QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999];
const PROMPT_TOKENS = 512; // the captured encoder's sequence length
const H100 = 'NVIDIA H100 80GB HBM3';
const DRIVER = '580.159.04';
const XID_FALLEN_OFF_BUS = 79;

/** The events of one cycle of a profile, in cycle seconds, sorted by completion. */
interface Cycle {
  length: number;
  /** [capture from, capture to) per segment, in cycle order. */
  segments: Array<{ from: number; to: number; at: number }>;
  done: Float64Array;
  queueMs: Float64Array;
  computeMs: Float64Array;
  batch: Float64Array;
  /** Requests in compute at each NVML sample (capture order), for vLLM's num_requests_running. */
  runningAt: Int32Array;
}

function buildCycle(c: Capture, segments: Array<{ from: number; to: number }>, runningAt: Int32Array): Cycle {
  const placed: Array<{ from: number; to: number; at: number }> = [];
  let at = 0;
  for (const s of segments) {
    placed.push({ ...s, at });
    at += s.to - s.from;
  }
  const idx: Array<[number, number]> = [];
  for (const s of placed) {
    for (let i = 0; i < c.requests.length; i++) {
      const r = c.requests[i]!;
      if (r.doneS >= s.from && r.doneS < s.to) idx.push([i, s.at + (r.doneS - s.from)]);
    }
  }
  idx.sort((a, b) => a[1] - b[1]);
  const n = idx.length;
  const cyc: Cycle = { length: at, segments: placed, done: new Float64Array(n), queueMs: new Float64Array(n), computeMs: new Float64Array(n), batch: new Float64Array(n), runningAt };
  idx.forEach(([i, t], k) => {
    const r = c.requests[i]!;
    cyc.done[k] = t;
    cyc.queueMs[k] = r.queueMs;
    cyc.computeMs[k] = r.computeMs;
    cyc.batch[k] = r.batch;
  });
  return cyc;
}

/** Requests in compute (started, not done) at each NVML sample time: a sweep over the capture. */
function runningPerSample(c: Capture): Int32Array {
  const starts = c.requests.map((r) => r.arrivalS + r.queueMs / 1000).sort((a, b) => a - b);
  const ends = c.requests.map((r) => r.doneS).sort((a, b) => a - b);
  const out = new Int32Array(c.nvml.length);
  let s = 0;
  let e = 0;
  c.nvml.forEach((sample, k) => {
    while (s < starts.length && starts[s]! <= sample.tS) s++;
    while (e < ends.length && ends[e]! <= sample.tS) e++;
    out[k] = s - e;
  });
  return out;
}

/** Capture time at cycle time `r`. */
function captureTime(cyc: Cycle, r: number): number {
  for (const s of cyc.segments) if (r < s.at + (s.to - s.from)) return s.from + (r - s.at);
  const last = cyc.segments.at(-1)!;
  return last.to;
}

class Histogram {
  readonly counts: Float64Array;
  count = 0;
  sum = 0;
  constructor(readonly bounds: number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    this.count++;
    this.sum += v;
    for (let i = 0; i < this.bounds.length; i++) if (v <= this.bounds[i]!) this.counts[i]!++;
  }
}

/** Triton's sliding-window summary: quantiles over what finished in the last `maxAge` virtual seconds. */
class Summary {
  private at: number[] = [];
  private values: number[] = [];
  count = 0;
  sum = 0;
  constructor(private readonly maxAge: number) {}
  observe(v: number, t: number): void {
    this.count++;
    this.sum += v;
    this.at.push(t);
    this.values.push(v);
  }
  quantiles(now: number): number[] {
    let drop = 0;
    while (drop < this.at.length && this.at[drop]! < now - this.maxAge) drop++;
    if (drop) {
      this.at = this.at.slice(drop);
      this.values = this.values.slice(drop);
    }
    const sorted = Float64Array.from(this.values).sort();
    return QUANTILES.map((q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN));
  }
}

/** What one pod has served so far. */
class PodState {
  v = 0;
  private cycle = 0;
  private idx = 0;
  success = 0;
  failure = 0;
  execs = 0;
  requestUs = 0;
  queueUs = 0;
  computeUs = 0;
  energyJ = 0;
  readonly first = new Histogram(TRITON_BUCKETS_MS);
  readonly e2e = new Histogram(VLLM_REQUEST_BUCKETS);
  readonly queue = new Histogram(VLLM_REQUEST_BUCKETS);
  readonly inference = new Histogram(VLLM_REQUEST_BUCKETS);
  readonly ttft = new Histogram(VLLM_TTFT_BUCKETS);
  readonly tpot = new Histogram(VLLM_TPOT_BUCKETS);
  readonly sumRequest: Summary;
  readonly sumQueue: Summary;
  readonly sumCompute: Summary;

  constructor(
    readonly pod: EmulatedPod,
    private readonly cyc: Cycle,
    private readonly failing: (r: number) => boolean,
    private readonly capture: Capture,
    summaryMaxAgeV: number,
  ) {
    this.sumRequest = new Summary(summaryMaxAgeV);
    this.sumQueue = new Summary(summaryMaxAgeV);
    this.sumCompute = new Summary(summaryMaxAgeV);
  }

  /** Serves every request that finished up to virtual time `v` (monotonic). */
  advance(v: number): void {
    if (v <= this.v) return;
    const L = this.cyc.length;
    const endCycle = Math.floor(v / L);
    const endR = v - endCycle * L;
    const n = this.cyc.done.length;
    const prev = this.v;
    while (this.cycle < endCycle || (this.idx < n && this.cyc.done[this.idx]! <= endR)) {
      if (this.idx >= n) {
        this.cycle++;
        this.idx = 0;
        continue;
      }
      const r = this.cyc.done[this.idx]!;
      const abs = this.cycle * L + r;
      const q = this.cyc.queueMs[this.idx]!;
      const cm = this.cyc.computeMs[this.idx]!;
      const b = this.cyc.batch[this.idx]!;
      this.idx++;
      if (this.failing(r)) {
        this.failure++;
        continue;
      }
      const total = q + cm;
      this.success++;
      this.execs += 1 / b;
      this.requestUs += total * 1000;
      this.queueUs += q * 1000;
      this.computeUs += cm * 1000;
      this.first.observe(total);
      this.e2e.observe(total / 1000);
      this.queue.observe(q / 1000);
      this.inference.observe(cm / 1000);
      // A replayed request is a single engine step: its first token is its response, and the step
      // time at its batch size is the time per output token.
      this.ttft.observe(total / 1000);
      this.tpot.observe(cm / 1000);
      this.sumRequest.observe(total * 1000, abs);
      this.sumQueue.observe(q * 1000, abs);
      this.sumCompute.observe(cm * 1000, abs);
    }
    // Energy: power at the sample in force, integrated over capture seconds in 0.2 s steps.
    for (let t = prev; t < v; t += 0.2) {
      const dt = Math.min(0.2, v - t);
      this.energyJ += this.gauges(t).powerW * dt;
    }
    this.v = v;
  }

  /** GPU and scheduler gauges at virtual time `v`. */
  gauges(v: number) {
    const r = v - Math.floor(v / this.cyc.length) * this.cyc.length;
    const c = captureTime(this.cyc, r);
    const s = nvmlAt(this.capture, c);
    const k = this.capture.nvml.indexOf(s);
    const failing = this.failing(r);
    return {
      gpuUtilPct: failing ? 0 : s.gpuUtilPct,
      memUtilPct: failing ? 0 : s.memUtilPct,
      memUsedBytes: s.memUsedBytes,
      memTotalBytes: s.memTotalBytes,
      powerW: failing ? this.capture.nvml[3]!.powerW : s.powerW,
      smClockMhz: s.smClockMhz,
      tempC: s.tempC,
      queueDepth: failing ? 0 : s.queueDepth,
      running: failing ? 0 : this.cyc.runningAt[k]!,
      xid: failing ? XID_FALLEN_OFF_BUS : 0,
    };
  }
}

function gpuUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
}

function labels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',')}}`;
}

class Exposition {
  private lines: string[] = [];
  family(name: string, type: 'counter' | 'gauge' | 'histogram' | 'summary', help: string): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }
  sample(name: string, l: Record<string, string>, v: number): this {
    this.lines.push(`${name}${labels(l)} ${num(v)}`);
    return this;
  }
  histogram(name: string, help: string, l: Record<string, string>, h: Histogram, fmt: (b: number) => string = String): this {
    this.family(name, 'histogram', help);
    h.bounds.forEach((b, i) => this.sample(`${name}_bucket`, { ...l, le: fmt(b) }, h.counts[i]!));
    this.sample(`${name}_bucket`, { ...l, le: '+Inf' }, h.count);
    this.sample(`${name}_count`, l, h.count);
    return this.sample(`${name}_sum`, l, h.sum);
  }
  summary(name: string, help: string, l: Record<string, string>, s: Summary, now: number): this {
    this.family(name, 'summary', help);
    this.sample(`${name}_count`, l, s.count);
    this.sample(`${name}_sum`, l, s.sum);
    const q = s.quantiles(now);
    QUANTILES.forEach((quantile, i) => this.sample(name, { ...l, quantile: String(quantile) }, q[i]!));
    return this;
  }
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

const pyFloat = (b: number) => (Number.isInteger(b) ? `${b}.0` : String(b));

export class ModelServerEmulator {
  readonly pods: EmulatedPod[] = [];
  readonly nodes = new Map<string, { zone: string; pods: EmulatedPod[] }>();
  readonly speed: number;
  startMs: number;
  readonly capture: Capture;
  readonly cycleLength: number;
  private readonly states = new Map<string, PodState>();
  private server: http.Server | undefined;
  port = 0;

  constructor(readonly opts: EmulatorOptions) {
    this.capture = loadCapture();
    this.speed = opts.speed ?? 4;
    this.startMs = opts.startMs ?? Date.now();
    const L = this.capture.lengthS;
    const ph = this.capture.phases;
    const running = runningPerSample(this.capture);
    const full = buildCycle(this.capture, [{ from: 0, to: L }], running);
    // Calm: where the spike and recovery were, the settled second half of steady (after its warm-up) twice over.
    const settled = ph.steady.to - (L - ph.ramp.to) / 2;
    const calm = buildCycle(this.capture, [{ from: 0, to: ph.ramp.to }, { from: settled, to: ph.steady.to }, { from: settled, to: ph.steady.to }], running);
    this.cycleLength = full.length;
    const perNode = opts.gpusPerNode ?? 4;
    const onNode = new Map<string, number>();
    for (const shard of opts.shards) {
      let k = 0;
      for (const s of shard.servers) {
        if (s.runtime === 'kserve') continue;
        for (let i = 0; i < Math.max(1, s.replicas); i++, k++) {
          const zone = shard.zones[k % shard.zones.length]!;
          // Fill a zone's nodes in order, `perNode` GPUs each.
          let n = 0;
          while ((onNode.get(`${zone}/${n}`) ?? 0) >= perNode) n++;
          const gpu = onNode.get(`${zone}/${n}`) ?? 0;
          onNode.set(`${zone}/${n}`, gpu + 1);
          const node = `gpu-z${zone}-${n}`;
          const hash = createHash('sha256').update(`${shard.name}/${s.name}`).digest('hex');
          const pod: EmulatedPod = {
            shard: shard.name,
            namespace: `shard-${shard.name}`,
            server: s.name,
            model: s.model,
            runtime: s.runtime,
            pod: `${s.name}-${hash.slice(0, 10)}-${hash.slice(10 + i * 5, 15 + i * 5)}`,
            zone,
            node,
            gpu,
            uuid: gpuUuid(`${shard.name}/${s.name}/${i}`),
            saturated: (opts.saturate ?? []).includes(shard.name),
          };
          this.pods.push(pod);
          const entry = this.nodes.get(node) ?? { zone, pods: [] };
          entry.pods.push(pod);
          this.nodes.set(node, entry);
          const fz = opts.failZone;
          const failing = fz && fz.zone === zone ? (r: number) => r >= fz.from && r < fz.to : () => false;
          this.states.set(pod.pod, new PodState(pod, pod.saturated ? full : calm, failing, this.capture, (opts.tritonSummaryMaxAgeS ?? 60) * this.speed));
        }
      }
    }
  }

  /** Virtual (capture) seconds since start at wall time `ms`. */
  virtualAt(ms = Date.now()): number {
    return Math.max(0, ((ms - this.startMs) / 1000) * this.speed);
  }

  /** Wall time (ms) at which cycle `n` reaches capture second `t` of the saturated profile. */
  wallAt(cycle: number, t: number): number {
    return this.startMs + ((cycle * this.cycleLength + t) / this.speed) * 1000;
  }

  /** Moves the start (before any scrape): the replay begins at wall time `ms`, all counters zero until then. */
  startAt(ms: number): void {
    this.startMs = ms;
  }

  podMetrics(podName: string, ms = Date.now()): string | undefined {
    const st = this.states.get(podName);
    if (!st) return undefined;
    const v = this.virtualAt(ms);
    st.advance(v);
    return st.pod.runtime === 'triton' ? this.triton(st, v) : this.vllm(st, v);
  }

  private triton(st: PodState, v: number): string {
    const t = this.opts.tritonTotal ? '_total' : '';
    const m = { model: st.pod.model, version: '1' };
    const g = st.gauges(v);
    const gpu = { gpu_uuid: st.pod.uuid };
    const x = new Exposition()
      .family(`nv_inference_request_success${t}`, 'counter', 'Number of successful inference requests, all batch sizes')
      .sample(`nv_inference_request_success${t}`, m, st.success)
      .family(`nv_inference_request_failure${t}`, 'counter', 'Number of failed inference requests, all batch sizes')
      .sample(`nv_inference_request_failure${t}`, m, st.failure)
      .family(`nv_inference_count${t}`, 'counter', 'Number of inferences performed (does not include cached requests)')
      .sample(`nv_inference_count${t}`, m, st.success)
      .family(`nv_inference_exec_count${t}`, 'counter', 'Number of model executions performed (does not include cached requests)')
      .sample(`nv_inference_exec_count${t}`, m, Math.round(st.execs))
      .family(`nv_inference_request_duration_us${t}`, 'counter', 'Cumulative inference request duration in microseconds (includes cached requests)')
      .sample(`nv_inference_request_duration_us${t}`, m, Math.round(st.requestUs))
      .family(`nv_inference_queue_duration_us${t}`, 'counter', 'Cumulative inference queuing duration in microseconds (includes cached requests)')
      .sample(`nv_inference_queue_duration_us${t}`, m, Math.round(st.queueUs))
      .family(`nv_inference_compute_infer_duration_us${t}`, 'counter', 'Cumulative compute inference duration in microseconds (does not include cached requests)')
      .sample(`nv_inference_compute_infer_duration_us${t}`, m, Math.round(st.computeUs))
      .family(`nv_energy_consumption${t}`, 'counter', 'GPU energy consumption in joules since the Triton Server started')
      .sample(`nv_energy_consumption${t}`, gpu, st.energyJ)
      .family('nv_inference_pending_request_count', 'gauge', 'Instantaneous number of pending requests awaiting execution per-model.')
      .sample('nv_inference_pending_request_count', m, g.queueDepth)
      .family('nv_gpu_utilization', 'gauge', 'GPU utilization rate [0.0 - 1.0)')
      .sample('nv_gpu_utilization', gpu, g.gpuUtilPct / 100)
      .family('nv_gpu_memory_total_bytes', 'gauge', 'GPU total memory, in bytes')
      .sample('nv_gpu_memory_total_bytes', gpu, g.memTotalBytes)
      .family('nv_gpu_memory_used_bytes', 'gauge', 'GPU used memory, in bytes')
      .sample('nv_gpu_memory_used_bytes', gpu, g.memUsedBytes)
      .family('nv_gpu_power_usage', 'gauge', 'GPU power usage in watts')
      .sample('nv_gpu_power_usage', gpu, g.powerW)
      .histogram('nv_inference_first_response_histogram_ms', 'Duration from request to first response in milliseconds', m, st.first);
    if (this.opts.tritonSummaryMaxAgeS !== undefined) {
      x.summary('nv_inference_request_summary_us', 'Summary of inference request duration in microseconds (includes cached requests)', m, st.sumRequest, v)
        .summary('nv_inference_queue_summary_us', 'Summary of inference queuing duration in microseconds (includes cached requests)', m, st.sumQueue, v)
        .summary('nv_inference_compute_infer_summary_us', 'Summary of compute inference duration in microseconds (does not include cached requests)', m, st.sumCompute, v);
    }
    return x.text();
  }

  private vllm(st: PodState, v: number): string {
    const m = { model_name: st.pod.model };
    const g = st.gauges(v);
    const kv = this.opts.vllmKvName ?? 'gpu_cache_usage_perc';
    const maxBatch = this.capture.summary.batching.maxBatchSize;
    return new Exposition()
      .family('vllm:num_requests_running', 'gauge', 'Number of requests currently running on GPU.')
      .sample('vllm:num_requests_running', m, g.running)
      .family('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.')
      .sample('vllm:num_requests_waiting', m, g.queueDepth)
      // Every sequence is 512 tokens, so the KV cache holds running / max batch of its blocks.
      .family(`vllm:${kv}`, 'gauge', 'GPU KV-cache usage. 1 means 100 percent usage.')
      .sample(`vllm:${kv}`, m, Math.min(1, g.running / maxBatch))
      .family('vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.')
      .sample('vllm:prompt_tokens_total', m, st.success * PROMPT_TOKENS)
      .family('vllm:generation_tokens_total', 'counter', 'Number of generation tokens processed.')
      .sample('vllm:generation_tokens_total', m, st.success)
      .family('vllm:request_success_total', 'counter', 'Count of successfully processed requests.')
      .sample('vllm:request_success_total', { ...m, finished_reason: 'stop' }, st.success)
      .sample('vllm:request_success_total', { ...m, finished_reason: 'length' }, 0)
      .sample('vllm:request_success_total', { ...m, finished_reason: 'abort' }, st.failure)
      .histogram('vllm:time_to_first_token_seconds', 'Histogram of time to first token in seconds.', m, st.ttft, pyFloat)
      .histogram('vllm:time_per_output_token_seconds', 'Histogram of time per output token in seconds.', m, st.tpot, pyFloat)
      .histogram('vllm:e2e_request_latency_seconds', 'Histogram of end to end request latency in seconds.', m, st.e2e, pyFloat)
      .histogram('vllm:request_queue_time_seconds', 'Histogram of time spent in WAITING phase for request.', m, st.queue, pyFloat)
      .histogram('vllm:request_inference_time_seconds', 'Histogram of time spent in RUNNING phase for request.', m, st.inference, pyFloat)
      .text();
  }

  nodeMetrics(node: string, ms = Date.now()): string | undefined {
    const entry = this.nodes.get(node);
    if (!entry) return undefined;
    const v = this.virtualAt(ms);
    const x = new Exposition();
    const per = entry.pods.map((p) => {
      const st = this.states.get(p.pod)!;
      st.advance(v);
      return { p, st, g: st.gauges(v) };
    });
    const l = (p: EmulatedPod) => ({
      gpu: String(p.gpu),
      UUID: p.uuid,
      device: `nvidia${p.gpu}`,
      modelName: H100,
      Hostname: node,
      DCGM_FI_DRIVER_VERSION: DRIVER,
      container: p.server,
      namespace: p.namespace,
      pod: p.pod,
    });
    const MiB = 1024 * 1024;
    const fam = (name: string, type: 'gauge' | 'counter', help: string, f: (e: (typeof per)[number]) => number) => {
      x.family(name, type, help);
      for (const e of per) x.sample(name, l(e.p), f(e));
    };
    fam('DCGM_FI_DEV_SM_CLOCK', 'gauge', 'SM clock frequency (in MHz).', (e) => e.g.smClockMhz);
    fam('DCGM_FI_DEV_GPU_TEMP', 'gauge', 'GPU temperature (in C).', (e) => e.g.tempC);
    fam('DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).', (e) => e.g.powerW);
    fam('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', 'Total energy consumption since boot (in mJ).', (e) => Math.round(e.st.energyJ * 1000));
    fam('DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).', (e) => e.g.gpuUtilPct);
    fam('DCGM_FI_DEV_MEM_COPY_UTIL', 'gauge', 'Memory utilization (in %).', (e) => e.g.memUtilPct);
    fam('DCGM_FI_DEV_XID_ERRORS', 'gauge', 'Value of the last XID error encountered.', (e) => e.g.xid);
    fam('DCGM_FI_DEV_FB_FREE', 'gauge', 'Framebuffer memory free (in MiB).', (e) => Math.round((e.g.memTotalBytes - e.g.memUsedBytes) / MiB));
    fam('DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).', (e) => Math.round(e.g.memUsedBytes / MiB));
    return x.text();
  }

  /** Prometheus scrape configuration: each pod and node a target, with the labels Kubernetes service discovery and Gantry's relabelling attach. */
  scrapeConfig(intervalS = 1): string {
    const host = `127.0.0.1:${this.port}`;
    const podTargets = this.pods.map((p) => ({
      targets: [host],
      labels: { __metrics_path__: `/pods/${p.namespace}/${p.pod}/metrics`, instance: `${p.pod}:${p.runtime === 'vllm' ? 8000 : 8002}`, namespace: p.namespace, pod: p.pod, shard: p.shard, model_server: p.server, zone: p.zone, node: p.node },
    }));
    const nodeTargets = [...this.nodes].map(([node, e]) => ({
      targets: [host],
      labels: { __metrics_path__: `/nodes/${node}/metrics`, instance: `${node}:9400`, node, zone: e.zone },
    }));
    return JSON.stringify({
      global: { scrape_interval: `${intervalS}s`, scrape_timeout: `${Math.round(Math.max(500, intervalS * 800))}ms`, evaluation_interval: `${intervalS}s` },
      scrape_configs: [
        { job_name: 'model-servers', static_configs: podTargets },
        { job_name: 'dcgm-exporter', static_configs: nodeTargets },
      ],
    });
  }

  async listen(): Promise<number> {
    this.server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      let m = /^\/pods\/([^/]+)\/([^/]+)\/metrics$/.exec(url);
      let body: string | undefined;
      if (m) body = this.podMetrics(m[2]!);
      else if ((m = /^\/nodes\/([^/]+)\/metrics$/.exec(url))) body = this.nodeMetrics(m[1]!);
      if (body === undefined) {
        res.writeHead(404).end('not found\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
