import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeTransport } from './kube-transport.ts';
import { listHead, ListWatch, type KubeObject } from './list-watch.ts';
import { PageQueue } from './page-queue.ts';

describe('listHead', () => {
  it('reads resourceVersion and continue from the head of a list, as the API writes it', () => {
    expect(listHead('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":"eyJ2Ijo1fQ"},"items":[{"metadata":{"name":"a"}}]}')).toEqual({ resourceVersion: '42', continue: 'eyJ2Ijo1fQ' });
    expect(listHead('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42"},\n "items": []}')).toEqual({ resourceVersion: '42' });
  });

  it('says nothing when the items come first or the head is not JSON (the whole page is read first then)', () => {
    expect(listHead('{"items":[],"metadata":{"continue":"x"}}')).toBeUndefined();
    expect(listHead('{"kind":"PodList","metadata":{"continue":"x"')).toBeUndefined();
    expect(listHead('not json')).toBeUndefined();
    expect(listHead('{"kind":"PodList","metadata":"odd","items":[]}')).toBeUndefined();
  });
});

/** A collection served in pages of `limit` (the continue token is the offset), with a log of what was asked. */
function pagedServer(objects: KubeObject[], opts: { expireContinueOnce?: boolean; itemsFirst?: boolean } = {}) {
  const asked: string[] = [];
  let expired = false;
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    asked.push(u.search);
    if (u.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return; // held open: the loop is watching
    }
    const limit = Number(u.searchParams.get('limit'));
    const start = Number(u.searchParams.get('continue') || 0);
    if (start > 0 && opts.expireContinueOnce && !expired) {
      expired = true;
      res.writeHead(410, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'The provided continue parameter is too old' }));
    }
    const page = objects.slice(start, start + limit);
    const next = start + limit < objects.length ? String(start + limit) : undefined;
    const metadata = { resourceVersion: '77', ...(next ? { continue: next } : {}) };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(opts.itemsFirst ? { items: page, metadata } : { kind: 'PodList', apiVersion: 'v1', metadata, items: page }));
  });
  return new Promise<{ url: string; asked: string[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        asked,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

const pods = (n: number): KubeObject[] => Array.from({ length: n }, (_, i) => ({ metadata: { uid: `u${i}`, name: `pod-${i}`, namespace: 'shard-a', resourceVersion: String(i) } }));
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function listOnce(objects: KubeObject[], opts: Parameters<typeof pagedServer>[1] = {}, pages?: { queue: PageQueue; priority: () => number }) {
  const srv = await pagedServer(objects, opts);
  cleanups.push(srv.close);
  const agent = new http.Agent({ keepAlive: true });
  cleanups.push(() => agent.destroy());
  const transport = new KubeTransport(async () => ({ server: srv.url, agent, headers: {} }));
  let relisted: { items: unknown[]; rv: string } | undefined;
  const seenByMap: string[] = [];
  const lw = new ListWatch({
    transport,
    path: '/api/v1/pods',
    pageSize: 3,
    onEvent: () => undefined,
    listItem: (o) => {
      seenByMap.push(String(o.metadata?.name));
      return `kept:${o.metadata?.name}`;
    },
    onRelist: (items, rv) => (relisted = { items, rv }),
    ...(pages ? { pages } : {}),
  });
  cleanups.push(() => lw.stop());
  return { srv, lw, seenByMap, relisted: () => relisted };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('ListWatch list pages', () => {
  it('lists every page in order with limit/continue and hands over the whole list once', async () => {
    const t = await listOnce(pods(8));
    t.lw.start();
    await until(() => t.relisted() !== undefined);
    expect(t.relisted()).toEqual({ items: pods(8).map((p) => `kept:${p.metadata!.name}`), rv: '77' });
    expect(t.srv.asked.filter((q) => !q.includes('watch'))).toEqual(['?limit=3', '?limit=3&continue=3', '?limit=3&continue=6']);
    expect(t.lw.size).toBe(8);
  });

  it('asks for the next page while the current one still waits for its turn to be parsed', async () => {
    // A queue whose turns run only when the test says: page 1 is not parsed, yet page 2 is asked for.
    const deferred: Array<() => void> = [];
    const queue = new PageQueue({ defer: (fn) => deferred.push(fn) });
    const t = await listOnce(pods(8), {}, { queue, priority: () => 1 });
    t.lw.start();
    await until(() => t.srv.asked.length >= 2);
    expect(t.seenByMap).toEqual([]);
    expect(t.srv.asked).toEqual(['?limit=3', '?limit=3&continue=3']);
    while (t.relisted() === undefined) {
      while (deferred.length) deferred.shift()!();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(t.seenByMap).toEqual(pods(8).map((p) => p.metadata!.name));
  });

  it('still lists a server that writes the items before the metadata (the next page after the whole one)', async () => {
    const t = await listOnce(pods(7), { itemsFirst: true });
    t.lw.start();
    await until(() => t.relisted() !== undefined);
    expect(t.relisted()!.items).toHaveLength(7);
  });

  it('starts the list over when a continue token expired (410), and keeps no half list', async () => {
    const t = await listOnce(pods(7), { expireContinueOnce: true });
    t.lw.start();
    await until(() => t.relisted() !== undefined);
    expect(t.relisted()!.items).toEqual(pods(7).map((p) => `kept:${p.metadata!.name}`));
    expect(t.srv.asked.filter((q) => !q.includes('watch'))).toEqual(['?limit=3', '?limit=3&continue=3', '?limit=3', '?limit=3&continue=3', '?limit=3&continue=6']);
  });
});
