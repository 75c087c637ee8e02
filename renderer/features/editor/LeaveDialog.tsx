import { useState } from 'react';
import { useApp } from '../../stores/app-store.ts';
import { useDirtyFiles, useEditor } from '../../stores/editor-store.ts';
import { closeWorkspace } from '../../stores/session.ts';
import { Dialog } from '../plan/Dialog.tsx';

/**
 * Asked before Switch or Close leaves a workspace with unsaved edits: save them, keep them as
 * drafts (the host keeps them; they come back when the workspace is opened again), or discard them.
 */
export function LeaveDialog() {
  const dirty = useDirtyFiles();
  const closeDialog = useApp((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const leave = async (how: 'save' | 'keep' | 'discard') => {
    setBusy(true);
    try {
      if (how === 'save' && !(await useEditor.getState().saveAll())) return;
      if (how === 'discard') for (const f of dirty) await useEditor.getState().revert(f);
      closeDialog();
      await closeWorkspace();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Unsaved changes"
      onClose={closeDialog}
      testId="leave-dialog"
      footer={
        <>
          <button className="btn ghost" onClick={closeDialog} disabled={busy}>Cancel</button>
          <span className="spacer" />
          <button className="btn" onClick={() => void leave('discard')} disabled={busy} data-testid="leave-discard">Discard and switch</button>
          <button className="btn" onClick={() => void leave('keep')} disabled={busy} data-testid="leave-keep">Keep as drafts</button>
          <button className="btn primary" onClick={() => void leave('save')} disabled={busy} data-testid="leave-save">Save and switch</button>
        </>
      }
    >
      <div className="dialog-body" style={{ padding: '12px 16px', display: 'block' }}>
        <p>
          {dirty.length === 1 ? `${dirty[0]} has` : `${dirty.length} files have`} unsaved changes. Kept as drafts, they come back
          (marked "restored") the next time you open this workspace.
        </p>
        <ul className="pane-sub" data-testid="leave-files">
          {dirty.map((f) => <li key={f} className="mono">{f}</li>)}
        </ul>
      </div>
    </Dialog>
  );
}
