import type { ClusterEntryDto } from '../../../shared/ipc/cluster-schemas.ts';
import type { ClusterReconciliation } from '../../../gitops/core/live/reconciliation.ts';
import type { ShardHealth } from '../../../gitops/core/live/shard-health.ts';
import { EmptyState } from '../../components/StatusBadge.tsx';
import { age, canConnect, connectionTone, connectionWords, HEALTH_ORDER, healthTone, shortRevision, type Health } from './format.ts';
import { DriftList, type DriftItem } from './DriftList.tsx';
import { connectCluster, disconnectCluster, useLive, useLiveView } from './live-store.ts';

interface OverviewItem {
  name: string;
  provider: string;
  region: string;
  reconciliation: ClusterReconciliation;
  shards: Record<Health, number>;
  gpus: { allocatable: number; free: number; pending: number; unavailable: number };
}

export interface ShardCardItem {
  health: ShardHealth;
  state: string;
  warnings: Array<{ uid: string; reason?: string; message?: string; last?: string; count?: number; object?: string }>;
}

const SHOWN = new Set(['live', 'stale', 'connecting']);

/** The badge naming which health a figure is: live (from the cluster) or spec (from the files). */
export function SourceBadge({ source }: { source: 'live' | 'spec' }) {
  return <span className={`src-badge ${source}`} title={source === 'live' ? 'Health read from the cluster' : 'What the spec files say'}>{source}</span>;
}

function Unhealthy({ cluster }: { cluster: string }) {
  const { items } = useLiveView({ view: 'cluster', cluster });
  if (!items) return <div className="live-dim">Reading shards…</div>;
  const bad = Object.entries(items)
    .filter(([k]) => k.startsWith('shard/'))
    .map(([, v]) => (v as ShardCardItem).health)
    .filter((h) => h && h.status !== 'healthy')
    .sort((a, b) => HEALTH_ORDER[a.status] - HEALTH_ORDER[b.status] || a.shard.localeCompare(b.shard, undefined, { numeric: true }));
  if (!bad.length) return <div className="live-dim" data-testid={`all-healthy-${cluster}`}>Every shard healthy.</div>;
  return (
    <ul className="unhealthy" data-testid={`unhealthy-${cluster}`}>
      {bad.slice(0, 8).map((h) => (
        <li key={h.shard} data-testid={`overview-shard-${h.shard}`} data-health={h.status}>
          <span className={`chip ${healthTone(h.status)}`}>{h.status}</span> <b>{h.shard}</b>
          {h.since && <span className="live-dim"> since {age(h.since)}</span>}
          <span className="reasons"> {h.reasons.map((r) => r.text).join(' · ')}</span>
        </li>
      ))}
      {bad.length > 8 && <li className="live-dim">and {bad.length - 8} more: open the shard board.</li>}
    </ul>
  );
}

/** The cluster's drift (object and field), from its cluster view (the overview view carries only counts). */
function ClusterDriftPanel({ cluster }: { cluster: string }) {
  const { items } = useLiveView({ view: 'cluster', cluster });
  return <DriftList drift={items?.drift as DriftItem | undefined} testId={`drift-${cluster}`} limit={6} />;
}

