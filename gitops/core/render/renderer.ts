import { placedTenants } from '../model/capacity.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { bootstrapObjects, kustomization, systemObjects } from './cluster-objects.ts';
import { renderedPath, renderFile, type K8sObject } from './serialize.ts';
import { shardObjects } from './shard-objects.ts';
import { tenantObjects } from './tenant-objects.ts';

/** Rendered output: repository-relative path -> file content. */
export type RenderedFiles = Map<string, string>;

/**
 * Renders specs to `rendered/`. Keeps the last output so that one changed tenant re-renders only
 * its own files, its cluster's routing map and its cluster's kustomization.
 */
export class Renderer {
  private files: RenderedFiles = new Map();

  constructor(private readonly model: WorkspaceModel) {}

  /** Renders the whole workspace (deterministic: same specs, same bytes). */
  renderAll(): RenderedFiles {
    const m = this.model;
    const out: RenderedFiles = new Map();
    for (const cluster of m.objects('Cluster')) this.renderCluster(cluster, out);
    for (const shard of m.objects('Shard')) this.emitShard(shard, out);
    for (const tenant of m.objects('Tenant')) this.emitTenant(tenant, out);
    for (const cluster of m.objects('Cluster')) out.set(...this.kustomizationFile(cluster.name, out));
    this.files = sortMap(out);
    return this.files;
  }

  /** The current output without rendering again. */
  current(): RenderedFiles {
    return this.files;
  }

  /**
   * Re-renders after tenant `name` changed (or appeared, or went away). Returns the files whose
   * content changed, with `null` for files that no longer exist.
   */
  rerenderTenant(name: string): Map<string, string | null> {
    const m = this.model;
    const changed = new Map<string, string | null>();
    const prefix = 'rendered/';
    const ownSuffix = `/_cluster/namespace-tenant-${name}.yaml`;
    const nsDir = `/tenant-${name}/`;
    const touchedClusters = new Set<string>();
    // The tenant's files before this re-render: one rendered again with the same bytes is not a change.
    const previous = new Map<string, string>();
    for (const [path, content] of [...this.files]) {
      if (path.startsWith(prefix) && (path.endsWith(ownSuffix) || path.includes(nsDir))) {
        previous.set(path, content);
        this.files.delete(path);
        changed.set(path, null);
        touchedClusters.add(path.split('/')[1]!);
      }
    }
    const t = m.valid('Tenant', name);
    if (t) {
      const fresh: RenderedFiles = new Map();
      this.emitTenant(t, fresh);
      for (const [path, content] of fresh) {
        touchedClusters.add(path.split('/')[1]!);
        this.setChanged(path, content, changed, previous.get(path));
      }
    }
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
    emit(shard.spec.cluster, shard.file, shardObjects(shard.name, shard.spec, cluster.spec), out);
  }

  private emitTenant(tenant: Obj<'Tenant'>, out: RenderedFiles): void {
    const shard = this.model.valid('Shard', tenant.spec.placement.shard);
    if (!shard || !this.model.valid('Cluster', shard.spec.cluster)) return;
    emit(shard.spec.cluster, tenant.file, tenantObjects(tenant.name, tenant.spec), out);
  }

  private kustomizationFile(cluster: string, files: RenderedFiles): [string, string] {
    const dir = `rendered/${cluster}/`;
    const resources: string[] = [];
    for (const path of files.keys()) {
      if (path.startsWith(dir) && !path.endsWith('/kustomization.yaml')) resources.push(path.slice(dir.length));
    }
    const source = this.model.valid('Cluster', cluster)?.file ?? `clusters/${cluster}.yaml`;
    return [`${dir}kustomization.yaml`, renderFile(source, [kustomization(resources)])];
  }
}

function emit(cluster: string, source: string, objects: readonly K8sObject[], out: RenderedFiles): void {
  for (const obj of objects) out.set(renderedPath(cluster, obj), renderFile(source, [obj]));
}

function sortMap(m: RenderedFiles): RenderedFiles {
  return new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Renders a workspace model in one call. */
export function renderWorkspace(model: WorkspaceModel): RenderedFiles {
  return new Renderer(model).renderAll();
}
