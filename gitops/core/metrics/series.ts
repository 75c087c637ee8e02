import type { Series } from './prom-result.ts';

/** Columns ready for a chart: one time axis (seconds) and one value column per series (null = no sample). */
export interface Aligned {
  t: number[];
  columns: Array<{ key: string; labels: Record<string, string>; v: Array<number | null> }>;
}

/** The time grid a range query answers on: start, start + step, ... up to end. */
export function grid(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  const n = Math.floor((end - start) / step + 1e-9);
  for (let i = 0; i <= n; i++) out.push(start + i * step);
  return out;
}

/** The key of a series by the given labels ("weu-1/llama"). */
export function keyOf(labels: Record<string, string>, by: string[]): string {
  return by.map((l) => labels[l] ?? '').join('/');
}

const byKey = new Intl.Collator(undefined, { numeric: true }).compare;

/** Puts range-query series on one grid, by the given labels, sorted by key. */
export function align(series: Series[], start: number, end: number, step: number, by: string[]): Aligned {
  const t = grid(start, end, step);
  const columns = series
    .map((s) => {
      const v: Array<number | null> = new Array<number | null>(t.length).fill(null);
      s.t.forEach((ts, i) => {
        const k = Math.round((ts - start) / step);
        if (k >= 0 && k < t.length) v[k] = s.v[i] ?? null;
      });
      return { key: keyOf(s.labels, by), labels: s.labels, v };
    })
    .sort((a, b) => byKey(a.key, b.key));
  return { t, columns };
}

/** The last value that is not null. */
export function lastValue(v: ReadonlyArray<number | null>): number | null {
  for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && v[i] !== undefined) return v[i]!;
  return null;
}

/**
 * Least-squares slope (per second) of the last `points` samples that are not null; null with fewer
 * than three. A queue that grows has a positive slope.
 */
export function slope(t: ReadonlyArray<number>, v: ReadonlyArray<number | null>, points: number): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = v.length - 1; i >= 0 && xs.length < points; i--) {
    const y = v[i];
    if (y !== null && y !== undefined) {
      xs.push(t[i]!);
      ys.push(y);
    }
  }
  if (xs.length < 3) return null;
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Sums columns point by point (null + null = null). */
export function sumColumns(cols: ReadonlyArray<ReadonlyArray<number | null>>, length: number): Array<number | null> {
  const out: Array<number | null> = new Array<number | null>(length).fill(null);
  for (const c of cols) {
    for (let i = 0; i < length; i++) {
      const x = c[i];
      if (x !== null && x !== undefined) out[i] = (out[i] ?? 0) + x;
    }
  }
  return out;
}

/** Point-by-point maximum of columns. */
export function maxColumns(cols: ReadonlyArray<ReadonlyArray<number | null>>, length: number): Array<number | null> {
  const out: Array<number | null> = new Array<number | null>(length).fill(null);
  for (const c of cols) {
    for (let i = 0; i < length; i++) {
      const x = c[i];
      if (x !== null && x !== undefined) out[i] = out[i] === null ? x : Math.max(out[i]!, x);
    }
  }
  return out;
}
