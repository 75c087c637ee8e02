import { describe, expect, it } from 'vitest';
import type { ShardHealth } from '../../../gitops/core/live/shard-health.ts';
import { CardPacer, urgentChange } from './card-pacing.ts';
import type { ShardCardItem } from './ClustersOverview.tsx';

const card = (shard: string, ready: number, status: ShardHealth['status'] = 'degraded', extra: Partial<ShardCardItem> = {}): ShardCardItem => ({
  state: 'active',
  warnings: [],
  health: {
    shard,
    cluster: 'c',
    status,
    reasons: status === 'healthy' ? [] : [{ code: 'replicas-short', severity: 'degraded', text: `llama: ${ready} of 10 replicas ready` }],
    servers: [{ name: 'llama', runtime: 'vllm', desired: 10, ready, readyByZone: { '1': ready } }],
    gpus: { requested: ready, spec: 16 },
  },
  ...extra,
});
const never = () => false;
const shards = (items: ShardCardItem[]) => items.map((c) => `${c.health.shard}:${c.health.servers[0]!.ready}`);

describe('card pacing', () => {
  it('draws new and unchanged cards as they are', () => {
    const p = new CardPacer();
    const rows = [card('a', 1), card('b', 2)];
    expect(p.view(rows, never)).toEqual(rows);
    expect(p.view(rows, never)).toEqual(rows);
    expect(p.waiting).toBe(0);
  });

  it('keeps a card whose counts alone changed until flush draws it, oldest first, a few at a time', () => {
    const p = new CardPacer();
    p.view([card('a', 1), card('b', 1), card('c', 1)], never);
    const next = [card('a', 2), card('b', 2), card('c', 2)];
    expect(shards(p.view(next, never))).toEqual(['a:1', 'b:1', 'c:1']);
    // The same rows again (a re-render) answer the same.
    expect(shards(p.view(next, never))).toEqual(['a:1', 'b:1', 'c:1']);
    expect(p.waiting).toBe(3);
    expect(p.flush(2)).toBe(1);
    expect(shards(p.view(next, never))).toEqual(['a:2', 'b:2', 'c:1']);
    // A newer count for a card still waiting: it keeps its place in the queue and is drawn at its latest.
    const newer = [next[0]!, next[1]!, card('c', 3)];
    expect(shards(p.view(newer, never))).toEqual(['a:2', 'b:2', 'c:1']);
    expect(p.flush(2)).toBe(0);
    expect(shards(p.view(newer, never))).toEqual(['a:2', 'b:2', 'c:3']);
  });

  it('draws an urgent change at once, in the rows\' order', () => {
    const p = new CardPacer();
    p.view([card('a', 5), card('b', 5)], never);
    const rows = [card('b', 0, 'down'), card('a', 6)];
    const shown = p.view(rows, (drawn, latest) => urgentChange(drawn, latest, 'health'));
    expect(shown.map((c) => `${c.health.shard}:${c.health.status}:${c.health.servers[0]!.ready}`)).toEqual(['b:down:0', 'a:degraded:5']);
    expect(p.waiting).toBe(1);
  });

  it('forgets a card filtered out, so it comes back at its latest', () => {
    const p = new CardPacer();
    p.view([card('a', 1), card('b', 1)], never);
    p.view([card('a', 2), card('b', 2)], never);
    expect(p.waiting).toBe(2);
    p.view([card('b', 2)], never);
    expect(p.waiting).toBe(1);
    expect(shards(p.view([card('a', 3), card('b', 2)], never))).toEqual(['a:3', 'b:1']);
  });

  it('calls urgent what changes the card\'s health, kind of reasons, warnings, spec state or the sort key', () => {
    const base = card('a', 5);
    expect(urgentChange(base, card('a', 6), 'health')).toBe(false);
    expect(urgentChange(base, card('a', 6), 'gpus')).toBe(true);
    expect(urgentChange(base, card('a', 5, 'down'), 'health')).toBe(true);
    expect(urgentChange(base, card('a', 5, 'degraded', { state: 'draining' }), 'name')).toBe(true);
    expect(urgentChange(base, card('a', 5, 'degraded', { warnings: [{ uid: 'e1', reason: 'BackOff' }] }), 'name')).toBe(true);
    const moreReasons = card('a', 5, 'degraded', { health: { ...base.health, reasons: [...base.health.reasons, { code: 'zone-empty', severity: 'degraded', text: 'zone 2 has no ready replica' }] } });
    expect(urgentChange(base, moreReasons, 'name')).toBe(true);
    expect(urgentChange(base, card('a', 5, 'degraded', { health: { ...base.health, since: '2026-12-01T10:00:00Z' } }), 'name')).toBe(true);
  });
});
