import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RolloutClusterDto } from '../../../shared/ipc/schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { useRollout } from '../../stores/rollout-store.ts';

const PHASE: Record<RolloutClusterDto['phase'], { label: string; chip: string }> = {
  applied: { label: 'applied', chip: 'ok' },
  progressing: { label: 'applying', chip: 'accent' },
  failed: { label: 'failed', chip: 'danger' },
  suspended: { label: 'suspended', chip: 'warn' },
  unknown: { label: 'waiting', chip: '' },
  'not-connected': { label: 'not connected', chip: '' },
  unreachable: { label: 'unreachable', chip: 'warn' },
};

const short = (oid: string | undefined) => (oid ? oid.slice(0, 7) : '');

function ClusterLine({ row, commit }: { row: RolloutClusterDto; commit: string }) {
  const p = PHASE[row.phase];
  const other = row.appliedCommit && row.appliedCommit !== commit && row.phase !== 'applied';
  const [open, setOpen] = useState(false);
  // Once applied, the controller's message only repeats the revision.
  const message = row.phase === 'applied' ? undefined : row.message;
  return (
    <li className="rollout-row" data-testid={`rollout-row-${row.cluster}`}>
      <div className="rollout-line">
        <span className="b">{row.cluster}</span>
        <span className="pane-sub">{row.gitops === 'flux' ? 'Flux' : 'Argo CD'}</span>
        <span className="spacer" style={{ flex: 1 }} />
        {row.since && row.phase !== 'not-connected' && (
          <span className="pane-sub" title={row.since}>since {new Date(row.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>
        )}
        <span className={`chip ${p.chip}`} data-testid="rollout-phase">
          {row.phase === 'progressing' && <Icon name="loader" size={11} className="spin" />} {p.label}
        </span>
      </div>
      {(message || other) && (
        <span
          className={`pane-sub rollout-message${row.phase === 'failed' ? ' error-text' : ''}${open ? ' open' : ''}`}
          title={open ? undefined : message}
          role="button"
          tabIndex={0}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              setOpen(!open);
            }
          }}
          data-testid="rollout-message"
        >
          {other ? `Still runs ${short(row.appliedCommit)}. ` : ''}
          {message ?? ''}
        </span>
      )}
    </li>
  );
}

/** After a push: which clusters have applied the commit, which are still applying, and why one failed. */
export function RolloutPanel() {
  const { rollout, error, follow } = useRollout(useShallow((s) => ({ rollout: s.rollout, error: s.error, follow: s.follow })));
  const applied = rollout?.clusters.filter((c) => c.phase === 'applied').length ?? 0;
  return (
    <div className="section" data-testid="rollout-panel">
      <h3><Icon name="server" size={12} /> Rollout</h3>
      {rollout ? (
        <>
          <div className="rollout-line">
            <span className="mono">{short(rollout.commit)}</span>
            <span className="pane-sub" title={rollout.subject} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}>{rollout.subject}</span>
            <span className="spacer" style={{ flex: 1 }} />
            <span className="pane-sub" data-testid="rollout-summary">
              {applied}/{rollout.clusters.length} applied{rollout.following ? ' · following' : ''}
            </span>
          </div>
          <ul className="rollout-list">
            {rollout.clusters.map((c) => <ClusterLine key={c.cluster} row={c} commit={rollout.commit} />)}
          </ul>
        </>
      ) : (
        <span className="pane-sub wrap">After a push, each cluster's Flux or Argo CD status shows here until it has applied the commit.</span>
      )}
      {error && <span className="error-text">{error}</span>}
      <div className="branch-actions">
        <button className="btn small ghost" onClick={() => void follow()} title="Read each cluster's Flux Kustomization or Argo CD Application for the current commit" data-testid="rollout-check">
          <Icon name="refresh" size={13} /> Check clusters
        </button>
      </div>
    </div>
  );
}
