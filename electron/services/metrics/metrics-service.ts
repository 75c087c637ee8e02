import { boardRows, RANGE_SECONDS, stepFor, type BoardShardSpec, type HpaLookup } from '../../../gitops/core/metrics/board.ts';
import { describe, histogramNames, resolveNames, type LatencyKind, type ResolvedNames } from '../../../gitops/core/metrics/names.ts';
import { durationOf, GROUP, QueryBuilder, rateWindow, type Level, type Query } from '../../../gitops/core/metrics/promql.ts';
import type { Series } from '../../../gitops/core/metrics/prom-result.ts';
import { align, grid, type Aligned } from '../../../gitops/core/metrics/series.ts';
import { tenantSla, type ServerInput } from '../../../gitops/core/metrics/sla.ts';
import type { ModelMetricsInput } from '../../../gitops/core/metrics/inputs.ts';
import type {
  BoardDto,
  ChartDto,
  ChartPanel,
  GpuHeatDto,
  MetricsRange,
  PromConnectionDto,
  ShardMetricsDto,
  SlaDto,
} from '../../../shared/ipc/metrics-schemas.ts';
import { HostError } from '../../../shared/ipc/envelope.ts';
import type { InClusterTarget } from './in-cluster.ts';
import { PromClient, PromError } from './prometheus-client.ts';
import { StepCache } from './step-cache.ts';

type State = PromConnectionDto['state'];

interface Discovered {
  at: number;
  names: ResolvedNames;
  scrapeS: number;
  /** Histogram family -> bucket bounds in ms. */
  bucketsMs: Map<string, number[]>;
}

interface Conn {
  url: string;
  client: PromClient;
  state: State;
  message?: string;
  discovered?: Discovered;
  discovering?: Promise<Discovered>;
}

export interface MetricsServiceOptions {
  /** The open workspace's clusters, shards and tenants (the host passes the workspace model). */
  model: () => ModelMetricsInput;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Points per SLA hour (default 240: a 15 s step). */
  slaPoints?: number;
  /** SLA period in seconds (default 3600). */
  slaPeriodS?: number;
  /** Points per board sparkline (default 60). */
  boardPoints?: number;
  /** Points per chart (default 240). */
  chartPoints?: number;
  /** How far back the saturation flag looks, in seconds (default a minute, or four steps where longer). */
  saturationWindowS?: number;
  /** Discovery (metric names, scrape interval, buckets) is redone after this long (default 5 min). */
  discoveryTtlMs?: number;
  /** The in-cluster Prometheus through the API server's service proxy, for a Cluster without prometheusUrl (in-cluster.ts). */
  inCluster?: { resolve(cluster: string, kubeContext: string | undefined, signal?: AbortSignal): Promise<InClusterTarget> };
  /** The live HPA of a shard's model server, from live monitoring (clusters a person connected). */
  hpa?: HpaLookup;
}

/** A cluster's Prometheus: its URL (spec.prometheusUrl or the service proxy's), or why there is none. */
interface Target {
  cluster: string;
  url?: string;
  /** Without a URL: the state and reason to show (not-configured by default). */
  why?: { state: State; message: string };
  /** For the service proxy: where it goes, shown in the connection's notes. */
  via?: string;
}

const DEFAULT_SCRAPE_S = 15;
const BOARD_POINTS = 40;
const CHART_POINTS = 240;

/**
 * Model-server and GPU metrics from each cluster's Prometheus (Cluster spec.prometheusUrl). Each
 * view call aligns its window to the range's step so a live refresh within one step is answered
 * from the cache, runs at most four queries at once per Prometheus, and is cancelled when the same
 * view asks again or closes. Connection states use the cluster service's words.
 */
export class MetricsService {
  private readonly conns = new Map<string, Conn>();
  private readonly views = new Map<string, Map<string, AbortController>>();
  private readonly cache = new StepCache<Series[]>(400);

  constructor(private readonly opts: MetricsServiceOptions) {}

  private now(): number {
    return (this.opts.now ?? Date.now)() / 1000;
  }

