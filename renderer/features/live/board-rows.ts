// The shard board's order and filter, pure.
import type { ShardCardItem } from './ClustersOverview.tsx';
import { HEALTH_ORDER, type Health } from './format.ts';

export type BoardSort = 'health' | 'name' | 'gpus' | 'since';

export interface BoardFilter {
  text: string;
  /** Health states shown; empty shows all. */
  health: readonly Health[];
}

const byName = (a: ShardCardItem, b: ShardCardItem) => a.health.shard.localeCompare(b.health.shard, undefined, { numeric: true });

/** Cards matching `filter` (shard name, reason text, server or zone), in `sort` order (worst health first by default). */
export function boardRows(cards: readonly ShardCardItem[], sort: BoardSort, filter: BoardFilter): ShardCardItem[] {
  const q = filter.text.trim().toLowerCase();
  const rows = cards.filter((c) => {
    if (filter.health.length && !filter.health.includes(c.health.status)) return false;
    if (!q) return true;
    const h = c.health;
    return h.shard.toLowerCase().includes(q) || h.reasons.some((r) => r.text.toLowerCase().includes(q) || r.code.includes(q)) || h.servers.some((s) => s.name.toLowerCase().includes(q));
  });
  const cmp: Record<BoardSort, (a: ShardCardItem, b: ShardCardItem) => number> = {
    health: (a, b) => HEALTH_ORDER[a.health.status] - HEALTH_ORDER[b.health.status] || byName(a, b),
    name: byName,
    gpus: (a, b) => b.health.gpus.requested - a.health.gpus.requested || byName(a, b),
    since: (a, b) => (Date.parse(a.health.since ?? '') || Infinity) - (Date.parse(b.health.since ?? '') || Infinity) || byName(a, b),
  };
  return rows.sort(cmp[sort]);
}

/** Where focus goes from `index` on an arrow key, in a grid of `columns`. */
export function moveFocus(index: number, key: string, count: number, columns: number): number {
  const cols = Math.max(1, columns);
  const next = key === 'ArrowRight' ? index + 1 : key === 'ArrowLeft' ? index - 1 : key === 'ArrowDown' ? index + cols : key === 'ArrowUp' ? index - cols : key === 'Home' ? 0 : key === 'End' ? count - 1 : index;
  return Math.min(count - 1, Math.max(0, next));
}

/** A card's ready replicas per zone, summed over its model servers, in zone order. */
export function cardZones(servers: ReadonlyArray<{ readyByZone: Readonly<Record<string, number>> }>): Array<[zone: string, ready: number]> {
  const zones = new Map<string, number>();
  for (const s of servers) for (const [z, n] of Object.entries(s.readyByZone)) zones.set(z, (zones.get(z) ?? 0) + n);
  return [...zones.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
