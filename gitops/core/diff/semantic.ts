import type { AnyKind } from '../../../shared/kinds.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import type { SpecOf } from '../schema/specs.ts';

/** One fact a reviewer cares about, e.g. `tenant acme: tier shared -> dedicated`. */
export interface SemanticChange {
  kind: AnyKind;
  name: string;
  /** The fact without its subject: `tier shared -> dedicated`. */
  change: string;
  /** A consequence of other edits (GPUs placed on a shard, tenants in a pool), not an edit itself. */
  derived?: boolean;
  /** The whole line: `tenant acme: tier shared -> dedicated`. */
  text: string;
}

const NOUN: Record<AnyKind, string> = {
  Tenant: 'tenant',
  Shard: 'shard',
  ResourcePool: 'pool',
  Cluster: 'cluster',
  RoutingPolicy: 'routing policy',
  Workspace: 'workspace',
};

const ORDER: AnyKind[] = ['Tenant', 'Shard', 'ResourcePool', 'Cluster', 'RoutingPolicy', 'Workspace'];

type Flat = Map<string, string>;

/** Flattens a spec to dotted paths; lists of scalars become one value, lists of named objects are keyed by name. */
export function flattenSpec(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      out.set(prefix, value.map(String).join(', '));
      return out;
    }
    value.forEach((v, i) => {
      const key = v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string' ? (v as { name: string }).name : String(i);
      flattenSpec(v, `${prefix}[${key}]`, out);
    });
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenSpec(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  if (value !== undefined) out.set(prefix, String(value));
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The field-by-field changes of two specs, skipping `handled` paths (and everything under them). */
function genericChanges(before: unknown, after: unknown, handled: readonly string[]): string[] {
  const a = flattenSpec(before);
  const b = flattenSpec(after);
  const skip = (p: string) => handled.some((h) => p === h || p.startsWith(`${h}.`) || p.startsWith(`${h}[`));
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !skip(k)).sort();
  const out: string[] = [];
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === y) continue;
    if (x === undefined) out.push(`${k} set to ${y}`);
    else if (y === undefined) out.push(`${k} ${x} removed`);
    else out.push(`${k} ${x} -> ${y}`);
  }
  return out;
}

function arrow(label: string, x: unknown, y: unknown, suffix = ''): string | undefined {
  if (x === y) return undefined;
  return `${label} ${String(x ?? 'none')}${suffix} -> ${String(y ?? 'none')}${suffix}`;
}

function tenantChanges(a: SpecOf['Tenant'], b: SpecOf['Tenant']): string[] {
  const out: Array<string | undefined> = [
    arrow('tier', a.tier, b.tier),
    a.placement.shard !== b.placement.shard ? `moved ${a.placement.shard} -> ${b.placement.shard}` : undefined,
    arrow('plan', a.plan, b.plan),
    arrow('GPUs', a.quotas.gpus, b.quotas.gpus),
    arrow('region', a.region, b.region),
  ];
  const ma = a.models.join(', ');
  const mb = b.models.join(', ');
  if (ma !== mb) out.push(`models ${ma || 'none'} -> ${mb || 'none'}`);
  const pa = a.pools ?? {};
  const pb = b.pools ?? {};
  for (const type of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    const x = pa[type];
    const y = pb[type];
    if (x === y) continue;
    if (x === undefined) out.push(`${type} pool added: ${y}`);
    else if (y === undefined) out.push(`${type} pool removed: ${x}`);
    else out.push(`${type} pool ${x} -> ${y}`);
  }
  out.push(...genericChanges(a, b, ['tier', 'placement.shard', 'plan', 'quotas.gpus', 'region', 'models', 'pools']));
  return out.filter((x): x is string => x !== undefined);
}

function shardChanges(a: SpecOf['Shard'], b: SpecOf['Shard']): string[] {
  const out: Array<string | undefined> = [
    arrow('state', a.state, b.state),
    a.capacity.gpus !== b.capacity.gpus ? `capacity ${a.capacity.gpus} -> ${plural(b.capacity.gpus, 'GPU')}` : undefined,
    arrow('tenancy', a.tenancy, b.tenancy),
    arrow('cluster', a.cluster, b.cluster),
  ];
  const servers = (s: SpecOf['Shard']) => new Map(s.modelServers.map((m) => [m.name, m]));
  const sa = servers(a);
  const sb = servers(b);
  for (const [name, m] of sb) if (!sa.has(name)) out.push(`model server ${name} added (${m.model} on ${m.runtime}, ${m.replicas.min}-${m.replicas.max} replicas)`);
  for (const name of sa.keys()) if (!sb.has(name)) out.push(`model server ${name} removed`);
  for (const [name, m] of sb) {
    const old = sa.get(name);
    if (old && (old.replicas.min !== m.replicas.min || old.replicas.max !== m.replicas.max)) {
      out.push(`model server ${name}: replicas ${old.replicas.min}-${old.replicas.max} -> ${m.replicas.min}-${m.replicas.max}`);
    }
  }
  const keep = (s: SpecOf['Shard']) => ({ ...s, modelServers: s.modelServers.filter((m) => sa.has(m.name) && sb.has(m.name)) });
  out.push(
    ...genericChanges(keep(a), keep(b), ['state', 'capacity.gpus', 'tenancy', 'cluster']).filter(
      (line) => !/^modelServers\[[^\]]+\]\.replicas\.(min|max) /.test(line),
    ),
  );
  return out.filter((x): x is string => x !== undefined);
}

