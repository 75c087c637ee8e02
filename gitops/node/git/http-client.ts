import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { mayCarryToken } from './origin.ts';
import { GitError } from './types.ts';

const IDLE_TIMEOUT_MS = 60_000;

/** Thrown inside the HTTP client when the caller's AbortSignal fires; mapped to GitError 'cancelled'. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new GitError('cancelled', 'Cancelled.');
}

async function* oneChunk(b: Buffer): AsyncGenerator<Uint8Array> {
  yield b;
}

async function collect(body: GitHttpRequest['body']): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** The proxy to use for `url` from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, if any. */
function proxyFor(url: URL): URL | undefined {
  const env = process.env;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const host = url.hostname.toLowerCase();
  if (noProxy.some((n) => n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`))) return undefined;
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1') return undefined;
  const raw = url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!raw) return undefined;
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** Opens a CONNECT tunnel through an HTTP proxy and returns a TLS socket to the target. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal | undefined): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const port = Number(target.port || 443);
    const headers: Record<string, string> = { host: `${target.hostname}:${port}` };
    if (proxy.username) headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
    const req = http.request({ host: proxy.hostname, port: Number(proxy.port || 80), method: 'CONNECT', path: `${target.hostname}:${port}`, headers, signal });
    req.once('connect', (res, socket: net.Socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(Object.assign(new Error(`proxy refused the tunnel (${res.statusCode})`), { code: 'EPROXY' }));
        return;
      }
      const s = tls.connect({ socket, servername: target.hostname });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

export interface HttpClientOptions {
  /**
   * The only origin an Authorization header may go to (defence in depth behind the auth
   * callbacks); `null`: none. Without it, the header goes only where isomorphic-git sent it (not
   * across a redirect to another origin). Either way never over plain http:// to another machine.
   */
  authOrigin?: string | null;
}

/** `headers` without any Authorization header (whatever its case). */
function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
}

/**
 * An isomorphic-git HTTP client on Node's http/https that honours an AbortSignal (isomorphic-git
 * itself cannot cancel): a pending request is destroyed and the body iterator throws, which the
 * verbs map to GitError 'cancelled'. Follows redirects (same-origin only for credentials) and
 * uses HTTPS_PROXY/HTTP_PROXY/NO_PROXY like git does.
 */
export function makeHttpClient(signal?: AbortSignal, opts: HttpClientOptions = {}): HttpClient {
  const request = async (req: GitHttpRequest, redirects = 0): Promise<GitHttpResponse> => {
    if (signal?.aborted) throw new CancelledError();
    const url = new URL(req.url);
    const body = await collect(req.body);
    const unbound = (opts.authOrigin !== undefined && url.origin !== opts.authOrigin) || !mayCarryToken(url.origin);
    const headers: Record<string, string> = unbound ? withoutAuthorization(req.headers ?? {}) : { ...(req.headers ?? {}) };
    if (body) headers['content-length'] = String(body.length);
    const proxy = proxyFor(url);
    const options: https.RequestOptions = { method: req.method ?? 'GET', headers, signal };
    let mod: typeof http | typeof https = url.protocol === 'https:' ? https : http;
    let target = url.toString();
    if (proxy && url.protocol === 'https:') {
      const socket = await tunnel(proxy, url, signal);
      options.createConnection = () => socket;
      options.agent = false;
    } else if (proxy) {
      mod = http;
      target = url.toString();
      options.host = proxy.hostname;
      options.port = Number(proxy.port || 80);
      options.path = url.toString();
    }
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const r = proxy && url.protocol !== 'https:' ? mod.request(options) : mod.request(target, options);
      // A server that stops answering fails the work instead of hanging it (no byte for a minute).
      r.setTimeout(IDLE_TIMEOUT_MS, () => r.destroy(Object.assign(new Error('the server stopped answering'), { code: 'ETIMEDOUT' })));
      r.once('response', resolve);
      r.once('error', (err) => reject(signal?.aborted ? new CancelledError() : err));
      if (body) r.end(body);
      else r.end();
    });
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && redirects < 5) {
      res.resume();
      const next = new URL(res.headers.location, url);
      const sameOrigin = next.origin === url.origin;
      const nextHeaders = sameOrigin ? { ...(req.headers ?? {}) } : withoutAuthorization(req.headers ?? {});
      const method = status === 303 || ((status === 301 || status === 302) && req.method === 'POST') ? 'GET' : req.method;
      return request({ ...req, url: next.toString(), method, headers: nextHeaders, body: method === 'GET' || !body ? undefined : (oneChunk(body) as GitHttpRequest['body']) }, redirects + 1);
    }
    const headersOut: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headersOut[k] = Array.isArray(v) ? v.join(', ') : v;
    async function* iterate(): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of res) {
          if (signal?.aborted) throw new CancelledError();
          yield chunk as Buffer;
        }
      } catch (err) {
        if (signal?.aborted) throw new CancelledError();
        throw err;
      }
    }
    return { url: req.url, method: req.method, statusCode: status, statusMessage: res.statusMessage ?? '', headers: headersOut, body: iterate() };
  };
  return { request: (req) => request(req) };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROXY', 'UND_ERR_SOCKET']);
const TLS_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/** Maps an error from isomorphic-git, the network or the file system to a GitError with a readable message. */
export function toGitError(err: unknown, what: string, url?: string): GitError {
  if (err instanceof GitError) return err;
  const e = err as { code?: string; name?: string; message?: string; data?: { statusCode?: number; reason?: string; statusMessage?: string }; caller?: string };
  const where = url ? ` ${redactUrl(url)}` : '';
  if (err instanceof CancelledError || e?.name === 'AbortError' || e?.code === 'ABORT_ERR') return new GitError('cancelled', `${what} was cancelled.`);
  const status = e?.data?.statusCode;
  if (e?.code === 'HttpError' && (status === 401 || status === 403 || status === 203)) {
    return new GitError(
      'auth-failed',
      `The server${where} refused the credentials (${status === 403 ? '403 forbidden' : status === 203 ? 'sign-in page instead of Git' : '401 unauthorized'}). Check the user name and the token (and that the token may ${what === 'Push' ? 'write to' : 'read'} this repository).`,
      { status },
    );
  }
  if (e?.code === 'UserCanceledError') return new GitError('auth-failed', `The server${where} asks for credentials; add a user name and token for it.`);
  if (e?.code === 'HttpError' && status === 404) return new GitError('not-found', `No repository at${where || ' that address'} (404). Check the URL.`, { status });
  if (e?.code === 'HttpError') return new GitError('network', `${what} failed: the server${where} answered ${status} ${e.data?.statusMessage ?? ''}.`.replace(/\s+\./, '.'), { status });
  if (e?.code === 'PushRejectedError' || (e?.code === 'GitPushError' && /non-fast-forward|fetch first|rejected/i.test(e.message ?? ''))) {
    return new GitError('push-rejected', "The remote has commits you don't have; pull, then push again. Your commits are kept.");
  }
  if (e?.code && NETWORK_CODES.has(e.code)) {
    return new GitError('network', `${what} failed: cannot reach${where || ' the server'} (${e.code}). You can keep working offline; commits wait until you push.`, { code: e.code });
  }
  if (e?.code && TLS_CODES.has(e.code)) {
    return new GitError('network', `${what} failed: the server's TLS certificate is not trusted (${e.code}). If your network uses its own certificate authority, set NODE_EXTRA_CA_CERTS to it.`, { code: e.code });
  }
  if (e?.code === 'SmartHttpError' || e?.code === 'UnknownTransportError' || e?.code === 'UrlParseError') {
    return new GitError('network', `${what} failed: ${where.trim() || 'the URL'} does not look like a Git HTTPS remote (${e.message ?? e.code}).`);
  }
  if (e?.code === 'NotFoundError') return new GitError('not-found', `${what} failed: ${e.message ?? 'not found'}.`);
  return new GitError('unknown', `${what} failed: ${e?.message ?? String(err)}`);
}

/** A URL without user info, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
