import { newOpId } from '../../shared/ipc/client.ts';
import { call } from '../ipc/index.ts';
import { useGit } from './git-store.ts';

/** How often the remote is checked in the background while it answers, and while it does not. */
export const REMOTE_CHECK_MS = 3 * 60_000;
export const OFFLINE_RETRY_MS = 30_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let stopped = true;
let busy = false;

/**
 * Checks the remote in the background (a fetch: no local branch or file changes) every few
 * minutes, when the window gets focus and when the browser comes back online, so "N to pull" stays
 * true without a click. Quiet: no toast, no progress bar; a remote that answers again clears the
 * offline banner by itself. Skipped while a push, pull or fetch the person started is under way.
 */
export async function checkRemoteQuietly(): Promise<void> {
  const g = useGit.getState();
  if (busy || g.sync || !g.branch?.remoteUrl) return;
  busy = true;
  try {
    const r = await call('git:fetch', { opId: newOpId('bgfetch') });
    const s = useGit.getState();
    useGit.setState({
      branch: r.branch,
      // The remote answered: an "offline" or "could not check" banner is no longer true.
      ...(s.syncError && (s.syncError.code === 'network' || s.syncError.kind === 'fetch') ? { syncError: undefined } : {}),
    });
    schedule(REMOTE_CHECK_MS);
  } catch {
    schedule(OFFLINE_RETRY_MS);
  } finally {
    busy = false;
  }
}

function schedule(ms: number): void {
  if (stopped) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void checkRemoteQuietly(), ms);
}

const onFocus = () => void checkRemoteQuietly();

/** Starts the background checks for the open workspace (idempotent). */
export function startRemoteWatch(): void {
  stopped = false;
  if (!running) {
    running = true;
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onFocus);
  }
  schedule(REMOTE_CHECK_MS);
}

export function stopRemoteWatch(): void {
  stopped = true;
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (running) {
    window.removeEventListener('focus', onFocus);
    window.removeEventListener('online', onFocus);
    running = false;
  }
}
