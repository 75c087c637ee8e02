import { useEffect, useState, type ComponentType } from 'react';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { firstPage } from './first-page.ts';

let loaded: ComponentType | undefined;
let loading: Promise<ComponentType> | undefined;

/** The history view's code (its own chunk, with its store and styles); at once when loaded before. */
function loadHistoryView(): Promise<ComponentType> {
  loading ??= import('./HistoryView.tsx').then(
    (m) => (loaded = m.default),
    (err: unknown) => {
      loading = undefined; // opening History again tries again
      throw err;
    },
  );
  return loading;
}

/**
 * History as the activity bar opens it: the first page of commits is asked for at once, while the
 * view's code loads, and the view shows as soon as its code is there. Not a Suspense boundary: React
 * holds content that resolves after a fallback until 300 ms after the fallback was shown
 * (FALLBACK_THROTTLE_MS), which alone was more than history's budget to first rows.
 */
export function HistoryScreen() {
  const [View, setView] = useState<ComponentType | undefined>(() => loaded);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (loaded) return; // the view is there already and loads its own first page as it mounts
    let live = true;
    if (useWorkspace.getState().isGitRepo) firstPage.prefetch();
    loadHistoryView().then(
      (v) => live && setView(() => v),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
      firstPage.drop(); // closed before the view took it: a later opening asks anew
    };
  }, []);
  if (View) return <View />;
  if (error) return <div className="chart-msg error-text">Could not load the history view: {error}</div>;
  return <div className="chart-msg">Loading history…</div>;
}
