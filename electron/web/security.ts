import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { contentSecurityPolicy as sharedCsp } from '../../shared/security/csp.ts';

/** Header that carries the per-start token on IPC requests. */
export const TOKEN_HEADER = 'x-gantry-token';

/** Header that carries a single-use launch code on `POST /session`, exchanged for the token. */
export const LAUNCH_HEADER = 'x-gantry-launch';

export type Refusal = { status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 421; reason: string };

/**
 * The Host header must name us (127.0.0.1 or localhost on our port): a page on another site that
 * rebinds its DNS name to 127.0.0.1 sends its own name, and is refused before anything else.
 */
export function checkHost(headers: IncomingHttpHeaders, port: number): Refusal | undefined {
  const host = headers.host;
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return undefined;
  return { status: 421, reason: `Host ${JSON.stringify(host ?? '')} is not this Gantry host; open http://127.0.0.1:${port}/.` };
}

/** A browser sends Origin on every cross-origin and every POST request; it must be ours when present. */
export function checkOrigin(headers: IncomingHttpHeaders, port: number): Refusal | undefined {
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  if (origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`) return undefined;
  return { status: 403, reason: `Origin ${JSON.stringify(origin)} may not use this Gantry host.` };
}

/** Constant-time comparison of a presented secret (token or launch code) with ours. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token of a request: the header (IPC calls) or the query string (the WebSocket, whose URL
 * is no page address and never reaches the browser's history). No cookie: cookies ignore ports,
 * so one would go to every other app on 127.0.0.1.
 */
export function presentedToken(headers: IncomingHttpHeaders, url: URL, allow: { header?: boolean; query?: boolean }): string | undefined {
  if (allow.header) {
    const h = headers[TOKEN_HEADER];
    if (typeof h === 'string') return h;
    const auth = headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  }
  if (allow.query) {
    const q = url.searchParams.get('token');
    if (q !== null) return q;
  }
  return undefined;
}

/** A path segment decoded, or undefined when its percent-encoding is broken (`%zz`, a cut UTF-8 sequence). */
export function decodePath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The Content-Security-Policy of the app page: our own scripts only, WebSocket back to us, no frames. */
export function contentSecurityPolicy(port: number): string {
  return sharedCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}
