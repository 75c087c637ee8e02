/**
 * Reconnect delays for one watch: jittered exponential backoff from 1 s to 30 s after failures,
 * and never two connection attempts less than `minGapMs` (1 s) apart, failures or not (a server
 * that closes every watch at once must not get a reconnect storm).
 */
export class Backoff {
  private failures = 0;
  private lastAttempt = -Infinity;

  constructor(
    private readonly opts: { minMs?: number; maxMs?: number; minGapMs?: number; random?: () => number } = {},
  ) {}

  get failureCount(): number {
    return this.failures;
  }

  /** A connection worked (a list finished or a watch delivered): the next failure starts at minMs again. */
  succeeded(): void {
    this.failures = 0;
  }

  failed(): void {
    this.failures++;
  }

  /** How long to wait before the next attempt, given the time now; records the attempt as made then. */
  nextDelay(now: number): number {
    const min = this.opts.minMs ?? 1000;
    const max = this.opts.maxMs ?? 30_000;
    const gap = this.opts.minGapMs ?? 1000;
    let delay = 0;
    if (this.failures > 0) {
      const base = Math.min(max, min * 2 ** (this.failures - 1));
      // "Equal jitter": half fixed, half random, so attempts of many watches spread out.
      const r = (this.opts.random ?? Math.random)();
      delay = Math.min(max, Math.max(min, base / 2 + (base / 2) * r));
    }
    delay = Math.max(delay, this.lastAttempt + gap - now);
    this.lastAttempt = now + delay;
    return Math.max(0, delay);
  }
}
