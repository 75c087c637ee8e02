import { useEffect } from 'react';
import { useApp } from '../../stores/app-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { connectionTone, connectionWords } from './format.ts';
import { refreshClusters, useLive } from './live-store.ts';
import './live.css';

/** The status bar's live-connection item: how many clusters are live, and the worst state of the others. Opens the clusters overview. */
export function ConnectionIndicator() {
  const clusters = useLive((s) => s.clusters);
  const setView = useApp((s) => s.setView);
  const root = useWorkspace((s) => s.root);
  useEffect(() => {
    if (root) void refreshClusters();
  }, [root]);
  const all = Object.values(clusters);
  if (!all.length) return null;
  const asked = all.filter((c) => c.state !== 'disconnected' && c.state !== 'no-context');
  const live = asked.filter((c) => c.state === 'live').length;
  const trouble = asked.filter((c) => connectionTone(c.state) === 'danger' || c.state === 'stale' || c.state === 'needs-consent');
  const tone = trouble.some((c) => connectionTone(c.state) === 'danger') ? 'danger' : trouble.length ? 'warn' : live ? 'ok' : '';
  const title = all.map((c) => `${c.cluster}: ${connectionWords(c.state, c.since)}${c.reason ? ` (${c.reason})` : ''}`).join('\n');
  return (
    <button className={`item conn-indicator ${tone}`} onClick={() => setView('live')} title={title} data-testid="status-clusters">
      <span className="dot" />
      {asked.length === 0 ? 'Clusters not connected' : `${live}/${asked.length} live`}
      {trouble.length > 0 && <span> · {trouble.map((c) => `${c.cluster} ${connectionWords(c.state, c.since).toLowerCase()}`).join(', ')}</span>}
    </button>
  );
}
