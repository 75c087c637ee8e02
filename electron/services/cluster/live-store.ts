import type { KubeObject, WatchEventType } from './list-watch.ts';
import type { ResourceId } from './resources.ts';

/**
 * The host's copy of what the watches delivered, per cluster, keyed by uid, as slim projections
 * (the fields the screens need, not whole objects), with a namespace index so a view of one shard
 * reads only its namespace.
 *
 * The projections and roll-ups proper are the pure half's (gitops/core/live: applyWatchEvent,
 * shard health, GPU capacity); until those are wired here this file holds a minimal projection
 * of its own with the same shape of use: apply(event) in, slim objects out.
 */
export interface Slim {
  uid: string;
  resource: ResourceId;
  name: string;
  namespace?: string;
  rv: string;
  [field: string]: unknown;
}

interface ClusterObjects {
  byResource: Map<ResourceId, Map<string, Slim>>;
  byNamespace: Map<string, Map<string, Slim>>;
}

export class LiveStore {
  private readonly clusters = new Map<string, ClusterObjects>();

  private of(cluster: string): ClusterObjects {
    let c = this.clusters.get(cluster);
    if (!c) this.clusters.set(cluster, (c = { byResource: new Map(), byNamespace: new Map() }));
    return c;
  }

  /** Applies one watch event; returns the namespace it touched ('' for cluster-scoped objects). */
  apply(cluster: string, resource: ResourceId, type: WatchEventType, obj: KubeObject): string | undefined {
    const uid = obj.metadata?.uid;
    if (!uid) return undefined;
    const c = this.of(cluster);
    let m = c.byResource.get(resource);
    if (!m) c.byResource.set(resource, (m = new Map()));
    const ns = obj.metadata?.namespace ?? '';
    const prev = m.get(uid);
    if (prev) c.byNamespace.get(prev.namespace ?? '')?.delete(uid);
    if (type === 'DELETED') {
      m.delete(uid);
      return ns || prev?.namespace || '';
    }
    const slim = project(resource, obj, uid);
    m.set(uid, slim);
    let n = c.byNamespace.get(ns);
    if (!n) c.byNamespace.set(ns, (n = new Map()));
    n.set(uid, slim);
    return ns;
  }

  objects(cluster: string, resource: ResourceId): Iterable<Slim> {
    return this.clusters.get(cluster)?.byResource.get(resource)?.values() ?? [];
  }

  count(cluster: string, resource: ResourceId): number {
    return this.clusters.get(cluster)?.byResource.get(resource)?.size ?? 0;
  }

  inNamespace(cluster: string, ns: string): Iterable<Slim> {
    return this.clusters.get(cluster)?.byNamespace.get(ns)?.values() ?? [];
  }

  namespaces(cluster: string): string[] {
    return [...(this.clusters.get(cluster)?.byNamespace.keys() ?? [])];
  }

  /** Forgets a cluster (disconnected, or a scope that will be listed again from nothing). */
  drop(cluster: string, resource?: ResourceId): void {
    if (!resource) {
      this.clusters.delete(cluster);
      return;
    }
    const c = this.clusters.get(cluster);
    const m = c?.byResource.get(resource);
    if (!c || !m) return;
    for (const s of m.values()) c.byNamespace.get(s.namespace ?? '')?.delete(s.uid);
    c.byResource.delete(resource);
  }
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : 0);

function condition(status: Obj, type: string): { status?: string; reason?: string; message?: string } {
  const c = arr(status.conditions).find((x) => x.type === type);
  return c ? { status: String(c.status ?? ''), reason: c.reason as string | undefined, message: c.message as string | undefined } : {};
}

/** The minimal projection (see the header): what the host's views and the tests read. */
function project(resource: ResourceId, o: KubeObject, uid: string): Slim {
  const md = obj(o.metadata);
  const base: Slim = { uid, resource, name: String(md.name ?? ''), rv: String(md.resourceVersion ?? '') };
  if (typeof md.namespace === 'string') base.namespace = md.namespace;
  const spec = obj(o.spec);
  const status = obj(o.status);
  switch (resource) {
    case 'nodes': {
      const labels = obj(md.labels);
      const ready = condition(status, 'Ready');
      return { ...base, ready: ready.status === 'True', zone: labels['topology.kubernetes.io/zone'], gpuType: labels['gantry.dev/gpu-type'], gpus: num(obj(status.allocatable)['nvidia.com/gpu']) };
    }
    case 'pods': {
      const containers = arr(spec.containers);
      const gpus = containers.reduce((n, c) => n + num(obj(obj(c.resources).limits)['nvidia.com/gpu']), 0);
      const waiting = arr(status.containerStatuses).map((s) => obj(obj(s.state).waiting).reason).find((r) => typeof r === 'string');
      return { ...base, phase: status.phase ?? 'Pending', node: spec.nodeName, ready: condition(status, 'Ready').status === 'True', gpus, ...(waiting ? { waiting } : {}) };
    }
    case 'deployments':
      return { ...base, desired: num(spec.replicas), ready: num(status.readyReplicas) };
    case 'events':
      return { ...base, type: o.type, reason: o.reason, message: String(o.message ?? '').slice(0, 500), involved: `${obj(o.involvedObject).kind}/${obj(o.involvedObject).name}`, last: o.lastTimestamp ?? obj(o.series).lastObservedTime ?? o.eventTime, count: num(o.count) || 1 };
    case 'kustomizations':
    case 'gitrepositories':
    case 'inferenceservices': {
      const ready = condition(status, 'Ready');
      return { ...base, ready: ready.status, reason: ready.reason, message: ready.message?.slice(0, 500), revision: status.lastAppliedRevision ?? obj(status.artifact).revision };
    }
    case 'applications':
      return { ...base, sync: obj(status.sync).status, health: obj(status.health).status, revision: obj(status.sync).revision };
    case 'hpas':
      return { ...base, current: num(status.currentReplicas), desired: num(status.desiredReplicas), max: num(spec.maxReplicas) };
    case 'pdbs':
      return { ...base, allowed: num(status.disruptionsAllowed) };
    case 'resourcequotas':
      return { ...base, hard: obj(status.hard), used: obj(status.used) };
  }
}
