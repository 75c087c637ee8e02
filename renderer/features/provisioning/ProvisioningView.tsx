import { useEffect, useMemo, useState } from 'react';
import { formatDuration } from '../../../gitops/core/provisioning/arm-records.ts';
import { Icon } from '../../components/Icon.tsx';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { MigrationPanel } from './MigrationPanel.tsx';
import { useProvisioning } from './provisioning-store.ts';
import { RerunDialog } from './RerunDialog.tsx';
import { SignInPanel } from './SignInPanel.tsx';
import { AsoPanel } from './AsoPanel.tsx';
import { STATE_CHIP, Timeline } from './Timeline.tsx';
import './provisioning.css';

const SUMMARY_CHIP: Record<string, { label: string; chip: string }> = {
  ...STATE_CHIP,
  'not-signed-in': { label: 'not signed in', chip: '' },
  'no-subscription': { label: 'no subscription', chip: 'warn' },
  loading: { label: 'loading', chip: '' },
  none: { label: 'no stack yet', chip: '' },
  error: { label: 'cannot read', chip: 'warn' },
};

function TenantList() {
  const { tenants, selected, migrating, select, loadingTenants, load } = useProvisioning();
  return (
    <section className="tenant-summary" data-testid="dedicated-tenants">
      <div className="pane-header">
        <span className="pane-title">Dedicated tenants</span>
        <span className="pane-sub">{tenants.length} · state of each stack</span>
        <span className="spacer" />
        <button className="btn small ghost" onClick={() => void load(true)} title="Read every stack again" aria-label="Refresh">
          <Icon name="refresh" size={13} className={loadingTenants ? 'spin' : undefined} />
        </button>
      </div>
      <ul className="tenant-list" role="listbox" aria-label="Dedicated tenants">
        {tenants.map((t) => (
          <li key={t.tenant}>
            <button
              className={`tenant-item${t.tenant === selected && !migrating ? ' selected' : ''}`}
              role="option"
              aria-selected={t.tenant === selected && !migrating}
              onClick={() => void select(t.tenant)}
              data-testid={`tenant-${t.tenant}`}
            >
              <span className="tenant-name">
                <span className="b">{t.tenant}</span>
                {t.migrating && <span className="chip accent">moving</span>}
                <span className="pane-sub"> {t.resourceGroup}</span>
              </span>
              <span className={`chip ${SUMMARY_CHIP[t.state]?.chip ?? ''}`} data-testid="tenant-state">
                {t.state === 'running' && <Icon name="loader" size={11} className="spin" />} {SUMMARY_CHIP[t.state]?.label ?? t.state}
                {t.failedSteps ? ` · ${t.failedSteps} failed` : ''}
              </span>
            </button>
          </li>
        ))}
        {tenants.length === 0 && <li className="pane-sub empty-small">No dedicated tenants in this workspace.</li>}
      </ul>
    </section>
  );
}

