import { reportBackgroundError } from '../background.ts';
import { Backoff } from './backoff.ts';
import { KubeHttpError, parseJson, type KubeTransport } from './kube-transport.ts';
import type { PageQueue } from './page-queue.ts';
import { relistEvents, type Known } from './relist-events.ts';
import { Watchdog } from './watchdog.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A Kubernetes object as far as the loop needs it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { uid?: string; name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface LoopStatus {
  /** listing: (re)reading the collection; watching: live; retrying: lost, waiting to reconnect; forbidden: 403. */
  phase: 'listing' | 'watching' | 'retrying' | 'forbidden' | 'unauthorized' | 'stopped';
  /** The API's or the network's words for the last failure. */
  message?: string;
  /** A complete list has been delivered at least once (the state holds the whole collection). */
  synced: boolean;
  /** When the loop last lost its watch (ISO), while it is not watching. */
  since?: string;
}

export interface ListWatchOptions {
  transport: KubeTransport;
  /** Collection path, e.g. /api/v1/pods or /apis/apps/v1/namespaces/shard-a/deployments. */
  path: string;
  /** Items per list request (limit/continue); DEFAULT_PAGE_SIZE when not given. */
  pageSize?: number;
  /** Restart a watch that delivered no event or bookmark for this long (the apiserver bookmarks about every 60 s). */
  silenceMs?: number;
  /** Bound on each list request. */
  requestTimeoutMs?: number;
  backoff?: Backoff;
  /** Every watch event, in order. Without `onRelist`, a (re)list goes out as its differences from what was known (deleted ones included). */
  onEvent: (type: WatchEventType, obj: KubeObject) => void;
  /**
   * A complete (re)list, every page put together, with its resourceVersion: the receiver replaces
   * the collection (what the list lacks was deleted meanwhile). The loop then keeps no copy of its own.
   * The items are what `listItem` made of each object (the objects themselves, trimmed, without it).
   */
  onRelist?: (items: unknown[], resourceVersion: string) => void;
  /**
   * With `onRelist`: what the receiver keeps of each listed object (its slim projection), made as
   * its page arrives so the raw page is dropped at once; undefined leaves the object out (another
   * namespace). Without it the trimmed objects are held until the list is complete.
   */
  listItem?: (obj: KubeObject) => unknown;
  /**
   * Pages parsed in turns shared with other loops (the cluster the person connected first goes
   * first; see page-queue.ts); without it each page is parsed as it arrives.
   */
  pages?: { queue: PageQueue; priority: () => number };
  /** A complete (re)list was applied. */
  onSynced?: () => void;
  /** Drops parts of each object nobody reads, as it arrives (a 50,000-pod list is never held whole). */
  trim?: (obj: KubeObject) => KubeObject;
  onStatus?: (s: LoopStatus) => void;
  /** The API answered 401 (the credential may have expired). */
  onUnauthorized?: () => void;
}

/**
 * Items per list request. client-go lists 500 at a time; here a page is parsed whole (one string,
 * then objects) before each item becomes its projection, and with three clusters listing at once
 * 500 pods a page (2 MB of JSON, ~4 KB a pod, more with managedFields) left the host's RSS at
 * 411-458 MB in bench:watch against 335 MB at 250 and 284 MB at 100 (2026-12-01). 250 keeps most of
 * that gain at 67 requests for 16,667 pods (a far cluster's round trips add up: 167 at 100).
 */
export const DEFAULT_PAGE_SIZE = 250;

const STOPPED = new Error('stopped');

/**
 * A list's metadata (resourceVersion, continue) read from the head of its text, before the items:
 * the API writes kind, apiVersion and metadata first. Undefined when the text does not start so
 * (the caller then reads the whole page first).
 */
export function listHead(text: string): { resourceVersion?: string; continue?: string } | undefined {
  const at = text.indexOf('"items"');
  if (at < 0 || at > 65_536) return undefined;
  const head = text.slice(0, at).replace(/[\s,]+$/, '');
  if (!head.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(head === '{' ? '{}' : `${head}}`);
  } catch {
    return undefined;
  }
  const md = (parsed as { metadata?: unknown }).metadata;
  if (!md || typeof md !== 'object') return undefined;
  const { resourceVersion, continue: cont } = md as { resourceVersion?: unknown; continue?: unknown };
  return { ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}), ...(typeof cont === 'string' && cont ? { continue: cont } : {}) };
}

/** The watchdog ended a watch that sent nothing for too long. */
class SilentWatch extends Error {}

/**
 * List then watch one collection, forever, until stopped. Written around plain list and watch
 * requests rather than client-node's informer, which stops for good on any error but 410 and
 * never notices a silent watch:
 * - list in pages (limit/continue); a continue token that expired (410) restarts the list;
 * - watch from the list's resourceVersion with allowWatchBookmarks; a 410 (on connect or as an
 *   ERROR event) relists, and the relist's differences (including objects deleted meanwhile)
 *   go out as events, so the state never keeps a ghost;
 * - reconnect with jittered backoff (1-30 s), never more than once a second;
 * - a watchdog restarts a watch that is silent for `silenceMs`, and bounds the wait for its answer.
 */
