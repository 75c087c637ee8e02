import { describe, expect, it } from 'vitest';
import { sameColumn, sparkGeometry } from './spark-geometry.ts';

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

describe('sameColumn', () => {
  it('is true for a new array with the same values and false for any changed value, null or length', () => {
    expect(sameColumn([1, null, 3], [1, null, 3])).toBe(true);
    expect(sameColumn([1, null, 3], [1, 0, 3])).toBe(false);
    expect(sameColumn([1, 2, 3], [1, 2, 4])).toBe(false);
    expect(sameColumn([1, 2], [1, 2, 3])).toBe(false);
  });
});
