// Joins what live monitoring reports (a cluster view's `shard/<name>` items) into the routing
// map: which health a shard row shows (live from the cluster, or spec from routing.json), its
// model servers' ready endpoints, and what goes over IPC so the failover problems count live
// health. Pure: the renderer's routing screen and its tests use it.
import type { HealthStatus, ShardHealth } from '../live/shard-health.ts';
import type { LiveHealthEntry } from './routing-screen.ts';
import type { RoutedShard } from './routing-map.ts';

/** One shard as live monitoring reports it, reduced to what the routing map shows. */
export interface LiveShard {
  shard: string;
  cluster: string;
  status: HealthStatus;
  reasons: string[];
  since?: string;
  /**
   * Its health by its own reasons, without "failover shard X is degraded": what the routing
   * problems count, so a shard is not called unavailable only because its own backup is not there.
   */
  own: { status: HealthStatus; reasons: string[] };
  /** Ready replicas of its model servers against what the spec asks, when the cluster reported any. */
  endpoints?: { ready: number; desired: number; servers: Array<{ name: string; ready: number; desired: number }> };
}

/** A cluster's connection as the live store knows it (ClusterEntryDto's state), undefined when never listed. */
export type ConnectionState = string | undefined;

/** Cluster states in which the view's items describe the cluster now (stale: the last known, still shown). */
const REPORTING = new Set(['live', 'stale']);

/**
 * The live shards of every cluster whose connection reports: `items` are the cluster views'
 * items by cluster (`shard/<name>` -> `{ health: ShardHealth }`); anything else is left out.
 */
export function liveShardsOf(items: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>, states: Readonly<Record<string, ConnectionState>>): Map<string, LiveShard> {
  const out = new Map<string, LiveShard>();
  for (const [cluster, view] of Object.entries(items)) {
    if (!view || !REPORTING.has(states[cluster] ?? '')) continue;
    for (const [key, value] of Object.entries(view)) {
      if (!key.startsWith('shard/')) continue;
      const h = (value as { health?: ShardHealth } | null)?.health;
      if (!h || typeof h.status !== 'string') continue;
      const servers = (h.servers ?? []).map((s) => ({ name: s.name, ready: s.ready, desired: s.desired }));
      out.set(h.shard, {
        shard: h.shard,
        cluster,
        status: h.status,
        reasons: (h.reasons ?? []).map((r) => r.text),
        own: ownHealth(h),
        ...(h.since ? { since: h.since } : {}),
        ...(servers.length ? { endpoints: { ready: sum(servers, 'ready'), desired: sum(servers, 'desired'), servers } } : {}),
      });
    }
  }
  return out;
}

/**
 * What goes to the host so the failover problems count live health: each shard's own health
 * (unknown is left out: it makes nothing unavailable).
 */
export function healthEntriesOf(live: ReadonlyMap<string, LiveShard>): LiveHealthEntry[] {
  return [...live.values()].filter((s) => s.own.status !== 'unknown').map((s) => ({ shard: s.shard, status: s.own.status, reasons: s.own.reasons })).sort((a, b) => (a.shard < b.shard ? -1 : 1));
}

/** The status live monitoring's roll-up gives the reasons other than failover-unhealthy (gitops/core/live/shard-health.ts). */
function ownHealth(h: ShardHealth): LiveShard['own'] {
  if (h.status === 'unknown') return { status: 'unknown', reasons: (h.reasons ?? []).map((r) => r.text) };
  const own = (h.reasons ?? []).filter((r) => r.code !== 'failover-unhealthy');
  const status: HealthStatus = own.some((r) => r.severity === 'unknown') ? 'unknown' : own.some((r) => r.severity === 'down') ? 'down' : own.length ? 'degraded' : 'healthy';
  return { status, reasons: own.map((r) => r.text) };
}

export type Tone = 'ok' | 'warn' | 'err' | 'dim';

/** The health a shard row shows and the badge saying where it comes from. */
export interface ShardBadge {
  source: 'live' | 'spec';
  /** `healthy`, `degraded`, `down` (live) or `active`, `draining`, `cordoned` (spec). */
  label: string;
  tone: Tone;
  /** A sentence for the tooltip and the detail: where this comes from and why. */
  detail: string;
}

/** Why a cluster in that connection state gives no live health, after "the cluster". */
const NOT_LIVE_WORDS: Record<string, string> = {
  'no-context': 'has no kubeconfig context of its name',
  connecting: 'is still connecting',
  unauthorized: 'refused the credentials (unauthorized)',
  forbidden: 'does not let these credentials list its objects (forbidden)',
  unreachable: 'cannot be reached',
  'needs-consent': 'waits for your consent to run its credential plugin',
};

const LIVE_TONE: Record<HealthStatus, Tone> = { healthy: 'ok', degraded: 'warn', down: 'err', unknown: 'dim' };
const SPEC_TONE: Record<RoutedShard['state'], Tone> = { active: 'ok', draining: 'warn', cordoned: 'err' };

/**
 * Live health when the cluster reports the shard with a known status; otherwise the state
 * routing.json gives it, saying why there is no live health.
 */
export function shardBadge(shard: Pick<RoutedShard, 'name' | 'state'>, live: LiveShard | undefined, connection: ConnectionState): ShardBadge {
  if (live && live.status !== 'unknown') {
    return {
      source: 'live',
      label: live.status,
      tone: LIVE_TONE[live.status],
      detail: live.reasons.length ? `Live from ${live.cluster}: ${live.reasons.join('; ')}.` : `Live from ${live.cluster}: every model server ready in every zone.`,
    };
  }
  const why = live
    ? `${live.cluster} does not know yet (${live.reasons.join('; ') || 'no data'})`
    : connection === undefined || connection === 'disconnected'
      ? 'the cluster is not connected'
      : REPORTING.has(connection)
        ? 'the cluster does not report this shard'
        : `the cluster ${NOT_LIVE_WORDS[connection] ?? `is ${connection}`}`;
  return { source: 'spec', label: shard.state, tone: SPEC_TONE[shard.state], detail: `State from routing.json; no live health because ${why}.` };
}

/** `3/4 ready` for the endpoints of a shard, or undefined when none are known. */
export function endpointsText(live: LiveShard | undefined): string | undefined {
  const e = live?.endpoints;
  return e ? `${e.ready}/${e.desired} ready` : undefined;
}

function sum<T extends Record<K, number>, K extends string>(list: readonly T[], key: K): number {
  return list.reduce((n, x) => n + x[key], 0);
}
