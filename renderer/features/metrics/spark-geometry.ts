/** Pure parts of the board's sparklines: where the line goes, and whether a refresh changed a column. */

export type Column = ReadonlyArray<number | null>;

/**
 * The first point that holds a value in any of `columns` (0 when none does): a board's sparklines
 * start there, so a Prometheus with a minute of samples in a 15-minute range draws a minute-long
 * line across the whole sparkline rather than a dot at its right end. One index for every column of
 * the board keeps the rows on the same time axis (a shard whose data starts later starts further right).
 */
export function firstWithData(columns: Iterable<Column>): number {
  let first = Infinity;
  for (const v of columns) {
    const n = Math.min(v.length, first);
    for (let i = 0; i < n; i++) {
      if (v[i] !== null && v[i] !== undefined) {
        first = i;
        break;
      }
    }
  }
  return first === Infinity ? 0 : first;
}

/**
 * The line of one column in a `width` × `height` box, from point `from` on (the points before it
 * are left out and the rest spread over the width): runs of points (a null breaks the line), the
 * scale's top (`max`, else the highest value drawn; 1 when nothing is above 0), and the latest
 * point for its dot (a lone point sits at the right edge, where the latest value is).
 */
export function sparkGeometry(v: Column, width: number, height: number, max?: number, from = 0): { runs: number[][]; last: [number, number] | undefined } {
  const start = Math.max(0, Math.min(from, v.length));
  let hi = max ?? 0;
  if (max === undefined) for (let i = start; i < v.length; i++) if (v[i] !== null && v[i]! > hi) hi = v[i]!;
  if (hi <= 0) hi = 1;
  const n = v.length - 1 - start;
  const runs: number[][] = [];
  let run: number[] | undefined;
  let last: [number, number] | undefined;
  for (let i = start; i < v.length; i++) {
    const x = v[i];
    if (x === null || x === undefined) {
      run = undefined;
      continue;
    }
    const px = n > 0 ? ((i - start) / n) * (width - 3) + 1 : width - 2;
    const py = height - 2 - (Math.min(x, hi) / hi) * (height - 4);
    if (!run) runs.push((run = []));
    run.push(px, py);
    last = [px, py];
  }
  if (run === undefined) last = undefined;
  return { runs, last };
}

/** True when two columns hold the same values (a live refresh brings new arrays, mostly equal ones). */
export function sameColumn(a: Column, b: Column): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
