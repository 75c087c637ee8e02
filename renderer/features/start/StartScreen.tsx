import { useEffect, useState, type FormEvent } from 'react';
import type { RecentWorkspace } from '../../../shared/ipc/schemas.ts';
import { Icon, Logo } from '../../components/Icon.tsx';
import { call, ipc } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { checkRemoteUrl } from '../../../shared/remote-url.ts';
import { cancelClone, cloneWorkspace, createExample, openWorkspace, useClone } from '../../stores/session.ts';

function join(parent: string, name: string): string {
  return `${parent.replace(/[\\/]+$/, '')}/${name}`;
}

function repoName(url: string): string {
  const last = url.replace(/\/+$/, '').split('/').pop() ?? '';
  return last.replace(/\.git$/, '') || 'workspace';
}

function OpenCard({ electron }: { electron: boolean }) {
  const [dir, setDir] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e?: FormEvent, path = dir) => {
    e?.preventDefault();
    if (!path.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await openWorkspace(path.trim());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = async () => {
    const r = await ipc.invoke('app:pickFolder', { title: 'Open a Gantry workspace' });
    if (r.ok && r.value.dir) {
      setDir(r.value.dir);
      await submit(undefined, r.value.dir);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="open-title">
      <div className="card-head"><Icon name="folder" className="icon" /><h2 id="open-title">Open a folder</h2></div>
      <div className="card-body">
        <p className="desc">A folder with gantry.yaml at its root (a clone of your platform repository).</p>
        <div className="row">
          <div className="field">
            <label htmlFor="open-path">Folder path</label>
            <input id="open-path" className="input mono" value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/home/you/platform-tenants" data-testid="open-path" spellCheck={false} />
          </div>
          {electron && <button type="button" className="btn" onClick={() => void pick()}>Browse…</button>}
          <button type="submit" className="btn primary" disabled={busy || !dir.trim()} data-testid="open-button">Open</button>
        </div>
        {error && <span className="error-text" role="alert">{error}</span>}
      </div>
    </form>
  );
}

/** The origin of a typed URL (`https://host:port`), or undefined while it is not a URL yet. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url.trim()).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

function CloneCard({ parent, envToken, envTokenOrigins }: { parent: string; envToken: boolean; envTokenOrigins: readonly string[] }) {
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [token, setToken] = useState('');
  const [dir, setDir] = useState('');
  const [dirEdited, setDirEdited] = useState(false);
  const [allowHttp, setAllowHttp] = useState(false);
  const { busy, progress, error } = useClone();
  useEffect(() => {
    if (!dirEdited) setDir(url ? join(parent, repoName(url)) : '');
  }, [url, parent, dirEdited]);
  const typedOrigin = originOf(url);
  // The env token serves a clone only of a server named in GANTRY_GIT_TOKEN_ORIGIN (see the README).
  const envServes = envToken && typedOrigin !== undefined && envTokenOrigins.includes(typedOrigin);
  const pct = progress?.total ? Math.round((progress.loaded * 100) / progress.total) : undefined;
  const where = url.trim() ? checkRemoteUrl(url) : undefined;
  const httpWarning = where?.ok ? where.warning : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!url.trim() || !dir.trim()) return;
    // Refusals (ssh, unknown schemes) are said here, in words, before the host is asked.
    if (where && !where.ok) return useClone.setState({ error: where.refusal });
    void cloneWorkspace({ url: url.trim(), dir: dir.trim(), ...(username ? { username } : {}), ...(token ? { token } : {}), ...(allowHttp ? { allowPlainHttp: true } : {}) });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="clone-title" data-testid="clone-card">
      <div className="card-head"><Icon name="download" className="icon" /><h2 id="clone-title">Clone a repository</h2></div>
      <div className="card-body">
        <p className="desc">HTTPS with a personal access token, or the path (or file://) of a repository on this machine or a mounted drive. The token stays in the host; it is never written to the repository or shown again.</p>
        {envToken && !envServes ? (
          <p className="desc" data-testid="clone-env-token-note">
            GANTRY_GIT_TOKEN is set, but it goes only to {envTokenOrigins.length ? envTokenOrigins.join(', ') : "the open workspace's own remote"}; type a token for this server.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="clone-url">Repository URL</label>
          <input id="clone-url" className="input mono" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://git.example.com/platform/tenants.git" data-testid="clone-url" spellCheck={false} />
        </div>
        <div className="grid2">
          <div className="field">
            <label htmlFor="clone-user">Username</label>
            <input id="clone-user" className="input" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" data-testid="clone-username" />
          </div>
          <div className="field">
            <label htmlFor="clone-token">Token</label>
            <input id="clone-token" className="input" type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="current-password" placeholder={envServes ? 'from GANTRY_GIT_TOKEN' : ''} data-testid="clone-token" />
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="clone-dir">Clone into</label>
            <input id="clone-dir" className="input mono" value={dir} onChange={(e) => { setDir(e.target.value); setDirEdited(true); }} data-testid="clone-dir" spellCheck={false} />
          </div>
          {busy ? (
            <button type="button" className="btn" onClick={() => void cancelClone()}>Cancel</button>
          ) : (
            <button type="submit" className="btn primary" disabled={!url.trim() || !dir.trim() || (Boolean(httpWarning) && !allowHttp)} data-testid="clone-button">Clone</button>
          )}
        </div>
        {busy && (
          <div data-testid="clone-progress">
            <div className={`progress${pct === undefined ? ' indeterminate' : ''}`} role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Clone progress">
              <span style={pct !== undefined ? { width: `${pct}%` } : undefined} />
            </div>
            <div className="progress-label" style={{ marginTop: 4 }}><span>{progress?.phase ?? 'Connecting'}</span><span>{pct !== undefined ? `${pct}%` : ''}</span></div>
          </div>
        )}
        {httpWarning && (
          <label className="desc" data-testid="clone-http-warning">
            <input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} data-testid="clone-allow-http" /> {httpWarning} Clone over plain http anyway.
          </label>
        )}
        {error && !busy && <span className="error-text" role="alert" data-testid="clone-error">{error}</span>}
      </div>
    </form>
  );
}

function ExampleCard({ parent }: { parent: string }) {
  const [dir, setDir] = useState(join(parent, 'gantry-example'));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setDir(join(parent, 'gantry-example')), [parent]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await createExample(dir.trim());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="example-title">
      <div className="card-head"><Icon name="sparkles" className="icon" /><h2 id="example-title">Start from the example</h2></div>
      <div className="card-body">
        <p className="desc">3 clusters, 6 shards, 6 pools and 20 tenants with comments that explain each field; rendered manifests included.</p>
        <div className="row">
          <div className="field">
            <label htmlFor="example-dir">New folder</label>
            <input id="example-dir" className="input mono" value={dir} onChange={(e) => setDir(e.target.value)} data-testid="example-dir" spellCheck={false} />
          </div>
          <button type="submit" className="btn" disabled={busy || !dir.trim()} data-testid="create-example">Create example</button>
        </div>
        {error && <span className="error-text" role="alert">{error}</span>}
      </div>
    </form>
  );
}

/** First screen: open a folder, clone, or create the example; recent workspaces on the right. */
export function StartScreen() {
  const info = useApp((s) => s.info);
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    call('workspace:recent', {}).then((r) => setRecent(r.items), () => undefined);
  }, []);
  const parent = info?.defaultParentDir ?? '~/gantry';
  return (
    <main className="start" data-testid="start-screen">
      <div className="start-inner">
        <div className="start-hero">
          <Logo className="logo" />
          <div>
            <h1>Gantry</h1>
            <p>GitOps control for multi-tenant AI serving platforms: edit tenants, shards and pools, review the rendered change, commit and push.</p>
          </div>
        </div>
        <div className="start-grid">
          <div>
            <OpenCard electron={info?.mode === 'electron'} />
            <CloneCard parent={parent} envToken={info?.envToken ?? false} envTokenOrigins={info?.envTokenOrigins ?? []} />
            <ExampleCard parent={parent} />
          </div>
          <div className="card" aria-labelledby="recent-title">
            <div className="card-head"><Icon name="layers" className="icon" /><h2 id="recent-title">Recent</h2></div>
            <div className="card-body" style={{ padding: '10px 0 0' }}>
              {recent.length === 0 ? (
                <p className="desc" style={{ padding: '0 14px 14px' }}>Workspaces you open show up here.</p>
              ) : (
                <div role="list" data-testid="recent-list">
                  {recent.map((r) => (
                    <button
                      key={r.root}
                      role="listitem"
                      className="recent-item"
                      onClick={() => openWorkspace(r.root).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))}
                    >
                      <span className="n">{r.name}</span>
                      <span className="p">{r.root}</span>
                    </button>
                  ))}
                </div>
              )}
              {error && <p className="error-text" style={{ padding: '0 14px 14px' }}>{error}</p>}
            </div>
          </div>
        </div>
        <p className="pane-sub" style={{ marginTop: 24 }}>
          {info?.mode === 'browser' ? 'Browser mode: the host runs on 127.0.0.1 only and keeps tokens in memory.' : 'Tokens are encrypted with the OS keychain.'} Keyboard: <span className="kbd">Ctrl K</span> search · <span className="kbd">Ctrl S</span> save · <span className="kbd">Ctrl ↵</span> commit · <span className="kbd">Ctrl J</span> problems
        </p>
      </div>
    </main>
  );
}