function MoveTenant() {
  const rows = useWorkspace((s) => s.rows.tenants);
  const shared = useMemo(() => rows.filter((t) => t.valid && t.tier === 'shared').map((t) => t.name).sort(), [rows]);
  const [pick, setPick] = useState('');
  const openMigration = useProvisioning((s) => s.openMigration);
  return (
    <section className="move-tenant">
      <div className="pane-header"><span className="pane-title">Move a shared tenant to dedicated</span></div>
      <div className="row">
        <select className="input" value={pick} onChange={(e) => setPick(e.target.value)} aria-label="Shared tenant to move" data-testid="move-tenant-select">
          <option value="">Choose a tenant…</option>
          {shared.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <button className="btn" disabled={!pick} onClick={() => void openMigration(pick)} data-testid="move-tenant-start">Plan the move</button>
      </div>
    </section>
  );
}

function TenantPanel() {
  const { view, selected, failedOnly, setFailedOnly, select, error } = useProvisioning();
  const [rerun, setRerun] = useState(false);
  if (!selected) return <div className="empty-small">Choose a tenant.</div>;
  if (!view) return <div className="loading">{error ?? <><Icon name="loader" size={14} className="spin" /> Reading {selected}'s deployments…</>}</div>;
  const t = view.timeline;
  const topLevel = view.deployments.filter((d) => !d.nested);
  return (
    <div className="tenant-panel" data-testid="provisioning-panel">
      <div className="pane-header">
        <span className="pane-title">{view.tenant}</span>
        <span className="pane-sub mono">{view.target.resourceGroup}{view.target.subscriptionId ? ` · ${view.target.subscriptionId}` : ''}</span>
        <span className="spacer" />
        {topLevel.length > 1 && (
          <select className="input small" value={t?.deployment ?? ''} onChange={(e) => void select(view.tenant, e.target.value)} aria-label="Deployment">
            {topLevel.map((d) => <option key={d.name} value={d.name}>{d.name} · {d.state}</option>)}
          </select>
        )}
        <span className={`chip ${SUMMARY_CHIP[view.state]?.chip ?? ''}`} data-testid="deployment-state">
          {view.polling && <Icon name="loader" size={11} className="spin" />} {SUMMARY_CHIP[view.state]?.label ?? view.state}
        </span>
      </div>
      {view.message && <div className="banner" data-testid="provisioning-message">{view.message}</div>}
      {t && (
        <>
          <div className="deployment-facts">
            <span><span className="pane-sub">Deployment</span> <span className="mono b">{t.deployment}</span></span>
            {t.correlationId && <span><span className="pane-sub">Correlation id</span> <span className="mono" data-testid="correlation-id">{t.correlationId}</span></span>}
            {t.start && <span><span className="pane-sub">Started</span> {new Date(t.start).toLocaleString()}</span>}
            {t.durationMs !== undefined && <span><span className="pane-sub">Took</span> {formatDuration(t.durationMs)}</span>}
            <span className="pane-sub">{t.counts.succeeded} succeeded · {t.counts.running} running · {t.counts.failed} failed{t.counts.pending ? ` · ${t.counts.pending} pending` : ''}</span>
          </div>
          <div className="timeline-toolbar">
            <label className="check-inline">
              <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} data-testid="failed-only" /> Failed only
            </label>
            <span className="spacer" />
            {t.state === 'failed' && (
              <button className="btn primary small" onClick={() => setRerun(true)} data-testid="rerun-open">
                <Icon name="refresh" size={13} /> Re-run with changes…
              </button>
            )}
          </div>
          <Timeline steps={t.steps} failedOnly={failedOnly} />
          {t.outputs.length > 0 && (
            <div className="outputs" data-testid="outputs">
              <span className="pane-sub">Outputs</span>
              {t.outputs.map((o) => <span key={o.name} className="mono"><span className="b">{o.name}</span> = {typeof o.value === 'string' ? o.value : JSON.stringify(o.value)}</span>)}
            </div>
          )}
        </>
      )}
      <AsoPanel tenant={view.tenant} />
      {rerun && t && <RerunDialog tenant={view.tenant} deployment={t.deployment} onClose={() => setRerun(false)} />}
    </div>
  );
}

/** Provisioning: sign-in, the dedicated tenants with the state of their stacks, one tenant's step timeline or its move to dedicated. */
export function ProvisioningView() {
  const load = useProvisioning((s) => s.load);
  const migrating = useProvisioning((s) => s.migrating);
  const revision = useWorkspace((s) => s.root);
  useEffect(() => {
    void load(false);
  }, [load, revision]);
  return (
    <div className="provisioning" data-testid="provisioning-view">
      <aside className="provisioning-side">
        <SignInPanel />
        <TenantList />
        <MoveTenant />
      </aside>
      <section className="provisioning-main">{migrating ? <MigrationPanel /> : <TenantPanel />}</section>
    </div>
  );
}
