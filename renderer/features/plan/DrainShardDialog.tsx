import { useEffect, useState } from 'react';
import type { PlanPreview } from '../../../shared/ipc/schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { Dialog } from './Dialog.tsx';
import { ApplyPlanButton, PlanError, PlanPreviewView } from './PlanPreview.tsx';

/** Drain a shard: set it draining and move its tenants, previewed before anything is written. */
export function DrainShardDialog({ initial }: { initial?: string }) {
  const close = useApp((s) => s.closeDialog);
  const toast = useApp((s) => s.toast);
  const shards = useWorkspace((s) => s.rows.shards);
  const active = shards.filter((s) => s.valid && s.state === 'active').sort((a, b) => a.name.localeCompare(b.name));
  const [shard, setShard] = useState(initial ?? active[0]?.name ?? '');
  const [preview, setPreview] = useState<PlanPreview | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    if (!shard) return;
    call('plan:drainShard', { shard }).then(setPreview, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [shard]);

  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const delta = await call('plan:apply', { files: preview.files.map(({ path, action, content }) => ({ path, action, content })) });
      useWorkspace.getState().applyDelta(delta);
      // Open buffers of the moved files now differ from disk only if they were edited; reload clean ones.
      for (const f of preview.files) void useEditor.getState().externalChange(f.path);
      toast('success', `Shard ${shard} is draining; ${preview.files.length - 1} tenant${preview.files.length === 2 ? '' : 's'} moved.`);
      close();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Drain shard"
      onClose={close}
      testId="drain-dialog"
      footer={
        <>
          <span className="spacer" />
          <button className="btn" onClick={close}>Cancel</button>
          <ApplyPlanButton preview={preview} busy={busy} icon={<Icon name="drain" size={13} />} onApply={() => void apply()} />
        </>
      }
    >
      <div className="dialog-body">
        <aside>
          <div className="field">
            <label htmlFor="drain-shard">Shard</label>
            <select id="drain-shard" className="input" value={shard} onChange={(e) => setShard(e.target.value)} data-testid="drain-shard">
              {initial && !active.some((s) => s.name === initial) && <option value={initial}>{initial}</option>}
              {active.map((s) => <option key={s.name} value={s.name}>{s.name} — {s.tenants} tenants, {s.placedGpus}/{s.capacityGpus} GPUs</option>)}
            </select>
            <span className="hint">The shard goes draining and takes no new tenants; each of its tenants moves to another active shared shard of the same region and GPU type.</span>
          </div>
        </aside>
        <section>
          <PlanError error={error} />
          {preview ? <PlanPreviewView preview={preview} /> : !error && <div className="loading"><Icon name="loader" className="spin" /> Planning…</div>}
        </section>
      </div>
    </Dialog>
  );
}
