// Shard health, rolled up from the live projections of the shard's cluster against its spec.
// Rules and thresholds are written down in docs/live-monitoring.md; each reason is a sentence a
// person on call can act on, with `since` the transition time that explains it.
import { inNamespace, isActivePod, lookup, namespaceSet, nodeNamed } from './cluster-index.ts';
import { earliest } from './json.ts';
import type { LiveSpec, LiveSpecServer, LiveSpecShard } from './live-spec.ts';
import type { PodView } from './projection-types.ts';
import type { ClusterState } from './watch-state.ts';
import { specZoneOf, type ZoneCluster } from './zones.ts';

export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

export type ReasonCode =
  | 'no-data' | 'server-missing' | 'server-down' | 'replicas-short' | 'crash-loop' | 'pending-gpu' | 'pending'
  | 'node-not-ready' | 'zone-empty' | 'zones-empty' | 'hpa-at-max' | 'isvc-not-ready' | 'failover-unhealthy';

export interface HealthReason {
  code: ReasonCode;
  severity: 'down' | 'degraded' | 'unknown';
  text: string;
  since?: string;
  /** The model server, node or zone it is about. */
  subject?: string;
}

export interface ServerHealth {
  name: string;
  runtime: LiveSpecServer['runtime'];
  desired: number;
  ready: number;
  /** Ready replicas per spec zone (pods on nodes of no spec zone are left out). */
  readyByZone: Readonly<Record<string, number>>;
}

export interface ShardHealth {
  shard: string;
  cluster: string;
  status: HealthStatus;
  reasons: readonly HealthReason[];
  /** The earliest `since` among the reasons of the shard's status. */
  since?: string;
  servers: readonly ServerHealth[];
  /** GPUs requested by the shard's running or pending pods, and what the spec gives it. */
  gpus: { requested: number; spec: number };
}

/** Waiting reasons that mean the container will not come up by itself. */
const STUCK = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError']);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function serverPods(pods: readonly PodView[], server: LiveSpecServer): PodView[] {
  return pods.filter((p) => p.labels['gantry.dev/model-server'] === server.name || p.labels['serving.kserve.io/inferenceservice'] === server.name);
}

/** When a not-ready pod became so: its Ready transition, else when it was created. */
const notReadySince = (p: PodView) => p.readySince ?? p.created;

interface Ctx {
  cluster: ClusterState;
  zoneCluster: ZoneCluster;
  shard: LiveSpecShard;
  reasons: HealthReason[];
  /** node name -> spec zone, filled as pods are looked at (one lookup per node, not per pod). */
  zoneOfNode: Map<string, string | undefined>;
}

/**
 * node name -> spec zone, per node set, zone mapping and list of zones: kept while the nodes do not
 * change, so the shards of a cluster (which mostly share their zones) and later flushes reuse it.
 */
const zoneMaps = new WeakMap<object, WeakMap<ZoneCluster, Map<string, Map<string, string | undefined>>>>();
const NO_NODES = {};

function zoneMapOf(cluster: ClusterState, zoneCluster: ZoneCluster, zones: readonly string[]): Map<string, string | undefined> {
  const nodes = namespaceSet(cluster, 'Node', '') ?? NO_NODES;
  let byCluster = zoneMaps.get(nodes);
  if (!byCluster) zoneMaps.set(nodes, (byCluster = new WeakMap()));
  let byZones = byCluster.get(zoneCluster);
  if (!byZones) byCluster.set(zoneCluster, (byZones = new Map()));
  const key = zones.join('\u0000');
  let m = byZones.get(key);
  if (!m) byZones.set(key, (m = new Map()));
  return m;
}

