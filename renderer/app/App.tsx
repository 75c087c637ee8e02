import { useEffect, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { call, IpcCallError } from '../ipc/index.ts';
import { useApp } from '../stores/app-store.ts';
import { dirtyFiles, loadCurrent, subscribeHostEvents } from '../stores/session.ts';
import { useWorkspace } from '../stores/workspace-store.ts';
import { StartScreen } from '../features/start/StartScreen.tsx';
import { runCommand, shortcutFor } from './commands.ts';
import { Shell } from './Shell.tsx';

function Toasts() {
  const toasts = useApp((s) => s.toasts);
  const dismiss = useApp((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} data-testid={`toast-${t.kind}`}>
          <Icon name={t.kind === 'error' ? 'error' : t.kind === 'success' ? 'check' : 'sparkles'} size={14} className={t.kind === 'error' ? 'sev-error' : undefined} />
          <span>{t.text}</span>
          <span className="spacer" />
          <button onClick={() => dismiss(t.id)} aria-label="Dismiss"><Icon name="x" size={12} /></button>
        </div>
      ))}
    </div>
  );
}

/** Root: asks the host what it has, then shows the start screen or the workspace. */
export function App() {
  const root = useWorkspace((s) => s.root);
  const [ready, setReady] = useState(false);
  const [fatal, setFatal] = useState<{ message: string; noSession: boolean }>();

  useEffect(() => {
    const off = subscribeHostEvents(runCommand);
    call('app:info', {})
      .then(async (info) => {
        useApp.getState().setInfo(info);
        if (info.initialWorkspace) await loadCurrent();
      })
      .catch((err: unknown) => setFatal({ message: err instanceof Error ? err.message : String(err), noSession: err instanceof IpcCallError && err.code === 'forbidden' }))
      .finally(() => setReady(true));
    const onKey = (e: KeyboardEvent) => {
      // In Electron the application menu's accelerators send these same commands.
      if (useApp.getState().info?.mode === 'electron') return;
      const cmd = shortcutFor(e);
      if (!cmd) return;
      if (cmd === 'save' || cmd === 'commit') {
        // The YAML editor and the commit box handle these themselves when focused.
        const el = e.target as HTMLElement | null;
        if (el?.closest('.monaco-editor') || el?.dataset.testid === 'commit-message') return;
      }
      e.preventDefault();
      runCommand(cmd);
    };
    window.addEventListener('keydown', onKey);
    // A reload or a closed tab with unsaved edits asks first (the host keeps them as drafts either way).
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!dirtyFiles().length) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);

  if (!ready) return null;
  return (
    <>
      {fatal ? (
        <div className="empty" role="alert">
          <Icon name="error" size={28} className="sev-error" />
          <h3>{fatal.noSession ? 'This link cannot open Gantry' : 'Gantry cannot reach its host'}</h3>
          <p>{fatal.message}</p>
          <p>In browser mode, each link <code>npm run serve</code> prints opens Gantry once; a reload keeps that tab's session.</p>
        </div>
      ) : root ? (
        <Shell />
      ) : (
        <StartScreen />
      )}
      <Toasts />
    </>
  );
}
