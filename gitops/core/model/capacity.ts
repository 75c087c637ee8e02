import type { SpecOf } from '../schema/specs.ts';
import type { Obj, WorkspaceModel } from './workspace-model.ts';

type ValidTenant = Obj<'Tenant'> & { spec: SpecOf['Tenant'] };
type RefIndex = Parameters<WorkspaceModel['referrers']>[0];

/**
 * Capacity queries on the model, shared by the rules, the planner and the app's tables, so that
 * "how full is it" has one answer everywhere.
 */

/** How many files with a valid spec reference `name` through `index` (e.g. tenants of a pool). */
export function validReferrers(m: WorkspaceModel, index: RefIndex, name: string): number {
  let n = 0;
  for (const f of m.referrers(index, name)) if (m.files.get(f)?.spec) n++;
  return n;
}

/** Valid tenants whose placement names `shard`, sorted by name. */
export function placedTenants(m: WorkspaceModel, shard: string): ValidTenant[] {
  const out: ValidTenant[] = [];
  for (const file of m.referrers('tenantsByShard', shard)) {
    const pf = m.files.get(file);
    if (pf?.spec) out.push(pf as ValidTenant);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** GPUs asked by the tenants placed on `shard`. */
export function placedGpus(m: WorkspaceModel, shard: string): number {
  return placedTenants(m, shard).reduce((n, t) => n + t.spec.quotas.gpus, 0);
}

/** Tenants referencing pool `name` (counted once each). */
export function poolCount(m: WorkspaceModel, name: string): number {
  return validReferrers(m, 'tenantsByPool', name);
}

/** Does `shard` serve every model in `models`? */
export function serves(shard: Obj<'Shard'>, models: readonly string[]): boolean {
  const served = new Set(shard.spec.modelServers.map((s) => s.model));
  return models.every((m) => served.has(m));
}
