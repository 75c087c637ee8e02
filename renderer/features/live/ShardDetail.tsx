import { useEffect, useMemo, useRef } from 'react';
import { SourceBadge } from './ClustersOverview.tsx';
import { DriftList } from './DriftList.tsx';
import { shardDetail, podState } from './detail-rows.ts';
import { age, connectionWords, healthTone } from './format.ts';
import { useLive, useLiveView } from './live-store.ts';

/**
 * One shard from its cluster: health and reasons, model servers (Deployments or InferenceServices
 * with their HPA and PDB), pods per zone, the tenants placed on it with their quota use, drift and
 * the recent events of its namespaces. Escape (or the back button) returns to the board.
 * `actions` is where other flows put their buttons (the drain flow's "Drain and fail over").
 */
export function ShardDetail({ shard, cluster, onBack, actions }: { shard: string; cluster: string; onBack: () => void; actions?: React.ReactNode }) {
  const { items, error } = useLiveView({ view: 'shard', shard });
  const entry = useLive((s) => s.clusters[cluster]);
  const d = useMemo(() => shardDetail(items ?? {}), [items]);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => root.current?.focus(), []);
  // Escape goes back wherever the focus is in the page (live updates or a click may have moved it off
  // this view), except while typing in a field or with a dialog open, where Escape is theirs.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], dialog')) return;
      if (document.querySelector('[role="dialog"], dialog[open]')) return;
      e.preventDefault();
      onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);
  const h = d.health;
  return (
    <div
      className="shard-detail"
      data-testid="shard-detail"
      data-shard={shard}
      tabIndex={-1}
      ref={root}
      aria-label={`Shard ${shard}`}
    >
      <div className="toolbar">
        <button className="btn small ghost" onClick={onBack} title="Back to the shard board (Escape)" data-testid="detail-back">← {cluster}</button>
        <b className="detail-title">{shard}</b>
        {h && <span className={`chip ${healthTone(h.status)}`} data-testid="detail-health">{h.status}</span>}
        <SourceBadge source="live" />
        {h?.since && <span className="live-dim">since {age(h.since)}</span>}
        {entry && <span className="live-dim">{connectionWords(entry.state, entry.since)}</span>}
        <span className="spacer" />
        <div className="detail-actions" data-testid="shard-actions">{actions}</div>
      </div>
      {error && <div className="chart-msg err">{error}</div>}
      {!items ? (
        <div className="chart-msg">Reading the shard…</div>
      ) : (
        <div className="detail-grid">
          <section className="panel reasons-panel" data-testid="detail-reasons">
            <h3>Health</h3>
            {h && h.reasons.length > 0 ? (
              <ul className="reasons">{h.reasons.map((r, i) => <li key={i} className={r.severity}>{r.text}{r.since && <span className="live-dim"> ({age(r.since)})</span>}</li>)}</ul>
            ) : (
              <div className="live-dim">{h ? 'Nothing wrong: every server ready in every zone.' : 'No health yet.'}</div>
            )}
            {h && <div className="live-dim">GPUs requested {h.gpus.requested} of {h.gpus.spec} in the spec</div>}
          </section>

          <section className="panel" data-testid="detail-servers">
            <h3>Model servers</h3>
            <table className="live-table">
              <thead><tr><th>Server</th><th>Ready</th><th>Per zone</th><th>Autoscaler</th><th>Disruption budget</th></tr></thead>
              <tbody>
                {(h?.servers ?? []).map((s) => {
                  const hpa = d.hpas.find((x) => x.target === s.name || x.name === s.name);
                  const pdb = d.pdbs.find((x) => x.name === s.name);
                  const isvc = d.isvcs.find((x) => x.name === s.name);
                  return (
                    <tr key={s.name} data-testid={`server-${s.name}`}>
                      <td><b>{s.name}</b> <span className="live-dim">{s.runtime}</span>{isvc?.ready && isvc.ready.status !== 'True' && <div className="warning-event">{isvc.failure?.message ?? isvc.ready.message ?? isvc.ready.reason}</div>}</td>
                      <td className={s.ready < s.desired ? 'warn-text' : undefined}>{s.ready}/{s.desired}</td>
                      <td className="mono">{Object.entries(s.readyByZone).sort().map(([z, n]) => `z${z} ${n}`).join(' · ') || '–'}</td>
                      <td>{hpa ? `${hpa.current} now, ${hpa.min}–${hpa.max}${hpa.current >= hpa.max ? ' (at max)' : ''}` : '–'}</td>
                      <td>{pdb ? `${pdb.currentHealthy}/${pdb.desiredHealthy} healthy, ${pdb.disruptionsAllowed} may go` : '–'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>

          <section className="panel" data-testid="detail-zones">
            <h3>Pods per zone</h3>
            <div className="zone-cols">
              {d.zones.map((z) => (
                <div key={z.zone} className="zone-col" data-testid={`zone-${z.zone || 'none'}`}>
                  <div className="zone-head">{z.zone ? `zone ${z.zone}` : 'no node yet'} <span className="live-dim">{z.pods.filter((p) => p.ready).length}/{z.pods.length} ready</span></div>
                  {z.pods.length === 0 && <div className="live-dim">no pod</div>}
                  {z.pods.map((p) => {
                    const st = podState(p);
                    return (
                      <div key={p.name} className="pod-row" data-testid={`pod-${p.name}`} title={p.waiting?.message ?? p.unschedulable?.message ?? ''}>
                        <span className={`dot ${st.tone}`} />
                        <span className="mono pod-name">{p.name}</span>
                        <span className={`chip ${st.tone}`}>{st.text}</span>
                        {p.restarts > 0 && <span className="live-dim">{p.restarts} restarts</span>}
                        {p.node && <span className="live-dim">{p.node}</span>}
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
          </section>

          <section className="panel" data-testid="detail-tenants">
            <h3>Tenants placed here</h3>
            {d.tenants.length === 0 && <div className="live-dim">No tenant is placed on this shard.</div>}
            {d.tenants.map((t) => {
              const used = t.quota?.used ?? 0;
              const hard = t.quota?.hard ?? t.specGpus;
              const pct = hard > 0 ? Math.min(100, Math.round((used / hard) * 100)) : 0;
              return (
                <div key={t.tenant} className="tenant-row" data-testid={`tenant-${t.tenant}`}>
                  <b>{t.tenant}</b>
                  <span className="quota-bar" title={`${used} of ${hard} GPUs of the quota in use`}><span style={{ width: `${pct}%` }} className={pct >= 100 ? 'full' : undefined} /></span>
                  <span className="mono">{t.quota ? `${used}/${t.quota.hard} GPUs` : 'no quota on the cluster'}</span>
                  {t.quota && t.quota.hard !== t.specGpus && <span className="chip warn" title="The cluster's quota differs from the spec">spec {t.specGpus}</span>}
                </div>
              );
            })}
          </section>

          <section className="panel">
            <DriftList drift={d.drift} testId="detail-drift" />
            {!d.drift && <div className="live-dim">Drift is not checked: the workspace does not render.</div>}
          </section>

          <section className="panel events-panel" data-testid="detail-events">
            <h3>Recent events</h3>
            {d.events.length === 0 && <div className="live-dim">No events in its namespaces.</div>}
            <table className="live-table">
              <tbody>
                {d.events.map((e) => (
                  <tr key={e.uid} className={e.type === 'Warning' ? 'warning-event' : undefined}>
                    <td className="live-dim nowrap">{age(e.last) ?? ''}</td>
                    <td className="nowrap">{e.reason}</td>
                    <td className="mono nowrap">{e.involved.kind}/{e.involved.name}</td>
                    <td>{e.message}{e.count > 1 && <span className="live-dim"> ×{e.count}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </div>
  );
}
