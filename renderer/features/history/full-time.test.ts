import { describe, expect, it } from 'vitest';
import { fullTime } from './full-time.ts';

describe('fullTime', () => {
  it("writes a commit's time as toLocaleString() does, in this process's locale and zone", () => {
    const times = [0, 1_780_000_060, 1_780_000_000 + 10_000 * 60, Date.UTC(2026, 11, 1, 23, 59, 59) / 1000, Date.UTC(2024, 1, 29, 0, 0, 1) / 1000, 4_102_444_800];
    for (const s of times) expect(fullTime(s)).toBe(new Date(s * 1000).toLocaleString());
  });
});
