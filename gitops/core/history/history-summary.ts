import { readGantryTrailers, type GantryTrailers } from './gantry-trailers.ts';

/** One row of history as a person reads it. */
export interface HistorySummary {
  /** The message's first line. */
  subject: string;
  /** Gantry's trailers; absent for a commit Gantry did not write. */
  gantry?: GantryTrailers;
  /** The semantic summary from the trailers (`add tenant · tenants contoso · shards weu-1`), or the subject. */
  text: string;
}

const VERB: Record<string, string> = { add: 'added', remove: 'removed', edit: 'edited' };

/** `add-tenant` -> `tenant added`; other kinds (`revert`, `init`, `update`) as they are. */
export function describeChange(kind: string): string {
  const m = /^(add|remove|edit)-(.+)$/.exec(kind);
  return m ? `${m[2]!.replace(/-/g, ' ')} ${VERB[m[1]!]}` : kind;
}

function list(label: string, names: readonly string[], more: number): string | undefined {
  if (!names.length) return undefined;
  return `${label} ${names.join(', ')}${more ? ` +${more}` : ''}`;
}

/** The summary of a commit for its history row: from Gantry's trailers, else the plain subject. */
export function historySummary(message: string): HistorySummary {
  const subject = message.split('\n', 1)[0]!.trim();
  const gantry = readGantryTrailers(message);
  if (!gantry) return { subject, text: subject };
  const parts = [
    gantry.change.map(describeChange).join(', '),
    list(gantry.tenants.length + gantry.moreTenants === 1 ? 'tenant' : 'tenants', gantry.tenants, gantry.moreTenants),
    list(gantry.shards.length + gantry.moreShards === 1 ? 'shard' : 'shards', gantry.shards, gantry.moreShards),
  ].filter(Boolean);
  return { subject, gantry, text: parts.join(' · ') };
}
