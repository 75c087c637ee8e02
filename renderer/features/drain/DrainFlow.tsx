import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DrainPreviewDto } from '../../../shared/ipc/drain-schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { useRollout } from '../../stores/rollout-store.ts';
import { Dialog } from '../plan/Dialog.tsx';
import { RoutingMapView } from '../routing/RoutingMapView.tsx';
import { useDrain } from './drain-store.ts';
import { flowDone, flowSteps, type FlowStep } from './flow-steps.ts';
import './drain-palette-register.ts';
import './drain.css';

function Patch({ text }: { text: string }) {
  return (
    <pre className="drain-patch">
      {text.split('\n').map((l, i) => (
        <span key={i} className={l.startsWith('+') && !l.startsWith('+++') ? 'diff-line add' : l.startsWith('-') && !l.startsWith('---') ? 'diff-line del' : undefined}>
          {l}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/** Routing map of the drained shard's cluster, before and after: each shard's state and tenants. */
function RoutingBeforeAfter({ p }: { p: DrainPreviewDto }) {
  const rows = p.routing.before.filter((r) => r.cluster === p.cluster);
  const after = new Map(p.routing.after.filter((r) => r.cluster === p.cluster).map((r) => [r.shard, r]));
  const moved = new Set(p.moves.map((m) => m.tenant));
  return (
    <table className="drain-table" data-testid="drain-routing">
      <thead>
        <tr><th>Shard</th><th>Region</th><th>State</th><th>Failover</th><th>Tenants before</th><th>Tenants after</th><th>GPUs free after</th></tr>
      </thead>
      <tbody>
        {rows.map((b) => {
          const a = after.get(b.shard) ?? b;
          return (
            <tr key={b.shard} className={b.shard === p.shard ? 'drained' : undefined} data-testid={`routing-${b.shard}`}>
              <td className="mono">{b.shard}{b.health && b.health !== 'healthy' ? <span className={`chip ${b.health === 'down' ? 'danger' : 'warn'}`}>{b.health}</span> : null}</td>
              <td>{b.region}</td>
              <td>{b.state === a.state ? b.state : <><s>{b.state}</s> → <b>{a.state}</b></>}</td>
              <td className="mono">{b.failoverShard ?? '—'}</td>
              <td>{b.tenants.map((t) => t.name).join(', ') || '—'}</td>
              <td>{a.tenants.map((t) => <span key={t.name} className={moved.has(t.name) ? 'moved' : undefined}>{t.name} </span>)}{a.tenants.length === 0 && '—'}</td>
              <td>{a.gpus.free} of {a.gpus.capacity}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PreviewBody({ p }: { p: DrainPreviewDto }) {
  return (
    <div className="drain-preview" data-testid="drain-preview">
      <section>
        <h3>Tenants that move ({p.moves.length})</h3>
        {p.moves.length ? (
          <table className="drain-table" data-testid="drain-moves">
            <thead><tr><th>Tenant</th><th>Plan</th><th>GPUs</th><th>From</th><th>To</th><th>Why there</th></tr></thead>
            <tbody>
              {p.moves.map((m) => (
                <tr key={m.tenant} data-testid={`move-${m.tenant}`}>
                  <td className="mono">{m.tenant}</td><td>{m.plan}</td><td>{m.gpus}</td><td className="mono">{m.from}</td><td className="mono"><b>{m.to}</b></td>
                  <td>{m.affinity ? 'its failover shard (session affinity keeps conversations together)' : 'fewest moves with room to spare'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p className="live-dim">No tenant can move.</p>}
      </section>
      {p.stays.length > 0 && (
        <section>
          <h3>Tenants that stay on {p.shard} ({p.stays.length})</h3>
          <ul className="drain-stays" data-testid="drain-stays">
            {p.stays.map((s) => <li key={s.tenant} data-testid={`stay-${s.tenant}`}><b className="mono">{s.tenant}</b>: {s.reason}</li>)}
          </ul>
        </section>
      )}
      <section>
        <h3>GPU headroom left on each target</h3>
        <table className="drain-table" data-testid="drain-headroom">
          <thead><tr><th>Shard</th><th>Capacity</th><th>Placed before</th><th>Placed after</th><th>Free after</th></tr></thead>
          <tbody>
            {p.headroom.map((h) => (
              <tr key={h.shard} data-testid={`headroom-${h.shard}`}><td className="mono">{h.shard}</td><td>{h.capacity}</td><td>{h.placedBefore}</td><td>{h.placedAfter}</td><td className={h.free <= 0 ? 'error-text' : undefined}><b>{h.free}</b> GPUs</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h3>Routing map of {p.cluster}, before and after</h3>
        <RoutingBeforeAfter p={p} />
        <div className="drain-maps">
          <div data-testid="drain-map-before"><div className="live-dim">Before</div><RoutingMapView map={p.maps.before} cluster={p.cluster} highlight={[p.shard]} idPrefix="before-" /></div>
          <div data-testid="drain-map-after"><div className="live-dim">After</div><RoutingMapView map={p.maps.after} cluster={p.cluster} highlight={[p.shard, ...new Set(p.moves.map((m) => m.to))]} idPrefix="after-" /></div>
        </div>
        {p.problemsAfter.length > 0 && (
          <ul className="drain-problems" data-testid="drain-problems">
            {p.problemsAfter.map((x, i) => <li key={i}><span className="chip warn">{x.code}</span> {x.message}</li>)}
          </ul>
        )}
      </section>
      <section>
        <h3>Spec diff</h3>
        {p.specDiff.map((d) => (
          <details key={d.path} open={p.specDiff.length <= 3} className="plan-file">
            <summary className="mono">{d.path}</summary>
            <Patch text={d.patch} />
          </details>
        ))}
      </section>
      <section>
        <h3>Rendered diff</h3>
        {p.renderedDiff.map((c) => (
          <div key={c.cluster}>
            <div className="live-dim">{c.cluster}: {c.files.length} file{c.files.length === 1 ? '' : 's'}</div>
            {c.files.map((f) => (
              <details key={f.path} className="plan-file">
                <summary className="mono">{f.change} {f.path}</summary>
                {f.patch && <Patch text={f.patch} />}
              </details>
            ))}
          </div>
        ))}
      </section>
      <section>
        <h3>Commit message</h3>
        <pre className="drain-message" data-testid="drain-message">{p.commit.message}</pre>
      </section>
    </div>
  );
}

const ICON: Record<FlowStep['state'], string> = { done: '✓', active: '…', waiting: '○', failed: '✕', blocked: '!' };

function Steps({ steps }: { steps: FlowStep[] }) {
  return (
    <ol className="drain-steps" data-testid="drain-steps" aria-live="polite">
      {steps.map((s) => (
        <li key={s.id} className={`step ${s.state}`} data-testid={`step-${s.id}`} data-state={s.state}>
          <span className="step-icon" aria-hidden="true">{s.state === 'active' ? <Icon name="loader" size={13} className="spin" /> : ICON[s.state]}</span>
          <div>
            <div className="step-text">{s.text}</div>
            {s.state !== 'done' && s.next && <div className="step-next live-dim">{s.next}</div>}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** "Drain and fail over": the preview, then commit and push in one step, then each step to the cluster; Undo. */
export function DrainFlow() {
  const s = useDrain(useShallow((x) => ({ shard: x.shard, partial: x.partial, preview: x.preview, loading: x.loading, busy: x.busy, error: x.error, flow: x.flow, placement: x.placement })));
  const { setPartial, confirm, undo, close } = useDrain.getState();
  const rollout = useRollout((r) => r.rollout);
  const primary = useRef<HTMLButtonElement>(null);
  const partialBox = useRef<HTMLInputElement>(null);
  const steps = useMemo(
    () => (s.flow ? flowSteps({ kind: s.flow.kind, shard: s.flow.shard, cluster: s.flow.cluster, moves: s.flow.moves, ...(s.flow.run ? { run: s.flow.run } : {}), busy: s.busy, rollout, ...(s.placement ? { placement: s.placement } : {}) }) : []),
    [s.flow, s.busy, rollout, s.placement],
  );
  const done = s.flow?.run && flowDone(steps);
  // The next action takes the focus: commit once the preview is there, Undo once the drain shows in the cluster.
  useEffect(() => {
    const t = setTimeout(() => (s.error && !s.preview && !s.flow ? partialBox.current : primary.current)?.focus(), 0);
    return () => clearTimeout(t);
  }, [s.preview, s.error, done, s.flow?.kind]);
  const p = s.preview;
  const title = s.flow?.kind === 'undo' ? `Undo the drain of ${s.flow.shard}` : `Drain and fail over ${s.shard ?? ''}`;
  const canUndo = s.flow?.kind === 'drain' && s.flow.run && !s.busy;
  return (
    <Dialog
      title={title}
      onClose={close}
      testId="drain-flow"
      footer={
        <>
          <span className="spacer" />
          {!s.flow && (
            <>
              <button className="btn" onClick={close}>Cancel</button>
              <button ref={primary} className="btn primary" disabled={!p || s.busy || p.moves.length === 0} onClick={() => void confirm()} data-testid="drain-confirm">
                <Icon name="drain" size={13} /> Commit, push and follow
              </button>
            </>
          )}
          {s.flow && (
            <>
              <button className="btn" onClick={close} data-testid="drain-close" ref={canUndo || !done ? undefined : primary}>{done ? 'Close' : 'Hide (keeps following)'}</button>
              {canUndo && (
                <button ref={primary} className="btn danger" onClick={() => void undo()} data-testid="drain-undo" title="Revert the drain commit as a new commit, push it and follow it the same way">
                  <Icon name="refresh" size={13} /> Undo
                </button>
              )}
            </>
          )}
        </>
      }
    >
      <div className="drain-body">
        {!s.flow && (
          <div className="drain-head">
            {p ? (
              <span data-testid="drain-headline">
                {p.shard} on {p.cluster} goes <b>draining</b>: {p.moves.length} tenant{p.moves.length === 1 ? '' : 's'} move{p.moves.length === 1 ? 's' : ''}
                {p.stays.length ? `, ${p.stays.length} stay${p.stays.length === 1 ? 's' : ''}` : ''}. Premium tenants are placed first; session affinity sends a tenant to the shard's failover shard when it fits.
              </span>
            ) : (
              <span>{s.loading ? 'Planning the drain…' : ''}</span>
            )}
            <label className="drain-partial">
              <input ref={partialBox} type="checkbox" checked={s.partial} onChange={(e) => setPartial(e.target.checked)} data-testid="drain-partial" /> Partial: move what fits, leave the rest
            </label>
          </div>
        )}
        {s.error && (
          <div className="banner danger drain-refusal" role="alert" data-testid="drain-error">
            {s.error}
            {!s.flow && !s.partial && /Cannot drain/.test(s.error) && <div className="live-dim">Tick Partial to move the tenants that fit and leave the others on the shard, each with why.</div>}
          </div>
        )}
        {s.flow && <Steps steps={steps} />}
        {s.flow?.run?.message && (
          <details className="plan-file">
            <summary>Commit {s.flow.run.oid.slice(0, 7)} message</summary>
            <pre className="drain-message">{s.flow.run.message}</pre>
          </details>
        )}
        {!s.flow && p && <PreviewBody p={p} />}
        {!s.flow && !p && s.loading && <div className="loading"><Icon name="loader" className="spin" /> Planning…</div>}
      </div>
    </Dialog>
  );
}

/** Mounted once by the shell: the flow's dialog, and while it is hidden a toast that follows it and offers Undo. */
export function DrainFlowHost() {
  const { open, flow, lastDrain } = useDrain(useShallow((x) => ({ open: x.open, flow: x.flow, lastDrain: x.lastDrain })));
  const { reopen, undo, dismissUndo } = useDrain.getState();
  if (open) return <DrainFlow />;
  if (lastDrain?.run) {
    return (
      <div className="drain-toast" role="status" data-testid="drain-toast">
        <span>Drain of {lastDrain.shard} applied on {lastDrain.cluster} ({lastDrain.run.oid.slice(0, 7)}).</span>
        <button className="btn small danger" onClick={() => void undo()} data-testid="drain-toast-undo">Undo</button>
        <button className="btn small ghost" onClick={dismissUndo} aria-label="Dismiss">×</button>
      </div>
    );
  }
  if (flow?.run) {
    return (
      <div className="drain-toast" role="status" data-testid="drain-toast">
        <span>{flow.kind === 'drain' ? 'Drain' : 'Undo'} of {flow.shard}: following {flow.run.oid.slice(0, 7)} to {flow.cluster}.</span>
        <button className="btn small" onClick={reopen}>Show</button>
      </div>
    );
  }
  return null;
}
