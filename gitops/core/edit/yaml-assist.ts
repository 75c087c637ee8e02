import { parseDocument } from 'yaml';
import { closestName } from '../validate/did-you-mean.ts';
import { valueAt, type ValueCursor } from './yaml-cursor.ts';

/**
 * Completion and hover for spec YAML from the workspace (regions, shards that fit, pools of the
 * region, models served), instead of words from the file. Pure: the editor passes the text, the
 * cursor offset and what the workspace holds (the app's table rows fit these shapes).
 */

export interface ShardFact {
  name: string;
  region?: string | undefined;
  cluster?: string | undefined;
  tenancy?: 'shared' | 'dedicated' | undefined;
  owner?: string | undefined;
  state?: 'active' | 'draining' | 'cordoned' | undefined;
  gpuType?: string | undefined;
  capacityGpus?: number | undefined;
  placedGpus?: number | undefined;
  models?: readonly string[] | undefined;
}
export interface PoolFact {
  name: string;
  type?: string | undefined;
  region?: string | undefined;
  used?: number | undefined;
  limit?: number | undefined;
}
export interface ClusterFact {
  name: string;
  region?: string | undefined;
}
export interface TenantFact {
  name: string;
  shard?: string | undefined;
  gpus?: number | undefined;
}

/** What the workspace holds, as the editor knows it (placed GPUs include unsaved edits the host validated). */
export interface WorkspaceFacts {
  shards: readonly ShardFact[];
  pools: readonly PoolFact[];
  clusters: readonly ClusterFact[];
  tenants: readonly TenantFact[];
}

export type SpecKindName = 'Tenant' | 'Shard' | 'ResourcePool' | 'Cluster' | 'RoutingPolicy' | 'Workspace';

export interface Suggestion {
  label: string;
  /** One line next to the label: `12 of 48 GPUs free · shared`. */
  detail: string;
  /** Markdown shown beside the list. */
  documentation?: string;
  /** Order: Monaco sorts by this string. */
  sortText: string;
}

export interface Completion {
  /** Offsets of the value token the chosen item replaces. */
  from: number;
  to: number;
  items: Suggestion[];
}

export interface Hover {
  from: number;
  to: number;
  /** Markdown. */
  markdown: string;
}

const gpus = (n: number) => `${n} GPU${n === 1 ? '' : 's'}`;

/** GPUs of `s` the tenant `self` could use: free, plus its own GPUs when it already sits there. */
export function freeFor(s: ShardFact, self?: TenantFact): number {
  const own = self && self.shard === s.name ? (self.gpus ?? 0) : 0;
  return (s.capacityGpus ?? 0) - (s.placedGpus ?? 0) + own;
}

/** The regions of the workspace: where clusters run, else where shards are. */
export function regionsOf(f: WorkspaceFacts): string[] {
  const fromClusters = f.clusters.map((c) => c.region).filter((r): r is string => !!r);
  const list = fromClusters.length ? fromClusters : f.shards.map((s) => s.region).filter((r): r is string => !!r);
  return [...new Set(list)].sort();
}

/** What a tenant needs of a shard, as typed so far. */
export interface TenantDraft {
  name: string;
  region?: string;
  tier: 'shared' | 'dedicated';
  gpus: number;
  gpuType?: string;
  shard?: string;
}

