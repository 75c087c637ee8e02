import type { HealthEntry } from './drain-store.ts';

/** A board card's live health, as the board holds it. */
export interface CardHealth {
  shard: string;
  status: HealthEntry['status'];
  reasons: ReadonlyArray<{ code: string; text: string }>;
}

/**
 * The live health the drain planner gets. A shard whose only problem is that its failover target is
 * unhealthy ('failover-unhealthy': weu-2 when weu-1, its failover shard, is the one failing) serves
 * fine and can take the tenants: for the planner it counts as healthy. Every other reason stays.
 */
export function plannerHealth(cards: readonly CardHealth[]): HealthEntry[] {
  return cards.map((c) => {
    const own = c.reasons.filter((r) => r.code !== 'failover-unhealthy');
    const status = c.status === 'degraded' && own.length === 0 && c.reasons.length > 0 ? 'healthy' : c.status;
    return { shard: c.shard, status, reasons: own.map((r) => r.text) };
  });
}
