import type { SpecContent } from '../load/decode.ts';
import type { Finding } from '../../../shared/findings.ts';
import { SPEC_KINDS, WORKSPACE_FILE, kindOfPath, type AnyKind, type SpecKind } from '../../../shared/kinds.ts';
import { parseSpecFile, type ParsedFile } from '../load/parse-file.ts';
import { workspaceSpec, type SpecOf, type WorkspaceSpec } from '../schema/specs.ts';

/** A parsed object of one kind whose spec is valid. */
export type Obj<K extends AnyKind> = ParsedFile<K> & { spec: SpecOf[K] };

export const DEFAULT_CONFIG: WorkspaceSpec = workspaceSpec.parse({});

type IndexKey = 'tenantsByShard' | 'tenantsByPool' | 'shardsByCluster' | 'shardsByFailover' | 'shardsByOwner';

/**
 * A workspace in memory: every spec file parsed on its own, plus the name and reference indexes
 * the rules need. Files are replaced one at a time, so an edit costs one parse and index update.
 */
export class WorkspaceModel {
  readonly files = new Map<string, ParsedFile>();
  private readonly byName = new Map<AnyKind, Map<string, ParsedFile[]>>();
  private readonly refs: Record<IndexKey, Map<string, Set<string>>> = {
    tenantsByShard: new Map(),
    tenantsByPool: new Map(),
    shardsByCluster: new Map(),
    shardsByFailover: new Map(),
    shardsByOwner: new Map(),
  };

  constructor() {
    for (const k of [...SPEC_KINDS, 'Workspace' as const]) this.byName.set(k, new Map());
  }

  /** Builds a model from files parsed elsewhere (e.g. in worker threads). */
  static fromParsed(parsed: Iterable<ParsedFile>): WorkspaceModel {
    const m = new WorkspaceModel();
    for (const pf of parsed) m.put(pf);
    return m;
  }

  /** Builds a model from repository-relative paths and their contents; non-spec paths are skipped. */
  /**
   * Findings about the repository's layout rather than one spec file (a spec folder or rendered/
   * that is a symbolic link), set by whoever read the files from disk.
   */
  layout: Finding[] = [];

  static fromFiles(entries: Iterable<readonly [string, SpecContent]>): WorkspaceModel {
    const m = new WorkspaceModel();
    for (const [file, content] of entries) {
      const kind = kindOfPath(file);
      if (kind) m.put(parseSpecFile(file, kind, content));
    }
    return m;
  }

  /** The workspace settings (defaults when gantry.yaml is missing or invalid). */
  get config(): WorkspaceSpec {
    const ws = this.files.get(WORKSPACE_FILE);
    return (ws?.spec as WorkspaceSpec | undefined) ?? DEFAULT_CONFIG;
  }

  /** Parses `content` as `file` and replaces what the model held for it. Returns the old parse. */
  setFile(file: string, content: SpecContent): { before: ParsedFile | undefined; after: ParsedFile | undefined } {
    const kind = kindOfPath(file);
    const before = this.files.get(file);
    if (before) this.remove(before);
    if (!kind) return { before, after: undefined };
    const after = parseSpecFile(file, kind, content);
    this.put(after);
    return { before, after };
  }

  deleteFile(file: string): ParsedFile | undefined {
    const before = this.files.get(file);
    if (before) this.remove(before);
    return before;
  }

  /** All files holding an object of `kind` named `name` (more than one is a duplicate). */
  named(kind: AnyKind, name: string): readonly ParsedFile[] {
    return this.byName.get(kind)?.get(name) ?? [];
  }

  /** The names of `kind` in the model, each once (without listing every file). */
  names(kind: AnyKind): IterableIterator<string> {
    return (this.byName.get(kind) ?? new Map<string, readonly ParsedFile[]>()).keys();
  }

  /** The object of `kind` named `name`: the first by path when duplicated. */
  get<K extends SpecKind>(kind: K, name: string): ParsedFile<K> | undefined {
    return this.named(kind, name)[0] as ParsedFile<K> | undefined;
  }

  /** The valid object of `kind` named `name`, or undefined. */
  valid<K extends SpecKind>(kind: K, name: string): Obj<K> | undefined {
    const pf = this.get(kind, name);
    return pf?.spec !== undefined ? (pf as Obj<K>) : undefined;
  }

  /** Every parsed file of `kind`, sorted by path. */
  list<K extends AnyKind>(kind: K): ParsedFile<K>[] {
    const out: ParsedFile<K>[] = [];
    for (const pf of this.files.values()) if (pf.kind === kind) out.push(pf as ParsedFile<K>);
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** Every object of `kind` whose spec is valid, sorted by name then path. */
  objects<K extends AnyKind>(kind: K): Obj<K>[] {
    return this.list(kind)
      .filter((pf): pf is Obj<K> => pf.spec !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.file < b.file ? -1 : 1));
  }

  /** Files that reference `name` through the index `key`. */
  referrers(key: IndexKey, name: string): ReadonlySet<string> {
    return this.refs[key].get(name) ?? EMPTY;
  }

  private put(pf: ParsedFile): void {
    this.files.set(pf.file, pf);
    const names = this.byName.get(pf.kind)!;
    const list = names.get(pf.name);
    if (list) {
      list.push(pf);
      list.sort((a, b) => (a.file < b.file ? -1 : 1));
    } else {
      names.set(pf.name, [pf]);
    }
    for (const [key, target] of refsOf(pf)) addTo(this.refs[key], target, pf.file);
  }

  private remove(pf: ParsedFile): void {
    this.files.delete(pf.file);
    const names = this.byName.get(pf.kind)!;
    const list = names.get(pf.name);
    if (list) {
      const rest = list.filter((x) => x.file !== pf.file);
      if (rest.length) names.set(pf.name, rest);
      else names.delete(pf.name);
    }
    for (const [key, target] of refsOf(pf)) this.refs[key].get(target)?.delete(pf.file);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(map: Map<string, Set<string>>, key: string, file: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(file);
}

/** The references a parsed object makes, as (index, target name) pairs. */
export function refsOf(pf: ParsedFile): Array<[IndexKey, string]> {
  const out: Array<[IndexKey, string]> = [];
  if (pf.spec === undefined) return out;
  if (pf.kind === 'Tenant') {
    const t = pf.spec as SpecOf['Tenant'];
    out.push(['tenantsByShard', t.placement.shard]);
    for (const pool of Object.values(t.pools ?? {})) out.push(['tenantsByPool', pool]);
  } else if (pf.kind === 'Shard') {
    const s = pf.spec as SpecOf['Shard'];
    out.push(['shardsByCluster', s.cluster]);
    if (s.routing?.failoverShard) out.push(['shardsByFailover', s.routing.failoverShard]);
    if (s.owner) out.push(['shardsByOwner', s.owner]);
  }
  return out;
}