export class ListWatch {
  private known = new Map<string, Known>();
  private rv = '';
  /** Objects in the collection when the receiver keeps them (onRelist). */
  private count = 0;
  private stopped = false;
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private halt: (() => void) | undefined;
  private status: LoopStatus = { phase: 'listing', synced: false };
  private lastAttempt = -Infinity;
  /** The watchdog fired and no watch opened since. */
  private silentAgain = false;
  private readonly backoff: Backoff;
  /** Counters the tests and the benchmark read. */
  readonly stats = { lists: 0, watches: 0, relists410: 0, watchdogRestarts: 0, events: 0 };

  constructor(private readonly o: ListWatchOptions) {
    this.backoff = o.backoff ?? new Backoff();
  }

  get current(): LoopStatus {
    return this.status;
  }

  /** How many objects the loop knows (the collection as last listed and watched). */
  get size(): number {
    return this.o.onRelist ? this.count : this.known.size;
  }

  start(): void {
    this.run().catch((err: unknown) => reportBackgroundError(`watching ${this.o.path}`, err));
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort(STOPPED);
    this.halt?.();
    this.setStatus({ ...this.status, phase: 'stopped' });
  }

  private setStatus(s: LoopStatus): void {
    this.status = s;
    this.o.onStatus?.(s);
  }

