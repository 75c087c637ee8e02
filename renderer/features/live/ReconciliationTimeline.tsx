import { useEffect, useMemo, useRef } from 'react';
import type { ClusterReconciliation } from '../../../gitops/core/live/reconciliation.ts';
import type { TimelineStage } from '../../../gitops/core/live/views.ts';
import { age, connectionWords, shortRevision } from './format.ts';
import { useLive, useLiveView } from './live-store.ts';

interface Cell {
  stage: TimelineStage;
  message?: string;
  since?: string;
}
interface Row {
  index: number;
  commit: { oid: string; subject?: string; time?: string };
  clusters: Record<string, Cell>;
}
interface ClusterCol {
  name: string;
  gitops: 'flux' | 'argocd';
  watched: boolean;
  reconciliation: ClusterReconciliation;
}

const TONE: Record<TimelineStage, string> = { applied: 'ok', failed: 'danger', fetched: 'warn', waiting: '', suspended: 'warn', unknown: '' };
const WORDS: Record<TimelineStage, string> = { applied: 'applied', failed: 'failed', fetched: 'fetched, applying', waiting: 'not fetched yet', suspended: 'suspended', unknown: '–' };

/**
 * The branch's last commits (newest first) and where each stands on each cluster: applied, failed
 * with the controller's message, fetched, or not fetched yet; a cluster not connected says so in its
 * column. Escape goes back to the overview.
 */
export function ReconciliationTimeline({ onBack }: { onBack: () => void }) {
  const { items, error } = useLiveView({ view: 'timeline' });
  const conns = useLive((s) => s.clusters);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => root.current?.focus(), []);
  const { rows, cols } = useMemo(() => {
    const all = Object.entries(items ?? {});
    return {
      rows: all.filter(([k]) => k.startsWith('commit/')).map(([, v]) => v as Row).sort((a, b) => a.index - b.index),
      cols: all.filter(([k]) => k.startsWith('cluster/')).map(([, v]) => v as ClusterCol).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }, [items]);
  return (
    <div className="timeline" data-testid="timeline" ref={root} tabIndex={-1} onKeyDown={(e) => e.key === 'Escape' && onBack()}>
      <div className="toolbar">
        <button className="btn small ghost" onClick={onBack} title="Back to the overview (Escape)" data-testid="timeline-back">← Clusters</button>
        <b>Reconciliation timeline</b>
        <span className="live-dim">the branch's last {rows.length} commits and where each stands per cluster, from its Flux Kustomization or Argo CD Application</span>
      </div>
      {error && <div className="chart-msg err">{error}</div>}
      {!items ? (
        <div className="chart-msg">Reading commits…</div>
      ) : rows.length === 0 ? (
        <div className="chart-msg">This workspace has no commit yet: commit and push, and each cluster's progress shows here.</div>
      ) : (
        <table className="live-table timeline-table" aria-label="Commits per cluster">
          <thead>
            <tr>
              <th>Commit</th>
              {cols.map((c) => {
                const conn = conns[c.name];
                const rec = c.reconciliation;
                return (
                  <th key={c.name} data-testid={`tl-col-${c.name}`}>
                    <div>{c.name} <span className="live-dim">{c.gitops === 'flux' ? 'Flux' : 'Argo CD'}</span></div>
                    <div className="live-dim small">
                      {!c.watched ? (conn ? connectionWords(conn.state, conn.since) : 'Not connected') : rec.found ? `runs ${shortRevision(rec.running) ?? 'nothing yet'}` : `no gantry-${c.name} ${c.gitops === 'flux' ? 'Kustomization' : 'Application'}`}
                    </div>
                    {rec.fetchError && <div className="conn-reason small">{rec.fetchError.message}</div>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.commit.oid} data-testid={`tl-row-${r.commit.oid.slice(0, 8)}`}>
                <td className="commit-cell">
                  <span className="mono">{r.commit.oid.slice(0, 8)}</span> {r.commit.subject}
                  {r.commit.time && <span className="live-dim"> · {age(r.commit.time)} ago</span>}
                </td>
                {cols.map((c) => {
                  const cell = r.clusters[c.name];
                  const stage = cell?.stage ?? 'unknown';
                  return (
                    <td key={c.name} data-testid={`tl-${r.commit.oid.slice(0, 8)}-${c.name}`} data-stage={stage} title={cell?.since ? `since ${cell.since}` : undefined}>
                      <span className={`chip ${TONE[stage]}`}>{WORDS[stage]}</span>
                      {cell?.message && stage !== 'applied' && stage !== 'unknown' && <div className="live-dim small tl-message">{cell.message}</div>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
