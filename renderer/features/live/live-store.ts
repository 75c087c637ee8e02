// Live monitoring in the renderer: the workspace's clusters with their connection state, and the
// subscribed views, each kept in step with the host by numbered deltas (view-sync.ts). A view
// subscribes when it mounts (useLiveView) and unsubscribes when it closes.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ClusterEntryDto, ExecRequestDto, ViewArgDto, ViewDeltaDto } from '../../../shared/ipc/cluster-schemas.ts';
import type { ViewItems } from '../../../gitops/core/live/deltas.ts';
import { call, ipc } from '../../ipc/index.ts';
import { receiveDelta, receiveSnapshot, type SyncedView } from './view-sync.ts';

export interface LiveView extends SyncedView {
  arg: ViewArgDto;
  subscription: string;
}

interface LiveState {
  clusters: Record<string, ClusterEntryDto>;
  /** Exec plugins waiting for the person's consent. */
  pending: ExecRequestDto[];
  listError: string | undefined;
  /** By the key of its argument (viewKey). */
  views: Record<string, LiveView>;
  errors: Record<string, string>;
}

export const useLive = create<LiveState>(() => ({ clusters: {}, pending: [], listError: undefined, views: {}, errors: {} }));

export const viewKey = (arg: ViewArgDto) => (arg.view === 'overview' || arg.view === 'timeline' ? arg.view : arg.view === 'cluster' ? `cluster:${arg.cluster}` : `shard:${arg.shard}`);

/** Deltas that arrived before their subscription's snapshot (the host can send one at once). */
const early = new Map<string, ViewDeltaDto[]>();
/** Mounted users per view key: the last to leave unsubscribes. */
const users = new Map<string, number>();
let listening = false;

function keyOfSubscription(subscription: string): string | undefined {
  const views = useLive.getState().views;
  for (const k in views) if (views[k]!.subscription === subscription) return k;
  return undefined;
}

async function resync(key: string): Promise<void> {
  const v = useLive.getState().views[key];
  if (!v) return;
  try {
    const snap = await call('cluster:snapshot', { subscription: v.subscription });
    const now = useLive.getState().views[key];
    if (now?.subscription !== v.subscription) return;
    useLive.setState((s) => ({ views: { ...s.views, [key]: { ...now, ...receiveSnapshot(snap) } } }));
  } catch (err) {
    useLive.setState((s) => ({ errors: { ...s.errors, [key]: err instanceof Error ? err.message : String(err) } }));
  }
}

function onDelta(d: ViewDeltaDto): void {
  const key = keyOfSubscription(d.subscription);
  if (!key) {
    const list = early.get(d.subscription) ?? [];
    if (list.length < 100) list.push(d);
    early.set(d.subscription, list);
    return;
  }
  const v = useLive.getState().views[key]!;
  const r = receiveDelta(v, d);
  if (r.view !== v) useLive.setState((s) => ({ views: { ...s.views, [key]: { ...v, ...r.view } } }));
  if (r.askSnapshot) void resync(key);
}

/** Views showing `cluster`: the overview, that cluster's board, and shard views whose items name it. */
function viewsShowing(cluster: string): string[] {
  const views = useLive.getState().views;
  return Object.keys(views).filter((k) => {
    const v = views[k]!;
    if (v.arg.view === 'overview' || v.arg.view === 'timeline') return true;
    if (v.arg.view === 'cluster') return v.arg.cluster === cluster;
    return `connection/${cluster}` in v.items;
  });
}

function onConnection(c: ClusterEntryDto): void {
  const before = useLive.getState().clusters[c.cluster];
  useLive.setState((s) => ({ clusters: { ...s.clusters, [c.cluster]: c } }));
  // A reconnect (back to live after anything else): the host relisted, so take the views whole.
  if (c.state === 'live' && before && before.state !== 'live') for (const key of viewsShowing(c.cluster)) void resync(key);
  if (c.state === 'needs-consent' || before?.state === 'needs-consent') void refreshConsent();
}

