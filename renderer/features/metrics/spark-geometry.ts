/** Pure parts of the board's sparklines: where the line goes, and whether a refresh changed a column. */

export type Column = ReadonlyArray<number | null>;

/**
 * The line of one column in a `width` × `height` box: runs of points (a null breaks the line), the
 * scale's top (`max`, else the column's highest value; 1 when nothing is above 0), and the latest
 * point for its dot.
 */
export function sparkGeometry(v: Column, width: number, height: number, max?: number): { runs: number[][]; last: [number, number] | undefined } {
  let hi = max ?? 0;
  if (max === undefined) for (const x of v) if (x !== null && x > hi) hi = x;
  if (hi <= 0) hi = 1;
  const n = Math.max(1, v.length - 1);
  const runs: number[][] = [];
  let run: number[] | undefined;
  let last: [number, number] | undefined;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === null || x === undefined) {
      run = undefined;
      continue;
    }
    const px = (i / n) * (width - 3) + 1;
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
