import type { AnyKind } from '../../../shared/kinds.ts';
import type { SemanticChange } from '../diff/semantic.ts';
import { endsWithTrailers, parseTrailers } from './trailers.ts';

/**
 * Gantry's commit trailers: what kind of change a commit is and which objects it touched, so that
 * history, the handoff report and `git log --format=%(trailers)` can read it back without
 * re-rendering anything.
 *
 *     Gantry-Change: add-tenant, edit-shard
 *     Gantry-Tenants: contoso
 *     Gantry-Shards: aks-weu-prod-1
 */
export const TRAILER_CHANGE = 'Gantry-Change';
export const TRAILER_TENANTS = 'Gantry-Tenants';
export const TRAILER_SHARDS = 'Gantry-Shards';

/** Names listed per trailer; more are counted (`(+12 more)`) so a 5,000-tenant change stays one short line. */
export const MAX_NAMES = 20;

const SLUG: Record<AnyKind, string> = {
  Tenant: 'tenant',
  Shard: 'shard',
  ResourcePool: 'pool',
  Cluster: 'cluster',
  RoutingPolicy: 'routing-policy',
  Workspace: 'workspace',
};

export interface GantryTrailers {
  /** Change kinds in order, e.g. `add-tenant`, `edit-shard`, `revert`, `init`; `update` when no spec object changed. */
  change: string[];
  tenants: string[];
  shards: string[];
  /** Names not listed because of MAX_NAMES. */
  moreTenants: number;
  moreShards: number;
}

function uniq<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/** The change kind of one line of a semantic summary: `add-tenant`, `remove-shard`, `edit-pool`... */
function kindOf(c: SemanticChange): string {
  const verb = c.change.startsWith('added') ? 'add' : c.change.startsWith('removed') ? 'remove' : 'edit';
  return `${verb}-${SLUG[c.kind]}`;
}

/**
 * The trailers of a commit with this semantic summary. Direct edits give the change kinds; every
 * tenant and shard named in the summary (a shard whose placed GPUs changed because a tenant moved
 * onto it included) is listed, then `alsoShards` (the shards the changed tenants are placed on) when
 * a tenant changed. `kinds` (e.g. `['revert']`) go first.
 */
export function gantryTrailers(summary: readonly SemanticChange[], kinds: readonly string[] = [], alsoShards: readonly string[] = []): GantryTrailers {
  const direct = summary.filter((c) => !c.derived);
  const change = uniq([...kinds, ...direct.map(kindOf)]);
  const tenants = uniq(summary.filter((c) => c.kind === 'Tenant').map((c) => c.name));
  const shards = uniq([...summary.filter((c) => c.kind === 'Shard').map((c) => c.name), ...(tenants.length ? alsoShards : [])]);
  return {
    change: change.length ? change : ['update'],
    tenants: tenants.slice(0, MAX_NAMES),
    shards: shards.slice(0, MAX_NAMES),
    moreTenants: Math.max(0, tenants.length - MAX_NAMES),
    moreShards: Math.max(0, shards.length - MAX_NAMES),
  };
}

function names(list: readonly string[], more: number): string {
  return `${list.join(', ')}${more ? ` (+${more} more)` : ''}`;
}

/** The trailer lines, `Key: value` (empty lists left out). */
export function formatGantryTrailers(t: GantryTrailers): string[] {
  const out = [`${TRAILER_CHANGE}: ${t.change.join(', ')}`];
  if (t.tenants.length) out.push(`${TRAILER_TENANTS}: ${names(t.tenants, t.moreTenants)}`);
  if (t.shards.length) out.push(`${TRAILER_SHARDS}: ${names(t.shards, t.moreShards)}`);
  return out;
}

const GANTRY_LINE = /^Gantry-(Change|Tenants|Shards)[ \t]*:/i;

/**
 * The message with Gantry's trailers at its end: joined to a trailer block the message already ends
 * with (`Signed-off-by:`), else as a paragraph of their own. Gantry trailers the person typed are
 * replaced, so a commit never carries two answers.
 */
export function withGantryTrailers(message: string, t: GantryTrailers): string {
  const kept = message
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((l) => !GANTRY_LINE.test(l))
    .join('\n')
    .replace(/\s+$/, '');
  const lines = formatGantryTrailers(t).join('\n');
  if (!kept) return `${lines}\n`;
  // The subject alone is never a trailer block (git's rule), so trailers after it need a blank line.
  const joins = kept.includes('\n\n') && endsWithTrailers(`${kept}\n`);
  return `${kept}\n${joins ? '' : '\n'}${lines}\n`;
}

function splitNames(value: string): { list: string[]; more: number } {
  const m = /\s*\(\+(\d+) more\)$/.exec(value);
  const body = m ? value.slice(0, m.index) : value;
  return { list: body.split(',').map((s) => s.trim()).filter(Boolean), more: m ? Number(m[1]) : 0 };
}

/** Gantry's trailers read back from a message, or undefined for a commit Gantry did not write. */
export function readGantryTrailers(message: string): GantryTrailers | undefined {
  const trailers = parseTrailers(message);
  const get = (key: string) => trailers.filter((t) => t.key.toLowerCase() === key.toLowerCase()).map((t) => t.value);
  const change = get(TRAILER_CHANGE);
  if (!change.length) return undefined;
  const tenants = splitNames(get(TRAILER_TENANTS).join(', '));
  const shards = splitNames(get(TRAILER_SHARDS).join(', '));
  return {
    change: uniq(change.flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean))),
    tenants: tenants.list,
    shards: shards.list,
    moreTenants: tenants.more,
    moreShards: shards.more,
  };
}
