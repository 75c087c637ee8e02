import { describe, expect, it } from 'vitest';
import { age, canConnect, connectionWords, shortRevision } from './format.ts';

describe('live words', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('says how long a stale cluster has been stale', () => {
    expect(connectionWords('stale', '2026-12-01T11:57:00Z', now)).toBe('Stale for 3 min');
    expect(connectionWords('needs-consent')).toBe('Waiting for your consent');
    expect(age('2026-12-01T11:59:20Z', now)).toBe('40 s');
  });
  it('offers Connect only where connecting can help', () => {
    expect(canConnect('disconnected')).toBe(true);
    expect(canConnect('unreachable')).toBe(true);
    expect(canConnect('live')).toBe(false);
    expect(canConnect('no-context')).toBe(false);
  });
  it('shortens Flux revisions', () => {
    expect(shortRevision('main@sha1:0123456789abcdef0123456789abcdef01234567')).toBe('main 01234567');
    expect(shortRevision('0123456789abcdef0123456789abcdef01234567')).toBe('01234567');
  });
});
