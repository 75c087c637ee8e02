/**
 * Decimation of time series to a chart's pixel width: per pixel column, each series keeps its
 * lowest and highest value (min/max, the M4 family's core), so a spike one sample wide still
 * reaches its height on screen while the chart draws at most two points per column.
 *
 * All series share one time axis (uPlot's aligned data), so each column gives at most two times:
 * the column's first and last sample time. Each series puts whichever of its min and max came
 * first at the first time and the other at the second, so the line rises and falls in the order
 * the samples did. A series with no value in a column is null there (a gap stays a gap at column
 * width; a gap narrower than one column inside it is not drawn). Data with no more points than
 * two per column is returned as it is.
 */

export interface Decimated {
  t: number[];
  v: Array<Array<number | null>>;
  /** True when the input had more points than the width holds and was reduced. */
  reduced: boolean;
}

/**
 * Reduces `t` (ascending) and the series `v` (each as long as `t`, null = no sample) to at most
 * `2 × columns` points, `columns` pixel columns spread evenly between the first and last time.
 */
export function decimateMinMax(t: ArrayLike<number>, v: ReadonlyArray<ArrayLike<number | null>>, columns: number): Decimated {
  const n = t.length;
  const cols = Math.max(1, Math.floor(columns));
  if (n <= 2 * cols || n < 2) return { t: Array.from(t), v: v.map((s) => Array.from(s)), reduced: false };
  const t0 = t[0]!;
  const span = t[n - 1]! - t0;
  const colOf = (x: number) => (span > 0 ? Math.min(cols - 1, Math.floor(((x - t0) / span) * cols)) : 0);
  const outT: number[] = [];
  const outV: Array<Array<number | null>> = v.map(() => []);
  let i = 0;
  while (i < n) {
    const c = colOf(t[i]!);
    let j = i;
    while (j < n && colOf(t[j]!) === c) j++;
    // Samples i..j-1 fall in column c.
    const first = t[i]!;
    const last = t[j - 1]!;
    const two = j - i > 1;
    outT.push(first);
    if (two) outT.push(last);
    for (let s = 0; s < v.length; s++) {
      const ys = v[s]!;
      let lo = Infinity;
      let hi = -Infinity;
      let loAt = -1;
      let hiAt = -1;
      for (let k = i; k < j; k++) {
        const y = ys[k];
        if (y === null || y === undefined || Number.isNaN(y)) continue;
        if (y < lo) {
          lo = y;
          loAt = k;
        }
        if (y > hi) {
          hi = y;
          hiAt = k;
        }
      }
      const out = outV[s]!;
      if (loAt < 0) {
        out.push(null);
        if (two) out.push(null);
      } else if (!two) {
        out.push(lo);
      } else {
        const minFirst = loAt <= hiAt;
        out.push(minFirst ? lo : hi, minFirst ? hi : lo);
      }
    }
    i = j;
  }
  return { t: outT, v: outV, reduced: true };
}
