/** Severity of a validation finding. Errors block render and commit; warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * Rule codes. The first block is the fixed contract of SPEC-FORMAT.md; the rest are additions
 * (allowed by the contract) for mistakes the fixed codes do not name.
 */
export const RULE_CODES = {
  'yaml.syntax': 'error',
  'schema.invalid': 'error',
  'name.mismatch': 'error',
  'name.duplicate': 'error',
  'ref.missing': 'error',
  'shard.capacity.exceeded': 'error',
  'shard.capacity.threshold': 'warning',
  'pool.limit.exceeded': 'error',
  'pool.limit.threshold': 'warning',
  'placement.region': 'error',
  'placement.tenancy': 'error',
  'placement.state': 'warning',
  'placement.gpuType': 'error',
  'model.unserved': 'error',
  'failover.self': 'error',
  'zones.single': 'warning',
  'rendered.stale': 'error',
  // Additions.
  'ref.type': 'error',
  'pool.region': 'error',
  'shard.region': 'error',
  'bootstrap.git': 'warning',
  'path.symlink': 'error',
  'failover.unavailable': 'warning',
  'failover.cycle': 'warning',
  'failover.capacity': 'warning',
  'region.full': 'warning',
  'region.unknown': 'warning',
} as const satisfies Record<string, Severity>;

export type RuleCode = keyof typeof RULE_CODES;

/** One problem found in a workspace: where it is and what to do about it. */
export interface Finding {
  code: RuleCode;
  severity: Severity;
  /** Repository-relative, `/`-separated. */
  file: string;
  /** Dotted path inside the document (`spec.quotas.gpus`, `spec.models[0]`); empty for the whole file. */
  path: string;
  /** A sentence that says what is wrong and what to do. */
  message: string;
  /** 1-based line of `path` in `file`, when known. */
  line?: number;
  /** 1-based column of `path` in `file`, when known. */
  column?: number;
}

/** Counts of findings by severity. */
export interface FindingCounts {
  errors: number;
  warnings: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}

/** Stable order: file, then line, then code, then path. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
