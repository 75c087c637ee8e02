import { useEffect, useState } from 'react';
import type { PlannedFile } from '../../../gitops/core/plan/plan-types.ts';
import { call } from '../../ipc/index.ts';
import { Icon } from '../../components/Icon.tsx';
import { useApp } from '../../stores/app-store.ts';
import { useProvisioning } from './provisioning-store.ts';
import { STATE_CHIP } from './Timeline.tsx';

/** Writes planned files and commits them (the person pushes from Changes, as for any commit). */
async function writeAndCommit(files: PlannedFile[], message: string): Promise<string> {
  await call('plan:apply', { files: files.map((f) => ({ path: f.path, action: f.action, content: f.content })) });
  const r = await call('git:commit', { message });
  return r.oid;
}

/**
 * Moving a shared tenant to dedicated, in steps that lose nothing: 1. commit the dedicated shard
 * (the planner's), 2. watch its stack's provisioning, 3. tick each piece of data moved out of the
 * shared pools, 4. the last commit moves the tenant and removes its shared-pool references.
 */
export function MigrationPanel() {
  const { migrating: tenant, migration: m, tenants, tick, openMigration, load, select } = useProvisioning();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [committed, setCommitted] = useState<string | undefined>();
  const stack = tenants.find((t) => t.tenant === tenant);
  useEffect(() => setCommitted(undefined), [tenant]);
  if (!tenant) return null;
  if (!m) return <div className="loading" data-testid="migration-loading">{error ?? 'Planning…'}</div>;
  const ticked = m.checklist.filter((i) => i.done).length;
  const all = ticked === m.checklist.length;
  const stage = m.stage;
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const stepOne = () =>
    run(async () => {
      const oid = await writeAndCommit(m.shardFiles, `Add dedicated shard ${tenant} (move of ${tenant} to dedicated, step 1 of 2)`);
      setCommitted(oid);
      useApp.getState().toast('success', `Committed the dedicated shard ${tenant}; push it from Changes.`);
      await load(true);
      await openMigration(tenant);
    });
  const cutover = () =>
    run(async () => {
      const { file, message } = await call('cloud:cutover', { tenant });
      const oid = await writeAndCommit([file], `${message} (move of ${tenant} to dedicated, step 2 of 2)`);
      setCommitted(oid);
      useApp.getState().toast('success', `Committed the cut-over of ${tenant}; push it from Changes.`);
      await openMigration(tenant);
    });

  return (
    <div className="migration" data-testid="migration-panel">
      <div className="pane-header">
        <span className="pane-title">Move {tenant} to dedicated</span>
        <span className="pane-sub">{m.fromShard} (shared) → {m.toShard} (dedicated) · {m.region} · stack in {m.resourceGroup}</span>
        <span className="spacer" />
        <button className="btn small ghost" onClick={() => void openMigration(undefined)}>Close</button>
      </div>
      <ol className="migration-steps">
        <li className={stage === 'add-shard' ? 'current' : 'done'} data-testid="migration-step-shard">
          <div className="b">1. Add the dedicated shard</div>
          {stage === 'add-shard' ? (
            <>
              <ul className="notes">{m.notes.map((n) => <li key={n}>{n}</li>)}</ul>
              {m.shardFiles.map((f) => (
                <details key={f.path} className="plan-file" open>
                  <summary className="mono">{f.action} {f.path}</summary>
                  <pre className="mono file-preview">{f.content}</pre>
                </details>
              ))}
              <button className="btn primary" disabled={busy} onClick={() => void stepOne()} data-testid="migration-commit-shard">Write and commit the shard</button>
            </>
          ) : (
            <div className="pane-sub"><Icon name="check" size={12} /> shards/{m.toShard}.yaml is in the workspace.</div>
          )}
        </li>
        <li className={stage === 'add-shard' ? '' : stage === 'move-data' && stack?.state !== 'succeeded' ? 'current' : 'done'} data-testid="migration-step-stack">
          <div className="b">2. Watch the stack being provisioned</div>
          {stage === 'add-shard' ? (
            <div className="pane-sub">After the shard is pushed, the stack of {m.resourceGroup} is deployed; its steps show here.</div>
          ) : (
            <div className="stack-line">
              <span className={`chip ${STATE_CHIP[stack?.state ?? '']?.chip ?? ''}`} data-testid="migration-stack-state">{stack?.state ?? 'unknown'}</span>
              <span className="pane-sub">{stack?.message ?? (stack?.deployment ? `deployment ${stack.deployment}` : '')}</span>
              <button className="btn small" onClick={() => void select(tenant)} data-testid="migration-open-timeline">Open the timeline</button>
            </div>
          )}
        </li>
        <li className={stage === 'move-data' ? 'current' : stage === 'done' ? 'done' : ''} data-testid="migration-step-data">
          <div className="b">3. Move the data out of the shared pools <span className="pane-sub">({ticked} of {m.checklist.length} done)</span></div>
          {m.checklist.length === 0 && <div className="pane-sub">{tenant} names no shared pool instance.</div>}
          <ul className="checklist">
            {m.checklist.map((i) => (
              <li key={i.id}>
                <label className="check-item" data-testid={`check-${i.id}`}>
                  <input type="checkbox" checked={i.done} disabled={stage !== 'move-data' || busy} onChange={(e) => void run(() => tick(i.id, e.target.checked))} />
                  <span>
                    <span className="b">{i.what}</span>
                    {i.where && <span className="mono pane-sub"> {i.where}</span>}
                    <span className="pane-sub block">{i.how}</span>
                    {i.doneAt && <span className="pane-sub block">done {new Date(i.doneAt).toLocaleString()}</span>}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </li>
        <li className={stage === 'done' ? 'done' : stage === 'move-data' && all ? 'current' : ''} data-testid="migration-step-cutover">
          <div className="b">4. Cut over: the last commit</div>
          {stage === 'done' ? (
            <div className="pane-sub" data-testid="migration-done"><Icon name="check" size={12} /> {tenant} runs on its dedicated shard; its shared-pool references are gone.</div>
          ) : (
            <>
              <div className="pane-sub">Sets {tenant} to tier dedicated on shard {m.toShard} and removes its shared-pool references ({m.checklist.map((i) => i.pool).join(', ') || 'none'}). Allowed once every item above is ticked.</div>
              {m.cutover && stage === 'move-data' && (
                <details className="plan-file">
                  <summary className="mono">modify {m.cutover.path}</summary>
                  <pre className="mono file-preview">{m.cutover.content}</pre>
                </details>
              )}
              <button className="btn primary" disabled={busy || stage !== 'move-data' || !all} onClick={() => void cutover()} data-testid="migration-cutover">Write and commit the cut-over</button>
            </>
          )}
        </li>
      </ol>
      {committed && <div className="pane-sub" data-testid="migration-committed">Committed {committed.slice(0, 7)}; push it from Changes.</div>}
      {error && <div className="error-text" role="alert" data-testid="migration-error">{error}</div>}
    </div>
  );
}
