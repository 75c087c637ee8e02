import { placedTenants } from '../model/capacity.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { bootstrapObjects, kustomization, systemObjects } from './cluster-objects.ts';
import { renderedPath, renderFile, type K8sObject } from './serialize.ts';
import { shardObjects } from './shard-objects.ts';
import { tenantObjects } from './tenant-objects.ts';

/** Rendered output: repository-relative path -> file content. */
export type RenderedFiles = Map<string, string>;

/** What changed in a workspace's specs since its last render, for `Renderer.rerender`. */
export interface SpecChanges {
  /** Tenants changed, added or gone (by name: before and after a rename, both). */
  tenants?: Iterable<string>;
  /** Shards changed, added or gone (by name). */
  shards?: Iterable<string>;
  /** A routing policy changed: every cluster's routing map is rendered again. */
  policies?: boolean;
  /** gantry.yaml, a cluster or a file of no known kind changed: everything is rendered again. */
  all?: boolean;
}

/**
 * Renders specs to `rendered/`. Keeps the last output, with an index of which tenant, shard and
 * cluster made each file, so that a change re-renders only what it touches: a tenant its own files;
 * a shard its own files and its tenants'; both their clusters' routing maps and kustomizations.
 */
export class Renderer {
  private files: RenderedFiles = new Map();
  /** Rendered paths by what made them: `tenant/<name>`, `shard/<name>` (cluster files are not indexed). */
  private owned = new Map<string, Set<string>>();
  /** The cluster each valid shard was rendered into (a shard may render no file of its own). */
  private shardCluster = new Map<string, string>();

  constructor(private readonly model: WorkspaceModel) {}

  /**
   * A renderer of `model` that starts from this one's output (copied), for a model that differs from
   * this renderer's in a few spec files: call `rerender` with those to bring it in step.
   */
  fork(model: WorkspaceModel): Renderer {
    const r = new Renderer(model);
    r.files = new Map(this.files);
    for (const [k, v] of this.owned) r.owned.set(k, new Set(v));
    r.shardCluster = new Map(this.shardCluster);
    return r;
  }

  /** Renders the whole workspace (deterministic: same specs, same bytes). */
  renderAll(): RenderedFiles {
    const steps = this.renderSteps();
    while (!steps.next().done);
    return this.files;
  }

  /**
   * renderAll in steps: yields after every `perStep` objects so a caller can let other work run in
   * between (the output is in place once the generator is done). A model changed meanwhile leaves a
   * mix of before and after: `rerender` what changed since the start to bring it in step.
   */
  *renderSteps(perStep = 100): Generator<void, void, void> {
    const m = this.model;
    const out: RenderedFiles = new Map();
    this.owned = new Map();
    this.shardCluster = new Map();
    const clusters = m.objects('Cluster');
    let n = 0;
    for (const cluster of clusters) this.renderCluster(cluster, out);
    yield;
    for (const shard of m.objects('Shard')) {
      this.emitShard(shard, out);
      if (++n % perStep === 0) yield;
    }
    for (const tenant of m.objects('Tenant')) {
      this.emitTenant(tenant, out);
      if (++n % perStep === 0) yield;
    }
    // Each cluster's kustomization lists its files: group the paths once rather than scan them per cluster.
    const byCluster = new Map<string, string[]>();
    for (const path of out.keys()) {
      const slash = path.indexOf('/', 9);
      if (slash < 0 || path.endsWith('/kustomization.yaml')) continue;
      const c = path.slice(9, slash);
      let list = byCluster.get(c);
      if (!list) byCluster.set(c, (list = []));
      list.push(path.slice(slash + 1));
    }
    for (const cluster of clusters) out.set(...this.kustomizationOf(cluster.name, byCluster.get(cluster.name) ?? []));
    this.files = sortMap(out);
  }

  /**
   * The current output without rendering again. After `rerender` it holds the same files and bytes
   * as `renderAll` would; files added since the last full render come last in its order.
   */
  current(): RenderedFiles {
    return this.files;
  }

  /**
   * Re-renders after tenant `name` changed (or appeared, or went away). Returns the files whose
   * content changed, with `null` for files that no longer exist.
   */
  rerenderTenant(name: string): Map<string, string | null> {
    return this.rerender({ tenants: [name] });
  }

