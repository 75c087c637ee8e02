import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('connects at once the first time, then never twice within a second', () => {
    const b = new Backoff();
    expect(b.nextDelay(0)).toBe(0);
    // A watch the server ends at once (no failure) still waits out the one-second gap.
    expect(b.nextDelay(10)).toBe(990);
    expect(b.nextDelay(5000)).toBe(0);
  });

  it('grows from 1 s to at most 30 s after failures, with jitter, and starts over after a success', () => {
    const lowest = new Backoff({ random: () => 0 });
    const highest = new Backoff({ random: () => 1 });
    const lows: number[] = [];
    const highs: number[] = [];
    let t = 0;
    for (let i = 0; i < 8; i++) {
      lowest.failed();
      highest.failed();
      t += 100_000;
      lows.push(lowest.nextDelay(t));
      highs.push(highest.nextDelay(t));
    }
    expect(highs).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(lows).toEqual([1000, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    highest.succeeded();
    highest.failed();
    expect(highest.nextDelay(t + 100_000)).toBe(1000);
  });
});