function added(kind: AnyKind, o: Obj<AnyKind>): string {
  switch (kind) {
    case 'Tenant': {
      const t = o.spec as SpecOf['Tenant'];
      return `added on ${t.placement.shard} (${plural(t.quotas.gpus, 'GPU')}, ${t.plan})`;
    }
    case 'Shard': {
      const s = o.spec as SpecOf['Shard'];
      return `added on ${s.cluster} (${plural(s.capacity.gpus, 'GPU')}, ${s.tenancy})`;
    }
    case 'ResourcePool': {
      const p = o.spec as SpecOf['ResourcePool'];
      return `added in ${p.region} (${p.type}, limit ${p.limit})`;
    }
    case 'Cluster': {
      const c = o.spec as SpecOf['Cluster'];
      return `added in ${c.region} (${c.provider}, ${c.gitops})`;
    }
    default:
      return 'added';
  }
}

function removed(kind: AnyKind, o: Obj<AnyKind>): string {
  if (kind === 'Tenant') return `removed from ${(o.spec as SpecOf['Tenant']).placement.shard}`;
  return 'removed';
}

type TenantSpec = SpecOf['Tenant'];

/**
 * The tenants to count on one side. A tenant whose spec is invalid on this side but valid on the
 * other counts as on the other side, so a typo shows up once ("has errors"), not as GPUs and pool
 * seats that seem to vanish.
 */
function effectiveTenants(m: WorkspaceModel, other: WorkspaceModel): TenantSpec[] {
  const out: TenantSpec[] = m.objects('Tenant').map((t) => t.spec);
  const valid = new Set(m.objects('Tenant').map((t) => t.name));
  for (const pf of m.list('Tenant')) {
    if (pf.spec !== undefined || valid.has(pf.name)) continue;
    const there = other.valid('Tenant', pf.name);
    if (there) out.push(there.spec);
  }
  return out;
}

function gpusPlaced(tenants: readonly TenantSpec[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tenants) out.set(t.placement.shard, (out.get(t.placement.shard) ?? 0) + t.quotas.gpus);
  return out;
}

function poolTenants(tenants: readonly TenantSpec[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tenants) {
    for (const pool of new Set(Object.values(t.pools ?? {}))) out.set(pool, (out.get(pool) ?? 0) + 1);
  }
  return out;
}

function byName<K extends AnyKind>(m: WorkspaceModel, kind: K): Map<string, Obj<K>> {
  const out = new Map<string, Obj<K>>();
  for (const o of m.objects(kind)) if (!out.has(o.name)) out.set(o.name, o);
  return out;
}

/**
 * What changed between two versions of a workspace, in the words a reviewer uses: per object,
 * its edits (tier, placement, plan, GPUs, state, capacity, any other field), then derived facts
 * (GPUs placed on a shard, tenants in a pool). Deterministic order: tenants, shards, pools,
 * clusters, routing policies, workspace; by name within a kind.
 */
export function semanticDiff(before: WorkspaceModel, after: WorkspaceModel): SemanticChange[] {
  const out: SemanticChange[] = [];
  const push = (kind: AnyKind, name: string, change: string, derived = false) =>
    out.push({ kind, name, change, ...(derived ? { derived } : {}), text: `${NOUN[kind]} ${name}: ${change}` });
  const tenantsA = effectiveTenants(before, after);
  const tenantsB = effectiveTenants(after, before);
  const placedA = gpusPlaced(tenantsA);
  const placedB = gpusPlaced(tenantsB);
  const poolsA = poolTenants(tenantsA);
  const poolsB = poolTenants(tenantsB);
  for (const kind of ORDER) {
    const a = byName(before, kind);
    const b = byName(after, kind);
    const invalidAfter = new Set(after.list(kind).filter((pf) => pf.spec === undefined).map((pf) => pf.name));
    const names = [...new Set([...a.keys(), ...b.keys(), ...invalidAfter])].sort();
    for (const name of names) {
      const x = a.get(name);
      const y = b.get(name);
      if (!y && invalidAfter.has(name)) {
        const textBefore = before.list(kind).find((pf) => pf.name === name)?.text;
        const textAfter = after.list(kind).find((pf) => pf.name === name)?.text;
        if (textBefore !== textAfter) push(kind, name, 'has errors (fix them before committing)');
        continue;
      }
      if (!x && y) push(kind, name, added(kind, y));
      else if (x && !y) push(kind, name, removed(kind, x));
      // The same parsed file on both sides (a model derived from the other shares what did not change): no edits.
      else if (x && y && x !== y) {
        const lines =
          kind === 'Tenant'
            ? tenantChanges(x.spec as SpecOf['Tenant'], y.spec as SpecOf['Tenant'])
            : kind === 'Shard'
              ? shardChanges(x.spec as SpecOf['Shard'], y.spec as SpecOf['Shard'])
              : genericChanges(x.spec, y.spec, []);
        for (const l of lines) push(kind, name, l);
      }
      if (kind === 'Shard' && x && y) {
        const capA = (x.spec as SpecOf['Shard']).capacity.gpus;
        const capB = (y.spec as SpecOf['Shard']).capacity.gpus;
        const pa = placedA.get(name) ?? 0;
        const pb = placedB.get(name) ?? 0;
        if (pa !== pb || capA !== capB) push(kind, name, `GPUs placed ${pa}/${capA} -> ${pb}/${capB}`, true);
      }
      if (kind === 'ResourcePool' && x && y) {
        const la = (x.spec as SpecOf['ResourcePool']).limit;
        const lb = (y.spec as SpecOf['ResourcePool']).limit;
        const ca = poolsA.get(name) ?? 0;
        const cb = poolsB.get(name) ?? 0;
        if (ca !== cb || la !== lb) push(kind, name, `tenants ${ca}/${la} -> ${cb}/${lb}`, true);
      }
    }
  }
  return out;
}

/** The summary as lines of text. */
export function formatSemanticDiff(changes: readonly SemanticChange[]): string[] {
  return changes.map((c) => c.text);
}
