import { z } from 'zod';

/**
 * Prometheus HTTP API answers (https://prometheus.io/docs/prometheus/latest/querying/api/), parsed
 * and checked: an answer of another shape is an error that says so, never a crash or a silent zero.
 */

const sample = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());

const vector = z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: sample })) });
// A matrix's points are checked by hand (below): a board's answer holds hundreds of thousands of them,
// and a schema per point costs more than the rest of the refresh.
const matrix = z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.custom<unknown[]>((x) => Array.isArray(x)) })) });
const scalar = z.object({ resultType: z.literal('scalar'), result: sample });

const envelope = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.unknown(), warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

export class PromAnswerError extends Error {
  constructor(
    message: string,
    /** 'bad_data' etc. from Prometheus, or 'shape' when the answer was not the API's. */
    readonly errorType: string,
  ) {
    super(message);
    this.name = 'PromAnswerError';
  }
}

/** One series: its labels and its points (seconds, value; NaN and ±Inf as null). */
export interface Series {
  labels: Record<string, string>;
  t: number[];
  v: Array<number | null>;
}

function value(s: string): number | null {
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function data(body: unknown): unknown {
  const e = envelope.safeParse(body);
  if (!e.success) throw new PromAnswerError('The answer is not a Prometheus API response (no status success/error).', 'shape');
  if (e.data.status === 'error') throw new PromAnswerError(`Prometheus refused the query: ${e.data.error}`, e.data.errorType);
  return e.data.data;
}

/** An instant query's answer (`/api/v1/query`): one point per series. */
export function parseInstant(body: unknown): Series[] {
  const d = data(body);
  const s = scalar.safeParse(d);
  if (s.success) return [{ labels: {}, t: [s.data.result[0]], v: [value(s.data.result[1])] }];
  const r = vector.safeParse(d);
  if (!r.success) throw new PromAnswerError('The answer to an instant query is not a vector.', 'shape');
  return r.data.result.map((x) => ({ labels: x.metric, t: [x.value[0]], v: [value(x.value[1])] }));
}

/** A range query's answer (`/api/v1/query_range`). */
export function parseRange(body: unknown): Series[] {
  const r = matrix.safeParse(data(body));
  if (!r.success) throw new PromAnswerError('The answer to a range query is not a matrix.', 'shape');
  return r.data.result.map((x) => {
    const n = x.values.length;
    const t = new Array<number>(n);
    const v = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const p = x.values[i];
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'string') {
        throw new PromAnswerError('The answer to a range query has a point that is not [time, "value"].', 'shape');
      }
      t[i] = p[0];
      v[i] = value(p[1]);
    }
    return { labels: x.metric, t, v };
  });
}

/** `/api/v1/label/__name__/values` and other label-value lists. */
export function parseLabelValues(body: unknown): string[] {
  const r = z.array(z.string()).safeParse(data(body));
  if (!r.success) throw new PromAnswerError('The answer to a label-values query is not a list of strings.', 'shape');
  return r.data;
}

/** The scrape intervals of the active targets (`/api/v1/targets`), in seconds; Prometheus 2.35+ reports them. */
export function parseScrapeIntervals(body: unknown): number[] {
  const r = z.object({ activeTargets: z.array(z.object({ scrapeInterval: z.string().optional() }).loose()) }).loose().safeParse(data(body));
  if (!r.success) return [];
  return r.data.activeTargets.map((t) => (t.scrapeInterval ? parseDuration(t.scrapeInterval) : Number.NaN)).filter((n) => Number.isFinite(n) && n > 0);
}

/** A Prometheus duration ("15s", "1m30s", "500ms") in seconds; NaN when it is not one. */
export function parseDuration(d: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(d))) {
    total += Number(m[1]) * unit[m[2]!]!;
    end = re.lastIndex;
  }
  return end === d.length && end > 0 ? total : Number.NaN;
}