function checkServer(ctx: Ctx, server: LiveSpecServer, pods: PodView[]): ServerHealth {
  const { cluster, shard, reasons } = ctx;
  const ns = shard.namespace;
  const readyPods = pods.filter((p) => p.ready && !p.deleting);
  const ready = readyPods.length;
  const downSince = earliest(...pods.filter((p) => !p.ready).map(notReadySince));
  let desired: number;
  if (server.runtime === 'kserve') {
    const isvc = lookup(cluster, 'InferenceService', ns, server.name);
    desired = server.min;
    if (!isvc) {
      reasons.push({ code: 'server-missing', severity: 'down', subject: server.name, text: `${server.name}: the InferenceService is not on the cluster` });
    } else if (isvc.ready?.status !== 'True') {
      const why = [isvc.ready?.reason, isvc.ready?.message].filter(Boolean).join(': ') || 'KServe has not reported it Ready';
      const failure = isvc.failure ? ` (${[isvc.failure.reason, isvc.failure.message].filter(Boolean).join(': ')})` : '';
      const severity = ready === 0 && desired > 0 ? 'down' : 'degraded';
      reasons.push({ code: 'isvc-not-ready', severity, subject: server.name, text: `${server.name}: not Ready: ${why}${failure}`, ...(isvc.ready?.since ? { since: isvc.ready.since } : {}) });
    }
  } else {
    const dep = lookup(cluster, 'Deployment', ns, server.name);
    desired = dep?.desired ?? server.min;
    if (!dep) {
      reasons.push({ code: 'server-missing', severity: 'down', subject: server.name, text: `${server.name}: the Deployment is not on the cluster` });
    } else {
      const depReady = Math.max(dep.ready, ready);
      const since = earliest(downSince, dep.availableCondition?.status === 'False' ? dep.availableCondition.since : undefined);
      if (desired > 0 && depReady === 0) {
        reasons.push({ code: 'server-down', severity: 'down', subject: server.name, text: `${server.name}: no replica ready (0 of ${desired})`, ...(since ? { since } : {}) });
      } else if (depReady < desired) {
        reasons.push({ code: 'replicas-short', severity: 'degraded', subject: server.name, text: `${server.name}: ${depReady} of ${desired} replicas ready`, ...(since ? { since } : {}) });
      }
      const hpa = lookup(cluster, 'HorizontalPodAutoscaler', ns, server.name);
      const limited = hpa?.scalingLimited?.status === 'True' && hpa.scalingLimited.reason === 'TooManyReplicas';
      if (hpa && hpa.max > 0 && (limited || hpa.desired >= hpa.max || hpa.current >= hpa.max)) {
        const more = hpa.scalingLimited?.status === 'True' && hpa.scalingLimited.message ? ` (${hpa.scalingLimited.message})` : '';
        reasons.push({ code: 'hpa-at-max', severity: 'degraded', subject: server.name, text: `${server.name}: at its maximum of ${hpa.max} replicas${more}`, ...(hpa.scalingLimited?.since ? { since: hpa.scalingLimited.since } : {}) });
      }
    }
  }
  checkPods(ctx, server, pods);
  const readyByZone: Record<string, number> = Object.fromEntries(shard.zones.map((z) => [z, 0]));
  for (const p of readyPods) {
    const zone = zoneOfPod(ctx, p);
    if (zone !== undefined) readyByZone[zone]!++;
  }
  return { name: server.name, runtime: server.runtime, desired, ready, readyByZone };
}

function checkPods(ctx: Ctx, server: LiveSpecServer, pods: PodView[]): void {
  const stuck = new Map<string, PodView[]>();
  for (const p of pods) if (p.waiting && STUCK.has(p.waiting.reason) && !p.deleting) stuck.set(p.waiting.reason, [...(stuck.get(p.waiting.reason) ?? []), p]);
  for (const [reason, ps] of stuck) {
    const restarts = ps.reduce((n, p) => n + p.restarts, 0);
    const what = reason === 'CrashLoopBackOff' ? 'crash-looping' : 'cannot start';
    ctx.reasons.push({
      code: 'crash-loop', severity: 'degraded', subject: server.name,
      text: `${server.name}: ${plural(ps.length, 'pod')} ${what} (${reason}${restarts > 0 ? `, ${plural(restarts, 'restart')}` : ''})`,
      ...sinceOf(earliest(...ps.map(notReadySince))),
    });
  }
  const pending = pods.filter((p) => p.unschedulable && !p.deleting && isActivePod(p));
  if (pending.length > 0) {
    const gpu = pending.filter((p) => /Insufficient nvidia\.com\/gpu/.test(p.unschedulable!.message ?? ''));
    const first = (gpu[0] ?? pending[0])!.unschedulable!;
    ctx.reasons.push({
      code: gpu.length > 0 ? 'pending-gpu' : 'pending', severity: 'degraded', subject: server.name,
      text: `${server.name}: ${plural(pending.length, 'pod')} pending${gpu.length > 0 ? ' for GPUs' : ''}: ${first.message ?? first.reason}`,
      ...sinceOf(earliest(...pending.map((p) => p.unschedulable!.since ?? p.created))),
    });
  }
}

