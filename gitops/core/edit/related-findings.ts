import { parseDocument } from 'yaml';
import type { Finding, RuleCode } from '../../../shared/findings.ts';
import { lineColumn, offsetOfPath, quickOffsetOfPath, type PathSegments } from '../load/yaml-path.ts';

/** A finding of another object that the edited object causes, shown on the edited object's field. */
export interface RelatedFinding extends Finding {
  /** Where the finding itself is (the shard or pool file), for "open it". */
  from: { file: string; line?: number };
}

/** What the edited tenant refers to, as read from its text (not as saved). */
export interface TenantRefs {
  shard?: string;
  /** `spec.quotas.gpus`: capacity findings show only when the tenant asks for GPUs. */
  gpus?: number;
  /** type -> pool name. */
  pools?: Record<string, string>;
}

/** Findings of a shard that a tenant's GPUs cause or add to. */
const SHARD_CODES: ReadonlySet<RuleCode> = new Set(['shard.capacity.exceeded', 'shard.capacity.threshold']);
/** Findings of a pool that each tenant in it adds to. */
const POOL_CODES: ReadonlySet<RuleCode> = new Set(['pool.limit.exceeded', 'pool.limit.threshold']);

/** Reads the references of a tenant document's plain values (`doc.toJS()`), ignoring anything malformed. */
export function tenantRefs(doc: Record<string, unknown> | undefined): TenantRefs {
  const spec = doc?.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return {};
  const out: TenantRefs = {};
  const placement = spec.placement as Record<string, unknown> | undefined;
  if (placement && typeof placement.shard === 'string') out.shard = placement.shard;
  const quotas = spec.quotas as Record<string, unknown> | undefined;
  if (quotas && typeof quotas.gpus === 'number') out.gpus = quotas.gpus;
  if (spec.pools && typeof spec.pools === 'object' && !Array.isArray(spec.pools)) {
    const pools: Record<string, string> = {};
    for (const [type, name] of Object.entries(spec.pools)) if (typeof name === 'string') pools[type] = name;
    out.pools = pools;
  }
  return out;
}

/** 1-based line and column of `segments` in `text` (the deepest key that exists), or undefined. */
export function locatePath(text: string, segments: PathSegments): { line: number; column: number } | undefined {
  let offset = quickOffsetOfPath(text, segments);
  if (offset === undefined) {
    const doc = parseDocument(text);
    if (doc.errors.length === 0) offset = offsetOfPath(doc, segments);
  }
  return offset === undefined ? undefined : lineColumn(text, offset);
}

/**
 * The findings another object has because of the edited tenant: its shard over (or at the threshold
 * of) its GPU capacity, at the tenant's `spec.quotas.gpus`; a pool over its tenant limit, at the
 * tenant's `spec.pools.<type>`. `findings` are the workspace's (already computed with the unsaved
 * text, as the host validates drafts); `fileOf` finds the file of a shard or pool by name. The text
 * gives the lines, so a squiggle sits on the field in the YAML too.
 */
export function relatedFindings(
  tenantFile: string,
  text: string,
  refs: TenantRefs,
  findings: readonly Finding[],
  fileOf: (kind: 'Shard' | 'ResourcePool', name: string) => string | undefined,
): RelatedFinding[] {
  const out: RelatedFinding[] = [];
  const add = (f: Finding, path: PathSegments, pathText: string, lead: string) => {
    const at = locatePath(text, path);
    out.push({
      code: f.code,
      severity: f.severity,
      file: tenantFile,
      path: pathText,
      message: `${lead} ${f.message}`,
      ...(at ? { line: at.line, column: at.column } : {}),
      from: { file: f.file, ...(f.line !== undefined ? { line: f.line } : {}) },
    });
  };
  const shardFile = refs.shard !== undefined ? fileOf('Shard', refs.shard) : undefined;
  if (shardFile !== undefined && (refs.gpus ?? 0) > 0) {
    for (const f of findings) {
      if (f.file === shardFile && SHARD_CODES.has(f.code)) {
        add(f, ['spec', 'quotas', 'gpus'], 'spec.quotas.gpus', `With this tenant's ${refs.gpus} GPU${refs.gpus === 1 ? '' : 's'} (shard ${refs.shard}):`);
      }
    }
  }
  for (const [type, pool] of Object.entries(refs.pools ?? {})) {
    const poolFile = fileOf('ResourcePool', pool);
    if (poolFile === undefined) continue;
    for (const f of findings) {
      if (f.file === poolFile && POOL_CODES.has(f.code)) add(f, ['spec', 'pools', type], `spec.pools.${type}`, `With this tenant (pool ${pool}):`);
    }
  }
  return out;
}
