// GPU capacity of one cluster from its node, pod and quota projections.
import { isActivePod } from './cluster-index.ts';
import type { NodeView } from './projection-types.ts';
import { itemsOfKind, itemsOfNamespace, type ClusterState, type NamespaceSet } from './watch-state.ts';
import { specZoneOf, type ZoneCluster } from './zones.ts';

export interface GpuFigures {
  /** nvidia.com/gpu allocatable on nodes that take new pods (Ready, not cordoned). */
  allocatable: number;
  /** Requested by active pods bound to those nodes. */
  requested: number;
  /** allocatable - requested, never below 0. */
  free: number;
  /** Allocatable on nodes that are NotReady or cordoned: there, but not usable. */
  unavailable: number;
}

export interface TenantQuota {
  namespace: string;
  tenant: string;
  /** requests.nvidia.com/gpu of the ResourceQuota: used (by the quota controller) and hard. */
  used: number;
  hard: number;
}

export interface GpuCapacity extends GpuFigures {
  /** GPUs asked by pods the scheduler could not place yet. */
  pending: number;
  byType: Readonly<Record<string, GpuFigures>>;
  /** By spec zone (the node label mapped back, see zones.ts); nodes without a zone label under "". */
  byZone: Readonly<Record<string, GpuFigures>>;
  tenants: readonly TenantQuota[];
}

/** The GPU nodes of a cluster with their spec zone, kept per node set and zone mapping. */
const gpuNodes = new WeakMap<NamespaceSet, { zoneCluster: ZoneCluster; list: Array<{ n: NodeView; zone: string }> }>();

function gpuNodesOf(nsSet: NamespaceSet | undefined, zoneCluster: ZoneCluster): Array<{ n: NodeView; zone: string }> {
  if (!nsSet) return [];
  const hit = gpuNodes.get(nsSet);
  if (hit?.zoneCluster === zoneCluster) return hit.list;
  const list: Array<{ n: NodeView; zone: string }> = [];
  for (const n of itemsOfNamespace(nsSet)) {
    if (n.kind !== 'Node' || (n.gpuAllocatable === 0 && n.gpuCapacity === 0)) continue;
    list.push({ n, zone: n.zone === undefined ? '' : specZoneOf(zoneCluster, n.zone) ?? n.zone });
  }
  gpuNodes.set(nsSet, { zoneCluster, list });
  return list;
}

/** GPUs asked by the active pods of one namespace, per node and not yet bound; kept per namespace set. */
const asked = new WeakMap<NamespaceSet, { byNode: Map<string, number>; pending: number }>();

function podGpusOf(nsSet: NamespaceSet): { byNode: Map<string, number>; pending: number } {
  let a = asked.get(nsSet);
  if (!a) {
    a = { byNode: new Map(), pending: 0 };
    for (const p of itemsOfNamespace(nsSet)) {
      if (p.kind !== 'Pod' || p.gpus === 0 || !isActivePod(p)) continue;
      if (p.node === undefined) a.pending += p.gpus;
      else a.byNode.set(p.node, (a.byNode.get(p.node) ?? 0) + p.gpus);
    }
    asked.set(nsSet, a);
  }
  return a;
}

const zero = (): GpuFigures => ({ allocatable: 0, requested: 0, free: 0, unavailable: 0 });

const usable = (n: NodeView) => n.ready?.status === 'True' && !n.cordoned;

/**
 * Decision: a node that is NotReady or cordoned counts as unavailable, not allocatable, since the
 * scheduler will not place a pod there; GPUs its pods still hold are not counted as requested.
 */
export function gpuCapacity(cluster: ClusterState | undefined, zoneCluster: ZoneCluster): GpuCapacity {
  const total = zero();
  const byType: Record<string, GpuFigures> = {};
  const byZone: Record<string, GpuFigures> = {};
  const nodes = new Map<string, { n: NodeView; groups: GpuFigures[] }>();
  for (const { n, zone } of gpuNodesOf(cluster?.kinds.Node?.namespaces.get(''), zoneCluster)) {
    const groups = [total, (byType[n.gpuType ?? ''] ??= zero()), (byZone[zone] ??= zero())];
    for (const g of groups) {
      if (usable(n)) g.allocatable += n.gpuAllocatable;
      else g.unavailable += n.gpuAllocatable;
    }
    nodes.set(n.name, { n, groups });
  }
  let pending = 0;
  for (const nsSet of cluster?.kinds.Pod?.namespaces.values() ?? []) {
    const asked = podGpusOf(nsSet);
    pending += asked.pending;
    for (const [node, gpus] of asked.byNode) {
      const at = nodes.get(node);
      if (at && usable(at.n)) for (const g of at.groups) g.requested += gpus;
    }
  }
  for (const g of [total, ...Object.values(byType), ...Object.values(byZone)]) g.free = Math.max(0, g.allocatable - g.requested);
  const tenants: TenantQuota[] = [];
  for (const q of itemsOfKind(cluster, 'ResourceQuota')) {
    const ns = q.namespace ?? '';
    if (!ns.startsWith('tenant-') || q.gpuHard === undefined) continue;
    tenants.push({ namespace: ns, tenant: q.labels['gantry.dev/tenant'] ?? ns.slice('tenant-'.length), used: q.gpuUsed ?? 0, hard: q.gpuHard });
  }
  tenants.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  return { ...total, pending, byType, byZone, tenants };
}
