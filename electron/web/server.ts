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
  presentedToken,
  tokenCookieName,
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
}

export interface WebHost {
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;
const IPC_PREFIX = '/ipc/';
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
 * 127.0.0.1 only. Every request must name us in Host (and Origin, when sent) and carry the
 * per-start token; payloads are parsed by the contract's schemas in the dispatcher.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = opts.port;
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
    if (url.pathname.startsWith(IPC_PREFIX)) return handleIpc(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, { status: 405, reason: 'Only GET for pages and POST /ipc/<channel> for calls.' });
    const presented = presentedToken(req.headers, url, port, { query: true, cookie: true, header: true });
    if (!tokenMatches(presented, token)) {
      return refuse(res, { status: 401, reason: 'This Gantry host needs its token: open the exact URL `npm run serve` printed (…/?token=…).' });
    }
    return serveStatic(req, res, url);
  }

  async function handleIpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return refuse(res, { status: 405, reason: 'IPC calls are POST requests.' });
    // Header only: a page elsewhere cannot set it without a CORS preflight, which is never allowed.
    if (!tokenMatches(presentedToken(req.headers, url, port, { header: true }), token)) {
      return refuse(res, { status: 401, reason: 'Missing or wrong x-gantry-token.' });
    }
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) return refuse(res, { status: 415, reason: 'IPC bodies are application/json.' });
    const channel = decodeURIComponent(url.pathname.slice(IPC_PREFIX.length));
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
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
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
      // The page's assets load without the query string; this cookie (HttpOnly, this port only) lets them.
      res.setHeader('set-cookie', `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
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
      (!tokenMatches(presentedToken(req.headers, url, port, { query: true, header: true }), token) ? ({ status: 401, reason: 'Missing or wrong token.' } as Refusal) : undefined);
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
    for (const ws of sockets) ws.ping();
  }, 25_000);
  ping.unref();

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
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
