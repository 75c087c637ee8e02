/**
 * The narrow interface through which live shard health reaches the routing map, its problems and
 * the drain planner: shard name -> status and the reasons, as sentences. Live monitoring
 * (gitops/core/live/shard-health.ts) fills it; everything here works without it.
 */
export type LiveStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

export interface LiveShardHealth {
  status: LiveStatus;
  /** Sentences a person on call can act on; empty when healthy. */
  reasons: readonly string[];
}

export type ShardHealthInput = ReadonlyMap<string, LiveShardHealth>;

/** A shard that live monitoring reports as degraded or down (unknown or missing is not unhealthy). */
export function liveUnhealthy(health: ShardHealthInput | undefined, shard: string): LiveShardHealth | undefined {
  const h = health?.get(shard);
  return h && (h.status === 'down' || h.status === 'degraded') ? h : undefined;
}

/** `down (zone 2 has no ready node)` or `degraded`. */
export function describeHealth(h: LiveShardHealth): string {
  return h.reasons.length ? `${h.status} (${h.reasons.join('; ')})` : h.status;
}
