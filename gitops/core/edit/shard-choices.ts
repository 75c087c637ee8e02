import { freeFor, unfitReason, type ShardFact, type TenantDraft, type TenantFact } from './yaml-assist.ts';

/** One row of the tenant form's shard picker. */
export interface ShardChoice {
  name: string;
  region: string;
  /** GPUs this tenant could use there (its own count back when it already sits there). */
  free: number;
  capacity: number;
  tenancy: string;
  state: string;
  /** Why it does not fit the tenant, or undefined when it does. */
  why?: string;
}

/**
 * The shard picker's rows for `query`: every term of the query found in the shard's name, region,
 * cluster or GPU type; shards that fit the tenant first (most free GPUs first), then the rest with
 * the reason (same region first). 500 shards filter in well under a frame.
 */
export function shardChoices(shards: readonly ShardFact[], tenant: TenantDraft, self: TenantFact | undefined, query: string): ShardChoice[] {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: ShardChoice[] = [];
  for (const s of shards) {
    if (terms.length) {
      const hay = `${s.name} ${s.region ?? ''} ${s.cluster ?? ''} ${s.gpuType ?? ''}`.toLowerCase();
      if (!terms.every((t) => hay.includes(t))) continue;
    }
    const why = unfitReason(s, tenant, self);
    out.push({
      name: s.name,
      region: s.region ?? '',
      free: freeFor(s, self),
      capacity: s.capacityGpus ?? 0,
      tenancy: s.tenancy ?? '',
      state: s.state ?? '',
      ...(why ? { why } : {}),
    });
  }
  const rank = (c: ShardChoice) => (!c.why ? 0 : c.region === tenant.region ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b) || b.free - a.free || a.name.localeCompare(b.name, undefined, { numeric: true }));
}
