import type { SpecContent } from '../load/decode.ts';
import { compareFindings, countFindings, type Finding, type FindingCounts } from '../../../shared/findings.ts';
import { SPEC_KINDS, WORKSPACE_FILE, type AnyKind } from '../../../shared/kinds.ts';
import type { ParsedFile } from '../load/parse-file.ts';
import { refsOf, WorkspaceModel } from '../model/workspace-model.ts';
import { checkFile, clusterRegions } from './rules.ts';

/** What a validation run reports, in the shape of `gantry validate --format json`. */
export interface ValidationReport {
  ok: boolean;
  findings: Finding[];
  counts: FindingCounts & { objects: Record<string, number> };
}

/**
 * Validates a workspace and keeps the result, so that after one file changes only that file
 * and the files whose rules depend on it are checked again.
 */
export class Validator {
  private readonly ruleFindings = new Map<string, Finding[]>();

  constructor(readonly model: WorkspaceModel) {
    this.recheckAll();
  }

  /** Replaces one file's content and re-validates it and its neighbours; returns the files re-checked. */
  update(file: string, content: SpecContent): string[] {
    const regions = regionKey(this.model);
    const { before, after } = this.model.setFile(file, content);
    return this.recheck(file, before, after, regions);
  }

  /** Removes a file and re-validates its neighbours. */
  remove(file: string): string[] {
    const regions = regionKey(this.model);
    const before = this.model.deleteFile(file);
    return this.recheck(file, before, undefined, regions);
  }

  /** Every finding, in stable order. */
  findings(): Finding[] {
    const out: Finding[] = [...this.model.layout];
    for (const pf of this.model.files.values()) out.push(...pf.findings);
    for (const list of this.ruleFindings.values()) out.push(...list);
    return out.sort(compareFindings);
  }

  /** Findings of one file (its own parse and schema findings plus its rule findings). */
  findingsOf(file: string): Finding[] {
    const own = this.model.files.get(file)?.findings ?? [];
    const layout = this.model.layout.filter((f) => f.file === file);
    return [...layout, ...own, ...(this.ruleFindings.get(file) ?? [])].sort(compareFindings);
  }

  report(): ValidationReport {
    const findings = this.findings();
    const counts = countFindings(findings);
    const objects: Record<string, number> = {};
    for (const kind of SPEC_KINDS) objects[kind] = 0;
    for (const pf of this.model.files.values()) if (pf.kind !== 'Workspace') objects[pf.kind] = (objects[pf.kind] ?? 0) + 1;
    return { ok: counts.errors === 0, findings, counts: { ...counts, objects } };
  }

  private recheckAll(): void {
    this.ruleFindings.clear();
    for (const pf of this.model.files.values()) this.store(pf.file, checkFile(this.model, pf));
  }

  private recheck(file: string, before: ParsedFile | undefined, after: ParsedFile | undefined, regionsBefore: string): string[] {
    if (file === WORKSPACE_FILE) {
      this.recheckAll();
      return [...this.model.files.keys()];
    }
    const affected = new Set<string>([file]);
    for (const pf of [before, after]) if (pf) this.addNeighbours(pf, affected);
    this.addSuggestionNeighbours(before, after, regionsBefore, affected);
    if (before?.kind === 'Shard' || after?.kind === 'Shard') this.addRoutingNeighbours(before as ParsedFile<'Shard'> | undefined, after as ParsedFile<'Shard'> | undefined, affected);
    this.ruleFindings.delete(file);
    const done: string[] = [];
    for (const f of affected) {
      const pf = this.model.files.get(f);
      if (!pf) {
        this.ruleFindings.delete(f);
        continue;
      }
      this.store(f, checkFile(this.model, pf));
      done.push(f);
    }
    return done;
  }

