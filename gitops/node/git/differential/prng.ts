/**
 * A small seeded PRNG (mulberry32) for the differential tests: the same seed gives the same
 * repository and the same edits on every machine, so a printed seed reproduces a difference.
 */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    if (!list.length) throw new Error('pick from an empty list');
    return list[this.int(list.length)]!;
  }
}

/**
 * The seeds to run: `fixed` (CI), or those in GANTRY_DIFF_SEEDS to run more locally, a comma list
 * of seeds and ranges (`7,100-199`).
 */
export function diffSeeds(fixed: readonly number[]): number[] {
  const env = process.env.GANTRY_DIFF_SEEDS?.trim();
  if (!env) return [...fixed];
  const out: number[] = [];
  for (const part of env.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`GANTRY_DIFF_SEEDS: "${part}" is neither a seed nor a range (e.g. 7,100-199)`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let s = lo; s <= hi; s++) out.push(s);
  }
  return out;
}
