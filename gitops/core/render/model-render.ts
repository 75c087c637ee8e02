import type { ParsedFile } from '../load/parse-file.ts';
import type { WorkspaceModel } from '../model/workspace-model.ts';
import { Renderer, type RenderedFiles, type SpecChanges } from './renderer.ts';

/** A spec file whose parse differs between two versions of a workspace (undefined: absent on that side). */
export interface SpecFileChange {
  before: ParsedFile | undefined;
  after: ParsedFile | undefined;
}

/**
 * What a Renderer must do for these spec file changes: tenants and shards by name (both sides of a
 * rename), routing policies as one flag; gantry.yaml, clusters or anything else renders everything.
 * Resource pools change no rendered file.
 */
export function specChanges(changes: Iterable<SpecFileChange>): SpecChanges {
  const tenants = new Set<string>();
  const shards = new Set<string>();
  let policies = false;
  for (const c of changes) {
    for (const pf of [c.before, c.after]) {
      if (!pf) continue;
      if (pf.kind === 'Tenant') tenants.add(pf.name);
      else if (pf.kind === 'Shard') shards.add(pf.name);
      else if (pf.kind === 'RoutingPolicy') policies = true;
      else if (pf.kind !== 'ResourcePool') return { all: true };
    }
  }
  return { tenants, shards, policies };
}

/** The spec files whose parse differs between two maps of parsed files (by identity: a model replaces a file's parse when its text changes). */
export function changedParses(before: ReadonlyMap<string, ParsedFile>, after: ReadonlyMap<string, ParsedFile>): SpecFileChange[] {
  const out: SpecFileChange[] = [];
  for (const [p, pf] of after) if (before.get(p) !== pf) out.push({ before: before.get(p), after: pf });
  for (const [p, pf] of before) if (!after.has(p)) out.push({ before: pf, after: undefined });
  return out;
}

/** What a render changed: the files whose text changed (null: gone), or 'all' after a render from scratch. */
export type RenderChange = ReadonlyMap<string, string | null> | 'all';

/** How a ModelRender got in step, for tests and benches. */
export interface ModelRenderStats {
  renderAll: number;
  rerender: number;
}

/**
 * The render of one WorkspaceModel, kept up to date as the model changes: the first call renders
 * everything, later ones re-render only what the spec files parsed anew since then touch. Its output
 * always equals `new Renderer(model).renderAll()` (same paths, same bytes; a test checks it after
 * edits of every kind).
 */
export class ModelRender {
  readonly stats: ModelRenderStats = { renderAll: 0, rerender: 0 };
  private renderer: Renderer | undefined;
  /** The model's parsed files when last rendered. */
  private seen = new Map<string, ParsedFile>();
  /** A full render going on in steps (warm), with the model's files when it started. */
  private pending: { renderer: Renderer; steps: Generator<void, void, void>; seen: Map<string, ParsedFile>; done: Promise<void> } | undefined;
  private listeners = new Set<(change: RenderChange) => void>();

  constructor(readonly model: WorkspaceModel) {}

  /**
   * Renders ahead, a slice of about `sliceMs` at a time with `pause()` between slices (the host
   * passes a turn of its event loop), so requests keep being served meanwhile and the first
   * `rendered()` after it costs only what changed since. A `rendered()` call before the end finishes
   * the remaining steps at once. Resolves when the render is in place.
   */
  warm(pause: () => Promise<void>, sliceMs = 12): Promise<void> {
    if (this.renderer) return Promise.resolve();
    if (this.pending) return this.pending.done;
    const renderer = new Renderer(this.model);
    const pending = { renderer, steps: renderer.renderSteps(20), seen: new Map(this.model.files), done: Promise.resolve() };
    this.pending = pending;
    pending.done = (async () => {
      try {
        while (this.pending === pending) {
          const start = performance.now();
          // At least one step per slice, then more while the slice lasts.
          do {
            if (pending.steps.next().done) {
              this.adopt(pending);
              return;
            }
          } while (performance.now() - start < sliceMs);
          await pause();
        }
      } catch {
        // A render that fails now fails again in rendered(), where the caller hears of it.
        if (this.pending === pending) this.pending = undefined;
      }
    })();
    return pending.done;
  }

  private adopt(p: NonNullable<ModelRender['pending']>): void {
    this.pending = undefined;
    this.renderer = p.renderer;
    this.seen = p.seen;
    this.stats.renderAll++;
    this.tell('all');
  }

  /**
   * Calls `listener` each time the render changes (in the call that brings it in step), with the
   * files whose text changed, so that a reader keeping something per rendered file (drift's parsed
   * objects) updates only those. Returns the function that stops it.
   */
  subscribe(listener: (change: RenderChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(change: RenderChange): void {
    if (change !== 'all' && change.size === 0) return;
    for (const l of this.listeners) l(change);
  }

  /** The render of the model as it is now (the map is the renderer's own: do not change it). */
  rendered(): RenderedFiles {
    const files = this.model.files;
    const p = this.pending;
    if (p && !this.renderer) {
      try {
        while (!p.steps.next().done);
      } catch (err) {
        this.pending = undefined;
        throw err;
      }
      this.adopt(p);
    }
    if (!this.renderer) {
      const r = new Renderer(this.model);
      this.stats.renderAll++;
      r.renderAll();
      this.renderer = r;
      this.seen = new Map(files);
      this.tell('all');
      return r.current();
    }
    const changes = changedParses(this.seen, files);
    if (changes.length === 0) return this.renderer.current();
    this.seen = new Map(files);
    let changed;
    try {
      this.stats.rerender++;
      changed = this.renderer.rerender(specChanges(changes));
    } catch (err) {
      // Start again from scratch next time rather than keep a half-updated render.
      this.renderer = undefined;
      throw err;
    }
    this.tell(changed);
    return this.renderer.current();
  }

  /**
   * The render of `other`, a model that shares most parsed files with this one (the same objects),
   * derived from this render: only the files whose parse differs are rendered again.
   */
  derive(other: WorkspaceModel): { renderer: Renderer; rendered: RenderedFiles } {
    this.rendered();
    const renderer = this.renderer!.fork(other);
    renderer.rerender(specChanges(changedParses(this.model.files, other.files)));
    return { renderer, rendered: renderer.current() };
  }
}