const sinceOf = (since: string | undefined) => (since ? { since } : {});

function zoneOfPod(ctx: Ctx, p: PodView): string | undefined {
  if (p.node === undefined) return undefined;
  if (!ctx.zoneOfNode.has(p.node)) {
    const label = nodeNamed(ctx.cluster, p.node)?.zone;
    ctx.zoneOfNode.set(p.node, label === undefined ? undefined : specZoneOf(ctx.zoneCluster, label, ctx.shard.zones));
  }
  return ctx.zoneOfNode.get(p.node);
}

function checkNodesAndZones(ctx: Ctx, pods: readonly PodView[], servers: ServerHealth[]): void {
  const { cluster, shard, reasons } = ctx;
  const seen = new Set<string>();
  for (const p of pods) {
    if (p.node === undefined || seen.has(p.node)) continue;
    seen.add(p.node);
    const node = nodeNamed(cluster, p.node);
    if (!node || node.ready?.status === 'True') continue;
    const why = [node.ready?.reason, node.ready?.message].filter(Boolean).join(': ');
    reasons.push({ code: 'node-not-ready', severity: 'degraded', subject: node.name, text: `node ${node.name} is NotReady${why ? ` (${why})` : ''}`, ...sinceOf(node.ready?.since) });
  }
  const desired = servers.reduce((n, s) => n + s.desired, 0);
  if (servers.length === 0 || desired === 0) return;
  const readyIn = (z: string) => servers.reduce((n, s) => n + (s.readyByZone[z] ?? 0), 0);
  const empty = shard.zones.filter((z) => readyIn(z) === 0);
  const zoneSince = (z: string) =>
    earliest(...[...inNamespace(cluster, 'Node', '')].filter((n) => n.zone !== undefined && specZoneOf(ctx.zoneCluster, n.zone, [z]) === z && n.ready?.status !== 'True').map((n) => n.ready?.since));
  if (empty.length === shard.zones.length) {
    reasons.push({ code: 'zones-empty', severity: 'down', text: `no zone has a ready replica (zones ${shard.zones.join(', ')})`, ...sinceOf(earliest(...empty.map(zoneSince))) });
  } else if (desired >= shard.zones.length) {
    // With fewer replicas than zones some zone is empty by design; only then is an empty zone news.
    for (const z of empty) reasons.push({ code: 'zone-empty', severity: 'degraded', subject: z, text: `zone ${z} has no ready replica`, ...sinceOf(zoneSince(z)) });
  }
}

function rollUp(shard: LiveSpecShard, reasons: HealthReason[], servers: ServerHealth[], gpus: ShardHealth['gpus']): ShardHealth {
  const status: HealthStatus = reasons.some((r) => r.severity === 'unknown')
    ? 'unknown'
    : reasons.some((r) => r.severity === 'down') ? 'down' : reasons.length > 0 ? 'degraded' : 'healthy';
  const since = earliest(...reasons.filter((r) => r.severity === status).map((r) => r.since));
  return { shard: shard.name, cluster: shard.cluster, status, reasons, ...(since ? { since } : {}), servers, gpus };
}

/**
 * The health of one shard from its cluster's projections, leaving out its failover shard (see
 * {@link allShardHealth}). 'unknown' when the cluster's pods or workloads are not known (not
 * connected, forbidden, not listed yet).
 */
