import type { HpaLookup } from '../../../gitops/core/metrics/board.ts';
import type { ModelMetricsInput } from '../../../gitops/core/metrics/inputs.ts';
import type { BoardDto, ChartDto, GpuHeatDto, MetricsRange, SlaDto } from '../../../shared/ipc/metrics-schemas.ts';
import { boardView } from './board-view.ts';
import { chartView, type ChartInput } from './chart-view.ts';
import { gpuView } from './gpu-view.ts';
import type { InClusterTarget } from './in-cluster.ts';
import { PromConnections } from './prom-connections.ts';
import { slaView } from './sla-view.ts';

export interface MetricsServiceOptions {
  /** The open workspace's clusters, shards and tenants (the host passes the workspace model). */
  model: () => ModelMetricsInput;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Points per SLA hour (default 240: a 15 s step). */
  slaPoints?: number;
  /** SLA period in seconds (default 3600). */
  slaPeriodS?: number;
  /** Points per board sparkline (default 40). */
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

/**
 * Model-server and GPU metrics from each cluster's Prometheus (Cluster spec.prometheusUrl, else the
 * in-cluster one). The service wires the views to the connections: each view call aligns its window
 * to the range's step so a live refresh within one step is answered from the cache
 * (prom-connections.ts), runs at most four queries at once per Prometheus (prometheus-client.ts), and
 * is cancelled when the same view asks again or closes (here). Connection states use the cluster
 * service's words. What each view asks is in queries.ts; the views are board-view.ts, chart-view.ts,
 * gpu-view.ts and sla-view.ts.
 */
export class MetricsService {
  private readonly prom: PromConnections;
  private readonly views = new Map<string, Map<string, AbortController>>();

  constructor(private readonly opts: MetricsServiceOptions) {
    this.prom = new PromConnections({
      clusters: () => opts.model().clusters,
      now: () => (opts.now ?? Date.now)() / 1000,
      ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
      ...(opts.discoveryTtlMs !== undefined ? { discoveryTtlMs: opts.discoveryTtlMs } : {}),
      ...(opts.inCluster ? { inCluster: opts.inCluster } : {}),
    });
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
    this.prom.clear();
  }

  private async run<T>(viewId: string, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const c = this.begin(viewId, what);
    try {
      return await fn(c.signal);
    } finally {
      this.end(viewId, what, c);
    }
  }

  // ---------- the views ----------

  /** The shard board (board-view.ts). */
  async board(input: { viewId: string; range: MetricsRange; at?: number }): Promise<BoardDto> {
    return this.run(input.viewId, 'board', (signal) => boardView(this.prom, this.opts, input, signal));
  }

  /** One chart of one shard (chart-view.ts). */
  async chart(input: { viewId: string } & ChartInput): Promise<ChartDto> {
    return this.run(input.viewId, `chart:${input.shard}:${input.panel}`, (signal) => chartView(this.prom, this.opts, input, signal));
  }

  /** The GPU heat map (gpu-view.ts). */
  async gpus(input: { viewId: string; range: MetricsRange; at?: number }): Promise<GpuHeatDto> {
    return this.run(input.viewId, 'gpus', (signal) => gpuView(this.prom, this.opts, input, signal));
  }

  /** SLA per tenant (sla-view.ts). */
  async sla(input: { viewId: string; at?: number }): Promise<SlaDto> {
    return this.run(input.viewId, 'sla', (signal) => slaView(this.prom, this.opts, input, signal));
  }
}
