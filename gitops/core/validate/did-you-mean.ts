/**
 * "Did you mean …?" for a name that names nothing: the closest known name by edit distance
 * (optimal string alignment: insert, delete, substitute, or swap two neighbours, each counting 1).
 * No npm edit-distance package is a dependency of the project (fast-levenshtein is only there for
 * eslint and has had no release since 2016), so this is the small function, tested alone.
 */

/** Edit distance of `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  // Three rows: two back (for the swap), previous and current.
  let back = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, back[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [back, prev, cur] = [prev, cur, back];
  }
  return prev[n]!;
}

/** How many edits still read as a typo of a word of this length: 1 up to 4 characters, then a third. */
export function typoLimit(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/**
 * The known name closest to `word` within `typoLimit` edits (a tie goes to the name that sorts first),
 * or undefined when none is close or `word` itself is known; case is ignored for the distance.
 */
export function closestName(word: string, known: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = typoLimit(w.length);
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of known) {
    if (k === word) return undefined;
    const d = editDistance(w, k.toLowerCase(), limit);
    if (d > limit) continue;
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** ` Did you mean eastus?` or the empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const c = closestName(word, known);
  return c === undefined ? '' : ` Did you mean ${c}?`;
}
