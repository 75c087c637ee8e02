import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

describe('relativeTime', () => {
  const now = Date.UTC(2026, 11, 1, 16, 0, 0);
  const ago = (s: number) => relativeTime(Math.floor(now / 1000) - s, now);
  it('says how long ago a commit was, as a person reads it', () => {
    expect(ago(10)).toBe('just now');
    expect(ago(60)).toBe('1 minute ago');
    expect(ago(5 * 60 + 10)).toBe('5 minutes ago');
    expect(ago(3 * 3600)).toBe('3 hours ago');
    expect(ago(30 * 3600)).toBe('yesterday');
    expect(ago(4 * 86_400 + 100)).toBe('4 days ago');
    expect(ago(90 * 86_400)).toBe('2026-09-02');
    expect(ago(-120)).toBe('in the future');
  });
});