/** The tenant's values as typed so far (the text may not parse: then what can be read). */
function tenantDraft(text: string, name: string): TenantDraft {
  let js: unknown;
  try {
    js = parseDocument(text).toJS();
  } catch {
    js = undefined;
  }
  const spec = ((js as { spec?: unknown } | undefined)?.spec ?? {}) as Record<string, unknown>;
  const quotas = (spec.quotas ?? {}) as Record<string, unknown>;
  const placement = (spec.placement ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: TenantDraft = { name, tier: spec.tier === 'dedicated' ? 'dedicated' : 'shared', gpus: typeof quotas.gpus === 'number' ? quotas.gpus : 0 };
  const region = str(spec.region);
  if (region) out.region = region;
  const gpuType = str(quotas.gpuType);
  if (gpuType) out.gpuType = gpuType;
  const shard = str(placement.shard);
  if (shard) out.shard = shard;
  return out;
}

/** Why shard `s` cannot take tenant `t`, or undefined when it fits. */
export function unfitReason(s: ShardFact, t: TenantDraft, self?: TenantFact): string | undefined {
  if (t.region && s.region !== t.region) return `in ${s.region ?? 'no region'}`;
  if (t.tier === 'shared' && s.tenancy === 'dedicated') return `dedicated to ${s.owner ?? 'another tenant'}`;
  if (t.tier === 'dedicated' && (s.tenancy !== 'dedicated' || s.owner !== t.name)) return s.tenancy === 'dedicated' ? `dedicated to ${s.owner ?? 'another tenant'}` : 'shared';
  if (s.state && s.state !== 'active') return s.state;
  if (t.gpuType && s.gpuType && s.gpuType !== t.gpuType) return `has ${s.gpuType}`;
  const free = freeFor(s, self);
  if (free < t.gpus) return `only ${gpus(Math.max(0, free))} free`;
  return undefined;
}

function shardDetail(s: ShardFact, self?: TenantFact): string {
  return `${freeFor(s, self)} of ${gpus(s.capacityGpus ?? 0)} free · ${s.region ?? '?'} · ${s.tenancy ?? '?'}${s.state && s.state !== 'active' ? ` · ${s.state}` : ''}`;
}

function shardDoc(s: ShardFact, self?: TenantFact): string {
  const models = s.models?.length ? s.models.join(', ') : 'no models';
  return `**Shard ${s.name}** — ${s.region ?? '?'}, cluster ${s.cluster ?? '?'}, ${s.tenancy ?? '?'}${s.owner ? ` (owner ${s.owner})` : ''}, ${s.state ?? '?'}\n\n` +
    `${freeFor(s, self)} of ${gpus(s.capacityGpus ?? 0)} free (${s.gpuType ?? 'no GPU type'}) · serves ${models}`;
}

function regionDoc(f: WorkspaceFacts, region: string): string {
  const clusters = f.clusters.filter((c) => c.region === region).map((c) => c.name);
  const shards = f.shards.filter((s) => s.region === region);
  const free = shards.filter((s) => s.tenancy === 'shared' && (s.state ?? 'active') === 'active').reduce((n, s) => n + Math.max(0, freeFor(s)), 0);
  return `**Region ${region}** — ${clusters.length ? `cluster${clusters.length === 1 ? '' : 's'} ${clusters.join(', ')}` : 'no cluster'} · ${shards.length} shard${shards.length === 1 ? '' : 's'} · ${gpus(free)} free on active shared shards`;
}

function poolDoc(p: PoolFact): string {
  return `**Pool ${p.name}** — ${p.type ?? '?'} in ${p.region ?? '?'} · ${p.used ?? 0} of ${p.limit ?? 0} tenants`;
}

const pad = (n: number) => String(n).padStart(6, '0');
const startsWith = (label: string, prefix: string) => label.toLowerCase().startsWith(prefix.toLowerCase());

/** Keeps the items that start with what is typed; if none does, all (Monaco filters fuzzily anyway). */
function byPrefix(items: Suggestion[], prefix: string): Suggestion[] {
  if (!prefix) return items;
  const hit = items.filter((i) => startsWith(i.label, prefix));
  return hit.length ? hit : items;
}

const MAX_ITEMS = 200;

function tenantCompletions(c: ValueCursor, text: string, f: WorkspaceFacts, name: string): Suggestion[] | undefined {
  const p = c.path;
  const t = tenantDraft(text, name);
  const self = f.tenants.find((x) => x.name === name);
  const key = p.join('.');
  if (key === 'spec.region') {
    return regionsOf(f).map((r, i) => ({ label: r, detail: `${f.shards.filter((s) => s.region === r).length} shards`, documentation: regionDoc(f, r), sortText: pad(i) }));
  }
  if (key === 'spec.placement.shard') {
    const scored = f.shards.map((s) => ({ s, why: unfitReason(s, t, self), free: freeFor(s, self) }));
    const fit = scored.filter((x) => !x.why).sort((a, b) => b.free - a.free || a.s.name.localeCompare(b.s.name));
    // Shards that fit, most free first; when none does, the region's shards with the reason.
    const shown = fit.length ? fit : scored.filter((x) => !t.region || x.s.region === t.region).sort((a, b) => b.free - a.free);
    return shown.slice(0, MAX_ITEMS).map((x, i) => ({
      label: x.s.name,
      detail: x.why ? `does not fit: ${x.why} · ${shardDetail(x.s, self)}` : shardDetail(x.s, self),
      documentation: shardDoc(x.s, self),
      sortText: pad(i),
    }));
  }
  if (p[0] === 'spec' && p[1] === 'pools' && typeof p[2] === 'string' && p.length === 3) {
    const type = p[2];
    return f.pools
      .filter((x) => x.type === type && (!t.region || x.region === t.region))
      .sort((a, b) => (a.used ?? 0) / (a.limit || 1) - (b.used ?? 0) / (b.limit || 1) || a.name.localeCompare(b.name))
      .map((x, i) => ({ label: x.name, detail: `${x.used ?? 0} of ${x.limit ?? 0} tenants · ${x.region ?? '?'}`, documentation: poolDoc(x), sortText: pad(i) }));
  }
  if (p[0] === 'spec' && p[1] === 'models' && typeof p[2] === 'number') {
    const shard = t.shard ? f.shards.find((s) => s.name === t.shard) : undefined;
    const served = shard ? [...(shard.models ?? [])] : [...new Set(f.shards.filter((s) => !t.region || s.region === t.region).flatMap((s) => s.models ?? []))];
    return served.sort().map((m, i) => ({ label: m, detail: shard ? `served by ${shard.name}` : `served in ${t.region ?? 'the workspace'}`, sortText: pad(i) }));
  }
  if (key === 'spec.quotas.gpuType') {
    const types = [...new Set(f.shards.filter((s) => !t.region || s.region === t.region).map((s) => s.gpuType).filter((g): g is string => !!g))].sort();
    return types.map((g, i) => ({ label: g, detail: `on ${f.shards.filter((s) => s.gpuType === g && (!t.region || s.region === t.region)).length} shards`, sortText: pad(i) }));
  }
  return undefined;
}

function shardCompletions(c: ValueCursor, text: string, f: WorkspaceFacts, name: string): Suggestion[] | undefined {
  const key = c.path.join('.');
  const region = /^\s{2}region:\s*([^\s#]+)/m.exec(text)?.[1];
  if (key === 'spec.region') return regionsOf(f).map((r, i) => ({ label: r, detail: `${f.shards.filter((s) => s.region === r).length} shards`, documentation: regionDoc(f, r), sortText: pad(i) }));
  if (key === 'spec.cluster') {
    return [...f.clusters]
      .sort((a, b) => Number(b.region === region) - Number(a.region === region) || a.name.localeCompare(b.name))
      .map((x, i) => ({ label: x.name, detail: x.region ?? '', sortText: pad(i) }));
  }
  if (key === 'spec.routing.failoverShard') {
    return f.shards
      .filter((s) => s.name !== name && (!region || s.region === region))
      .sort((a, b) => freeFor(b) - freeFor(a) || a.name.localeCompare(b.name))
      .slice(0, MAX_ITEMS)
      .map((s, i) => ({ label: s.name, detail: shardDetail(s), documentation: shardDoc(s), sortText: pad(i) }));
  }
  return undefined;
}

/** Suggestions for the value at `offset` of a `kind` file named `name`, or undefined (leave it to the schema). */
export function completeAt(kind: SpecKindName | undefined, name: string, text: string, offset: number, facts: WorkspaceFacts): Completion | undefined {
  const c = valueAt(text, offset);
  if (!c) return undefined;
  let items: Suggestion[] | undefined;
  if (kind === 'Tenant') items = tenantCompletions(c, text, facts, name);
  else if (kind === 'Shard') items = shardCompletions(c, text, facts, name);
  else if ((kind === 'ResourcePool' || kind === 'Cluster') && c.path.join('.') === 'spec.region') items = regionsOf(facts).map((r, i) => ({ label: r, detail: '', documentation: regionDoc(facts, r), sortText: pad(i) }));
  if (!items) return undefined;
  return { from: c.from, to: c.to, items: byPrefix(items, c.prefix) };
}

/** What the value under the cursor is in the workspace (a region, shard, pool, cluster or model), or undefined. */
export function hoverAt(kind: SpecKindName | undefined, name: string, text: string, offset: number, facts: WorkspaceFacts): Hover | undefined {
  const c = valueAt(text, offset);
  if (!c || c.value === '' || offset < c.from || offset > c.to) return undefined;
  const key = c.path.join('.');
  const v = c.value;
  const self = kind === 'Tenant' ? facts.tenants.find((x) => x.name === name) : undefined;
  const out = (markdown: string): Hover => ({ from: c.from, to: c.to, markdown });
  const unknown = (what: string, known: Iterable<string>) => {
    const near = closestName(v, known);
    return out(`**Unknown ${what} ${v}**${near ? ` — did you mean **${near}**?` : ''}`);
  };
  if (key === 'spec.region') {
    const regions = regionsOf(facts);
    return regions.includes(v) ? out(regionDoc(facts, v)) : unknown('region', regions);
  }
  if (key === 'spec.placement.shard' || key === 'spec.routing.failoverShard') {
    const s = facts.shards.find((x) => x.name === v);
    if (!s) return unknown('shard', facts.shards.map((x) => x.name));
    let md = shardDoc(s, self);
    if (kind === 'Tenant') {
      const why = unfitReason(s, tenantDraft(text, name), self);
      md += why ? `\n\nDoes not fit this tenant: ${why}.` : '\n\nFits this tenant.';
    }
    return out(md);
  }
  if (key === 'spec.cluster') {
    const cl = facts.clusters.find((x) => x.name === v);
    if (!cl) return unknown('cluster', facts.clusters.map((x) => x.name));
    return out(`**Cluster ${cl.name}** — ${cl.region ?? '?'} · ${facts.shards.filter((s) => s.cluster === cl.name).length} shards`);
  }
  if (c.path[0] === 'spec' && c.path[1] === 'pools' && c.path.length === 3) {
    const p = facts.pools.find((x) => x.name === v);
    return p ? out(poolDoc(p)) : unknown('pool', facts.pools.map((x) => x.name));
  }
  if ((c.path[0] === 'spec' && c.path[1] === 'models' && typeof c.path[2] === 'number') || (c.path[1] === 'modelServers' && c.path[3] === 'model')) {
    const by = facts.shards.filter((s) => s.models?.includes(v)).map((s) => s.name);
    if (by.length === 0) return out(`**Model ${v}** — served by no shard`);
    return out(`**Model ${v}** — served by ${by.length} shard${by.length === 1 ? '' : 's'}: ${by.slice(0, 8).join(', ')}${by.length > 8 ? `, and ${by.length - 8} more` : ''}`);
  }
  return undefined;
}
