import { RANGE_SECONDS, stepFor } from '../../../gitops/core/metrics/board.ts';
import { histogramNames, resolveNames, type ResolvedNames } from '../../../gitops/core/metrics/names.ts';
import type { Query } from '../../../gitops/core/metrics/promql.ts';
import type { Series } from '../../../gitops/core/metrics/prom-result.ts';
import { grid } from '../../../gitops/core/metrics/series.ts';
import type { MetricsRange, PromConnectionDto } from '../../../shared/ipc/metrics-schemas.ts';
import type { InClusterTarget } from './in-cluster.ts';
import { PromClient, PromError } from './prometheus-client.ts';
import { StepCache } from './step-cache.ts';

export type State = PromConnectionDto['state'];

export interface Discovered {
  at: number;
  names: ResolvedNames;
  scrapeS: number;
  /** Histogram family -> bucket bounds in ms. */
  bucketsMs: Map<string, number[]>;
}

export interface Conn {
  url: string;
  client: PromClient;
  state: State;
  message?: string;
  discovered?: Discovered;
  discovering?: Promise<Discovered>;
}

/** A cluster's Prometheus: its URL (spec.prometheusUrl or the service proxy's), or why there is none. */
export interface Target {
  cluster: string;
  url?: string;
  /** Without a URL: the state and reason to show (not-configured by default). */
  why?: { state: State; message: string };
  /** For the service proxy: where it goes, shown in the connection's notes. */
  via?: string;
}

/** Queries a view call sent and answered from the cache. */
export type QueryCount = { sent: number; cached: number };

/** The Prometheus servers a view call reads, discovered, by URL. */
export type LiveProms = Map<string, { c: Conn; d: Discovered }>;

export const DEFAULT_SCRAPE_S = 15;

export interface PromConnectionsOptions {
  /** The workspace's clusters (name, spec.prometheusUrl, spec.kubeContext). */
  clusters: () => ReadonlyArray<{ name: string; prometheusUrl?: string; kubeContext?: string }>;
  fetchImpl?: typeof fetch;
  /** Seconds since the epoch (default the clock). */
  now: () => number;
  /** Discovery (metric names, scrape interval, buckets) is redone after this long (default 5 min). */
  discoveryTtlMs?: number;
  /** The in-cluster Prometheus through the API server's service proxy, for a Cluster without prometheusUrl (in-cluster.ts). */
  inCluster?: { resolve(cluster: string, kubeContext: string | undefined, signal?: AbortSignal): Promise<InClusterTarget> };
}

/**
 * Each cluster's Prometheus: which one (spec.prometheusUrl or the in-cluster one), its connection
 * state in the cluster service's words, what it exports (discovered once per TTL), and its answers,
 * cached per range step (a refresh within one step asks the same question).
 */
export class PromConnections {
  private readonly conns = new Map<string, Conn>();
  private readonly cache = new StepCache<Series[]>(400);

  constructor(private readonly opts: PromConnectionsOptions) {}

  /** Seconds since the epoch, by the service's clock. */
  now(): number {
    return this.opts.now();
  }

  clear(): void {
    this.conns.clear();
  }

  conn(url: string, fetchImpl?: typeof fetch): Conn {
    let c = this.conns.get(url);
    if (!c) this.conns.set(url, (c = { url, client: new PromClient(url, fetchImpl ?? this.opts.fetchImpl), state: 'connecting' }));
    return c;
  }

  /** The state of the Prometheus at `url` (connecting until it was first asked). */
  stateOf(url: string): State {
    return this.conns.get(url)?.state ?? 'connecting';
  }

  private fail(c: Conn, err: unknown): void {
    if (err instanceof PromError && (err.kind === 'unreachable' || err.kind === 'unauthorized')) {
      c.state = err.kind;
      c.message = err.message;
      c.discovered = undefined;
    }
  }

  async discover(c: Conn, signal: AbortSignal): Promise<Discovered> {
    const ttl = this.opts.discoveryTtlMs ?? 300_000;
    if (c.discovered && Date.now() - c.discovered.at < ttl) return c.discovered;
    c.discovering ??= (async () => {
      // Discovery is shared by views: it runs on its own signal so one view closing does not spoil it for the others.
      const own = AbortSignal.timeout(30_000);
      const [names, scrape] = await Promise.all([c.client.metricNames(own), c.client.scrapeInterval(own).catch(() => undefined)]);
      const resolved = resolveNames(names);
      const bucketsMs = new Map<string, number[]>();
      const all = [...Object.values(resolved.triton.latency), ...Object.values(resolved.vllm.latency)];
      await Promise.all(
        histogramNames(resolved).map(async (h) => {
          const per = all.find((m) => m.name === h)!.msPerUnit;
          const r = await c.client.instant(`count by (le) (${h}_bucket)`, this.opts.now(), own);
          const bounds = r
            .map((s) => Number(s.labels.le))
            .filter((n) => Number.isFinite(n))
            .sort((a, b) => a - b)
            .map((n) => n * per);
          bucketsMs.set(h, bounds);
        }),
      );
      return { at: Date.now(), names: resolved, scrapeS: scrape ?? DEFAULT_SCRAPE_S, bucketsMs };
    })();
    try {
      const d = await c.discovering;
      c.discovered = d;
      c.state = 'live';
      c.message = undefined;
      return d;
    } catch (err) {
      this.fail(c, err);
      throw err;
    } finally {
      c.discovering = undefined;
      if (signal.aborted) throw new PromError('cancelled', 'The view closed.');
    }
  }