  // ---------- views and cancellation ----------

  private begin(viewId: string, what: string): AbortController {
    let m = this.views.get(viewId);
    if (!m) this.views.set(viewId, (m = new Map()));
    m.get(what)?.abort();
    const c = new AbortController();
    m.set(what, c);
    return c;
  }

  private end(viewId: string, what: string, c: AbortController): void {
    const m = this.views.get(viewId);
    if (m?.get(what) === c) m.delete(what);
    if (m && m.size === 0) this.views.delete(viewId);
  }

  /** Cancels the view's queries in flight. */
  close(viewId: string): { cancelled: number } {
    const m = this.views.get(viewId);
    if (!m) return { cancelled: 0 };
    for (const c of m.values()) c.abort();
    this.views.delete(viewId);
    return { cancelled: m.size };
  }

  dispose(): void {
    for (const id of [...this.views.keys()]) this.close(id);
    this.conns.clear();
  }

  private async run<T>(viewId: string, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const c = this.begin(viewId, what);
    try {
      return await fn(c.signal);
    } finally {
      this.end(viewId, what, c);
    }
  }

  // ---------- connections ----------

  private conn(url: string, fetchImpl?: typeof fetch): Conn {
    let c = this.conns.get(url);
    if (!c) this.conns.set(url, (c = { url, client: new PromClient(url, fetchImpl ?? this.opts.fetchImpl), state: 'connecting' }));
    return c;
  }

  private fail(c: Conn, err: unknown): void {
    if (err instanceof PromError && (err.kind === 'unreachable' || err.kind === 'unauthorized')) {
      c.state = err.kind;
      c.message = err.message;
      c.discovered = undefined;
    }
  }

  private async discover(c: Conn, signal: AbortSignal): Promise<Discovered> {
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
          const r = await c.client.instant(`count by (le) (${h}_bucket)`, this.now(), own);
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
    return Promise.all(this.opts.model().clusters.map((c) => this.target(c, signal)));
  }

  private async target(c: { name: string; prometheusUrl?: string; kubeContext?: string }, signal?: AbortSignal): Promise<Target> {
    if (c.prometheusUrl) return { cluster: c.name, url: c.prometheusUrl };
    if (!this.opts.inCluster) return { cluster: c.name, why: { state: 'not-configured', message: `clusters/${c.name}.yaml has no spec.prometheusUrl.` } };
    const t = await this.opts.inCluster.resolve(c.name, c.kubeContext, signal);
    if (!t.ok) return { cluster: c.name, why: { state: t.state, message: t.message } };
    this.conn(t.baseUrl, t.fetchImpl);
    return { cluster: c.name, url: t.baseUrl, via: t.via };
  }

