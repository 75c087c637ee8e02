import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers/browser.ts';
import { startServe, type ServeHost } from './helpers/serve-host.ts';

/** Every response this file saw (raw requests and Chromium's), to check that none sets a cookie. */
const responses: Array<{ what: string; setCookie: unknown }> = [];

/** A raw request, so Host and Origin can be anything a hostile page or DNS rebinding would send. */
function request(host: ServeHost, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        responses.push({ what: `${opts.method ?? 'GET'} ${opts.path}`, setCookie: res.headers['set-cookie'] });
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };
const codeOf = (url: string) => new URL(url).searchParams.get('launch')!;

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

  it('serves the page and its assets without a token, with a strict CSP and no cookie', async () => {
    const page = await request(host, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).not.toContain(host.token);
    const assets = [...page.body.matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      const r = await request(host, { path: a });
      expect(r.status, a).toBe(200);
      expect(r.headers['set-cookie'], a).toBeUndefined();
    }
    // The printed link carries a launch code, never the token.
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?launch=[A-Za-z0-9_-]+$`));
    expect(host.url).not.toContain(host.token);
  });

  it('trades a launch code for the token once; a used or wrong code is 401, and serve prints the next link', async () => {
    const link = host.url;
    const session = (headers: Record<string, string>, method = 'POST') => request(host, { method, path: '/session', headers });
    expect((await session({})).status).toBe(401);
    expect((await session({ 'x-gantry-launch': 'wrong' })).status).toBe(401);
    expect((await session({ 'x-gantry-launch': host.token })).status).toBe(401);
    // Host and Origin first: a foreign page or a rebound name cannot spend the code.
    expect((await session({ 'x-gantry-launch': codeOf(link), origin: 'http://evil.example' })).status).toBe(403);
    expect((await session({ 'x-gantry-launch': codeOf(link), host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await session({ 'x-gantry-launch': codeOf(link) }, 'GET')).status).toBe(405);

    const ok = await session({ 'x-gantry-launch': codeOf(link), origin: host.origin });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ token: host.token });
    const again = await session({ 'x-gantry-launch': codeOf(link), origin: host.origin });
    expect(again.status).toBe(401);
    expect(again.body).toMatch(/already used.*newest link `npm run serve` printed/);
    const next = await host.nextUrl(link);
    expect(next).not.toBe(link);
    expect(host.url).toBe(next);
    expect(host.output()).toContain(`Gantry: ${next}\n`);
  });

  it('refuses an IPC call without the token or with a wrong one', async () => {
    const none = await request(host, { method: 'POST', path: '/ipc/app:info', headers: json, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, 'x-gantry-token': `${host.token}x` }, body: '{}' });
    expect(wrong.status).toBe(401);
    // Calls take the header only: not the query string, not a cookie (there is none), not a launch code.
    const query = await request(host, { method: 'POST', path: `/ipc/app:info?token=${host.token}`, headers: json, body: '{}' });
    expect(query.status).toBe(401);
    const cookie = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, cookie: `gantry_token_${host.port}=${host.token}` }, body: '{}' });
    expect(cookie.status).toBe(401);
    const launch = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, 'x-gantry-launch': codeOf(host.url) }, body: '{}' });
    expect(launch.status).toBe(401);
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
      const page = await request(host, { path: '/', headers: { host: h } });
      expect(page.status, h).toBe(421);
      const call = await request(host, { method: 'POST', path: '/ipc/app:info', headers: { ...json, host: h }, body: '{}' });
      expect(call.status, h).toBe(421);
    }
    expect((await request(host, { path: '/', headers: { host: `localhost:${host.port}` } })).status).toBe(200);
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
      const r = await request(host, { path: p });
      expect(r.status, p).toBe(404);
    }
  });

  it('answers 400 with a clear text, not 500, to a broken percent-encoding', async () => {
    for (const [method, p] of [
      ['GET', '/%E0%A4%A'],
      ['GET', '/assets/%zz.js'],
      ['POST', '/ipc/%zz'],
      ['POST', '/ipc/app:info%E0'],
    ] as const) {
      const r = await request(host, { method, path: p, headers: { ...json, 'x-gantry-token': host.token }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(r.status, `${method} ${p}`).toBe(400);
      expect(r.headers['content-type'], p).toMatch(/^text\/plain/);
      expect(r.body, p).toMatch(/^Bad percent-encoding/);
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

  it('in Chromium: the link opens the app, leaves the address bar and history with a spent code only, and a reload keeps the tab', async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'gantry-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    let link = '';
    try {
      context.on('response', (r) => {
        void r.allHeaders().then((h) => responses.push({ what: `chromium ${r.request().method()} ${r.url()}`, setCookie: h['set-cookie'] }));
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      link = host.url;
      const before = await page.evaluate(() => history.length);
      await page.goto(link);
      await page.getByTestId('start-screen').waitFor();
      const seen = await page.evaluate(() => ({ href: location.href, length: history.length, stored: sessionStorage.getItem('gantry.token'), cookie: document.cookie }));
      expect(seen.href).toBe(`${host.origin}/`);
      // One navigation, one entry: the code was replaced in place, not pushed past.
      expect(seen.length).toBe(before + 1);
      expect(page.url()).toBe(`${host.origin}/`);
      expect(seen.stored).toBe(host.token);
      expect(seen.cookie).toBe('');
      expect(await context.cookies()).toEqual([]);
      // The address the history kept is dead: opening it again without this tab's session is refused.
      const next = await host.nextUrl(link);
      expect((await request(host, { method: 'POST', path: '/session', headers: { 'x-gantry-launch': codeOf(link) } })).status).toBe(401);

      await page.reload();
      await page.getByTestId('start-screen').waitFor();

      // Another tab has its own session: the spent link shows what to do, not a blank page.
      const other = await context.newPage();
      await other.goto(link);
      await other.getByRole('alert').getByText('This link was already used — open the newest link npm run serve printed', { exact: false }).waitFor();
      // Said as what it is: the host is there, the link is spent.
      await other.getByRole('heading', { name: 'This link cannot open Gantry' }).waitFor();
      expect(other.url()).toBe(`${host.origin}/`);
      const bare = await context.newPage();
      await bare.goto(host.origin);
      await bare.getByRole('alert').getByText('This page has no Gantry session', { exact: false }).waitFor();
      // The newest printed link still works in a fresh tab.
      expect(host.url).toBe(next);
      const fresh = await context.newPage();
      await fresh.goto(next);
      await fresh.getByTestId('start-screen').waitFor();
    } finally {
      await context.close();
    }
    // What Chromium wrote to disk: the history has the launch links (spent codes), never the token; no cookie store holds it.
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
    const all = files(profile);
    const history = all.filter((f) => /[/\\]History(-journal|-wal)?$/.test(f));
    const cookies = all.filter((f) => /[/\\]Cookies(-journal|-wal)?$/.test(f));
    expect(history.length).toBeGreaterThan(0);
    expect(history.some((f) => readFileSync(f).includes(codeOf(link))), 'the visit is in the History file').toBe(true);
    for (const f of [...history, ...cookies]) expect(readFileSync(f).includes(host.token), f).toBe(false);
    rmSync(profile, { recursive: true, force: true });
  }, 90_000);

  it('set no cookie on any response', () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.some((r) => r.what.startsWith('chromium GET'))).toBe(true);
    expect(responses.filter((r) => r.setCookie !== undefined)).toEqual([]);
  });
});
