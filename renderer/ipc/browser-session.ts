/** Where this tab keeps browser mode's token (per origin, so per port, and per tab). */
export const TOKEN_KEY = 'gantry.token';
/** The header `POST /session` reads the launch code from. */
export const LAUNCH_HEADER = 'x-gantry-launch';

/** The page has no usable token; the message says what to do. */
export class SessionError extends Error {
  /** The IPC client reports it as this code, with the message as it is. */
  readonly code = 'forbidden';
}

export interface SessionEnv {
  /** The page's address (location.href). */
  href: string;
  /** Replaces the address bar's URL without a navigation (history.replaceState). */
  replaceUrl(url: string): void;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
  /** The host's origin (location.origin). */
  origin: string;
}

// Shown as plain text on the page (no Markdown).
const USED = 'This link was already used — open the newest link npm run serve printed (each link opens Gantry once, in one tab).';
const NONE = 'This page has no Gantry session — open the newest link npm run serve printed (Gantry: http://127.0.0.1:<port>/?launch=…).';

/**
 * Browser mode's token, once per tab. `npm run serve` prints `/?launch=<code>`: the code leaves the
 * address bar at once (so history keeps only a spent code) and is traded once for the token with
 * `POST /session`; the token then lives in this tab's sessionStorage, so a reload keeps working.
 * It is never in a cookie or an address. Rejects with a SessionError that says what to do.
 */
export async function browserToken(env: SessionEnv): Promise<string> {
  const url = new URL(env.href);
  const code = url.searchParams.get('launch');
  // `?token=` is the old link format: drop it from the address too, it is not accepted any more.
  if (code !== null || url.searchParams.has('token')) {
    url.searchParams.delete('launch');
    url.searchParams.delete('token');
    env.replaceUrl(url.pathname + url.search + url.hash);
  }
  const stored = env.storage.getItem(TOKEN_KEY);
  if (!code) {
    if (stored) return stored;
    throw new SessionError(NONE);
  }
  let res: Response;
  try {
    res = await env.fetch(`${env.origin}/session`, {
      method: 'POST',
      headers: { [LAUNCH_HEADER]: code },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (err) {
    if (stored) return stored;
    throw new SessionError(`Gantry's host did not answer (is npm run serve still running?): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.ok) {
    const body = (await res.json().catch(() => undefined)) as { token?: unknown } | undefined;
    if (typeof body?.token === 'string' && body.token) {
      env.storage.setItem(TOKEN_KEY, body.token);
      return body.token;
    }
  }
  // A spent link opened again in a tab that already has its session: keep that session.
  if (stored) return stored;
  if (res.status === 401) throw new SessionError(USED);
  const text = res.ok ? 'no token in the answer' : (await res.text().catch(() => '')).trim().slice(0, 200);
  throw new SessionError(`Gantry could not start a session (HTTP ${res.status}: ${text}); open the newest link npm run serve printed.`);
}
