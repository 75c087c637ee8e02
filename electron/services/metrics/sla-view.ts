import { stepFor } from '../../../gitops/core/metrics/board.ts';
import type { ModelMetricsInput } from '../../../gitops/core/metrics/inputs.ts';
import { describe } from '../../../gitops/core/metrics/names.ts';
import { GROUP, QueryBuilder, rateWindow } from '../../../gitops/core/metrics/promql.ts';
import { align, grid } from '../../../gitops/core/metrics/series.ts';
import { tenantSla, type ServerInput } from '../../../gitops/core/metrics/sla.ts';
import type { SlaDto } from '../../../shared/ipc/metrics-schemas.ts';
import type { PromConnections, QueryCount } from './prom-connections.ts';

export interface SlaOptions {
  model: () => ModelMetricsInput;
  /** Points per SLA hour (default 240: a 15 s step). */
  slaPoints?: number;
  /** SLA period in seconds (default 3600). */
  slaPeriodS?: number;
}

/**
 * SLA per tenant: the p95 end-to-end latency of each model server over the last period (one range
 * query per Prometheus), judged against each tenant's latencyTargetMs by tenantSla (gitops/core/metrics/sla.ts).
 */
export async function slaView(prom: PromConnections, opts: SlaOptions, input: { at?: number }, signal: AbortSignal): Promise<SlaDto> {
  const { all, live } = await prom.live(signal);
  const period = opts.slaPeriodS ?? 3600;
  const scrape = prom.scrapeOf(live);
  const step = stepFor(period, scrape, opts.slaPoints ?? 240);
  const end = Math.floor((input.at ?? prom.now()) / step) * step;
  const start = end - period;
  const t = grid(start, end, step);
  const model = opts.model();
  const count: QueryCount = { sent: 0, cached: 0 };
  const servers: ServerInput[] = [];
  const urlOf = new Map(all.map((x) => [x.cluster, x.url]));
  await Promise.all(
    [...live].map(async ([u, l]) => {
      const q = new QueryBuilder(l.d.names);
      const lat = q.latency('e2e', 0.95, 'server', rateWindow(step, l.d.scrapeS));
      const a = align(await prom.range(l.c, lat, start, end, step, signal, count), start, end, step, GROUP.server);
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
  return { start, end, step, t, clusters: all.map((x) => prom.dto(x)), rows };
}
