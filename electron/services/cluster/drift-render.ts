// Drift's rendered objects, kept up to date incrementally: one Renderer follows the open workspace
// (a changed tenant re-renders only its own files, its cluster's routing map and kustomization; any
// other change renders everything again), and each rendered file is parsed to objects only when its
// text changed. So the first view update after a tenant edit neither renders the workspace nor parses
// a cluster's ~1,850 files again.
import { parse } from 'yaml';
import type { ParsedFile } from '../../../gitops/core/load/parse-file.ts';
import type { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { Renderer } from '../../../gitops/core/render/renderer.ts';

/** What a call did, for tests and the bench: how many full renders, tenant re-renders and file parses so far. */
export interface DriftRenderStats {
  renderAll: number;
  rerenderTenant: number;
  parsed: number;
}

interface ParsedRendered {
  content: string;
  /** Parsed when its cluster's objects are first asked for after the text changed. */
  object?: unknown;
  parsed: boolean;
}

/** The rendered objects of each cluster of one workspace model (updated in place), for drift. */
export class DriftRender {
  readonly stats: DriftRenderStats = { renderAll: 0, rerenderTenant: 0, parsed: 0 };
  private renderer: Renderer | undefined;
  /** The model's parsed files when last rendered (by identity: the model replaces a file's parse when it changes). */
  private seen = new Map<string, ParsedFile>();
  /** Per cluster: rendered path -> its text and the object parsed from it (once asked for). */
  private parsed = new Map<string, Map<string, ParsedRendered>>();
  /** Per cluster: the objects in path order; dropped when one of its files changes. */
  private objects = new Map<string, readonly unknown[]>();
  private failed = false;

  constructor(private readonly model: WorkspaceModel) {}

  /** The rendered objects of `cluster` (files under rendered/<cluster>/ but its kustomization), or undefined while the workspace does not render. */
  objectsOf(cluster: string): readonly unknown[] | undefined {
    this.update();
    if (this.failed || !this.renderer) return undefined;
    let objects = this.objects.get(cluster);
    if (!objects) {
      const files = this.parsed.get(cluster);
      const paths = files ? [...files.keys()].sort() : [];
      objects = paths.map((p) => {
        const f = files!.get(p)!;
        if (!f.parsed) {
          this.stats.parsed++;
          f.object = parse(f.content);
          f.parsed = true;
        }
        return f.object;
      });
      this.objects.set(cluster, objects);
    }
    return objects;
  }

  /** Brings the render in step with the model: nothing when no spec file was parsed anew. */
  private update(): void {
    const before = this.seen;
    const files = this.model.files;
    const changed: Array<{ path: string; before: ParsedFile | undefined; after: ParsedFile | undefined }> = [];
    for (const [p, pf] of files) if (before.get(p) !== pf) changed.push({ path: p, before: before.get(p), after: pf });
    // Same size and no path parsed anew or added: none went away either.
    if (changed.length > 0 || before.size !== files.size) for (const [p, pf] of before) if (!files.has(p)) changed.push({ path: p, before: pf, after: undefined });
    // Nothing parsed anew since the last render (or the last failed one): nothing to do.
    if ((this.renderer || this.failed) && changed.length === 0) return;
    this.seen = new Map(files);
    try {
      if (this.renderer && !this.failed && changed.every((c) => (c.before ?? c.after)!.kind === 'Tenant' && (c.after ?? c.before)!.kind === 'Tenant')) {
        const names = new Set<string>();
        for (const c of changed) for (const pf of [c.before, c.after]) if (pf) names.add(pf.name);
        for (const name of names) {
          this.stats.rerenderTenant++;
          for (const [path, content] of this.renderer.rerenderTenant(name)) this.apply(path, content);
        }
      } else {
        this.renderer = new Renderer(this.model);
        this.stats.renderAll++;
        const files = this.renderer.renderAll();
        // Keep the parses of files whose text did not change (a Shard edit changes only its own).
        const old = this.parsed;
        this.parsed = new Map();
        this.objects.clear();
        for (const [path, content] of files) {
          const cluster = clusterOf(path);
          const prev = cluster ? old.get(cluster)?.get(path) : undefined;
          if (prev && prev.content === content) this.put(cluster!, path, prev);
          else this.apply(path, content);
        }
      }
      this.failed = false;
    } catch {
      // A workspace that does not render (errors): no drift until it renders again, from scratch.
      this.failed = true;
      this.renderer = undefined;
    }
  }

  /** Records one rendered file's new text (null: gone); it is parsed again (when asked) only when its text changed. */
  private apply(path: string, content: string | null): void {
    const cluster = clusterOf(path);
    if (!cluster) return;
    const files = this.parsed.get(cluster);
    if (content === null) {
      if (files?.delete(path)) this.objects.delete(cluster);
      return;
    }
    const prev = files?.get(path);
    if (prev && prev.content === content) return;
    this.put(cluster, path, { content, parsed: false });
  }

  private put(cluster: string, path: string, entry: ParsedRendered): void {
    let files = this.parsed.get(cluster);
    if (!files) this.parsed.set(cluster, (files = new Map()));
    files.set(path, entry);
    this.objects.delete(cluster);
  }
}

/** The cluster of a rendered file that drift compares (rendered/<cluster>/…, not its kustomization nor _bootstrap). */
function clusterOf(path: string): string | undefined {
  if (!path.startsWith('rendered/') || path.endsWith('/kustomization.yaml')) return undefined;
  const rest = path.slice('rendered/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const cluster = rest.slice(0, slash);
  return cluster === '_bootstrap' ? undefined : cluster;
}