  /**
   * The server answers again (the connection's probe says so): end the backoff wait now. The
   * one-second gap between two attempts of this watch still holds.
   */
  retryNow(): void {
    if (this.status.phase === 'retrying' || this.status.phase === 'unauthorized') this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.sleep(this.backoff.nextDelay(Date.now()), true);
      await this.sleep(this.lastAttempt + 1000 - Date.now(), false);
      if (this.stopped) return;
      this.lastAttempt = Date.now();
      try {
        if (!this.rv) await this.list();
        if (this.stopped) return;
        await this.watch();
        // The server ended the watch (its timeoutSeconds): resume from the last resourceVersion.
      } catch (err) {
        if (this.stopped || err === STOPPED) return;
        this.onFailure(err);
      }
    }
  }

  private onFailure(err: unknown): void {
    if (err instanceof SilentWatch && !this.silentAgain) {
      // One silent spell on a watch that was open may be a dropped connection (NAT, proxy): reconnect
      // quietly. If the reconnect gets no answer either, that is a lost watch (stale) like any other.
      this.silentAgain = true;
      return;
    }
    const since = this.status.since ?? new Date().toISOString();
    if (err instanceof KubeHttpError && err.status === 410) {
      // Gone: the resourceVersion is too old; list again at once (the 1 s gap still applies).
      this.rv = '';
      this.stats.relists410++;
      return;
    }
    this.backoff.failed();
    if (err instanceof KubeHttpError && err.status === 403) {
      // Permissions rarely change within seconds: retry at the slow end.
      for (let i = 0; i < 5; i++) this.backoff.failed();
      this.setStatus({ phase: 'forbidden', message: err.message, synced: this.status.synced, since });
      return;
    }
    if (err instanceof KubeHttpError && err.status === 401) {
      this.o.onUnauthorized?.();
      this.setStatus({ phase: 'unauthorized', message: err.message, synced: this.status.synced, since });
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.setStatus({ phase: 'retrying', message, synced: this.status.synced, since });
  }

  private async list(): Promise<void> {
    if (this.status.phase !== 'listing') this.setStatus({ ...this.status, phase: 'listing' });
    const limit = this.o.pageSize ?? DEFAULT_PAGE_SIZE;
    for (let attempt = 0; ; attempt++) {
      const items: unknown[] = [];
      let listed = 0;
      let rv = '';
      let expired = false;
      // One signal for every page of this attempt: stop() ends the page being read and the next one on its way.
      const abort = new AbortController();
      this.abort = abort;
      const fetchPage = (cont: string) => {
        const q = new URLSearchParams({ limit: String(limit) });
        if (cont) q.set('continue', cont);
        const path = `${this.o.path}?${q}`;
        const arrived = this.o.pages?.queue.expect(this.o.pages.priority());
        const text = this.o.transport.text(path, { timeoutMs: this.o.requestTimeoutMs ?? 30_000, signal: abort.signal });
        // Read later (or never, when this attempt fails first): no unhandled rejection meanwhile.
        text.then(arrived, arrived).catch(() => undefined);
        return { cont, path, text };
      };
      let next: ReturnType<typeof fetchPage> | undefined = fetchPage('');
      const map = this.o.onRelist ? this.o.listItem : undefined;
      try {
        while (next) {
          const current: ReturnType<typeof fetchPage> = next;
          next = undefined;
          let text: string;
          try {
            text = await current.text;
          } catch (err) {
            // The continue token expired between pages: start the list over (once more at most here).
            if (err instanceof KubeHttpError && err.status === 410 && current.cont && attempt < 2) {
              expired = true;
              break;
            }
            throw err;
          }
          if (this.stopped) throw STOPPED;
          // The API writes a list's metadata before its items: with the continue token read from the
          // head, the next page is on its way while this one is parsed and projected.
          const head = listHead(text);
          if (head?.continue) next = fetchPage(head.continue);
          const work = () => {
            const page = parseJson<{ metadata?: { resourceVersion?: string; continue?: string }; items?: KubeObject[] }>(text, current.path);
            for (const it of page.items ?? []) {
              listed++;
              if (!map) items.push(this.o.trim ? this.o.trim(it) : it);
              else {
                const kept = map(it);
                if (kept !== undefined) items.push(kept);
              }
            }
            return page.metadata;
          };
          const md = this.o.pages ? await this.o.pages.queue.run(this.o.pages.priority(), work) : work();
          if (this.stopped) throw STOPPED;
          rv = md?.resourceVersion ?? rv;
          const cont = md?.continue ?? '';
          if (cont && !next) next = fetchPage(cont);
          else if (next && next.cont !== cont) {
            // The head and the whole page name different continue tokens (never with a real API): fail this attempt.
            throw new Error(`the list of ${this.o.path} named two different continue tokens`);
          }
        }
      } catch (err) {
        if (!abort.signal.aborted) abort.abort(STOPPED);
        throw err;
      }
      if (expired) continue;
      this.stats.lists++;
      if (this.o.onRelist) {
        this.count = listed;
        this.o.onRelist(items, rv);
        this.rv = rv;
        this.backoff.succeeded();
        this.setStatus({ phase: 'listing', synced: true });
        this.o.onSynced?.();
        return;
      }
      // What changed since the last time we knew the collection: the deleted ones first.
      const relisted = relistEvents(this.known, items as KubeObject[]);
      for (const [type, obj] of relisted.events) this.emit(type, obj);
      this.known = relisted.known;
      this.rv = rv;
      this.backoff.succeeded();
      this.setStatus({ phase: 'listing', synced: true });
      this.o.onSynced?.();
      return;
    }
  }

  private emit(type: WatchEventType, obj: KubeObject): void {
    this.stats.events++;
    this.o.onEvent(type, obj);
  }

  private async watch(): Promise<void> {
    const q = new URLSearchParams({
      watch: 'true',
      resourceVersion: this.rv,
      allowWatchBookmarks: 'true',
      // As client-go: the server ends the watch after 5 to 10 minutes, and we resume from there.
      timeoutSeconds: String(300 + Math.floor(Math.random() * 300)),
    });
    const abort = new AbortController();
    this.abort = abort;
    const silence = this.o.silenceMs ?? 90_000;
    const dog = new Watchdog(silence, (ms) => {
      this.stats.watchdogRestarts++;
      abort.abort(new SilentWatch(`the watch sent nothing for ${Math.round(ms / 1000)} s (no event, no bookmark); restarting it`));
    });
    dog.start();
    this.stats.watches++;
    let gone: KubeHttpError | undefined;
    try {
      await this.o.transport.stream(
        `${this.o.path}?${q}`,
        (line) => {
          dog.kick();
          const ev = line as { type?: string; object?: KubeObject & { code?: number; message?: string; reason?: string } };
          const obj = ev.object;
          if (!obj) return;
          if (ev.type === 'ERROR') {
            gone = new KubeHttpError(typeof obj.code === 'number' ? obj.code : 500, String(obj.message ?? 'watch error'), obj.reason);
            abort.abort(gone);
            return;
          }
          const rv = obj.metadata?.resourceVersion;
          if (ev.type === 'BOOKMARK') {
            if (rv) this.rv = rv;
            return;
          }
          if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return;
          if (this.o.trim) this.o.trim(obj);
          const uid = obj.metadata?.uid;
          if (this.o.onRelist) this.count += ev.type === 'ADDED' ? 1 : ev.type === 'DELETED' ? -1 : 0;
          else if (uid) {
            if (ev.type === 'DELETED') this.known.delete(uid);
            else this.known.set(uid, { rv: rv ?? '', namespace: obj.metadata?.namespace, name: obj.metadata?.name });
          }
          if (rv) this.rv = rv;
          this.emit(ev.type, obj);
        },
        abort.signal,
        () => {
          dog.kick();
          this.silentAgain = false;
          this.backoff.succeeded();
          this.setStatus({ phase: 'watching', synced: this.status.synced });
        },
      );
    } catch (err) {
      if (gone) throw gone;
      if (abort.signal.aborted && abort.signal.reason !== STOPPED && abort.signal.reason instanceof Error) throw abort.signal.reason;
      throw err;
    } finally {
      dog.stop();
    }
  }

  /** Waits `ms`; stop() always ends the wait, retryNow() only a `wakeable` one. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        this.halt = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      t.unref?.();
      this.halt = done;
      if (wakeable) this.wake = done;
    });
  }
}