  /**
   * Re-renders what `changes` touch (see SpecChanges) and returns the files whose content changed,
   * with `null` for files that no longer exist.
   */
  rerender(changes: SpecChanges): Map<string, string | null> {
    const m = this.model;
    const changed = new Map<string, string | null>();
    if (changes.all) {
      const before = this.files;
      const after = this.renderAll();
      for (const [path, content] of after) if (before.get(path) !== content) changed.set(path, content);
      for (const path of before.keys()) if (!after.has(path)) changed.set(path, null);
      return changed;
    }
    const touchedClusters = new Set<string>();
    // The files before this re-render: one rendered again with the same bytes is not a change.
    const previous = new Map<string, string>();
    const take = (owner: string) => {
      for (const path of this.owned.get(owner) ?? []) {
        const content = this.files.get(path);
        if (content === undefined) continue;
        previous.set(path, content);
        this.files.delete(path);
        changed.set(path, null);
        touchedClusters.add(path.split('/')[1]!);
      }
      this.owned.delete(owner);
    };
    const put = (fresh: RenderedFiles) => {
      for (const [path, content] of fresh) {
        touchedClusters.add(path.split('/')[1]!);
        this.setChanged(path, content, changed, previous.get(path));
      }
    };
    const tenants = new Set(changes.tenants ?? []);
    for (const name of new Set(changes.shards ?? [])) {
      take(`shard/${name}`);
      const was = this.shardCluster.get(name);
      if (was !== undefined) touchedClusters.add(was);
      this.shardCluster.delete(name);
      const s = m.valid('Shard', name);
      if (s) {
        const fresh: RenderedFiles = new Map();
        this.emitShard(s, fresh);
        put(fresh);
        const now = this.shardCluster.get(name);
        if (now !== undefined) touchedClusters.add(now);
      }
      // Its tenants render only while it is valid and on a valid cluster: render them again too.
      for (const file of m.referrers('tenantsByShard', name)) {
        const t = m.files.get(file);
        if (t) tenants.add(t.name);
      }
    }
    for (const name of tenants) {
      take(`tenant/${name}`);
      const t = m.valid('Tenant', name);
      if (t) {
        const fresh: RenderedFiles = new Map();
        this.emitTenant(t, fresh);
        put(fresh);
      }
    }
    if (changes.policies) for (const c of m.objects('Cluster')) touchedClusters.add(c.name);
    for (const clusterName of touchedClusters) {
      const cluster = m.valid('Cluster', clusterName);
      if (!cluster) continue;
      const sys: RenderedFiles = new Map();
      this.emitSystem(cluster, sys);
      for (const [path, content] of sys) this.setChanged(path, content, changed);
      const [kpath, kcontent] = this.kustomizationFile(clusterName, this.files);
      this.setChanged(kpath, kcontent, changed);
    }
    return changed;
  }

  /** Stores `content` at `path`; records it in `changed` unless it equals what the path held (`before`, else the current file). */
  private setChanged(path: string, content: string, changed: Map<string, string | null>, before = this.files.get(path)): void {
    this.files.set(path, content);
    if (before === content) changed.delete(path);
    else changed.set(path, content);
  }

  private renderCluster(cluster: Obj<'Cluster'>, out: RenderedFiles): void {
    this.emitSystem(cluster, out);
    const git = this.model.config.git;
    if (git) {
      out.set(`rendered/_bootstrap/${cluster.name}.yaml`, renderFile(cluster.file, bootstrapObjects(cluster.name, cluster.spec, git)));
    }
  }

  private emitSystem(cluster: Obj<'Cluster'>, out: RenderedFiles): void {
    const m = this.model;
    // The model's reference index gives this cluster's shards without scanning every file.
    const shards: Array<Obj<'Shard'>> = [];
    for (const file of m.referrers('shardsByCluster', cluster.name)) {
      const s = m.files.get(file);
      if (s?.spec) shards.push(s as Obj<'Shard'>);
    }
    const tenants = shards.flatMap((s) => placedTenants(m, s.name));
    const policies = m.objects('RoutingPolicy');
    emit(cluster.name, cluster.file, systemObjects({ shards, tenants, policies }), out);
  }

  private emitShard(shard: Obj<'Shard'>, out: RenderedFiles): void {
    const cluster = this.model.valid('Cluster', shard.spec.cluster);
    if (!cluster) return;
    this.shardCluster.set(shard.name, shard.spec.cluster);
    emit(shard.spec.cluster, shard.file, shardObjects(shard.name, shard.spec, cluster.spec), out, this.ownerSet(`shard/${shard.name}`));
  }

  private emitTenant(tenant: Obj<'Tenant'>, out: RenderedFiles): void {
    const shard = this.model.valid('Shard', tenant.spec.placement.shard);
    if (!shard || !this.model.valid('Cluster', shard.spec.cluster)) return;
    emit(shard.spec.cluster, tenant.file, tenantObjects(tenant.name, tenant.spec), out, this.ownerSet(`tenant/${tenant.name}`));
  }

  private ownerSet(owner: string): Set<string> {
    let set = this.owned.get(owner);
    if (!set) this.owned.set(owner, (set = new Set()));
    return set;
  }

  private kustomizationFile(cluster: string, files: RenderedFiles): [string, string] {
    const dir = `rendered/${cluster}/`;
    const resources: string[] = [];
    for (const path of files.keys()) {
      if (path.startsWith(dir) && !path.endsWith('/kustomization.yaml')) resources.push(path.slice(dir.length));
    }
    return this.kustomizationOf(cluster, resources);
  }

  private kustomizationOf(cluster: string, resources: readonly string[]): [string, string] {
    const source = this.model.valid('Cluster', cluster)?.file ?? `clusters/${cluster}.yaml`;
    return [`rendered/${cluster}/kustomization.yaml`, renderFile(source, [kustomization(resources)])];
  }
}

function emit(cluster: string, source: string, objects: readonly K8sObject[], out: RenderedFiles, owned?: Set<string>): void {
  for (const obj of objects) {
    const path = renderedPath(cluster, obj);
    out.set(path, renderFile(source, [obj]));
    owned?.add(path);
  }
}

function sortMap(m: RenderedFiles): RenderedFiles {
  return new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Renders a workspace model in one call. */
export function renderWorkspace(model: WorkspaceModel): RenderedFiles {
  return new Renderer(model).renderAll();
}
