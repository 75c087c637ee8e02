/**
 * Servers for testing where a Git token goes, all on 127.0.0.1:
 *
 *   const capture = await startCaptureServer();   // 401 + WWW-Authenticate: Basic to everything; records Authorization
 *   const front = await startRedirectingFront(gitServer.baseUrl, capture.baseUrl);
 *   // front.baseUrl/<name>.git        -> proxied to the git server (real fetch and push)
 *   // front.baseUrl/moved/<name>.git  -> 302 to capture.baseUrl/<name>.git
 *   ...
 *   await front.close(); await capture.close();
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** The Authorization header, when there was one. */
  authorization: string | undefined;
}

export interface TestHttpServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Every request so far, in order (clear it with `requests.length = 0`). */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Basic credentials from an Authorization header (`user:password`), for assertions. */
export function basicOf(authorization: string | undefined): string | undefined {
  const m = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : undefined;
}

async function listen(handler: http.RequestListener): Promise<TestHttpServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorization: req.headers.authorization });
    handler(req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A server that wants credentials for everything (401, `WWW-Authenticate: Basic`) and records what it was sent. */
export function startCaptureServer(): Promise<TestHttpServer> {
  return listen((req, res) => {
    req.resume();
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="capture", charset="UTF-8"', 'Content-Type': 'text/plain' });
    res.end('authentication required\n');
  });
}

/**
 * A server in front of `upstream` (another http://127.0.0.1 server): it proxies every request,
 * except those under `/moved/`, which it redirects (302) to `redirectTo` plus the rest of the path.
 */
export function startRedirectingFront(upstream: string, redirectTo: string): Promise<TestHttpServer> {
  const up = new URL(upstream);
  return listen((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/moved/')) {
      req.resume();
      res.writeHead(302, { Location: `${redirectTo}/${path.slice('/moved/'.length)}` });
      res.end();
      return;
    }
    const headers = { ...req.headers, host: up.host };
    const proxied = http.request({ host: up.hostname, port: Number(up.port), method: req.method, path, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(res);
    });
    proxied.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end('upstream failed\n')));
    req.pipe(proxied);
  });
}
