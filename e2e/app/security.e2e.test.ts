import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServe, type ServeHost } from './helpers/serve-host.ts';

/** A raw request, so Host and Origin can be anything a hostile page or DNS rebinding would send. */
function request(host: ServeHost, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

function wsOpen(url: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

describe('browser mode refuses what is not ours', () => {
  let host: ServeHost;
  beforeAll(async () => {
    host = await startServe();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('serves the page only with the token, with a strict CSP', async () => {
    expect((await request(host, { path: '/' })).status).toBe(401);
    expect((await request(host, { path: '/?token=wrong' })).status).toBe(401);
    const ok = await request(host, { path: `/?token=${host.token}` });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    expect(ok.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses an IPC call without the token or with a wrong one', async () => {
    const none = await request(host, { method: 'POST', path: '/ipc/app:info', headers: json, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, 'x-gantry-token': `${host.token}x` }, body: '{}' });
    expect(wrong.status).toBe(401);
    // The token in the query string or a cookie is for the page, not for calls.
    const query = await request(host, { method: 'POST', path: `/ipc/app:info?token=${host.token}`, headers: json, body: '{}' });
    expect(query.status).toBe(401);
    const good = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, 'x-gantry-token': host.token }, body: '{}' });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
  });

  it('refuses a foreign Origin even with the token', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`]) {
      const r = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, origin, 'x-gantry-token': host.token }, body: '{}' });
      expect(r.status, origin).toBe(403);
    }
    const own = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, origin: host.origin, 'x-gantry-token': host.token }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('refuses a foreign Host first, before looking at the token (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `0.0.0.0:${host.port}`]) {
      const page = await request(host, { path: `/?token=${host.token}`, headers: { host: h } });
      expect(page.status, h).toBe(421);
      const call = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, host: h }, body: '{}' });
      expect(call.status, h).toBe(421);
    }
    expect((await request(host, { path: `/?token=${host.token}`, headers: { host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('refuses invalid payloads with the contract schema', async () => {
    const call = (channel: string, body: string, headers: Record<string, string> = json) =>
      request(host, { method: 'POST', path: `/ipc/${channel}`, headers: { ...headers, 'x-gantry-token': host.token }, body });
    const bad = await call('workspace:readFile', JSON.stringify({ file: '../../etc/passwd' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const wrongType = await call('workspace:open', JSON.stringify({ dir: 42 }));
    expect(JSON.parse(wrongType.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await call('app:info', JSON.stringify({ sneaky: true }));
    expect(JSON.parse(extra.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const notJson = await call('app:info', '{nope');
    expect(notJson.status).toBe(400);
    expect((await call('app:info', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    const unknown = await call('app:rm-rf', '{}');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const get = await request(host, { path: '/ipc/app:info', headers: { 'x-gantry-token': host.token } });
    expect(get.status).toBe(405);
  });

  it('serves no file outside the renderer', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json']) {
      const r = await request(host, { path: `${p}?token=${host.token}` });
      expect(r.status, p).toBe(404);
    }
  });

  it('opens the event stream only with the token and our Origin', async () => {
    const base = `ws://127.0.0.1:${host.port}/events`;
    expect((await wsOpen(base)).opened).toBe(false);
    expect((await wsOpen(`${base}?token=wrong`)).opened).toBe(false);
    expect((await wsOpen(`${base}?token=${host.token}`, { origin: 'http://evil.example' })).opened).toBe(false);
    expect((await wsOpen(`${base}?token=${host.token}`, { host: `evil.example:${host.port}` })).opened).toBe(false);
    expect((await wsOpen(`${base}?token=${host.token}`, { origin: host.origin })).opened).toBe(true);
  });
});
