import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PlanPreview } from '../../../shared/ipc/schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { Dialog } from './Dialog.tsx';
import { ApplyPlanButton, PlanError, PlanPreviewView } from './PlanPreview.tsx';

const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Add a tenant: a few fields, the planner's suggested shard and pools live, and the files to write before anything is written. */
export function AddTenantDialog() {
  const close = useApp((s) => s.closeDialog);
  const toast = useApp((s) => s.toast);
  const { shards, tenants } = useWorkspace(useShallow((s) => ({ shards: s.rows.shards, tenants: s.rows.tenants })));
  const regions = useMemo(() => [...new Set(shards.map((s) => s.region).filter((r): r is string => !!r))].sort(), [shards]);
  const commonRegion = useMemo(() => {
    const n = new Map<string, number>();
    for (const t of tenants) if (t.region) n.set(t.region, (n.get(t.region) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1])[0]?.[0] ?? regions[0] ?? '';
  }, [tenants, regions]);

  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [tier, setTier] = useState<'shared' | 'dedicated'>('shared');
  const [plan, setPlan] = useState<'free' | 'standard' | 'premium'>('standard');
  const [region, setRegion] = useState(commonRegion);
  const [gpus, setGpus] = useState('1');
  const [gpuType, setGpuType] = useState('');
  const [models, setModels] = useState<string[]>([]);
  const [preview, setPreview] = useState<PlanPreview | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const inRegion = shards.filter((s) => s.region === region);
  const regionModels = useMemo(() => [...new Set(inRegion.flatMap((s) => s.models ?? []))].sort(), [inRegion]);
  const gpuTypes = useMemo(() => [...new Set(inRegion.map((s) => s.gpuType).filter((g): g is string => !!g))].sort(), [inRegion]);
  useEffect(() => {
    if (models.length === 0 && regionModels[0]) setModels([regionModels[0]]);
  }, [regionModels, models.length]);

  const nameProblem = !name ? 'Required.' : !NAME.test(name) || name.length > 40 ? 'Lowercase a-z, 0-9 and "-", starting with a letter, at most 40.' : tenants.some((t) => t.name === name) ? `Tenant ${name} exists.` : undefined;
  const gpuCount = /^\d+$/.test(gpus) ? Number(gpus) : undefined;

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    if (nameProblem || gpuCount === undefined || !region) return;
    const t = setTimeout(() => {
      call('plan:addTenant', {
        name, tier, region, gpus: gpuCount, models, plan,
        ...(gpuType ? { gpuType } : {}),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      }).then(setPreview, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    }, 200);
    return () => clearTimeout(t);
  }, [name, displayName, tier, plan, region, gpuCount, gpuType, models, nameProblem]);

  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const delta = await call('plan:apply', { files: preview.files.map(({ path, action, content }) => ({ path, action, content })) });
      useWorkspace.getState().applyDelta(delta);
      toast('success', `Tenant ${name} added: ${preview.files.length} file${preview.files.length === 1 ? '' : 's'} written.`);
      close();
      useApp.getState().setTable('tenants');
      const tenantFile = preview.files.find((f) => f.path.startsWith('tenants/'));
      if (tenantFile) await useEditor.getState().open(tenantFile.path, { tab: 'form' });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const s = preview?.suggestion;
  const chosen = s?.shard ? shards.find((x) => x.name === s.shard) : undefined;
  return (
    <Dialog
      title="Add tenant"
      onClose={close}
      testId="add-tenant-dialog"
      footer={
        <>
          <span className="pane-sub">Nothing is written until you apply. Comments and other files stay as they are.</span>
          <span className="spacer" />
          <button className="btn" onClick={close}>Cancel</button>
          <ApplyPlanButton
            preview={preview}
            busy={busy}
            icon={busy ? <Icon name="loader" size={13} className="spin" /> : <Icon name="check" size={13} />}
            onApply={() => void apply()}
          />
        </>
      }
    >
      <div className="dialog-body">
        <aside>
          <div className="field">
            <label htmlFor="nt-name">Name</label>
            <input id="nt-name" className={`input${name && nameProblem ? ' invalid' : ''}`} value={name} onChange={(e) => setName(e.target.value.trim())} placeholder="contoso" data-testid="new-tenant-name" spellCheck={false} autoComplete="off" />
            {name && nameProblem && <span className="error">{nameProblem}</span>}
          </div>
          <div className="field">
            <label htmlFor="nt-display">Display name</label>
            <input id="nt-display" className="input" value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder="Contoso Ltd" />
          </div>
          <div className="grid2">
            <div className="field">
              <label htmlFor="nt-tier">Tier</label>
              <select id="nt-tier" className="input" value={tier} onChange={(e) => setTier(e.target.value === 'dedicated' ? 'dedicated' : 'shared')}>
                <option value="shared">shared</option>
                <option value="dedicated">dedicated</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="nt-plan">Plan</label>
              <select id="nt-plan" className="input" value={plan} onChange={(e) => setPlan(e.target.value as typeof plan)}>
                <option value="free">free</option>
                <option value="standard">standard</option>
                <option value="premium">premium</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="nt-region">Region</label>
              <select id="nt-region" className="input" value={region} onChange={(e) => setRegion(e.target.value)} data-testid="new-tenant-region">
                {regions.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="nt-gpus">GPUs</label>
              <input id="nt-gpus" className={`input${gpuCount === undefined ? ' invalid' : ''}`} inputMode="numeric" value={gpus} onChange={(e) => setGpus(e.target.value.trim())} data-testid="new-tenant-gpus" />
            </div>
          </div>
          <div className="field">
            <label htmlFor="nt-gputype">GPU type</label>
            <select id="nt-gputype" className="input" value={gpuType} onChange={(e) => setGpuType(e.target.value)}>
              <option value="">any (the shard's)</option>
              {gpuTypes.map((g) => <option key={g} value={g}>{g}</option>)}
            </select>
          </div>
          <div className="field">
            <span className="label">Models</span>
            <div className="checks">
              {regionModels.map((m) => (
                <label key={m}>
                  <input type="checkbox" checked={models.includes(m)} onChange={(e) => setModels(e.target.checked ? [...models, m] : models.filter((x) => x !== m))} />
                  {m}
                </label>
              ))}
              {regionModels.length === 0 && <span className="dim">No shard in {region} serves a model.</span>}
            </div>
          </div>
        </aside>
        <section>
          {s && (
            <dl className="suggest" data-testid="suggestion">
              <dt>Shard</dt>
              <dd data-testid="suggested-shard">
                <span data-testid="suggested-shard-name">{s.shard}</span>
                {/* The planner's own count (its note "N GPUs free, M after placing"): free after, not placed after (issue 14). */}
                {chosen && chosen.capacityGpus !== undefined && (
                  <span className="pane-sub" style={{ fontWeight: 400, marginLeft: 8 }} data-testid="suggested-shard-free">
                    {chosen.capacityGpus - (chosen.placedGpus ?? 0) - (gpuCount ?? 0)} of {chosen.capacityGpus} GPUs free after
                  </span>
                )}
              </dd>
              {Object.entries(s.pools).map(([type, pool]) => (
                <div key={type} style={{ display: 'contents' }}>
                  <dt>{type}</dt>
                  <dd>{pool}</dd>
                </div>
              ))}
            </dl>
          )}
          <PlanError error={error} />
          {preview ? (
            <PlanPreviewView preview={preview} />
          ) : (
            !error && (
              <div className="empty" style={{ height: 'auto', paddingTop: 60 }}>
                <Icon name="sparkles" size={26} className="icon" />
                <h3>{nameProblem ? 'Name the tenant' : 'Planning…'}</h3>
                <p>Gantry picks the active shared shard in the region with the most GPUs free after placement, and the newest pools with room.</p>
              </div>
            )
          )}
        </section>
      </div>
    </Dialog>
  );
}
