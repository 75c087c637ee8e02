import { describe, expect, it } from 'vitest';
import { decimateMinMax } from './decimate.ts';

const range = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('decimateMinMax: min/max per pixel column', () => {
  it('reduces 100,000 points to at most two per column of the chart width', () => {
    const t = range(100_000, (i) => 1_700_000_000 + i);
    const v = range(100_000, (i) => 40 + 30 * Math.sin(i / 500));
    const d = decimateMinMax(t, [v], 1200);
    expect(d.reduced).toBe(true);
    expect(d.t.length).toBeLessThanOrEqual(2400);
    expect(d.t.length).toBeGreaterThan(2000);
    expect(d.v[0]!.length).toBe(d.t.length);
    for (let i = 1; i < d.t.length; i++) expect(d.t[i]!).toBeGreaterThan(d.t[i - 1]!);
    expect(d.t[0]).toBe(t[0]);
    expect(d.t.at(-1)).toBe(t.at(-1));
  });

  it('keeps a spike one sample wide at its full height, and a dip at its depth', () => {
    const t = range(50_000, (i) => i);
    const v = range(50_000, () => 20);
    v[31_337] = 950; // one slow request
    v[12_345] = 1;
    const d = decimateMinMax(t, [v], 300);
    expect(Math.max(...(d.v[0] as number[]))).toBe(950);
    expect(Math.min(...(d.v[0] as number[]))).toBe(1);
    // The spike sits in its own column's time span.
    const at = d.v[0]!.indexOf(950);
    const col = Math.floor((31_337 / 49_999) * 300);
    expect(Math.floor((d.t[at]! / 49_999) * 300)).toBe(col);
  });

  it('puts min and max in the order they happened, per series', () => {
    // One column holding a rise in series a and a fall in series b.
    const t = [0, 1, 2, 3, 4, 5];
    const a = [1, 2, 3, 4, 5, 6];
    const b = [6, 5, 4, 3, 2, 1];
    const d = decimateMinMax(t, [a, b], 1 / 2); // fewer columns than one: one column
    expect(d.t).toEqual([0, 5]);
    expect(d.v[0]).toEqual([1, 6]);
    expect(d.v[1]).toEqual([6, 1]);
  });

  it('leaves a column with no sample empty, and skips nulls inside a column', () => {
    const t = range(1000, (i) => i);
    const v = range<number | null>(1000, (i) => (i < 500 ? null : i % 7));
    v[700] = null;
    const d = decimateMinMax(t, [v], 10);
    // The first five columns (t < 500) have nothing to draw.
    const before = d.v[0]!.filter((_, i) => d.t[i]! < 499);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((x) => x === null)).toBe(true);
    const after = d.v[0]!.filter((_, i) => d.t[i]! >= 500);
    expect(after.every((x) => x !== null)).toBe(true);
    expect(Math.max(...(after as number[]))).toBe(6);
    expect(Math.min(...(after as number[]))).toBe(0);
  });

  it('returns data that already fits as it is', () => {
    const t = range(240, (i) => i * 15);
    const v = range(240, (i) => i);
    const d = decimateMinMax(t, [v], 600);
    expect(d.reduced).toBe(false);
    expect(d.t).toEqual(t);
    expect(d.v[0]).toEqual(v);
  });

  it('never invents a value: every output value is one of its column\'s inputs', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const t = range(5000, (i) => i * 2 + rnd());
    const v = range(5000, () => Math.round(rnd() * 1000));
    const d = decimateMinMax(t, [v], 97);
    const set = new Set(v);
    for (const x of d.v[0]!) expect(set.has(x as number)).toBe(true);
  });
});
