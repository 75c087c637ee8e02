import { parse } from 'yaml';
import { placedTenants } from '../model/capacity.ts';
import type { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace, type RenderedFiles } from '../render/renderer.ts';
import { describeHealth, type LiveShardHealth, type ShardHealthInput } from './live-health.ts';
import { parseRoutingJson, routingConfigMapPath, type RoutingPolicyEntry } from './routing-json.ts';

export type Plan = 'premium' | 'standard' | 'free';
export const PLANS: readonly Plan[] = ['premium', 'standard', 'free'];

export interface RoutedTenant {
  name: string;
  plan: Plan;
  latencyTargetMs: number;
  /** GPUs its quota asks for (0 when the spec is not valid any more). */
  gpus: number;
}

export interface RoutedShard {
  name: string;
  /** What routing.json says. */
  state: 'active' | 'draining' | 'cordoned';
  weight: number;
  priority: number;
  zones: string[];
  failoverShard: string | null;
  /** From the spec (undefined for a shard routing.json names that has no valid spec). */
  tenancy?: 'shared' | 'dedicated';
  gpuType?: string;
  models: string[];
  gpus: { capacity: number; placed: number; free: number };
  /** Tenants routing.json sends here, premium first, then standard, then free, each by name. */
  tenants: RoutedTenant[];
  tenantsByPlan: Record<Plan, string[]>;
  /** Live health, when it was given. */
  health?: LiveShardHealth;
}

export interface RoutedRegion {
  region: string;
  shards: RoutedShard[];
}

export interface ClusterRouting {
  cluster: string;
  /** The routing policies as the cluster's router reads them. */
  policies: Array<{ name: string } & RoutingPolicyEntry>;
  regions: RoutedRegion[];
  /** Set when this cluster's routing.json is missing or unreadable; then regions is empty. */
  error?: string;
}

export interface RoutingMap {
  clusters: ClusterRouting[];
}

/**
 * The routing map per cluster and region: what each cluster's `gantry-routing` ConfigMap tells the
 * request router (shard state, weight, priority, zones, failover target; tenants with their plan
 * and shard; the policies), joined with what the specs add (region, tenancy, GPUs, models).
 * `rendered` defaults to rendering the model; pass rendered/ as read from disk to see what is
 * committed.
 */
export function buildRoutingMap(m: WorkspaceModel, rendered: RenderedFiles = renderWorkspace(m)): RoutingMap {
  const clusters: ClusterRouting[] = [];
  for (const cluster of m.objects('Cluster')) {
    const path = routingConfigMapPath(cluster.name);
    const text = rendered.get(path);
    if (text === undefined) {
      clusters.push({ cluster: cluster.name, policies: [], regions: [], error: `${path} is missing; run gantry render.` });
      continue;
    }
    const json = routingJsonOf(text);
    const parsed = json === undefined ? { ok: false as const, message: 'the ConfigMap has no data.routing.json' } : parseRoutingJson(json);
    if (!parsed.ok) {
      clusters.push({ cluster: cluster.name, policies: [], regions: [], error: `${path}: ${parsed.message}` });
      continue;
    }
    const { doc } = parsed;
    const byShard = new Map<string, RoutedTenant[]>();
    for (const [name, t] of Object.entries(doc.tenants)) {
      const list = byShard.get(t.shard) ?? [];
      list.push({ name, plan: t.plan, latencyTargetMs: t.latencyTargetMs, gpus: m.valid('Tenant', name)?.spec.quotas.gpus ?? 0 });
      byShard.set(t.shard, list);
    }
    const regions = new Map<string, RoutedShard[]>();
    for (const [name, e] of Object.entries(doc.shards)) {
      const spec = m.valid('Shard', name)?.spec;
      const tenants = (byShard.get(name) ?? []).sort(byPlanThenName);
      const capacity = spec?.capacity.gpus ?? 0;
      const placed = spec ? placedTenants(m, name).reduce((n, t) => n + t.spec.quotas.gpus, 0) : 0;
      const shard: RoutedShard = {
        name,
        state: e.state,
        weight: e.weight,
        priority: e.priority,
        zones: e.zones,
        failoverShard: e.failoverShard,
        tenancy: spec?.tenancy,
        gpuType: spec?.capacity.gpuType,
        models: spec ? [...new Set(spec.modelServers.map((s) => s.model))].sort() : [],
        gpus: { capacity, placed, free: capacity - placed },
        tenants,
        tenantsByPlan: { premium: [], standard: [], free: [] },
      };
      for (const t of tenants) shard.tenantsByPlan[t.plan].push(t.name);
      const region = spec?.region ?? cluster.spec.region;
      regions.set(region, [...(regions.get(region) ?? []), shard]);
    }
    clusters.push({
      cluster: cluster.name,
      policies: Object.entries(doc.policies).map(([name, p]) => ({ name, ...p })),
      regions: [...regions].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([region, shards]) => ({ region, shards })),
    });
  }
  return { clusters };
}

/** The map with each shard's live health set (shards live monitoring does not report keep none). */
export function withLiveHealth(map: RoutingMap, health: ShardHealthInput): RoutingMap {
  return {
    clusters: map.clusters.map((c) => ({
      ...c,
      regions: c.regions.map((r) => ({
        ...r,
        shards: r.shards.map((s) => {
          const h = health.get(s.name);
          return h ? { ...s, health: h } : { ...s, health: undefined };
        }),
      })),
    })),
  };
}

/** One line per shard, for text output and tests: `weu-1 active w100 p1 -> weu-2, 10/16 GPUs, premium acme`. */
export function describeShard(s: RoutedShard): string {
  const plans = PLANS.filter((p) => s.tenantsByPlan[p].length).map((p) => `${p} ${s.tenantsByPlan[p].join(' ')}`);
  return [
    `${s.name} ${s.state} weight ${s.weight} priority ${s.priority} zones ${s.zones.join(',')}`,
    `failover ${s.failoverShard ?? 'none'}`,
    `${s.gpus.placed}/${s.gpus.capacity} GPUs`,
    ...(plans.length ? [plans.join('; ')] : ['no tenants']),
    ...(s.health ? [describeHealth(s.health)] : []),
  ].join(', ');
}

/** Every shard of the map, wherever it is. */
export function allShards(map: RoutingMap): RoutedShard[] {
  return map.clusters.flatMap((c) => c.regions.flatMap((r) => r.shards));
}

function byPlanThenName(a: RoutedTenant, b: RoutedTenant): number {
  return PLANS.indexOf(a.plan) - PLANS.indexOf(b.plan) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function routingJsonOf(configMapYaml: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(configMapYaml);
  } catch {
    return undefined;
  }
  const data = (doc as { data?: Record<string, unknown> } | null)?.data;
  const json = data?.['routing.json'];
  return typeof json === 'string' ? json : undefined;
}