export function shardHealth(cluster: ClusterState | undefined, zoneCluster: ZoneCluster, shard: LiveSpecShard): ShardHealth {
  // What the answer depends on; the same inputs (identity) give the same answer without work, so
  // a flush recomputes only the shards whose namespace (or the nodes) changed.
  const ns = shard.namespace;
  const inputs = [
    zoneCluster, shard, namespaceSet(cluster, 'Pod', ns), namespaceSet(cluster, 'Deployment', ns), namespaceSet(cluster, 'HorizontalPodAutoscaler', ns),
    namespaceSet(cluster, 'InferenceService', ns), namespaceSet(cluster, 'Node', ''),
    cluster?.kinds.Pod?.phase, cluster?.kinds.Pod?.error, cluster?.kinds.Deployment?.phase, cluster?.kinds.Deployment?.error,
    cluster?.kinds.InferenceService?.phase, cluster?.kinds.InferenceService?.error, cluster === undefined,
  ];
  const hit = memo.get(shard.name);
  if (hit && hit.inputs.length === inputs.length && hit.inputs.every((v, i) => v === inputs[i])) return hit.result;
  const result = computeShardHealth(cluster, zoneCluster, shard);
  memo.set(shard.name, { inputs, result });
  return result;
}

const memo = new Map<string, { inputs: unknown[]; result: ShardHealth }>();

function computeShardHealth(cluster: ClusterState | undefined, zoneCluster: ZoneCluster, shard: LiveSpecShard): ShardHealth {
  const reasons: HealthReason[] = [];
  const gpus = { requested: 0, spec: shard.gpus };
  const podSet = cluster?.kinds.Pod;
  const workloads = shard.servers.some((s) => s.runtime !== 'kserve') ? cluster?.kinds.Deployment : cluster?.kinds.InferenceService ?? cluster?.kinds.Deployment;
  if (!cluster || !podSet || !workloads || podSet.phase === 'error' || workloads.phase === 'error') {
    const err = podSet?.error ?? workloads?.error;
    reasons.push({ code: 'no-data', severity: 'unknown', text: err ? `cannot read the cluster: ${err.message}` : 'the cluster is not connected' });
    return rollUp(shard, reasons, [], gpus);
  }
  const ctx: Ctx = { cluster, zoneCluster, shard, reasons, zoneOfNode: zoneMapOf(cluster, zoneCluster, shard.zones) };
  const pods = inNamespace(cluster, 'Pod', shard.namespace).filter(isActivePod);
  for (const p of pods) gpus.requested += p.gpus;
  const servers = shard.servers.map((s) => checkServer(ctx, s, serverPods(pods, s)));
  checkNodesAndZones(ctx, pods, servers);
  return rollUp(shard, reasons, servers, gpus);
}

/** Its own health (memoized per inputs), from the cluster state map. */
function ownHealth(clusters: Readonly<Record<string, ClusterState>>, spec: LiveSpec, name: string): ShardHealth | undefined {
  const shard = spec.shards[name];
  const c = shard && spec.clusters[shard.cluster];
  return shard && c ? shardHealth(clusters[shard.cluster], c.spec, shard) : undefined;
}

/**
 * One shard's health with a 'failover-unhealthy' reason (degraded) when its failoverShard is down
 * or degraded by its own reasons: the shard is fine, but its backup is not there to take over. (Its
 * own reasons only: a shard is not unhealthy because its failover shard names it back.)
 */
export function shardHealthOf(clusters: Readonly<Record<string, ClusterState>>, spec: LiveSpec, name: string): ShardHealth | undefined {
  const h = ownHealth(clusters, spec, name);
  const failover = spec.shards[name]?.failoverShard;
  if (!h || !failover || h.status === 'unknown') return h;
  const f = ownHealth(clusters, spec, failover);
  if (!f || (f.status !== 'down' && f.status !== 'degraded')) return h;
  const reason: HealthReason = { code: 'failover-unhealthy', severity: 'degraded', subject: f.shard, text: `failover shard ${f.shard} is ${f.status}`, ...sinceOf(f.since) };
  return rollUp(spec.shards[name]!, [...h.reasons, reason], [...h.servers], h.gpus);
}

/** Every shard of the spec, as {@link shardHealthOf} gives it. */
export function allShardHealth(clusters: Readonly<Record<string, ClusterState>>, spec: LiveSpec): Record<string, ShardHealth> {
  const out: Record<string, ShardHealth> = {};
  for (const name of Object.keys(spec.shards)) {
    const h = shardHealthOf(clusters, spec, name);
    if (h) out[name] = h;
  }
  return out;
}
