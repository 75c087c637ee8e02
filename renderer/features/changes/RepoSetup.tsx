import { useState } from 'react';
import { checkRemoteUrl } from '../../../shared/remote-url.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState } from '../../components/StatusBadge.tsx';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useGit } from '../../stores/git-store.ts';
import { startRemoteWatch } from '../../stores/remote-watch.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A plain folder: offer to make it a Git repository with a first commit of specs and rendered files. */
export function InitRepository() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const init = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call('git:init', {});
      useWorkspace.getState().setSnapshot(r.snapshot);
      useGit.setState({ branch: r.branch });
      useApp.getState().toast('success', `Initialized a Git repository: first commit ${r.oid.slice(0, 7)} (${r.files} files). Add a remote to push it.`);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <EmptyState
      icon="changes"
      title="Not a Git repository"
      actions={
        <button className="btn primary" onClick={() => void init()} disabled={busy} data-testid="git-init">
          {busy ? <Icon name="loader" size={13} className="spin" /> : <Icon name="branch" size={13} />} Initialize a Git repository
        </button>
      }
    >
      This workspace is a plain folder. Initialize a repository here (branch main, a first commit of the specs and the rendered
      files), then add a remote to push it; or clone the repository from the start screen.
      {error && <span className="error-text" role="alert" data-testid="git-init-error" style={{ display: 'block', marginTop: 8 }}>{error}</span>}
    </EmptyState>
  );
}

/** Adds the remote, or changes its URL. ssh and other refusals are said before asking the host. */
export function RemoteForm({ current, onDone }: { current?: string; onDone?: () => void }) {
  const [url, setUrl] = useState(current ?? '');
  const [allowHttp, setAllowHttp] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const check = url.trim() ? checkRemoteUrl(url) : undefined;
  const warning = check?.ok ? check.warning : undefined;
  const save = async () => {
    setError(undefined);
    if (check && !check.ok) return setError(check.refusal);
    setBusy(true);
    try {
      const r = await call('git:setRemote', { url: url.trim(), ...(allowHttp ? { allowPlainHttp: true } : {}) });
      useGit.setState({ branch: r.branch, syncError: undefined });
      startRemoteWatch();
      useApp.getState().toast('success', `Remote origin is now ${url.trim()}.`);
      onDone?.();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="stack"
      style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="remote-form"
    >
      <label className="pane-sub" htmlFor="remote-url">{current ? 'Change the remote (origin)' : 'Add a remote (origin) to push to'}</label>
      <input id="remote-url" className="input mono" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://git.example.com/platform/tenants.git" spellCheck={false} data-testid="remote-url" />
      {warning && (
        <label className="pane-sub wrap" data-testid="remote-http-warning">
          <input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} data-testid="remote-allow-http" /> {warning} Use plain http anyway.
        </label>
      )}
      <div style={{ display: 'flex', gap: 6 }}>
        <button type="submit" className="btn small primary" disabled={busy || !url.trim() || (Boolean(warning) && !allowHttp)} data-testid="remote-save">Save remote</button>
        {onDone && <button type="button" className="btn small ghost" onClick={onDone}>Cancel</button>}
      </div>
      {error && <span className="error-text wrap" role="alert" data-testid="remote-error">{error}</span>}
    </form>
  );
}