  /**
   * Each cluster's Prometheus: spec.prometheusUrl, else (with inCluster) the in-cluster one through
   * the API server's service proxy; without either it is not-configured.
   */
  private async clusters(signal?: AbortSignal): Promise<Target[]> {
    return Promise.all(this.opts.clusters().map((c) => this.target(c, signal)));
  }

  async target(c: { name: string; prometheusUrl?: string; kubeContext?: string }, signal?: AbortSignal): Promise<Target> {
    if (c.prometheusUrl) return { cluster: c.name, url: c.prometheusUrl };
    if (!this.opts.inCluster) return { cluster: c.name, why: { state: 'not-configured', message: `clusters/${c.name}.yaml has no spec.prometheusUrl.` } };
    const t = await this.opts.inCluster.resolve(c.name, c.kubeContext, signal);
    if (!t.ok) return { cluster: c.name, why: { state: t.state, message: t.message } };
    this.conn(t.baseUrl, t.fetchImpl);
    return { cluster: c.name, url: t.baseUrl, via: t.via };
  }

  dto(x: Target): PromConnectionDto {
    const { cluster, url } = x;
    if (!url) return { cluster, state: x.why?.state ?? 'not-configured', message: x.why?.message ?? `clusters/${cluster}.yaml has no spec.prometheusUrl.`, notes: [] };
    const c = this.conn(url);
    return {
      cluster,
      url,
      state: c.state,
      ...(c.message ? { message: c.message } : {}),
      notes: [...(x.via ? [`in-cluster Prometheus ${x.via}`] : []), ...(c.discovered?.names.notes ?? [])],
      ...(c.discovered ? { scrapeIntervalS: c.discovered.scrapeS } : {}),
    };
  }

  /** Discovers every configured Prometheus (once per TTL); unreachable ones are left out of `live`. */
  async live(signal: AbortSignal): Promise<{ all: Target[]; live: LiveProms }> {
    const all = await this.clusters(signal);
    const urls = [...new Set(all.map((x) => x.url).filter((u): u is string => Boolean(u)))];
    const live: LiveProms = new Map();
    await Promise.all(
      urls.map(async (u) => {
        const c = this.conn(u);
        try {
          live.set(u, { c, d: await this.discover(c, signal) });
        } catch (err) {
          if (signal.aborted) throw err;
        }
      }),
    );
    if (signal.aborted) throw new PromError('cancelled', 'The view closed.');
    return { all, live };
  }

  range(c: Conn, q: Query, start: number, end: number, step: number, signal: AbortSignal, count: QueryCount): Promise<Series[]> {
    return this.cached(c, `${c.url}|r|${q.expr}|${start}|${end}|${step}`, count, () => c.client.range(q.expr, start, end, step, signal));
  }

  instant(c: Conn, expr: string, time: number, signal: AbortSignal, count: QueryCount): Promise<Series[]> {
    return this.cached(c, `${c.url}|i|${expr}|${time}`, count, () => c.client.instant(expr, time, signal));
  }

  /** One answer from the per-step cache, or asked of Prometheus and kept; a failure sets the connection's state. */
  private async cached(c: Conn, key: string, count: QueryCount, ask: () => Promise<Series[]>): Promise<Series[]> {
    const hit = this.cache.get(key);
    if (hit) {
      count.cached++;
      return hit;
    }
    count.sent++;
    try {
      const r = await ask();
      this.cache.set(key, r);
      return r;
    } catch (err) {
      this.fail(c, err);
      throw err;
    }
  }

  window(range: MetricsRange, at: number | undefined, scrapeS: number, points: number) {
    const rangeS = RANGE_SECONDS[range];
    const step = stepFor(rangeS, scrapeS, points);
    // Aligned to the step: a refresh within one step asks the same question, and the cache answers.
    const end = Math.floor((at ?? this.opts.now()) / step) * step;
    return { start: end - rangeS, end, step, t: grid(end - rangeS, end, step) };
  }

  /** The longest scrape interval of the servers read (DEFAULT_SCRAPE_S with none). */
  scrapeOf(live: LiveProms): number {
    if (!live.size) return DEFAULT_SCRAPE_S;
    return Math.max(1, ...[...live.values()].map((x) => x.d.scrapeS)) || DEFAULT_SCRAPE_S;
  }
}