function listen(): void {
  if (listening) return;
  listening = true;
  ipc.on('cluster:onDelta', onDelta);
  ipc.on('cluster:onConnection', onConnection);
}

/** Reads the clusters and their states (nothing connects). */
export async function refreshClusters(): Promise<void> {
  listen();
  try {
    const r = await call('cluster:list', {});
    useLive.setState({ clusters: Object.fromEntries(r.clusters.map((c) => [c.cluster, c])), listError: r.problems.length ? r.problems.join('; ') : undefined });
  } catch (err) {
    useLive.setState({ listError: err instanceof Error ? err.message : String(err) });
  }
}

export async function refreshConsent(): Promise<void> {
  try {
    const r = await call('cluster:consentList', {});
    useLive.setState({ pending: r.pending });
  } catch {
    // The consent prompt shows nothing; connecting reports the state in the cluster's row.
  }
}

/** Connects a cluster the person asked for. */
export async function connectCluster(cluster: string): Promise<void> {
  listen();
  try {
    const entry = await call('cluster:connect', { cluster });
    onConnection(entry);
  } catch (err) {
    useLive.setState((s) => ({ errors: { ...s.errors, [`connect:${cluster}`]: err instanceof Error ? err.message : String(err) } }));
  }
}

export async function disconnectCluster(cluster: string): Promise<void> {
  await call('cluster:disconnect', { cluster }).catch(() => undefined);
  await refreshClusters();
}

export async function allowConsent(req: ExecRequestDto, cluster: string | undefined): Promise<void> {
  await call('cluster:consentAllow', { kubeconfig: req.kubeconfig, context: req.context, command: req.command, args: req.args });
  await refreshConsent();
  if (cluster) await connectCluster(cluster);
}

async function subscribe(key: string, arg: ViewArgDto): Promise<void> {
  listen();
  try {
    const snap = await call('cluster:subscribe', { view: arg });
    if (!users.get(key)) {
      // Closed while subscribing.
      void call('cluster:unsubscribe', { subscription: snap.subscription }).catch(() => undefined);
      return;
    }
    let view: LiveView = { arg, subscription: snap.subscription, ...receiveSnapshot(snap) };
    let gap = false;
    for (const d of early.get(snap.subscription) ?? []) {
      const r = receiveDelta(view, d);
      view = { ...view, ...r.view };
      gap ||= r.askSnapshot;
    }
    early.delete(snap.subscription);
    useLive.setState((s) => ({ views: { ...s.views, [key]: view }, errors: omit(s.errors, key) }));
    if (gap) void resync(key);
  } catch (err) {
    useLive.setState((s) => ({ errors: { ...s.errors, [key]: err instanceof Error ? err.message : String(err) } }));
  }
}

function omit<T>(rec: Record<string, T>, key: string): Record<string, T> {
  const next = { ...rec };
  delete next[key];
  return next;
}

function unsubscribe(key: string): void {
  const v = useLive.getState().views[key];
  useLive.setState((s) => ({ views: omit(s.views, key) }));
  if (v) void call('cluster:unsubscribe', { subscription: v.subscription }).catch(() => undefined);
}

/** Subscribes `arg` while the calling component is mounted; returns its items (undefined until the snapshot). */
export function useLiveView(arg: ViewArgDto | undefined): { items: ViewItems | undefined; error: string | undefined; resyncing: boolean } {
  const key = arg ? viewKey(arg) : '';
  const view = useLive((s) => (key ? s.views[key] : undefined));
  const error = useLive((s) => (key ? s.errors[key] : undefined));
  const argJson = arg ? JSON.stringify(arg) : '';
  useEffect(() => {
    if (!argJson) return;
    const a = JSON.parse(argJson) as ViewArgDto;
    const n = users.get(key) ?? 0;
    users.set(key, n + 1);
    if (n === 0) void subscribe(key, a);
    return () => {
      const left = (users.get(key) ?? 1) - 1;
      users.set(key, left);
      if (left === 0) {
        users.delete(key);
        unsubscribe(key);
      }
    };
  }, [key, argJson]);
  return { items: view?.items, error, resyncing: view?.resyncing ?? false };
}
