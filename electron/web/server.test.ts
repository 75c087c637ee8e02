import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../services/event-bus.ts';
import type { Host } from '../services/host.ts';
import { startWebHost, type WebHost } from './server.ts';

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
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

const codeOf = (url: string) => new URL(url).searchParams.get('launch')!;

describe('browser-mode web host', () => {
  let web: WebHost;
  const printed: string[] = [];
  const dispatched: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-static-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Gantry</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets/app.js'), 'export {};');
    const host = {
      dispatch: async (channel: string) => {
        dispatched.push(channel);
        return { ok: true, value: { channel } };
      },
      events: new EventBus(),
    } as unknown as Host;
    web = await startWebHost({ host, staticDir: dir, port: 0, token: 'the-token', onLaunchUrl: (u) => printed.push(u) });
  });
  afterAll(async () => {
    await web?.close();
  });

  it('serves the page and its assets without a token and without a cookie', async () => {
    for (const p of ['/', '/?launch=anything', '/assets/app.js']) {
      const r = await request(web.port, { path: p });
      expect(r.status, p).toBe(200);
      expect(r.headers['set-cookie'], p).toBeUndefined();
      expect(r.body).not.toContain('the-token');
    }
    expect((await request(web.port, { path: '/' })).headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('trades a launch code for the token once, then prints the next link', async () => {
    const first = web.launchUrl();
    expect(first).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/\\?launch=[A-Za-z0-9_-]{20,}$`));
    expect(first).not.toContain('the-token');
    const code = codeOf(first);
    expect((await request(web.port, { method: 'POST', path: '/session' })).status).toBe(401);
    expect((await request(web.port, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': `${code}x` } })).status).toBe(401);
    // Origin and Host come first: a foreign page cannot spend the code.
    expect((await request(web.port, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': code, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await request(web.port, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': code, host: `evil.example:${web.port}` } })).status).toBe(421);
    expect((await request(web.port, { path: '/session', headers: { 'x-gantry-launch': code } })).status).toBe(405);
    expect(printed).toEqual([]);

    const ok = await request(web.port, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': code, origin: `http://127.0.0.1:${web.port}` } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ token: 'the-token' });
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(printed).toEqual([web.launchUrl()]);
    expect(web.launchUrl()).not.toBe(first);

    const again = await request(web.port, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': code } });
    expect(again.status).toBe(401);
    expect(again.body).toMatch(/already used.*newest link `npm run serve` printed/);
    const next = await request(web.port, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': codeOf(web.launchUrl()) } });
    expect(next.status).toBe(200);
    expect(printed).toHaveLength(2);
  });

  it('takes calls with the token header only: no query, no cookie', async () => {
    const json = { 'content-type': 'application/json' };
    const call = (headers: Record<string, string>, p = '/ipc/app:info') => request(web.port, { method: 'POST', path: p, headers: { ...json, ...headers }, body: '{}' });
    expect((await call({})).status).toBe(401);
    expect((await call({}, '/ipc/app:info?token=the-token')).status).toBe(401);
    expect((await call({ cookie: `gantry_token_${web.port}=the-token` })).status).toBe(401);
    expect((await call({ 'x-gantry-launch': codeOf(web.launchUrl()) })).status).toBe(401);
    const good = await call({ 'x-gantry-token': 'the-token' });
    expect(good.status).toBe(200);
    expect(dispatched).toEqual(['app:info']);
  });

  it('answers 400, not 500, to a broken percent-encoding', async () => {
    for (const [method, p] of [
      ['GET', '/%E0%A4%A'],
      ['GET', '/assets/%zz.js'],
      ['HEAD', '/%'],
      ['POST', '/ipc/%zz'],
      ['POST', '/ipc/app%3Ainfo%E0'],
    ] as const) {
      const r = await request(web.port, { method, path: p, headers: { 'content-type': 'application/json', 'x-gantry-token': 'the-token' }, body: method === 'POST' ? '{}' : undefined });
      expect(r.status, `${method} ${p}`).toBe(400);
      if (method !== 'HEAD') expect(r.body, p).toMatch(/Bad percent-encoding/);
    }
    expect(dispatched).toEqual(['app:info']);
  });
});
