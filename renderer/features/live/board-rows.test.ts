import { describe, expect, it } from 'vitest';
import type { ShardHealth } from '../../../gitops/core/live/shard-health.ts';
import { boardRows, cardZones, moveFocus } from './board-rows.ts';
import type { ShardCardItem } from './ClustersOverview.tsx';

const card = (shard: string, status: ShardHealth['status'], reason?: string, gpus = 0, since?: string): ShardCardItem => ({
  state: 'active',
  warnings: [],
  health: { shard, cluster: 'c', status, reasons: reason ? [{ code: 'crash-loop', severity: 'degraded', text: reason }] : [], servers: [{ name: `${shard}-triton`, runtime: 'triton', desired: 2, ready: 2, readyByZone: {} }], gpus: { requested: gpus, spec: 4 }, ...(since ? { since } : {}) },
});

describe('shard board rows', () => {
  const cards = [card('s-10', 'healthy', undefined, 4), card('s-2', 'degraded', '1 pod in CrashLoopBackOff', 2, '2026-12-01T10:00:00Z'), card('s-3', 'down', 'no replica ready', 0, '2026-12-01T11:00:00Z'), card('s-1', 'healthy', undefined, 8)];
  it('puts the worst first, then by name in number order', () => {
    expect(boardRows(cards, 'health', { text: '', health: [] }).map((c) => c.health.shard)).toEqual(['s-3', 's-2', 's-1', 's-10']);
    expect(boardRows(cards, 'gpus', { text: '', health: [] }).map((c) => c.health.shard)).toEqual(['s-1', 's-10', 's-2', 's-3']);
    expect(boardRows(cards, 'since', { text: '', health: [] })[0]!.health.shard).toBe('s-2');
  });
  it('filters by health and by a reason\'s words', () => {
    expect(boardRows(cards, 'name', { text: 'crashloop', health: [] }).map((c) => c.health.shard)).toEqual(['s-2']);
    expect(boardRows(cards, 'name', { text: '', health: ['healthy'] }).map((c) => c.health.shard)).toEqual(['s-1', 's-10']);
  });
  it('moves focus in the grid and stays inside it', () => {
    expect(moveFocus(0, 'ArrowDown', 10, 4)).toBe(4);
    expect(moveFocus(8, 'ArrowDown', 10, 4)).toBe(9);
    expect(moveFocus(0, 'ArrowLeft', 10, 4)).toBe(0);
    expect(moveFocus(5, 'End', 10, 4)).toBe(9);
  });
  it('sums ready replicas per zone over the servers, in zone order', () => {
    expect(cardZones([{ readyByZone: { '3': 1, '1': 2 } }, { readyByZone: { '1': 1, '2': 0 } }])).toEqual([['1', 3], ['2', 0], ['3', 1]]);
    expect(cardZones([])).toEqual([]);
  });
});
