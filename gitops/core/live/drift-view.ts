// Drift as the screens show it: one cluster's drift computed once per (rendered objects, watched
// workload sets), and the part of it inside some namespaces (a shard and its tenants).
import { clusterDrift, type ClusterDrift } from './drift.ts';
import type { LiveKind } from './kinds.ts';
import type { ClusterState } from './watch-state.ts';

/** The kinds drift reads; a change to any other kind (pods, nodes, events) leaves drift as it was. */
const DRIFT_KINDS: readonly LiveKind[] = ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ResourceQuota', 'InferenceService'];

export interface DriftSummary {
  missing: number;
  changed: number;
  checked: number;
  /** Kinds not compared because their watch is not live (forbidden, not listed yet). */
  unknown: readonly string[];
}

interface Memo {
  rendered: readonly unknown[];
  sets: readonly unknown[];
  drift: ClusterDrift;
}
const memo = new Map<string, Memo>();

/**
 * clusterDrift, computed again only when the rendered objects or one of the watched workload kinds
 * of that cluster changed (a pod event or a node heartbeat costs nothing here).
 */
export function driftOf(name: string, rendered: readonly unknown[], cluster: ClusterState | undefined): ClusterDrift {
  const sets = DRIFT_KINDS.map((k) => cluster?.kinds[k]);
  const m = memo.get(name);
  if (m && m.rendered === rendered && m.sets.every((s, i) => s === sets[i])) return m.drift;
  const drift = clusterDrift(rendered, cluster);
  memo.set(name, { rendered, sets, drift });
  return drift;
}

export function driftSummary(d: ClusterDrift): DriftSummary {
  return { missing: d.missing.length, changed: d.changed.length, checked: d.checked, unknown: d.unknown };
}

/** The drift of objects in `namespaces` only (cluster-scoped objects are left out). */
export function driftIn(d: ClusterDrift, namespaces: ReadonlySet<string>): ClusterDrift {
  const inside = (o: { namespace?: string }) => o.namespace !== undefined && namespaces.has(o.namespace);
  return { ...d, missing: d.missing.filter(inside), changed: d.changed.filter(inside) };
}
