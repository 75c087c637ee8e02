import { specPath, specText } from '../examples/spec-text.ts';

/**
 * Small hand-built workspaces for the planner's choice tests (test helper): every shard, tenant and
 * pool is spelled out, so a test shows exactly what the planner chooses between.
 */

export interface ShardDef {
  name: string;
  region?: string;
  cluster?: string;
  tenancy?: 'shared' | 'dedicated';
  owner?: string;
  state?: 'active' | 'draining' | 'cordoned';
  gpus?: number;
  gpuType?: string;
  models?: string[];
  failover?: string;
}

export interface TenantDef {
  name: string;
  shard: string;
  gpus?: number;
  models?: string[];
  tier?: 'shared' | 'dedicated';
  region?: string;
  pools?: Record<string, string>;
  plan?: 'free' | 'standard' | 'premium';
}

export interface PoolDef {
  name: string;
  type: string;
  region?: string;
  limit?: number;
  createdAt?: string;
  provider?: string;
}

export interface WorkspaceDef {
  poolPercent?: number;
  clusters?: Array<[name: string, region: string]>;
  shards?: ShardDef[];
  tenants?: TenantDef[];
  pools?: PoolDef[];
  /** A RoutingPolicy `default` with this sessionAffinity (none when unset). */
  affinity?: boolean;
}

const REGION = 'westeurope';

/** A model server as a shard file spells it. */
export function server(model: string, replicas = { min: 2, max: 8 }) {
  return { name: model.replace(/[^a-z0-9-]/g, '-'), model, runtime: 'triton', gpusPerReplica: 1, replicas };
}

export function shardSpec(s: ShardDef) {
  const region = s.region ?? REGION;
  return {
    cluster: s.cluster ?? `aks-${region}`,
    region,
    zones: ['1', '2', '3'],
    tenancy: s.tenancy ?? 'shared',
    ...(s.owner ? { owner: s.owner } : {}),
    state: s.state ?? 'active',
    capacity: { gpus: s.gpus ?? 16, gpuType: s.gpuType ?? 'nvidia-h100', cpu: '64', memory: '256Gi' },
    modelServers: (s.models ?? ['llama-3-8b']).map((m) => server(m)),
    ...(s.failover ? { routing: { weight: 100, priority: 1, failoverShard: s.failover } } : {}),
  };
}

/** The files of a workspace: gantry.yaml, one cluster per region used (unless given), then the specs. */
export function workspace(def: WorkspaceDef): Map<string, string> {
  const files = new Map<string, string>();
  files.set('gantry.yaml', specText('Workspace', 'test', { thresholds: { poolPercent: def.poolPercent ?? 70, shardPercent: 85 } }));
  const shards = def.shards ?? [];
  const regionOf = new Map(shards.map((s) => [s.name, s.region ?? REGION]));
  const clusters = def.clusters ?? [...new Set(shards.map((s) => s.region ?? REGION))].map((r) => [`aks-${r}`, r] as [string, string]);
  for (const [name, region] of clusters) files.set(specPath('Cluster', name), specText('Cluster', name, { region, provider: 'aks', gitops: 'flux' }));
  for (const s of shards) files.set(specPath('Shard', s.name), specText('Shard', s.name, shardSpec(s)));
  for (const p of def.pools ?? []) {
    files.set(specPath('ResourcePool', p.name), specText('ResourcePool', p.name, {
      type: p.type, provider: p.provider ?? 'azure', region: p.region ?? REGION, limit: p.limit ?? 10, createdAt: p.createdAt ?? '2026-01-01',
    }));
  }
  if (def.affinity !== undefined) {
    files.set(specPath('RoutingPolicy', 'default'), specText('RoutingPolicy', 'default', { method: 'performance', sessionAffinity: def.affinity, healthProbe: { path: '/health', intervalSeconds: 10 } }));
  }
  for (const t of def.tenants ?? []) {
    const gpus = t.gpus ?? 1;
    files.set(specPath('Tenant', t.name), specText('Tenant', t.name, {
      displayName: t.name,
      tier: t.tier ?? 'shared',
      plan: t.plan ?? 'standard',
      region: t.region ?? regionOf.get(t.shard) ?? REGION,
      latencyTargetMs: 250,
      models: t.models ?? ['llama-3-8b'],
      quotas: { gpus, ...(gpus > 0 ? { gpuType: 'nvidia-h100' } : {}), cpu: '2', memory: '8Gi' },
      placement: { shard: t.shard },
      ...(t.pools ? { pools: t.pools } : {}),
    }));
  }
  return files;
}

/** `n` shared tenants on `shard` with 0 GPUs that use `pools` (to fill pools without using GPUs). */
export function poolUsers(prefix: string, n: number, shard: string, pools: Record<string, string>): TenantDef[] {
  return Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${i + 1}`, shard, gpus: 0, pools }));
}
