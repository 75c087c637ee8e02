// Drift's rendered objects, read from the workspace's own render (WorkspaceService.renderOf(): the
// ModelRender that review, commit and drain use too, kept in step with the model incrementally), so
// the host renders the open workspace once however many readers it has. What drift keeps of its own
// is the parse of each rendered file, made only when its text changed: so the first view update
// after a tenant edit neither renders the workspace nor parses a cluster's ~1,850 files again.
import type { ParsedFile } from '../../../gitops/core/load/parse-file.ts';
import { changedParses, type ModelRender, type RenderChange } from '../../../gitops/core/render/model-render.ts';
import type { RenderedFiles } from '../../../gitops/core/render/renderer.ts';
import { parseRendered } from '../../../gitops/core/live/drift.ts';

/** How many rendered files drift has parsed so far (tests and the bench read it). */
export interface DriftRenderStats {
  parsed: number;
}

interface ParsedRendered {
  content: string;
  /** Parsed when its cluster's objects are first asked for after the text changed. */
  object?: unknown;
  parsed: boolean;
}

/** The rendered objects of each cluster of one workspace render (parsed once per text), for drift. */
export class DriftRender {
  readonly stats: DriftRenderStats = { parsed: 0 };
  /** Per cluster: rendered path -> its text and the object parsed from it (once asked for). */
  private parsed = new Map<string, Map<string, ParsedRendered>>();
  /** Per cluster: the objects in path order; dropped when one of its files changes. */
  private objects = new Map<string, readonly unknown[]>();
  /** The render's files whose text changed since drift last read it; 'all' after a render from scratch. */
  private dirty: Set<string> | 'all' = 'all';
  /** The model's parsed files when the render last failed: not tried again until one of them changes. */
  private failedAt: Map<string, ParsedFile> | undefined;

  constructor(private readonly render: ModelRender) {
    render.subscribe((change) => this.changed(change));
  }

  /** The rendered objects of `cluster` (files under rendered/<cluster>/ but its kustomization), or undefined while the workspace does not render. */
  objectsOf(cluster: string): readonly unknown[] | undefined {
    const files = this.update();
    if (!files) return undefined;
    let objects = this.objects.get(cluster);
    if (!objects) {
      const entries = this.parsed.get(cluster);
      const paths = entries ? [...entries.keys()].sort() : [];
      objects = paths.map((p) => this.parse(entries!.get(p)!));
      this.objects.set(cluster, objects);
    }
    return objects;
  }

  /**
   * Parses `cluster`'s rendered files ahead, about `sliceMs` at a time with `pause()` between slices
   * (the host calls it when the cluster connects, while its lists are on the way), so that the first
   * view update with drift does not parse ~1,850 files in one block. Call it once the workspace's
   * render is made (WorkspaceService.renderedAhead), or the first slice renders it. A change meanwhile
   * is picked up by the next slice; `pause()` rejecting (workspace closed) stops it.
   */
  async prepare(cluster: string, pause: () => Promise<void>, sliceMs = 12): Promise<void> {
    for (;;) {
      if (!this.update()) return;
      const todo = [...(this.parsed.get(cluster)?.values() ?? [])].filter((f) => !f.parsed);
      const start = performance.now();
      let i = 0;
      // At least one file per slice, then more while the slice lasts.
      while (i < todo.length && (i === 0 || performance.now() - start < sliceMs)) this.parse(todo[i++]!);
      if (i === todo.length) return;
      await pause();
    }
  }

  private parse(f: ParsedRendered): unknown {
    if (!f.parsed) {
      this.stats.parsed++;
      f.object = parseRendered(f.content);
      f.parsed = true;
    }
    return f.object;
  }

  private changed(change: RenderChange): void {
    if (change === 'all' || this.dirty === 'all') this.dirty = 'all';
    else for (const path of change.keys()) this.dirty.add(path);
  }

  /** Brings the workspace's render in step with the model and drift's parses in step with the render; undefined while it does not render. */
  private update(): RenderedFiles | undefined {
    const model = this.render.model;
    // A workspace that does not render (errors): no drift, and no render again until a spec file changes.
    if (this.failedAt && changedParses(this.failedAt, model.files).length === 0) return undefined;
    let files: RenderedFiles;
    try {
      files = this.render.rendered();
    } catch {
      this.failedAt = new Map(model.files);
      return undefined;
    }
    this.failedAt = undefined;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (dirty === 'all') {
      // Keep the parses of files whose text did not change (a render from scratch changes few).
      const old = this.parsed;
      this.parsed = new Map();
      this.objects.clear();
      for (const [path, content] of files) {
        const cluster = clusterOf(path);
        if (!cluster) continue;
        const prev = old.get(cluster)?.get(path);
        this.put(cluster, path, prev && prev.content === content ? prev : { content, parsed: false });
      }
    } else {
      for (const path of dirty) this.apply(path, files.get(path) ?? null);
    }
    return files;
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