  /** Files whose findings can change when `pf` appears, disappears or changes. */
  private addNeighbours(pf: ParsedFile, into: Set<string>): void {
    const m = this.model;
    const addNamed = (kind: AnyKind, name: string) => {
      for (const o of m.named(kind, name)) into.add(o.file);
    };
    addNamed(pf.kind, pf.name);
    const addAll = (set: Iterable<string>) => {
      for (const f of set) into.add(f);
    };
    for (const [key, target] of refsOf(pf)) {
      if (key === 'tenantsByShard') {
        addNamed('Shard', target);
        // failover.capacity of the shards failing over to it counts its free GPUs.
        addAll(m.referrers('shardsByFailover', target));
      }
      else if (key === 'tenantsByPool') addNamed('ResourcePool', target);
      else if (key === 'shardsByOwner') addNamed('Tenant', target);
    }
    switch (pf.kind) {
      case 'Tenant':
        addAll(m.referrers('shardsByOwner', pf.name));
        break;
      case 'Shard':
        addAll(m.referrers('tenantsByShard', pf.name));
        addAll(m.referrers('shardsByFailover', pf.name));
        break;
      case 'ResourcePool':
        addAll(m.referrers('tenantsByPool', pf.name));
        break;
      case 'Cluster':
        addAll(m.referrers('shardsByCluster', pf.name));
        if (m.files.has(WORKSPACE_FILE)) into.add(WORKSPACE_FILE);
        break;
      default:
        break;
    }
  }

  /**
   * The routing rules of other shards that a shard edit can change: every shard whose failover
   * chain passes it (failover.cycle), and, when its availability changed, the shared shards of its region
   * (region.full counts which of them can take tenants).
   */
  private addRoutingNeighbours(before: ParsedFile<'Shard'> | undefined, after: ParsedFile<'Shard'> | undefined, into: Set<string>): void {
    const m = this.model;
    // failover.cycle of every shard whose failover chain passes this one, when what the chain walk
    // reads of it (name, state, tenancy, failoverShard) changed: in a ring that is the whole ring.
    const walk = (pf: ParsedFile<'Shard'> | undefined) => pf?.spec && `${pf.name}\0${pf.spec.state}\0${pf.spec.tenancy}\0${pf.spec.routing?.failoverShard ?? ''}`;
    const queue = walk(before) === walk(after) && walk(after) ? [] : [before?.name, after?.name].filter((n): n is string => n !== undefined);
    const seen = new Set(queue);
    while (queue.length) {
      for (const file of m.referrers('shardsByFailover', queue.pop()!)) {
        into.add(file);
        const name = m.files.get(file)?.name;
        if (name !== undefined && !seen.has(name)) {
          seen.add(name);
          queue.push(name);
        }
      }
    }
    // region.full looks at the shared shards of a region and which of them are active.
    const shared = (pf: ParsedFile<'Shard'> | undefined) => (pf?.spec?.tenancy === 'shared' ? pf.spec : undefined);
    const a = shared(before);
    const b = shared(after);
    if (a?.region === b?.region && a?.state === b?.state) return;
    const regions = new Set([a?.region, b?.region].filter((r): r is string => r !== undefined));
    for (const s of m.list('Shard')) if (s.spec && regions.has(s.spec.region) && s.spec.tenancy === 'shared') into.add(s.file);
  }

  /**
   * Files whose "did you mean" or region.unknown can change: when a shard, cluster or pool name comes
   * or goes, every file with a ref.missing (its suggestion may change); when the set of cluster
   * regions changes, every tenant and pool (region.unknown).
   */
  private addSuggestionNeighbours(before: ParsedFile | undefined, after: ParsedFile | undefined, regionsBefore: string, into: Set<string>): void {
    const named = (pf: ParsedFile | undefined) => (pf && (pf.kind === 'Shard' || pf.kind === 'Cluster' || pf.kind === 'ResourcePool') ? `${pf.kind}\0${pf.name}` : '');
    if (named(before) !== named(after)) {
      for (const [f, list] of this.ruleFindings) if (list.some((x) => x.code === 'ref.missing')) into.add(f);
    }
    if (regionKey(this.model) !== regionsBefore) {
      for (const pf of this.model.files.values()) if (pf.kind === 'Tenant' || pf.kind === 'ResourcePool') into.add(pf.file);
    }
  }

  private store(file: string, findings: Finding[]): void {
    if (findings.length) this.ruleFindings.set(file, findings);
    else this.ruleFindings.delete(file);
  }
}

/** The cluster regions as one comparable string. */
function regionKey(m: WorkspaceModel): string {
  return [...clusterRegions(m)].sort().join('\0');
}

/** Validates files given as (path, content) pairs in one call. */
export function validateFiles(entries: Iterable<readonly [string, SpecContent]>): ValidationReport {
  return new Validator(WorkspaceModel.fromFiles(entries)).report();
}
