import { describe, expect, it } from 'vitest';
import { receiveDelta, receiveSnapshot } from './view-sync.ts';

describe('receiveDelta', () => {
  const start = receiveSnapshot({ seq: 3, items: { 'shard/a': { status: 'healthy' }, 'shard/b': { status: 'healthy' } } });

  it('applies deltas in order and ignores a repeat', () => {
    const one = receiveDelta(start, { seq: 4, set: { 'shard/a': { status: 'degraded' } }, remove: ['shard/b'] });
    expect(one.askSnapshot).toBe(false);
    expect(one.view.items).toEqual({ 'shard/a': { status: 'degraded' } });
    const again = receiveDelta(one.view, { seq: 4, set: { 'shard/a': { status: 'healthy' } }, remove: [] });
    expect(again.view.items).toEqual({ 'shard/a': { status: 'degraded' } });
  });

  it('asks for a snapshot once on a gap and drops deltas until it comes', () => {
    const gap = receiveDelta(start, { seq: 6, set: { 'shard/a': { status: 'down' } }, remove: [] });
    expect(gap.askSnapshot).toBe(true);
    expect(gap.view.resyncing).toBe(true);
    expect(gap.view.items['shard/a']).toEqual({ status: 'healthy' });
    const later = receiveDelta(gap.view, { seq: 7, set: { 'shard/c': {} }, remove: [] });
    expect(later.askSnapshot).toBe(false);
    expect(later.view.items['shard/c']).toBeUndefined();
    const snap = receiveSnapshot({ seq: 7, items: { 'shard/a': { status: 'down' } } });
    expect(receiveDelta(snap, { seq: 8, set: { 'shard/b': { status: 'healthy' } }, remove: [] }).view.items).toEqual({ 'shard/a': { status: 'down' }, 'shard/b': { status: 'healthy' } });
  });
});
