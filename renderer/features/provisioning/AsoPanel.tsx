import { useEffect, useState } from 'react';
import type { AsoViewDto } from '../../../shared/ipc/cloud-schemas.ts';
import { call } from '../../ipc/index.ts';

const STATE: Record<AsoViewDto['resources'][number]['state'], { chip: string; label: string }> = {
  error: { chip: 'danger', label: 'failed' },
  warning: { chip: 'warn', label: 'retrying' },
  reconciling: { chip: 'info', label: 'reconciling' },
  unknown: { chip: '', label: 'not reported' },
  ready: { chip: 'ok', label: 'ready' },
};

/**
 * The tenant's Azure Service Operator resources in its shard's cluster with their Ready condition
 * (read when the panel opens and on Refresh; nothing when ASO is not installed there).
 */
export function AsoPanel({ tenant }: { tenant: string }) {
  const [view, setView] = useState<AsoViewDto | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    try {
      setView(await call('cloud:aso', { tenant }));
      setError(undefined);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    setView(undefined);
    void load();
  }, [tenant]);
  if (!view && !error) return null;
  if (view && view.state === 'not-installed') return null;
  return (
    <section className="aso" data-testid="aso-panel">
      <div className="aso-head">
        <span className="pane-title">Azure Service Operator</span>
        {view && <span className="pane-sub mono">{view.cluster ? `${view.cluster} · ` : ''}{view.namespace}</span>}
        <span className="spacer" />
        <button className="btn small ghost" onClick={() => void load()} disabled={busy} data-testid="aso-refresh">Refresh</button>
      </div>
      {error && <div className="banner" data-testid="aso-message">{error}</div>}
      {view && view.state !== 'ok' && <div className="banner" data-testid="aso-message">{view.message}</div>}
      {view && view.state === 'ok' && view.resources.length === 0 && <div className="empty-small">No ASO resources in {view.namespace}.</div>}
      {view && view.resources.length > 0 && (
        <table className="aso-table" data-testid="aso-table">
          <thead>
            <tr><th>Resource</th><th>Ready</th><th>Reason</th><th>Message</th><th>Since</th></tr>
          </thead>
          <tbody>
            {view.resources.map((r) => (
              <tr key={`${r.group}/${r.kind}/${r.name}`} data-testid={`aso-${r.name}`}>
                <td><span className="mono b">{r.kind}</span> {r.name}{r.azureName && r.azureName !== r.name ? <span className="pane-sub"> ({r.azureName} in Azure)</span> : null}<div className="pane-sub">{r.group}/{r.version}</div></td>
                <td>
                  <span className={`chip ${STATE[r.state].chip}`} title={`Ready ${r.ready}${r.severity ? `, severity ${r.severity}` : ''}`} data-testid="aso-state">{STATE[r.state].label}</span>
                  {r.stale && <span className="chip" title="The spec changed since the operator last reported (observedGeneration is older than the object's generation)">spec changed since</span>}
                </td>
                <td className="mono">{r.reason ?? '–'}</td>
                <td className="aso-msg">{r.message ?? ''}</td>
                <td className="nowrap">{r.since ? new Date(r.since).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
