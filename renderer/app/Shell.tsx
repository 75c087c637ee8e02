import { lazy, Suspense, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Icon, Logo, type IconName } from '../components/Icon.tsx';
import { call } from '../ipc/index.ts';
import { useApp, type View } from '../stores/app-store.ts';
import { useGit } from '../stores/git-store.ts';
import { requestCloseWorkspace } from '../stores/session.ts';
import { useTotals, useWorkspace } from '../stores/workspace-store.ts';
import { CapacityView } from '../features/capacity/CapacityView.tsx';
import { ProvisioningView } from '../features/provisioning/ProvisioningView.tsx';
import { ChangesView } from '../features/changes/ChangesView.tsx';
import { AddTenantDialog } from '../features/plan/AddTenantDialog.tsx';
import { DrainShardDialog } from '../features/plan/DrainShardDialog.tsx';
import { DrainFlowHost } from '../features/drain/DrainFlow.tsx';
import { LeaveDialog } from '../features/editor/LeaveDialog.tsx';
import { ProblemsPanel } from '../features/problems/ProblemsPanel.tsx';
import { WorkspaceView } from '../features/workspace/WorkspaceView.tsx';
import { ConnectionIndicator } from '../features/live/ConnectionIndicator.tsx';
import { HistoryScreen } from '../features/history/HistoryScreen.tsx';
import { CommandPalette } from './CommandPalette.tsx';

// Metrics (uPlot and its charts) load with the view, off the first paint.
const MetricsView = lazy(() => import('../features/metrics/MetricsView.tsx'));
const LiveView = lazy(() => import('../features/live/LiveView.tsx'));
const RoutingScreen = lazy(() => import('../features/routing/RoutingScreen.tsx'));

const VIEWS: Array<{ id: View; label: string; icon: IconName; key: string }> = [
  { id: 'workspace', label: 'Workspace', icon: 'table', key: 'Ctrl 1' },
  { id: 'changes', label: 'Changes', icon: 'changes', key: 'Ctrl 2' },
  { id: 'history', label: 'History', icon: 'commit', key: '' },
  { id: 'provisioning', label: 'Provisioning', icon: 'layers', key: '' },
  { id: 'capacity', label: 'Capacity', icon: 'gauge', key: 'Ctrl 3' },
  { id: 'metrics', label: 'Metrics', icon: 'server', key: '' },
  { id: 'live', label: 'Clusters (live)', icon: 'pulse', key: '' },
  { id: 'routing', label: 'Routing map', icon: 'route', key: 'Ctrl 4' },
];

function SearchBox() {
  const { query, setQuery, searchFocus } = useApp(useShallow((s) => ({ query: s.query, setQuery: s.setQuery, searchFocus: s.searchFocus })));
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (searchFocus) {
      ref.current?.focus();
      ref.current?.select();
    }
  }, [searchFocus]);
  return (
    <div className="search" role="search">
      <Icon name="search" size={14} />
      <input
        ref={ref}
        className="input"
        placeholder="Search tenants, shards, pools, clusters"
        aria-label="Search"
        value={query}
        data-testid="search"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setQuery('');
            ref.current?.blur();
          } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault();
            document.querySelector<HTMLElement>('.table-scroll')?.focus();
          }
        }}
      />
      {!query && <span className="kbd">Ctrl K</span>}
    </div>
  );
}

/** How many files differ from HEAD, refreshed after edits settle. */
function useChangeCount(): number | undefined {
  const revision = useWorkspace((s) => s.revision);
  const isGit = useWorkspace((s) => s.isGitRepo);
  const branch = useGit((s) => s.branch);
  const n = useGit((s) => s.changeCount);
  const setN = useGit((s) => s.setChangeCount);
  useEffect(() => {
    if (!isGit) return setN(undefined);
    const t = setTimeout(() => {
      call('git:status', {}).then((r) => setN(r.changes.filter((c) => !c.path.startsWith('rendered/')).length), () => setN(undefined));
    }, 300);
    return () => clearTimeout(t);
  }, [revision, isGit, branch, setN]);
  return n;
}

