import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The H100 load profile measured for this project (../shared/fixtures/gpu-h100-capture, see its README). */
export const CAPTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/gpu-h100-capture');

export type Phase = 'idle' | 'steady' | 'ramp' | 'spike' | 'recovery';

/** One request of requests.csv, with its completion time (arrival + queue + compute). */
export interface CapturedRequest {
  arrivalS: number;
  queueMs: number;
  computeMs: number;
  batch: number;
  phase: Phase;
  /** Seconds from the start of the run at which the response left. */
  doneS: number;
}

/** One NVML sample of nvml.csv (every 200 ms). */
export interface NvmlSample {
  tS: number;
  phase: Phase;
  gpuUtilPct: number;
  memUtilPct: number;
  memUsedBytes: number;
  memTotalBytes: number;
  powerW: number;
  smClockMhz: number;
  tempC: number;
  queueDepth: number;
}

export interface PhaseSummary {
  seconds: number;
  requests: number;
  rps: number;
  latency_ms_p50: number | null;
  latency_ms_p95: number | null;
  latency_ms_p99: number | null;
  queue_ms_p95: number | null;
  mean_batch: number | null;
  gpu_util_mean: number;
}

export interface Capture {
  /** Sorted by completion time. */
  requests: CapturedRequest[];
  nvml: NvmlSample[];
  summary: { gpu: string; capacity_rps: number; batching: { maxBatchSize: number; maxQueueDelayMs: number }; phases: Record<Phase, PhaseSummary> };
  /** Where each phase starts and ends, in capture seconds (idle 0-8, steady 8-38, ...). */
  phases: Record<Phase, { from: number; to: number }>;
  /** Length of the run in seconds (the last NVML sample or completion, whichever is later). */
  lengthS: number;
}

function rows(file: string): string[][] {
  const text = readFileSync(path.join(CAPTURE_DIR, file), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

let cached: Capture | undefined;

/** Reads the capture once per process. */
export function loadCapture(): Capture {
  if (cached) return cached;
  const requests: CapturedRequest[] = rows('requests.csv').map(([a, q, c, b, p]) => {
    const arrivalS = Number(a);
    const queueMs = Number(q);
    const computeMs = Number(c);
    return { arrivalS, queueMs, computeMs, batch: Number(b), phase: p as Phase, doneS: arrivalS + (queueMs + computeMs) / 1000 };
  });
  requests.sort((x, y) => x.doneS - y.doneS);
  const nvml: NvmlSample[] = rows('nvml.csv').map(([t, p, g, mu, mb, mt, pw, sm, tc, qd]) => ({
    tS: Number(t),
    phase: p as Phase,
    gpuUtilPct: Number(g),
    memUtilPct: Number(mu),
    memUsedBytes: Number(mb),
    memTotalBytes: Number(mt),
    powerW: Number(pw) / 1000,
    smClockMhz: Number(sm),
    tempC: Number(tc),
    queueDepth: Number(qd),
  }));
  const summary = JSON.parse(readFileSync(path.join(CAPTURE_DIR, 'summary.json'), 'utf8')) as Capture['summary'];
  const order: Phase[] = ['idle', 'steady', 'ramp', 'spike', 'recovery'];
  const phases = {} as Capture['phases'];
  let from = 0;
  for (const p of order) {
    const seconds = summary.phases[p].seconds;
    phases[p] = { from, to: from + seconds };
    from += seconds;
  }
  const lengthS = Math.max(from, nvml.at(-1)?.tS ?? 0, requests.at(-1)?.doneS ?? 0);
  cached = { requests, nvml, summary, phases, lengthS };
  return cached;
}

/** The NVML sample in force at capture time `t` (the last one at or before it). */
export function nvmlAt(c: Capture, t: number): NvmlSample {
  const s = c.nvml;
  let lo = 0;
  let hi = s.length - 1;
  if (t <= s[0]!.tS) return s[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid]!.tS <= t) lo = mid;
    else hi = mid - 1;
  }
  return s[lo]!;
}
