import type { WorkspaceModel } from '../../gitops/core/model/workspace-model.ts';
import type { ParsedFile } from '../../gitops/core/load/parse-file.ts';
import type { SpecOf } from '../../gitops/core/schema/specs.ts';
import { placedGpus, poolCount, validReferrers } from '../../gitops/core/model/capacity.ts';
import { WORKSPACE_FILE } from '../../shared/kinds.ts';
import type { Rows } from '../../shared/ipc/schemas.ts';

/** Empty rows, to fill kind by kind. */
export function emptyRows(): Rows {
  return { tenants: [], shards: [], pools: [], clusters: [], routing: [] };
}

/** The table rows of `files` (files the model no longer holds are skipped). */
export function rowsFor(m: WorkspaceModel, files: Iterable<string>): Rows {
  const rows = emptyRows();
  for (const file of files) {
    const pf = m.files.get(file);
    if (pf) addRow(m, pf, rows);
  }
  return rows;
}

/** Rows of every spec file of the model. */
export function allRows(m: WorkspaceModel): Rows {
  return rowsFor(m, m.files.keys());
}

function addRow(m: WorkspaceModel, pf: ParsedFile, rows: Rows): void {
  const base = { file: pf.file, name: pf.name, valid: pf.spec !== undefined };
  switch (pf.kind) {
    case 'Tenant': {
      const s = pf.spec as SpecOf['Tenant'] | undefined;
      rows.tenants.push(s ? {
        ...base,
        displayName: s.displayName,
        tier: s.tier,
        plan: s.plan,
        region: s.region,
        shard: s.placement.shard,
        gpus: s.quotas.gpus,
        gpuType: s.quotas.gpuType,
        models: s.models,
        pools: s.pools ?? {},
      } : base);
      return;
    }
    case 'Shard': {
      const s = pf.spec as SpecOf['Shard'] | undefined;
      rows.shards.push(s ? {
        ...base,
        cluster: s.cluster,
        region: s.region,
        tenancy: s.tenancy,
        owner: s.owner,
        state: s.state,
        gpuType: s.capacity.gpuType,
        capacityGpus: s.capacity.gpus,
        placedGpus: placedGpus(m, pf.name),
        tenants: validReferrers(m, 'tenantsByShard', pf.name),
        models: [...new Set(s.modelServers.map((x) => x.model))].sort(),
        zones: s.zones,
      } : base);
      return;
    }
    case 'ResourcePool': {
      const s = pf.spec as SpecOf['ResourcePool'] | undefined;
      rows.pools.push(s ? {
        ...base,
        type: s.type,
        provider: s.provider,
        region: s.region,
        limit: s.limit,
        used: poolCount(m, pf.name),
        createdAt: s.createdAt,
      } : base);
      return;
    }
    case 'Cluster': {
      const s = pf.spec as SpecOf['Cluster'] | undefined;
      rows.clusters.push(s ? {
        ...base,
        region: s.region,
        provider: s.provider,
        gitops: s.gitops,
        shards: validReferrers(m, 'shardsByCluster', pf.name),
      } : base);
      return;
    }
    case 'RoutingPolicy': {
      const s = pf.spec as SpecOf['RoutingPolicy'] | undefined;
      rows.routing.push(s ? { ...base, method: s.method } : base);
      return;
    }
    default:
      return;
  }
}

/**
 * Files whose rows can change when `changed` files change, beyond what the validator re-checked:
 * a cluster's shard count follows every shard, and gantry.yaml's thresholds touch every row's badge.
 */
export function rowNeighbours(m: WorkspaceModel, changed: Iterable<string>): Set<string> {
  const out = new Set<string>(changed);
  let shardTouched = false;
  for (const f of out) if (f.startsWith('shards/')) shardTouched = true;
  if (shardTouched) for (const c of m.list('Cluster')) out.add(c.file);
  if (out.has(WORKSPACE_FILE)) for (const f of m.files.keys()) out.add(f);
  return out;
}
