import { locate } from '../load/parse-file.ts';
import { placedTenants } from '../model/capacity.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { systemObjects } from '../render/cluster-objects.ts';
import type { RenderedFiles } from '../render/renderer.ts';
import { renderedPath, renderFile } from '../render/serialize.ts';
import { routingProblems, type RoutingProblem } from './failover-problems.ts';
import type { LiveShardHealth, LiveStatus, ShardHealthInput } from './live-health.ts';
import { buildRoutingMap, withLiveHealth, type RoutingMap } from './routing-map.ts';

/** A routing problem placed on the screen: its cluster and region, and the line of its file (to open it there). */
export interface LocatedRoutingProblem extends RoutingProblem {
  cluster: string;
  region: string;
  line?: number;
  column?: number;
}

/** What the routing map screen shows: the map (with live health joined in when given) and the problems it implies. */
export interface RoutingScreenData {
  map: RoutingMap;
  problems: LocatedRoutingProblem[];
  /** Whether live health was joined in (else everything is what the files say). */
  live: boolean;
}

/** Shard health as it crosses IPC: the shard, its live status and the reasons as sentences. */
export interface LiveHealthEntry {
  shard: string;
  status: LiveStatus;
  reasons: readonly string[];
}

/** The IPC entries as the map routing and failover-problem code reads them (the last entry of a shard wins). */
export function healthInputOf(entries: readonly LiveHealthEntry[]): ShardHealthInput {
  const out = new Map<string, LiveShardHealth>();
  for (const e of entries) out.set(e.shard, { status: e.status, reasons: [...e.reasons] });
  return out;
}

/**
 * Only the routing ConfigMaps of renderWorkspace's output (one per valid cluster, same paths and
 * bytes, as the renderer's emitSystem builds them): the screen asks for the map on every change,
 * and rendering every tenant's objects of a large workspace takes seconds.
 */
export function renderedRouting(m: WorkspaceModel): RenderedFiles {
  const out: RenderedFiles = new Map();
  for (const cluster of m.objects('Cluster')) {
    const shards: Array<Obj<'Shard'>> = [];
    for (const file of m.referrers('shardsByCluster', cluster.name)) {
      const s = m.files.get(file);
      if (s?.spec) shards.push(s as Obj<'Shard'>);
    }
    const tenants = shards.flatMap((s) => placedTenants(m, s.name));
    for (const obj of systemObjects({ shards, tenants, policies: m.objects('RoutingPolicy') })) {
      if (obj.kind === 'ConfigMap') out.set(renderedPath(cluster.name, obj), renderFile(cluster.file, [obj]));
    }
  }
  return out;
}

/**
 * The routing map of the workspace and its problems (failover target unavailable, failover loop,
 * capacity, region full), each with the cluster, region and line of the shard's file. With
 * `health`, live degraded or down shards count as unavailable. Pure: renders the routing
 * ConfigMaps in memory unless `rendered` is given.
 */
export function routingScreen(m: WorkspaceModel, health?: ShardHealthInput, rendered: RenderedFiles = renderedRouting(m)): RoutingScreenData {
  const base = buildRoutingMap(m, rendered);
  const map = health && health.size ? withLiveHealth(base, health) : base;
  const where = new Map<string, { cluster: string; region: string }>();
  for (const c of map.clusters) for (const r of c.regions) for (const s of r.shards) where.set(s.name, { cluster: c.cluster, region: r.region });
  const problems = routingProblems(m, health && health.size ? health : undefined).map((p): LocatedRoutingProblem => {
    const spec = m.valid('Shard', p.shard)?.spec;
    const at = where.get(p.shard) ?? { cluster: spec?.cluster ?? '', region: spec?.region ?? '' };
    const pf = m.files.get(p.file);
    const loc = pf ? locate(pf, p.code, p.path, p.message) : undefined;
    return { ...p, ...at, ...(loc?.line ? { line: loc.line, column: loc.column ?? 1 } : {}) };
  });
  problems.sort((a, b) => cmp(a.cluster, b.cluster) || cmp(a.region, b.region) || cmp(a.shard, b.shard) || cmp(a.code, b.code));
  return { map, problems, live: Boolean(health && health.size) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