  private dto(x: Target): PromConnectionDto {
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
  private async live(signal: AbortSignal): Promise<{ all: Target[]; live: Map<string, { c: Conn; d: Discovered }> }> {
    const all = await this.clusters(signal);
    const urls = [...new Set(all.map((x) => x.url).filter((u): u is string => Boolean(u)))];
    const live = new Map<string, { c: Conn; d: Discovered }>();
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

  private async range(c: Conn, q: Query, start: number, end: number, step: number, signal: AbortSignal, count: { sent: number; cached: number }): Promise<Series[]> {
    const key = `${c.url}|r|${q.expr}|${start}|${end}|${step}`;
    const hit = this.cache.get(key);
    if (hit) {
      count.cached++;
      return hit;
    }
    count.sent++;
    try {
      const r = await c.client.range(q.expr, start, end, step, signal);
      this.cache.set(key, r);
      return r;
    } catch (err) {
      this.fail(c, err);
      throw err;
    }
  }

  private async instant(c: Conn, expr: string, time: number, signal: AbortSignal, count: { sent: number; cached: number }): Promise<Series[]> {
    const key = `${c.url}|i|${expr}|${time}`;
    const hit = this.cache.get(key);
    if (hit) {
      count.cached++;
      return hit;
    }
    count.sent++;
    try {
      const r = await c.client.instant(expr, time, signal);
      this.cache.set(key, r);
      return r;
    } catch (err) {
      this.fail(c, err);
      throw err;
    }
  }

  private window(range: MetricsRange, at: number | undefined, scrapeS: number, points: number) {
    const rangeS = RANGE_SECONDS[range];
    const step = stepFor(rangeS, scrapeS, points);
    // Aligned to the step: a refresh within one step asks the same question, and the cache answers.
    const end = Math.floor((at ?? this.now()) / step) * step;
    return { start: end - rangeS, end, step, t: grid(end - rangeS, end, step) };
  }

  private scrapeOf(live: Map<string, { d: Discovered }>): number {
    return Math.max(1, ...[...live.values()].map((x) => x.d.scrapeS)) || DEFAULT_SCRAPE_S;
  }

  // ---------- the board ----------

  async board(input: { viewId: string; range: MetricsRange; at?: number }): Promise<BoardDto> {
    return this.run(input.viewId, 'board', async (signal) => {
      const { all, live } = await this.live(signal);
      const w = this.window(input.range, input.at, live.size ? this.scrapeOf(live) : DEFAULT_SCRAPE_S, this.opts.boardPoints ?? BOARD_POINTS);
      const model = this.opts.model();
      const count = { sent: 0, cached: 0 };
      const rows: ShardMetricsDto[] = [];
      const urlOf = new Map(all.map((x) => [x.cluster, x.url]));
      const whyOf = new Map(all.map((x) => [x.cluster, x.why?.state]));
      // Shards by the Prometheus they read; those without one by cluster (each has its own reason).
      const byUrl = new Map<string, BoardShardSpec[]>();
      for (const s of model.shards) {
        const key = urlOf.get(s.cluster) ?? `\u0000${s.cluster}`;
        byUrl.set(key, [...(byUrl.get(key) ?? []), s]);
      }
      await Promise.all(
        [...byUrl].map(async ([key, shards]) => {
          const u = key.startsWith('\u0000') ? undefined : key;
          const l = u ? live.get(u) : undefined;
          const state: State = !u ? (whyOf.get(shards[0]!.cluster) ?? 'not-configured') : (this.conns.get(u)?.state ?? 'connecting');
          if (!l) {
            for (const r of boardRows(shards, emptySeries(), w.t, 60, this.opts.hpa)) rows.push({ ...r, latencySource: '', connection: state });
            return;
          }
          const q = new QueryBuilder(l.d.names);
          const rw = rateWindow(w.step, l.d.scrapeS);
          const lat = q.latency('e2e', 0.95, 'server', rw);
          const qs = [q.requestRate('server', rw), q.errorRate('server', rw), lat, q.queueDepth('server'), q.gpu('util', 'server')];
          const [rps, errors, p95, queue, gpu, pods] = await Promise.all([
            ...qs.map((x) => this.range(l.c, x, w.start, w.end, w.step, signal, count)),
            this.instant(l.c, podCount(l.d.names), w.end, signal, count),
          ]);
          const by = GROUP.server;
          const al = (s: Series[]): Aligned => align(s, w.start, w.end, w.step, by);
          const podMap = new Map(pods!.map((s) => [`${s.labels.shard}/${s.labels.model_server}`, s.v[0] ?? 0]));
          const source = (lat.sources ?? []).map((s) => `${s.runtime}: ${s.source} ${s.metric}`).join('; ');
          // The saturation window: a minute, or four steps where the step is longer.
          const satWindow = this.opts.saturationWindowS ?? Math.max(60, 4 * w.step);
          for (const r of boardRows(shards, { rps: al(rps!), errors: al(errors!), p95: al(p95!), queue: al(queue!), gpu: al(gpu!), pods: podMap }, w.t, satWindow, this.opts.hpa)) {
            rows.push({ ...r, latencySource: source, connection: l.c.state });
          }
        }),
      );
      rows.sort((a, b) => a.shard.localeCompare(b.shard, undefined, { numeric: true }));
      return { range: input.range, ...w, clusters: all.map((x) => this.dto(x)), shards: rows, queries: count };
    });
  }

  // ---------- one chart ----------

  async chart(input: { viewId: string; range: MetricsRange; at?: number; shard: string; panel: ChartPanel; by: 'server' | 'pod' | 'zone'; span?: { from: number; to: number } }): Promise<ChartDto> {
    return this.run(input.viewId, `chart:${input.shard}:${input.panel}`, async (signal) => {
      const model = this.opts.model();
      const shard = model.shards.find((s) => s.name === input.shard);
      if (!shard) throw new HostError('not-found', `No shard "${input.shard}" in the workspace.`);
      const spec = model.clusters.find((c) => c.name === shard.cluster) ?? { name: shard.cluster };
      const target = await this.target(spec, signal);
      const url = target.url;
      const connection = () => this.dto(target);
      const count = { sent: 0, cached: 0 };
      const base = { panel: input.panel, series: [] as ChartDto['series'], notes: [] as string[], stats: [] as ChartDto['stats'] };
      if (!url) {
        const w = this.window(input.range, input.at, DEFAULT_SCRAPE_S, this.opts.chartPoints ?? CHART_POINTS);
        return { ...base, ...w, title: PANELS[input.panel].title, unit: PANELS[input.panel].unit, connection: connection() };
      }
      const c = this.conn(url);
      let d: Discovered;
      try {
        d = await this.discover(c, signal);
      } catch (err) {
        if (err instanceof PromError && err.kind === 'cancelled') throw err;
        const w = this.window(input.range, input.at, DEFAULT_SCRAPE_S, this.opts.chartPoints ?? CHART_POINTS);
        return { ...base, ...w, title: PANELS[input.panel].title, unit: PANELS[input.panel].unit, connection: connection() };
      }
      const w = this.window(input.range, input.at, d.scrapeS, this.opts.chartPoints ?? CHART_POINTS);
      const level: Level = input.by === 'server' ? 'server' : input.by === 'pod' ? 'pod' : 'zone';
      const q = new QueryBuilder(d.names, { shard: input.shard });
      const rw = rateWindow(w.step, d.scrapeS);
      const parts = PANELS[input.panel].queries(q, level, rw).filter((x): x is { tag: string; q: Query } => x.q !== undefined);
      const by = level === 'zone' ? ['zone'] : level === 'pod' ? ['model_server', 'pod', 'zone'] : ['model_server'];
      const answers = await Promise.all(parts.map((p) => this.range(c, p.q, w.start, w.end, w.step, signal, count)));
      const series: ChartDto['series'] = [];
      parts.forEach((p, i) => {
        const a = align(answers[i]!, w.start, w.end, w.step, by);
        for (const col of a.columns) series.push({ key: `${col.key}|${p.tag}`, label: `${col.key || input.shard}${p.tag ? ` ${p.tag}` : ''}`, v: col.v });
      });
      const notes = parts.flatMap((p) => (p.q.sources ?? []).map((s) => `${p.q.label}, ${s.runtime}: ${s.source === 'histogram' ? `histogram_quantile over ${s.metric}_bucket` : s.source === 'summary' ? `the server's summary ${s.metric}` : `average from counters ${s.metric}`}`));
      const stats: ChartDto['stats'] = [];
      if (input.span) {
        // Figures over the span: the same expressions with the span as the rate window, evaluated at its end.
        const spanW = durationOf(input.span.to - input.span.from);
        const sp = PANELS[input.panel].queries(q, level, spanW).filter((x): x is { tag: string; q: Query } => x.q !== undefined);
        const got = await Promise.all(sp.map((p) => this.instant(c, p.q.expr, input.span!.to, signal, count)));
        sp.forEach((p, i) => {
          for (const s of got[i]!) {
            const key = by.map((l) => s.labels[l] ?? '').join('/');
            stats.push({ key: `${key}|${p.tag}`, label: `${key || input.shard}${p.tag ? ` ${p.tag}` : ''}`, value: s.v[0] ?? null });
          }
        });
      }
      return { ...base, ...w, title: PANELS[input.panel].title, unit: PANELS[input.panel].unit, series, notes: [...new Set(notes)], stats, connection: connection() };
    });
  }

  // ---------- the GPU heat map ----------

  async gpus(input: { viewId: string; range: MetricsRange; at?: number }): Promise<GpuHeatDto> {
    return this.run(input.viewId, 'gpus', async (signal) => {
      const { all, live } = await this.live(signal);
      const w = this.window(input.range, input.at, live.size ? this.scrapeOf(live) : DEFAULT_SCRAPE_S, this.opts.boardPoints ?? BOARD_POINTS);
      const count = { sent: 0, cached: 0 };
      const gpus: GpuHeatDto['gpus'] = [];
      const clusterOf = new Map<string, string>();
      for (const x of all) if (x.url && !clusterOf.has(x.url)) clusterOf.set(x.url, x.cluster);
      await Promise.all(
        [...live].map(async ([u, l]) => {
          if (!l.d.names.dcgm.present) return;
          const q = new QueryBuilder(l.d.names);
          const [util, xid] = await Promise.all([this.range(l.c, q.gpuHeat(), w.start, w.end, w.step, signal, count), this.instant(l.c, q.gpuXid().expr, w.end, signal, count)]);
          const a = align(util, w.start, w.end, w.step, ['zone', 'node', 'gpu']);
          const xidOf = new Map(xid.map((s) => [`${s.labels.node}/${s.labels.gpu}`, s.v[0] ?? null]));
          for (const col of a.columns) {
            const l2 = col.labels;
            const ns = l2.namespace ?? '';
            gpus.push({
              cluster: clusterOf.get(u) ?? '',
              node: l2.node ?? l2.Hostname ?? '',
              zone: l2.zone ?? '',
              gpu: l2.gpu ?? '',
              uuid: l2.UUID ?? '',
              pod: l2.pod ?? '',
              namespace: ns,
              shard: ns.startsWith('shard-') ? ns.slice('shard-'.length) : null,
              v: col.v,
              xid: xidOf.get(`${l2.node}/${l2.gpu}`) ?? null,
            });
          }
        }),
      );
      gpus.sort((x, y) => x.zone.localeCompare(y.zone, undefined, { numeric: true }) || x.node.localeCompare(y.node, undefined, { numeric: true }) || Number(x.gpu) - Number(y.gpu));
      return { ...w, clusters: all.map((x) => this.dto(x)), gpus };
    });
  }

  // ---------- SLA per tenant ----------

  async sla(input: { viewId: string; at?: number }): Promise<SlaDto> {
    return this.run(input.viewId, 'sla', async (signal) => {
      const { all, live } = await this.live(signal);
      const period = this.opts.slaPeriodS ?? 3600;
      const scrape = live.size ? this.scrapeOf(live) : DEFAULT_SCRAPE_S;
      const step = stepFor(period, scrape, this.opts.slaPoints ?? 240);
      const end = Math.floor((input.at ?? this.now()) / step) * step;
      const start = end - period;
      const t = grid(start, end, step);
      const model = this.opts.model();
      const count = { sent: 0, cached: 0 };
      const servers: ServerInput[] = [];
      const urlOf = new Map(all.map((x) => [x.cluster, x.url]));
      await Promise.all(
        [...live].map(async ([u, l]) => {
          const q = new QueryBuilder(l.d.names);
          const lat = q.latency('e2e', 0.95, 'server', rateWindow(step, l.d.scrapeS));
          const a = align(await this.range(l.c, lat, start, end, step, signal, count), start, end, step, GROUP.server);
          for (const s of model.shards) {
            if (urlOf.get(s.cluster) !== u) continue;
            for (const srv of s.servers) {
              const col = a.columns.find((x) => x.labels.shard === s.name && x.labels.model_server === srv.name);
              if (!col) continue;
              const m = srv.runtime === 'vllm' ? l.d.names.vllm.latency.e2e : l.d.names.triton.latency.e2e;
              servers.push({
                shard: s.name,
                name: srv.name,
                model: srv.model,
                runtime: srv.runtime,
                p95: col.v,
                ...(m?.source === 'histogram' ? { bucketsMs: l.d.bucketsMs.get(m.name) ?? [] } : {}),
                source: m ? describe(m) : 'no latency metric',
              });
            }
          }
        }),
      );
      const rows = tenantSla(model.tenants, servers);
      return { start, end, step, t, clusters: all.map((x) => this.dto(x)), rows };
    });
  }
}

function emptySeries() {
  const e: Aligned = { t: [], columns: [] };
  return { rps: e, errors: e, p95: e, queue: e, gpu: e, pods: new Map<string, number>() };
}

/** Pods per (shard, model_server) now: one series per pod of either runtime's request counter. */
function podCount(n: ResolvedNames): string {
  const parts = [n.triton.present ? n.triton.success : undefined, n.vllm.present ? n.vllm.success : undefined].filter(Boolean);
  if (!parts.length) return 'vector(0) > 1';
  return `count by (shard, model_server) (group by (shard, model_server, pod) (${parts.map((p) => `${p}`).join(' or ')}))`;
}

type Part = { tag: string; q: Query | undefined };

const lat = (q: QueryBuilder, kind: LatencyKind, level: Level, w: string): Part[] =>
  ([0.5, 0.95, 0.99] as const).map((p) => ({ tag: `p${Math.round(p * 100)}`, q: q.latency(kind, p, level, w) }));

/** What each chart shows: its title, unit and queries. */
const PANELS: Record<ChartPanel, { title: string; unit: string; queries: (q: QueryBuilder, level: Level, w: string) => Part[] }> = {
  latency: { title: 'End-to-end latency', unit: 'ms', queries: (q, l, w) => lat(q, 'e2e', l, w) },
  llm: {
    title: 'Time to first token and inter-token latency (p95)',
    unit: 'ms',
    queries: (q, l, w) => [
      { tag: 'TTFT p95', q: q.latency('ttft', 0.95, l, w) },
      { tag: 'ITL p95', q: q.latency('itl', 0.95, l, w) },
    ],
  },
  queue: {
    title: 'Queue and compute time (p95, or mean from counters)',
    unit: 'ms',
    queries: (q, l, w) => [
      { tag: 'queue', q: q.latency('queue', 0.95, l, w) },
      { tag: 'compute', q: q.latency('compute', 0.95, l, w) },
    ],
  },
  throughput: {
    title: 'Requests: success and failure',
    unit: 'req/s',
    queries: (q, l, w) => [
      { tag: 'ok', q: q.requestRate(l, w) },
      { tag: 'failed', q: q.errorRate(l, w) },
    ],
  },
  batch: {
    title: 'Batch size, running and waiting',
    unit: 'requests',
    queries: (q, l, w) => [
      { tag: 'batch', q: q.batchSize(l, w) },
      { tag: 'waiting', q: q.queueDepth(l) },
      { tag: 'running', q: q.running(l) },
    ],
  },
  kv: { title: 'KV-cache use', unit: '%', queries: (q, l) => [{ tag: '', q: q.kvCache(l) }] },
  'gpu-util': { title: 'GPU utilization (DCGM)', unit: '%', queries: (q, l) => [{ tag: '', q: q.gpu('util', l) }] },
  'gpu-memory': { title: 'GPU memory used (DCGM)', unit: 'MiB', queries: (q, l) => [{ tag: '', q: q.gpu('fbUsed', l) }] },
  'gpu-power': { title: 'GPU power (DCGM)', unit: 'W', queries: (q, l) => [{ tag: '', q: q.gpu('power', l) }] },
  'gpu-temp': { title: 'GPU temperature (DCGM)', unit: '°C', queries: (q, l) => [{ tag: '', q: q.gpu('temp', l) }] },
};
