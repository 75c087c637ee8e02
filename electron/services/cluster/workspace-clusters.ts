import type { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import type { ClusterSpecRef } from './cluster-service.ts';

/** The Cluster specs of the open workspace (none when no workspace is open). */
export function clusterSpecs(model: WorkspaceModel | undefined): ClusterSpecRef[] {
  if (!model) return [];
  return model.objects('Cluster').map((c) => ({
    name: c.name,
    provider: c.spec.provider,
    region: c.spec.region,
    gitops: c.spec.gitops,
    ...(c.spec.kubeContext ? { kubeContext: c.spec.kubeContext } : {}),
  }));
}

export function shardsOn(model: WorkspaceModel | undefined, cluster: string): string[] {
  if (!model) return [];
  return model.objects('Shard').filter((s) => s.spec.cluster === cluster).map((s) => s.name);
}

/** The namespaces Gantry renders on a cluster: its shards' and the tenants placed on them. */
export function namespacesOn(model: WorkspaceModel | undefined, cluster: string): string[] {
  if (!model) return [];
  const shards = new Set(shardsOn(model, cluster));
  const tenants = model.objects('Tenant').filter((t) => shards.has(t.spec.placement.shard)).map((t) => `tenant-${t.name}`);
  return [...[...shards].map((s) => `shard-${s}`), ...tenants];
}
