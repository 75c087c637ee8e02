// What the specs say each cluster should run, in the form the live views need: a plain,
// serializable index built once per workspace change (the host builds it; it could cross IPC).
import { placedTenants } from '../model/capacity.ts';
import type { WorkspaceModel } from '../model/workspace-model.ts';
import type { ClusterSpec, ModelServer } from '../schema/specs.ts';

export interface LiveSpecServer {
  name: string;
  model: string;
  runtime: ModelServer['runtime'];
  gpusPerReplica: number;
  min: number;
  max: number;
}

export interface LiveSpecShard {
  name: string;
  cluster: string;
  /** `shard-<name>`, where the renderer puts its model servers. */
  namespace: string;
  zones: readonly string[];
  state: 'active' | 'draining' | 'cordoned';
  gpuType: string;
  gpus: number;
  servers: readonly LiveSpecServer[];
  failoverShard?: string;
  /** Tenants placed on it, by name. */
  tenants: readonly string[];
}

export interface LiveSpecCluster {
  name: string;
  spec: ClusterSpec;
  shards: readonly string[];
}

export interface LiveSpec {
  clusters: Readonly<Record<string, LiveSpecCluster>>;
  shards: Readonly<Record<string, LiveSpecShard>>;
  /** tenant -> { shard, gpus (quota) } */
  tenants: Readonly<Record<string, { shard: string; gpus: number }>>;
}

/** The index of a workspace's valid Clusters, their Shards and the Tenants placed on them. */
export function liveSpecOf(model: WorkspaceModel): LiveSpec {
  const clusters: Record<string, LiveSpecCluster> = {};
  const shards: Record<string, LiveSpecShard> = {};
  const tenants: Record<string, { shard: string; gpus: number }> = {};
  for (const c of model.objects('Cluster')) clusters[c.name] = { name: c.name, spec: c.spec, shards: [] };
  for (const s of model.objects('Shard')) {
    const cluster = clusters[s.spec.cluster];
    if (!cluster) continue;
    const placed = placedTenants(model, s.name);
    for (const t of placed) tenants[t.name] = { shard: s.name, gpus: t.spec.quotas.gpus };
    (cluster.shards as string[]).push(s.name);
    shards[s.name] = {
      name: s.name,
      cluster: s.spec.cluster,
      namespace: `shard-${s.name}`,
      zones: [...s.spec.zones],
      state: s.spec.state,
      gpuType: s.spec.capacity.gpuType,
      gpus: s.spec.capacity.gpus,
      servers: s.spec.modelServers.map((m) => ({ name: m.name, model: m.model, runtime: m.runtime, gpusPerReplica: m.gpusPerReplica, min: m.replicas.min, max: m.replicas.max })),
      ...(s.spec.routing?.failoverShard ? { failoverShard: s.spec.routing.failoverShard } : {}),
      tenants: placed.map((t) => t.name),
    };
  }
  return { clusters, shards, tenants };
}