function ClusterCard({ entry, item, onOpen }: { entry: ClusterEntryDto | undefined; item: OverviewItem; onOpen: (cluster: string) => void }) {
  const state = entry?.state ?? 'disconnected';
  const rec = item.reconciliation;
  const shown = SHOWN.has(state);
  const c = item.name;
  return (
    <section className="cluster-card" data-testid={`cluster-${c}`} data-state={state} aria-label={`Cluster ${c}`}>
      <header>
        <b>{c}</b>
        <span className="live-dim">{item.provider} · {item.region}</span>
        <span className="spacer" />
        <span className={`chip ${connectionTone(state)}`} data-testid={`conn-${c}`}>{connectionWords(state, entry?.since)}</span>
        {canConnect(state) && (
          <button className="btn small primary" onClick={() => void connectCluster(c)} data-testid={`connect-${c}`}>
            {state === 'disconnected' ? 'Connect' : 'Retry'}
          </button>
        )}
        {(state === 'live' || state === 'stale' || state === 'connecting') && (
          <button className="btn small ghost" onClick={() => void disconnectCluster(c)}>Disconnect</button>
        )}
      </header>
      {entry?.reason && <div className="conn-reason" data-testid={`conn-reason-${c}`}>{entry.reason}</div>}
      {shown ? (
        <>
          <div className="facts">
            <div>
              <label>Commit running</label>
              <span className="mono" data-testid={`running-${c}`}>{rec.found ? shortRevision(rec.running) ?? 'none applied yet' : `unknown: no ${rec.gitops === 'flux' ? 'Flux Kustomization' : 'Argo CD Application'} gantry-${c}`}</span>
              {rec.found && <span className={`chip ${rec.phase === 'applied' ? 'ok' : rec.phase === 'failed' ? 'danger' : 'warn'}`}>{rec.phase}</span>}
              {rec.message && rec.phase !== 'applied' && <div className="live-dim small">{rec.message}</div>}
            </div>
            <div>
              <label>Shards <SourceBadge source="live" /></label>
              <span className="counts" data-testid={`counts-${c}`}>
                <span className="chip ok">{item.shards.healthy} healthy</span>
                {item.shards.degraded > 0 && <span className="chip warn">{item.shards.degraded} degraded</span>}
                {item.shards.down > 0 && <span className="chip danger">{item.shards.down} down</span>}
                {item.shards.unknown > 0 && <span className="chip">{item.shards.unknown} unknown</span>}
              </span>
            </div>
            <div>
              <label>GPUs free</label>
              <span className="mono" data-testid={`gpus-${c}`}>{item.gpus.free} of {item.gpus.allocatable}</span>
              {item.gpus.pending > 0 && <span className="chip warn">{item.gpus.pending} wanted by pending pods</span>}
              {item.gpus.unavailable > 0 && <span className="chip">{item.gpus.unavailable} on unusable nodes</span>}
            </div>
          </div>
          <Unhealthy cluster={c} />
          <ClusterDriftPanel cluster={c} />
          <div><button className="btn small" onClick={() => onOpen(c)} data-testid={`open-board-${c}`}>Shard board</button></div>
        </>
      ) : (
        <div className="live-dim">{state === 'disconnected' ? 'Nothing is read from this cluster until you connect it.' : 'No live data.'}</div>
      )}
    </section>
  );
}

/** Per cluster: connection, commit running, shards by live health, GPUs free. */
export function ClustersOverview({ onOpen, onTimeline }: { onOpen: (cluster: string) => void; onTimeline: () => void }) {
  const { items, error } = useLiveView({ view: 'overview' });
  const clusters = useLive((s) => s.clusters);
  const listError = useLive((s) => s.listError);
  if (error) return <div className="chart-msg err">{error}</div>;
  if (!items) return <div className="chart-msg">Reading clusters…</div>;
  const rows = Object.entries(items).filter(([k]) => k.startsWith('cluster/')).map(([, v]) => v as OverviewItem);
  if (!rows.length) return <EmptyState title="No clusters">The workspace defines no Cluster.</EmptyState>;
  return (
    <div className="cluster-cards" data-testid="live-overview">
      <div className="overview-bar">
        <button className="btn small" onClick={onTimeline} data-testid="open-timeline" title="The last commits and where each stands per cluster">Reconciliation timeline</button>
      </div>
      {listError && <div className="conn-reason">{listError}</div>}
      {rows.sort((a, b) => a.name.localeCompare(b.name)).map((r) => <ClusterCard key={r.name} entry={clusters[r.name]} item={r} onOpen={onOpen} />)}
    </div>
  );
}
