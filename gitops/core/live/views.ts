// Per-view selectors: what one subscription shows, as flat items for makeDelta. A subscription
// names its view and argument (which cluster, which shard), and gets only that.
import { inNamespace, nodeNamed } from './cluster-index.ts';
import type { ViewItems } from './deltas.ts';
import { driftIn, driftOf, driftSummary } from './drift-view.ts';
import { gpuCapacity } from './gpu-capacity.ts';
import type { LiveSpec } from './live-spec.ts';
import type { EventView, PodView } from './projection-types.ts';
import type { RolloutState } from '../rollout/rollout-state.ts';
import { clusterReconciliation, reconciliationTimeline, type ClusterReconciliation, type TimelineCommit } from './reconciliation.ts';
import { allShardHealth, shardHealthOf, type HealthStatus, type ShardHealth } from './shard-health.ts';
import type { LiveState } from './watch-state.ts';
import { specZoneOf } from './zones.ts';

export type ViewArg = { view: 'overview' } | { view: 'cluster'; cluster: string } | { view: 'shard'; shard: string } | { view: 'timeline' };

/** What the host knows beside the watches: the rendered objects to check drift against, and the branch's last commits. */
export interface ViewInputs {
  /** The rendered objects of a cluster (renderedObjectsOf), and what they are (e.g. "the workspace's render"); undefined: no drift shown. */
  rendered?: (cluster: string) => { objects: readonly unknown[]; from: string } | undefined;
  /** The branch's last commits, newest first, for the timeline. */
  commits?: readonly TimelineCommit[];
  /**
   * Namespaces of a cluster the user may not read pods or workloads in, with the API's sentence (a
   * restricted user): their shards' health is unknown with that sentence, not "down" for want of pods.
   */
  forbidden?: (cluster: string) => ReadonlyMap<string, string> | undefined;
}

/** A shard's health as the user may know it: unknown, with the API's own words, where its namespace is forbidden. */
function readable(h: ShardHealth | undefined, spec: LiveSpec, inputs: ViewInputs | undefined): ShardHealth | undefined {
  if (!h) return h;
  const shard = spec.shards[h.shard];
  const message = shard && inputs?.forbidden?.(shard.cluster)?.get(shard.namespace);
  if (!message) return h;
  return { shard: h.shard, cluster: h.cluster, status: 'unknown', reasons: [{ code: 'no-data', severity: 'unknown', text: `cannot read the cluster: ${message}` }], servers: [], gpus: { requested: 0, spec: h.gpus.spec } };
}

/** How many recent warning events a shard card shows, and a shard detail lists. */
export const CARD_WARNINGS = 3;
export const DETAIL_EVENTS = 50;

let memo: { clusters: LiveState['clusters']; spec: LiveSpec; health: Record<string, ShardHealth> } | undefined;

/** Health of every shard, computed once per state and spec (views of one flush share it). */
export function healthOf(state: LiveState, spec: LiveSpec): Record<string, ShardHealth> {
  if (memo?.clusters !== state.clusters || memo.spec !== spec) memo = { clusters: state.clusters, spec, health: allShardHealth(state.clusters, spec) };
  return memo.health;
}

const byLastDesc = (a: EventView, b: EventView) => Date.parse(b.last ?? '') - Date.parse(a.last ?? '') || (a.uid < b.uid ? -1 : 1);

function eventsOf(state: LiveState, cluster: string, namespaces: readonly string[], warningsOnly: boolean, limit: number): EventView[] {
  const c = state.clusters[cluster];
  const all = namespaces.flatMap((ns) => inNamespace(c, 'Event', ns)).filter((e) => !warningsOnly || e.type === 'Warning');
  return all.sort(byLastDesc).slice(0, limit);
}

function driftFor(state: LiveState, cluster: string, inputs: ViewInputs | undefined) {
  const r = inputs?.rendered?.(cluster);
  return r && { from: r.from, drift: driftOf(cluster, r.objects, state.clusters[cluster]) };
}

function overview(state: LiveState, spec: LiveSpec, inputs?: ViewInputs): ViewItems {
  const health = healthOf(state, spec);
  const items: Record<string, unknown> = {};
  for (const c of Object.values(spec.clusters)) {
    const live = state.clusters[c.name];
    const counts: Record<HealthStatus, number> = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
    for (const s of c.shards) counts[readable(health[s], spec, inputs)?.status ?? 'unknown']++;
    const gpu = gpuCapacity(live, c.spec);
    items[`cluster/${c.name}`] = {
      name: c.name,
      provider: c.spec.provider,
      region: c.spec.region,
      reconciliation: clusterReconciliation(live, c.name, c.spec.gitops),
      shards: counts,
      gpus: { allocatable: gpu.allocatable, free: gpu.free, pending: gpu.pending, unavailable: gpu.unavailable },
    };
    const d = live && driftFor(state, c.name, inputs);
    if (d) (items[`cluster/${c.name}`] as Record<string, unknown>).drift = driftSummary(d.drift);
  }
  return items;
}

function clusterView(state: LiveState, spec: LiveSpec, cluster: string, inputs?: ViewInputs): ViewItems {
  const c = spec.clusters[cluster];
  if (!c) return {};
  const live = state.clusters[cluster];
  const items: Record<string, unknown> = {
    gpu: gpuCapacity(live, c.spec),
    reconciliation: clusterReconciliation(live, cluster, c.spec.gitops),
  };
  const d = live && driftFor(state, cluster, inputs);
  if (d) items.drift = { from: d.from, ...d.drift };
  for (const s of c.shards) {
    const shard = spec.shards[s]!;
    items[`shard/${s}`] = { health: readable(shardHealthOf(state.clusters, spec, s), spec, inputs), state: shard.state, warnings: eventsOf(state, cluster, [shard.namespace], true, CARD_WARNINGS) };
  }
  return items;
}

