// The routing map screen: per cluster and region, what the rendered routing.json tells the router,
// beside the live health of the clusters the person connected, with the problems it implies.
// Nothing connects unasked: a cluster not connected shows the spec, with a Connect button.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { healthEntriesOf, liveShardsOf } from '../../../gitops/core/routing/live-join.ts';
import type { RoutingMap } from '../../../gitops/core/routing/routing-map.ts';
import type { LocatedRoutingProblem } from '../../../gitops/core/routing/routing-screen.ts';
import type { RoutingScreenDto } from '../../../shared/ipc/routing-schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { canConnect, connectionWords } from '../live/format.ts';
import { connectCluster, refreshClusters, useLive, useLiveView } from '../live/live-store.ts';
import { nextRow, RoutingMapView } from './RoutingMapView.tsx';

/** Connection states in which a cluster view is worth subscribing (its items say something now or soon). */
const WATCHED = new Set(['live', 'stale', 'connecting']);

/** Subscribes one cluster's live view while mounted and hands its items up. */
function LiveFeed({ cluster, onItems }: { cluster: string; onItems: (cluster: string, items: Readonly<Record<string, unknown>> | undefined) => void }) {
  const { items } = useLiveView({ view: 'cluster', cluster });
  useEffect(() => {
    onItems(cluster, items);
  }, [cluster, items, onItems]);
  useEffect(() => () => onItems(cluster, undefined), [cluster, onItems]);
  return null;
}

export function openProblem(p: LocatedRoutingProblem): void {
  useApp.getState().setView('workspace');
  void useEditor.getState().open(p.file, { tab: 'yaml', ...(p.line ? { line: p.line, column: p.column ?? 1 } : {}) });
}

function openShardFile(shard: string): void {
  const row = useWorkspace.getState().rows.shards.find((r) => r.name === shard);
  useApp.getState().setView('workspace');
  void useEditor.getState().open(row?.file ?? `shards/${shard}.yaml`, { tab: 'yaml' });
}

/** The routing map of the open workspace, per cluster (tabs) and region. */
export default function RoutingScreen() {
  const revision = useWorkspace((s) => s.revision);
  const connections = useLive((s) => s.clusters);
  const [data, setData] = useState<RoutingScreenDto | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<string>('');
  const [feeds, setFeeds] = useState<Record<string, Readonly<Record<string, unknown>> | undefined>>({});
  const tabs = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void refreshClusters();
  }, []);

  const onItems = useCallback((cluster: string, items: Readonly<Record<string, unknown>> | undefined) => {
    setFeeds((f) => (f[cluster] === items ? f : { ...f, [cluster]: items }));
  }, []);

  const states = useMemo(() => Object.fromEntries(Object.entries(connections).map(([k, v]) => [k, v.state])), [connections]);
  const live = useMemo(() => liveShardsOf(feeds, states), [feeds, states]);
  const healthKey = JSON.stringify(healthEntriesOf(live));

  // The map and its problems from the host, again when the files change or live health does.
  useEffect(() => {
    let stale = false;
    const t = setTimeout(() => {
      const health = JSON.parse(healthKey) as ReturnType<typeof healthEntriesOf>;
      call('workspace:routingMap', health.length ? { health: health.map((h) => ({ shard: h.shard, status: h.status, reasons: [...h.reasons] })) } : {}).then(
        (r) => {
          if (stale) return;
          setData(r);
          setError(undefined);
        },
        (err: unknown) => !stale && setError(err instanceof Error ? err.message : String(err)),
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [revision, healthKey]);

  const map = data?.map as RoutingMap | undefined;
  const clusterNames = map?.clusters.map((c) => c.cluster) ?? [];
  const choices = ['', ...clusterNames];
  const shown = choices.includes(tab) ? tab : '';
  const problems = (data?.problems ?? []) as LocatedRoutingProblem[];

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const key = e.key === 'ArrowRight' ? 'ArrowDown' : e.key === 'ArrowLeft' ? 'ArrowUp' : e.key;
    const next = nextRow(i, key, choices.length);
    if (next === undefined) return;
    e.preventDefault();
    setTab(choices[next]!);
    tabs.current?.querySelectorAll<HTMLButtonElement>('button[role="tab"]')[next]?.focus();
  };

  const visible = shown ? [shown] : clusterNames;
  const notLive = visible.filter((c) => !WATCHED.has(connections[c]?.state ?? 'disconnected'));

  return (
    <div className="routing-root" data-testid="routing-view">
      {clusterNames.filter((c) => WATCHED.has(connections[c]?.state ?? '')).map((c) => <LiveFeed key={c} cluster={c} onItems={onItems} />)}
      <div className="toolbar">
        <h2>Routing map</h2>
        <div className="rm-tabs" role="tablist" aria-label="Cluster" ref={tabs}>
          {choices.map((c, i) => {
            const n = c ? problems.filter((p) => p.cluster === c).length : problems.length;
            return (
              <button key={c || 'all'} role="tab" aria-selected={c === shown} tabIndex={c === shown ? 0 : -1} onClick={() => setTab(c)} onKeyDown={(e) => onTabKey(e, i)} data-testid={`routing-tab-${c || 'all'}`}>
                {c || 'All clusters'}
                {n > 0 && <span className="n" title={`${n} routing problem${n === 1 ? '' : 's'}`}>{n}</span>}
              </button>
            );
          })}
        </div>
        <span className="spacer" />
        <span className="rm-legend">
          Health: <span className="src-badge live">live</span> from the cluster · <span className="src-badge spec">spec</span> from routing.json
        </span>
      </div>
      {notLive.length > 0 && map && (
        <div className="rm-live-line" data-testid="routing-live-line">
          {notLive.map((c) => (
            <span key={c}>
              {c}: {connectionWords(connections[c]?.state ?? 'disconnected')}{' '}
              {canConnect(connections[c]?.state ?? 'disconnected') && <button className="btn small" onClick={() => void connectCluster(c)} data-testid={`routing-connect-${c}`}>
                <Icon name="pulse" size={12} /> Connect for live health
              </button>}
            </span>
          ))}
        </div>
      )}
      {error && <div className="rm-error" role="alert">{error}</div>}
      {!map && !error && <div className="rm-dim">Reading the routing map…</div>}
      {map && (
        <RoutingMapView
          map={map}
          live={live}
          connections={states}
          problems={problems}
          {...(shown ? { cluster: shown } : {})}
          onOpenProblem={openProblem}
          onOpenShard={openShardFile}
        />
      )}
    </div>
  );
}
