import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail } from '../../shared/ipc/envelope.ts';
import type { Host } from '../services/host.ts';
import {
  checkHost,
  checkOrigin,
  contentSecurityPolicy,
  decodePath,
  LAUNCH_HEADER,
  presentedToken,
  tokenMatches,
  type Refusal,
} from './security.ts';

export interface WebHostOptions {
  host: Host;
  /** The Vite-built renderer (index.html and assets/). */
  staticDir: string;
  /** 0 picks any free port. */
  port: number;
  /** Fixed token for tests; a random one per start otherwise. */
  token?: string;
  /**
   * Called with the next launch link each time one was exchanged, so the person always has a
   * working one (serve prints it). The first link is `launchUrl()` after start.
   */
  onLaunchUrl?: (url: string) => void;
}

export interface WebHost {
  port: number;
  token: string;
  /** `http://127.0.0.1:<port>/?launch=<code>`: opens the app once; the page exchanges the code for the token. */
  launchUrl(): string;
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;
const IPC_PREFIX = '/ipc/';
const SESSION_PATH = '/session';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Browser mode: the contract over HTTP (`POST /ipc/<channel>`) and a WebSocket (`/events`) on
 * 127.0.0.1 only. Every request must name us in Host (and Origin, when sent). The static page
 * needs nothing more; calls and events carry the per-start token, which the page gets once per
 * tab by exchanging a single-use launch code (`POST /session`, code from `/?launch=`). No cookie
 * carries the token (cookies ignore ports) and no page address does (addresses stay in history).
 * Payloads are parsed by the contract's schemas in the dispatcher.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const newCode = () => randomBytes(18).toString('base64url');
  let launchCode = newCode();
  let port = opts.port;
  const launchUrl = () => `http://127.0.0.1:${port}/?launch=${launchCode}`;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = opts.host.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `Internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = checkHost(req.headers, port) ?? checkOrigin(req.headers, port);
    if (refused) return refuse(res, refused);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (decodePath(url.pathname) === undefined) return refuse(res, { status: 400, reason: `Bad percent-encoding in the request path ${JSON.stringify(url.pathname.slice(0, 200))}.` });
    if (url.pathname.startsWith(IPC_PREFIX)) return handleIpc(req, res, url);
    if (url.pathname === SESSION_PATH) return handleSession(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(res, { status: 405, reason: 'Only GET for pages, POST /session for a launch code and POST /ipc/<channel> for calls.' });
    }
    // The page and its assets are the public bundle: no token (Host, Origin and the CSP still apply).
    return serveStatic(req, res, url);
  }

  /** Exchanges the launch code (once) for the token; the next code's link goes to onLaunchUrl. */
  function handleSession(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (req.method !== 'POST') return refuse(res, { status: 405, reason: 'POST /session exchanges a launch code for the token.' });
    const code = req.headers[LAUNCH_HEADER];
    if (typeof code !== 'string' || !tokenMatches(code, launchCode)) {
      return refuse(res, {
        status: 401,
        reason: 'This launch link was already used, or is not from this Gantry host: open the newest link `npm run serve` printed (each link opens the app once).',
      });
    }
    launchCode = newCode();
    try {
      opts.onLaunchUrl?.(launchUrl());
    } catch {
      // The code is spent either way; the person can still read launchUrl() elsewhere.
    }
    sendJson(res, 200, { token });
  }

  async function handleIpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return refuse(res, { status: 405, reason: 'IPC calls are POST requests.' });
    // Header only: a page elsewhere cannot set it without a CORS preflight, which is never allowed.
    if (!tokenMatches(presentedToken(req.headers, url, { header: true }), token)) {
      return refuse(res, { status: 401, reason: 'Missing or wrong x-gantry-token (was Gantry restarted?): open the newest link `npm run serve` printed.' });
    }
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) return refuse(res, { status: 415, reason: 'IPC bodies are application/json.' });
    const channel = decodePath(url.pathname.slice(IPC_PREFIX.length));
    if (channel === undefined) return refuse(res, { status: 400, reason: 'Bad percent-encoding in the channel name.' });
    const body = await readBody(req);
    if (body === undefined) return refuse(res, { status: 413, reason: `Request body over ${MAX_BODY} bytes.` });
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body) : {};
    } catch {
      return sendJson(res, 400, fail('invalid-input', `${channel}: the body is not JSON.`));
    }
    const result = await opts.host.dispatch(channel, payload);
    const status = result.ok ? 200 : result.error.code === 'invalid-input' ? 400 : result.error.code === 'unknown-channel' ? 404 : 200;
    sendJson(res, status, result);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const rel = url.pathname === '/' ? 'index.html' : decodePath(url.pathname.slice(1));
    if (rel === undefined) return refuse(res, { status: 400, reason: 'Bad percent-encoding in the request path.' });
    const root = path.resolve(opts.staticDir);
    const file = path.resolve(root, rel);
    if (rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return refuse(res, { status: 404, reason: 'Not found.' });
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) return refuse(res, { status: 404, reason: 'Not found.' });
      size = st.size;
    } catch {
      return refuse(res, { status: 404, reason: 'Not found.' });
    }
    const isHtml = file.endsWith('.html');
    const headers: Record<string, string | number> = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
    };
    if (isHtml) {
      headers['content-security-policy'] = contentSecurityPolicy(port);
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refused =
      checkHost(req.headers, port) ??
      checkOrigin(req.headers, port) ??
      (url.pathname !== '/events' ? ({ status: 404, reason: 'Not found.' } as Refusal) : undefined) ??
      (!tokenMatches(presentedToken(req.headers, url, { query: true, header: true }), token) ? ({ status: 401, reason: 'Missing or wrong token.' } as Refusal) : undefined);
    if (refused) {
      socket.end(`HTTP/1.1 ${refused.status} ${http.STATUS_CODES[refused.status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refused.reason}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      // The event stream is one-way; anything the page sends is ignored.
      ws.on('message', () => undefined);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const ping = setInterval(() => {
    for (const ws of sockets) {
      try {
        ws.ping();
      } catch {
        // A socket still connecting or gone: its close event removes it; the host stays up.
        sockets.delete(ws);
      }
    }
  }, 25_000);
  ping.unref();

  return {
    port,
    token,
    launchUrl,
    async close() {
      clearInterval(ping);
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        over = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function refuse(res: ServerResponse, r: Refusal): void {
  send(res, r.status, 'text/plain; charset=utf-8', `${r.reason}\n`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