function podRow(p: PodView, zone: string | undefined) {
  return {
    name: p.name,
    server: p.labels['gantry.dev/model-server'] ?? p.labels['serving.kserve.io/inferenceservice'],
    node: p.node,
    zone,
    phase: p.phase,
    ready: p.ready,
    restarts: p.restarts,
    gpus: p.gpus,
    ...(p.waiting ? { waiting: p.waiting } : {}),
    ...(p.unschedulable ? { unschedulable: p.unschedulable } : {}),
  };
}

function shardView(state: LiveState, spec: LiveSpec, name: string, inputs?: ViewInputs): ViewItems {
  const shard = spec.shards[name];
  const c = shard && spec.clusters[shard.cluster];
  if (!shard || !c) return {};
  const live = state.clusters[shard.cluster];
  const items: Record<string, unknown> = { health: readable(shardHealthOf(state.clusters, spec, name), spec, inputs) };
  for (const p of inNamespace(live, 'Pod', shard.namespace)) {
    const label = nodeNamed(live, p.node)?.zone;
    items[`pod/${p.uid}`] = podRow(p, label === undefined ? undefined : specZoneOf(c.spec, label, shard.zones) ?? label);
  }
  for (const kind of ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'InferenceService'] as const) {
    for (const o of inNamespace(live, kind, shard.namespace)) items[`${kind}/${o.name}`] = o;
  }
  const tenantNs = shard.tenants.map((t) => `tenant-${t}`);
  for (const e of eventsOf(state, shard.cluster, [shard.namespace, ...tenantNs], false, DETAIL_EVENTS)) items[`event/${e.uid}`] = e;
  const quotas = new Map(gpuCapacity(live, c.spec).tenants.map((q) => [q.tenant, q]));
  for (const t of shard.tenants) items[`tenant/${t}`] = { tenant: t, specGpus: spec.tenants[t]?.gpus ?? 0, quota: quotas.get(t) ?? null };
  const d = live && driftFor(state, shard.cluster, inputs);
  if (d) items.drift = { from: d.from, ...driftIn(d.drift, new Set([shard.namespace, ...tenantNs])) };
  return items;
}

export type TimelineStage = 'applied' | 'failed' | 'fetched' | 'waiting' | 'suspended' | 'unknown';

/**
 * Where one commit stands on one cluster, in the words of the timeline: applied (it or a later commit
 * containing it), failed (the controller's message), fetched (the controller has it and is applying
 * it), waiting (the controller has not fetched it yet), suspended, unknown (no controller object, not connected).
 */
function stageOf(oid: string, st: RolloutState, rec: ClusterReconciliation): TimelineStage {
  if (st.phase === 'applied' || st.phase === 'failed' || st.phase === 'suspended') return st.phase;
  if (st.phase === 'unknown' || !rec.found) return 'unknown';
  return rec.fetched === oid || rec.attempted === oid ? 'fetched' : 'waiting';
}

/** Per commit (newest first) where it stands on each cluster, with each cluster's own reconciliation. */
function timelineView(state: LiveState, spec: LiveSpec, inputs?: ViewInputs): ViewItems {
  const clusters = Object.fromEntries(Object.values(spec.clusters).map((c) => [c.name, { gitops: c.spec.gitops, live: state.clusters[c.name] }]));
  const items: Record<string, unknown> = {};
  for (const c of Object.values(spec.clusters)) {
    const live = state.clusters[c.name];
    items[`cluster/${c.name}`] = { name: c.name, gitops: c.spec.gitops, watched: live !== undefined, reconciliation: clusterReconciliation(live, c.name, c.spec.gitops) };
  }
  const recs = Object.fromEntries(Object.values(spec.clusters).map((c) => [c.name, (items[`cluster/${c.name}`] as { reconciliation: ClusterReconciliation }).reconciliation]));
  reconciliationTimeline(inputs?.commits ?? [], clusters).forEach((row, i) => {
    const stages = Object.fromEntries(Object.entries(row.clusters).map(([name, st]) => [name, { ...st, stage: stageOf(row.commit.oid, st, recs[name]!) }]));
    items[`commit/${row.commit.oid}`] = { index: i, commit: row.commit, clusters: stages };
  });
  return items;
}

/**
 * The items of one view. Keys: overview `cluster/<name>` (with `drift` counts when `inputs.rendered`
 * knows the cluster); cluster `gpu`, `reconciliation`, `drift`, `shard/<name>`; shard `health`,
 * `pod/<uid>`, `<Kind>/<name>`, `event/<uid>`, `tenant/<name>`, `drift` (its namespaces only);
 * timeline `cluster/<name>` (its reconciliation), `commit/<oid>` (index, commit, per cluster its verdict).
 */
export function selectView(state: LiveState, spec: LiveSpec, arg: ViewArg, inputs?: ViewInputs): ViewItems {
  if (arg.view === 'overview') return overview(state, spec, inputs);
  if (arg.view === 'cluster') return clusterView(state, spec, arg.cluster, inputs);
  if (arg.view === 'timeline') return timelineView(state, spec, inputs);
  return shardView(state, spec, arg.shard, inputs);
}
