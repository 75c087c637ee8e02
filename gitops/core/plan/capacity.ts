import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { placedTenants } from '../validate/rules.ts';

/** GPUs asked by the tenants placed on `shard`. */
export function placedGpus(m: WorkspaceModel, shard: string): number {
  return placedTenants(m, shard).reduce((n, t) => n + t.spec.quotas.gpus, 0);
}

/** Tenants referencing pool `name` (counted once each). */
export function poolCount(m: WorkspaceModel, name: string): number {
  let n = 0;
  for (const f of m.referrers('tenantsByPool', name)) if (m.files.get(f)?.spec) n++;
  return n;
}

/** Does `shard` serve every model in `models`? */
export function serves(shard: Obj<'Shard'>, models: readonly string[]): boolean {
  const served = new Set(shard.spec.modelServers.map((s) => s.model));
  return models.every((m) => served.has(m));
}
