import { describe, expect, it } from 'vitest';
import { firstWithData, sameColumn, sparkGeometry } from './spark-geometry.ts';

describe('sparkGeometry', () => {
  it('scales to the column highest value and breaks the line at nulls', () => {
    const g = sparkGeometry([0, 10, null, 5, 10], 103, 24);
    // x from 1 to width-2 over 4 steps of 25 px; y from height-2 (0) up to 2 (the highest value).
    expect(g.runs).toEqual([
      [1, 22, 26, 2],
      [76, 12, 101, 2],
    ]);
    expect(g.last).toEqual([101, 2]);
  });

  it('clamps to a given max (GPU busy at 100 %) and draws no dot for an empty or all-null column', () => {
    expect(sparkGeometry([50, 200], 103, 24, 100).runs).toEqual([[1, 12, 101, 2]]);
    expect(sparkGeometry([], 110, 22)).toEqual({ runs: [], last: undefined });
    expect(sparkGeometry([null, null], 110, 22)).toEqual({ runs: [], last: undefined });
  });

  it('puts the dot on the latest value even when a gap follows an earlier run, and none when the column ends in a gap', () => {
    expect(sparkGeometry([1, null, null, 1], 103, 24).last).toEqual([101, 2]);
    expect(sparkGeometry([1, 1, null], 103, 24).last).toBeUndefined();
  });

  it('keeps a line at the bottom when nothing is above 0', () => {
    expect(sparkGeometry([0, 0], 103, 24).runs).toEqual([[1, 22, 101, 22]]);
  });
});

describe('sparklines over the data there is (a fresh Prometheus: a minute of samples in a 15-minute range)', () => {
  // 40 board points over 15 minutes, samples only in the last 3: the line used to take the last 2 of 103 px.
  const fresh = [...Array<null>(37).fill(null), 5, 10, 5];

  it('starts at the first point any column has data for; 0 when none has', () => {
    expect(firstWithData([fresh, [...Array<null>(38).fill(null), 1, 1]])).toBe(37);
    expect(firstWithData([[null, null, 3], [null, 2, null]])).toBe(1);
    expect(firstWithData([[null, null], []])).toBe(0);
    expect(firstWithData([])).toBe(0);
  });

  it('from there, the line spans the whole width: three samples are a line, not a dot', () => {
    const [unfitted] = sparkGeometry(fresh, 103, 24).runs;
    expect(unfitted![4]! - unfitted![0]!).toBeLessThan(6);
    const fitted = sparkGeometry(fresh, 103, 24, undefined, firstWithData([fresh]));
    expect(fitted.runs).toEqual([[1, 12, 51, 2, 101, 12]]);
    expect(fitted.last).toEqual([101, 12]);
  });

  it('a column whose data starts later than the board\'s starts further right; the scale is the drawn points\'; a lone point is a dot at the right edge', () => {
    const later = [null, null, null, 4, 2];
    expect(sparkGeometry(later, 103, 24, undefined, 1).runs.map((r) => r.map(Math.round))).toEqual([[68, 2, 101, 12]]);
    // A high value before `from` does not flatten the line drawn.
    expect(sparkGeometry([100, 4, 2], 103, 24, undefined, 1).runs).toEqual([[1, 2, 101, 12]]);
    expect(sparkGeometry([null, 7], 103, 24, undefined, 1)).toEqual({ runs: [[101, 2]], last: [101, 2] });
    // `from` past the end draws nothing.
    expect(sparkGeometry([1, 2], 103, 24, undefined, 5)).toEqual({ runs: [], last: undefined });
  });
});

describe('sameColumn', () => {
  it('is true for a new array with the same values and false for any changed value, null or length', () => {
    expect(sameColumn([1, null, 3], [1, null, 3])).toBe(true);
    expect(sameColumn([1, null, 3], [1, 0, 3])).toBe(false);
    expect(sameColumn([1, 2, 3], [1, 2, 4])).toBe(false);
    expect(sameColumn([1, 2], [1, 2, 3])).toBe(false);
  });
});
