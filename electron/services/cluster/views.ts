import type { ViewItems } from './coalescer.ts';
import type { LiveStore, Slim } from './live-store.ts';

/** What a subscription asks to see. */
export type ViewArg = { view: 'overview' } | { view: 'board'; cluster: string } | { view: 'shard'; cluster: string; shard: string };

/** Whether a change in (cluster, namespace) can change what the view shows. */
export function viewTouches(arg: ViewArg, cluster: string, namespace: string | undefined): boolean {
  if (arg.view === 'overview') return true;
  if (arg.cluster !== cluster) return false;
  if (arg.view === 'board') return true;
  // Nodes (cluster-scoped) carry readiness and zones a shard's pods depend on.
  return namespace === '' || namespace === `shard-${arg.shard}`;
}

export interface OverviewRow {
  cluster: string;
  nodes: number;
  nodesReady: number;
  pods: number;
  podsRunning: number;
  podsPending: number;
  gpus: number;
  gpusRequested: number;
  /** The commit Flux or Argo CD last applied (from its revision), if watched. */
  commit?: string;
}

export interface BoardCard {
  shard: string;
  pods: number;
  ready: number;
  pending: number;
  crashLooping: number;
  deployments: number;
  replicasDesired: number;
  replicasReady: number;
  warnings: number;
}

/** The views over the store (minimal until the pure half's roll-ups are wired; see live-store.ts). */
export function computeView(store: LiveStore, arg: ViewArg, clusters: () => string[], shardsOf: (cluster: string) => string[]): ViewItems {
  if (arg.view === 'overview') {
    const out: ViewItems = new Map();
    for (const c of clusters()) out.set(c, overviewRow(store, c));
    return out;
  }
  if (arg.view === 'board') {
    const out: ViewItems = new Map();
    const shards = new Set(shardsOf(arg.cluster));
    for (const ns of store.namespaces(arg.cluster)) if (ns.startsWith('shard-')) shards.add(ns.slice(6));
    for (const s of [...shards].sort()) out.set(s, boardCard(store, arg.cluster, s));
    return out;
  }
  const out: ViewItems = new Map();
  for (const o of store.inNamespace(arg.cluster, `shard-${arg.shard}`)) out.set(o.uid, o);
  return out;
}

function overviewRow(store: LiveStore, cluster: string): OverviewRow {
  const row: OverviewRow = { cluster, nodes: 0, nodesReady: 0, pods: 0, podsRunning: 0, podsPending: 0, gpus: 0, gpusRequested: 0 };
  for (const n of store.objects(cluster, 'nodes')) {
    row.nodes++;
    if (n.ready) row.nodesReady++;
    row.gpus += Number(n.gpus ?? 0);
  }
  for (const p of store.objects(cluster, 'pods')) {
    row.pods++;
    if (p.phase === 'Running') row.podsRunning++;
    if (p.phase === 'Pending') row.podsPending++;
    if (p.phase !== 'Succeeded' && p.phase !== 'Failed') row.gpusRequested += Number(p.gpus ?? 0);
  }
  const applied = [...store.objects(cluster, 'kustomizations'), ...store.objects(cluster, 'applications')].find((k) => typeof k.revision === 'string');
  const commit = applied ? /([0-9a-f]{40})/.exec(String(applied.revision))?.[1] : undefined;
  if (commit) row.commit = commit;
  return row;
}

function boardCard(store: LiveStore, cluster: string, shard: string): BoardCard {
  const card: BoardCard = { shard, pods: 0, ready: 0, pending: 0, crashLooping: 0, deployments: 0, replicasDesired: 0, replicasReady: 0, warnings: 0 };
  for (const o of store.inNamespace(cluster, `shard-${shard}`) as Iterable<Slim>) {
    if (o.resource === 'pods') {
      card.pods++;
      if (o.ready) card.ready++;
      if (o.phase === 'Pending') card.pending++;
      if (o.waiting === 'CrashLoopBackOff') card.crashLooping++;
    } else if (o.resource === 'deployments') {
      card.deployments++;
      card.replicasDesired += Number(o.desired ?? 0);
      card.replicasReady += Number(o.ready ?? 0);
    } else if (o.resource === 'events' && o.type === 'Warning') card.warnings++;
  }
  return card;
}