function StatusBar() {
  const totals = useTotals();
  const branch = useGit((s) => s.branch);
  const pushing = useGit((s) => s.sync !== undefined);
  const { info, toggleProblems, setView } = useApp(useShallow((s) => ({ info: s.info, toggleProblems: s.toggleProblems, setView: s.setView })));
  const root = useWorkspace((s) => s.root);
  return (
    <footer className="statusbar" data-testid="statusbar">
      {branch && (
        <button className="item" onClick={() => setView('changes')} title="Branch; ↑ commits waiting to be pushed">
          <Icon name="branch" size={13} /> {branch.branch}
          <span className={branch.ahead ? 'ahead' : undefined} data-testid="status-ahead">↑{branch.ahead}</span>
          <span>↓{branch.behind}</span>
          {pushing && <Icon name="loader" size={12} className="spin" />}
        </button>
      )}
      {branch && branch.ahead > 0 && <span className="item ahead" data-testid="offline-queue">{branch.ahead} commit{branch.ahead === 1 ? '' : 's'} queued</span>}
      <button className="item" onClick={() => toggleProblems()} title="Problems (Ctrl J)" data-testid="status-problems">
        <span className={totals.errors ? 'err' : undefined}><Icon name="error" size={13} /> {totals.errors}</span>
        <span className={totals.warnings ? 'warn' : undefined}><Icon name="warning" size={13} /> {totals.warnings}</span>
      </button>
      <span className="spacer" />
      <ConnectionIndicator />
      <span className="item mono" style={{ fontSize: 11 }}>{root}</span>
      <span className="item">{info?.mode === 'electron' ? 'Desktop' : 'Browser mode · 127.0.0.1'}</span>
    </footer>
  );
}

/** The workspace shell: title bar with search, activity bar, the current view, problems and status bar. */
export function Shell() {
  const { view, setView, problemsOpen, dialog, openDialog } = useApp(
    useShallow((s) => ({ view: s.view, setView: s.setView, problemsOpen: s.problemsOpen, dialog: s.dialog, openDialog: s.openDialog })),
  );
  const { name, root } = useWorkspace(useShallow((s) => ({ name: s.name, root: s.root })));
  const changes = useChangeCount();

  return (
    <div className="shell">
      <header className="titlebar">
        <span className="brand"><Logo className="logo" /> Gantry</span>
        <span className="crumb">
          <span aria-hidden="true">/</span>
          <span className="ws-name" data-testid="workspace-name">{name}</span>
          <span className="path">{root}</span>
        </span>
        <span className="spacer" />
        <SearchBox />
        <span className="spacer" />
        <button className="btn small primary" onClick={() => openDialog({ kind: 'addTenant' })} data-testid="title-add-tenant">
          <Icon name="plus" size={13} /> Add tenant
        </button>
        <button className="btn small ghost" onClick={() => void requestCloseWorkspace()} title="Close workspace (Ctrl O)">
          <Icon name="folder" size={13} /> Switch
        </button>
      </header>
      <nav className="activity" aria-label="Views">
        {VIEWS.map((v) => (
          <button key={v.id} aria-label={v.label} title={v.key ? `${v.label} (${v.key})` : v.label} aria-current={view === v.id ? 'page' : undefined} onClick={() => setView(v.id)} data-testid={`view-${v.id}`}>
            <Icon name={v.icon} size={19} />
            {v.id === 'changes' && changes ? <span className="count" data-testid="changes-count">{changes}</span> : null}
          </button>
        ))}
      </nav>
      <main className="main">
        {view === 'workspace' && <WorkspaceView />}
        {view === 'changes' && <ChangesView />}
        {view === 'history' && <HistoryScreen />}
        {view === 'provisioning' && <ProvisioningView />}
        {view === 'capacity' && <CapacityView />}
        {view === 'metrics' && (
          <Suspense fallback={<div className="chart-msg">Loading metrics…</div>}>
            <MetricsView />
          </Suspense>
        )}
        {view === 'live' && (
          <Suspense fallback={<div className="chart-msg">Loading clusters…</div>}>
            <LiveView />
          </Suspense>
        )}
        {view === 'routing' && (
          <Suspense fallback={<div className="chart-msg">Loading the routing map…</div>}>
            <RoutingScreen />
          </Suspense>
        )}
      </main>
      {problemsOpen && <ProblemsPanel />}
      <StatusBar />
      {dialog?.kind === 'addTenant' && <AddTenantDialog />}
      {dialog?.kind === 'drainShard' && <DrainShardDialog {...(dialog.shard ? { initial: dialog.shard } : {})} />}
      {dialog?.kind === 'leave' && <LeaveDialog />}
      <CommandPalette />
      <DrainFlowHost />
    </div>
  );
}
