import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserToken, SessionError, TOKEN_KEY, type SessionEnv } from './browser-session.ts';
import { httpTransport } from './http-transport.ts';

function env(href: string, answer?: () => Promise<Response>, stored?: string) {
  const items = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
  const replaced: string[] = [];
  const fetch = vi.fn((_url: string, _init?: RequestInit) => (answer ? answer() : Promise.reject(new Error('no fetch expected'))));
  const e: SessionEnv = {
    href,
    origin: new URL(href).origin,
    replaceUrl: (u) => replaced.push(u),
    storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) },
    fetch: fetch as unknown as typeof globalThis.fetch,
  };
  return { e, items, replaced, fetch };
}

const json = (value: unknown, status = 200) => () => Promise.resolve(new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } }));
const text = (body: string, status: number) => () => Promise.resolve(new Response(body, { status }));

describe('browser-mode session', () => {
  it('takes the launch code out of the address bar, trades it once, and keeps the token for this tab', async () => {
    const { e, items, replaced, fetch } = env('http://127.0.0.1:7420/?launch=abc&x=1#top', json({ token: 'tok' }));
    await expect(browserToken(e)).resolves.toBe('tok');
    expect(replaced).toEqual(['/?x=1#top']);
    expect(items.get(TOKEN_KEY)).toBe('tok');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:7420/session');
    expect(init).toMatchObject({ method: 'POST', headers: { 'x-gantry-launch': 'abc' }, credentials: 'omit' });
  });

  it('says the link was used when the host refuses the code and the tab has no session', async () => {
    const { e, replaced } = env('http://127.0.0.1:7420/?launch=old', text('used', 401));
    const err = await browserToken(e).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as Error).message).toMatch(/already used — open the newest link npm run serve printed/);
    expect(replaced).toEqual(['/']);
  });

  it('keeps the tab session when a spent link is opened again in it, and on a reload', async () => {
    expect(await browserToken(env('http://127.0.0.1:7420/?launch=old', text('used', 401), 'kept').e)).toBe('kept');
    const reload = env('http://127.0.0.1:7420/', undefined, 'kept');
    expect(await browserToken(reload.e)).toBe('kept');
    expect(reload.fetch).not.toHaveBeenCalled();
    expect(reload.replaced).toEqual([]);
  });

  it('explains a page opened without a link, and drops an old ?token= from the address unused', async () => {
    await expect(browserToken(env('http://127.0.0.1:7420/').e)).rejects.toThrow(/no Gantry session — open the newest link/);
    const old = env('http://127.0.0.1:7420/?token=secret');
    await expect(browserToken(old.e)).rejects.toBeInstanceOf(SessionError);
    expect(old.replaced).toEqual(['/']);
    expect(old.fetch).not.toHaveBeenCalled();
  });

  it('says when the host does not answer', async () => {
    const { e } = env('http://127.0.0.1:7420/?launch=abc', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(browserToken(e)).rejects.toThrow(/did not answer.*Failed to fetch/);
  });
});

describe('http transport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('waits for the token before the first call and sends it as a header', async () => {
    const seen: Array<Record<string, string>> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => {
        seen.push(init.headers as Record<string, string>);
        return Promise.resolve(new Response('{"ok":true,"value":1}', { headers: { 'content-type': 'application/json' } }));
      }),
    );
    let give: (t: string) => void = () => undefined;
    const t = httpTransport(new Promise<string>((r) => (give = r)), 'http://127.0.0.1:7420');
    const pending = t.invoke('app:info', {});
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([]);
    give('tok');
    await expect(pending).resolves.toEqual({ ok: true, value: 1 });
    expect(seen[0]).toMatchObject({ 'x-gantry-token': 'tok' });
  });

  it('fails every call with the reason when there is no token, and opens no event stream', async () => {
    const ws = vi.fn();
    vi.stubGlobal('WebSocket', ws);
    vi.stubGlobal('fetch', vi.fn());
    const t = httpTransport(Promise.reject(new SessionError('This link was already used')), 'http://127.0.0.1:7420');
    const off = t.subscribe('op:progress', () => undefined);
    await expect(t.invoke('app:info', {})).rejects.toThrow('This link was already used');
    off();
    expect(ws).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });
});
