// GPU capacity of one cluster from its node, pod and quota projections.
import { isActivePod } from './cluster-index.ts';
import type { NodeView } from './projection-types.ts';
import { itemsOfKind, type ClusterState } from './watch-state.ts';
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
  for (const n of itemsOfKind(cluster, 'Node')) {
    if (n.gpuAllocatable === 0 && n.gpuCapacity === 0) continue;
    const zone = n.zone === undefined ? '' : specZoneOf(zoneCluster, n.zone) ?? n.zone;
    const groups = [total, (byType[n.gpuType ?? ''] ??= zero()), (byZone[zone] ??= zero())];
    for (const g of groups) {
      if (usable(n)) g.allocatable += n.gpuAllocatable;
      else g.unavailable += n.gpuAllocatable;
    }
    nodes.set(n.name, { n, groups });
  }
  let pending = 0;
  for (const p of itemsOfKind(cluster, 'Pod')) {
    if (p.gpus === 0 || !isActivePod(p)) continue;
    const at = p.node === undefined ? undefined : nodes.get(p.node);
    if (!p.node) pending += p.gpus;
    else if (at && usable(at.n)) for (const g of at.groups) g.requested += p.gpus;
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
