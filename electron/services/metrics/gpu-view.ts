import { QueryBuilder } from '../../../gitops/core/metrics/promql.ts';
import { align } from '../../../gitops/core/metrics/series.ts';
import type { GpuHeatDto, MetricsRange } from '../../../shared/ipc/metrics-schemas.ts';
import { boardPoints } from './board-view.ts';
import type { PromConnections, QueryCount } from './prom-connections.ts';

/** The GPU heat map: DCGM's utilization per GPU with its node, zone and the pod it serves, and its XID errors now. */
export async function gpuView(prom: PromConnections, opts: { boardPoints?: number }, input: { range: MetricsRange; at?: number }, signal: AbortSignal): Promise<GpuHeatDto> {
  const { all, live } = await prom.live(signal);
  const w = prom.window(input.range, input.at, prom.scrapeOf(live), boardPoints(opts));
  const count: QueryCount = { sent: 0, cached: 0 };
  const gpus: GpuHeatDto['gpus'] = [];
  const clusterOf = new Map<string, string>();
  for (const x of all) if (x.url && !clusterOf.has(x.url)) clusterOf.set(x.url, x.cluster);
  await Promise.all(
    [...live].map(async ([u, l]) => {
      if (!l.d.names.dcgm.present) return;
      const q = new QueryBuilder(l.d.names);
      const [util, xid] = await Promise.all([prom.range(l.c, q.gpuHeat(), w.start, w.end, w.step, signal, count), prom.instant(l.c, q.gpuXid().expr, w.end, signal, count)]);
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
  return { ...w, clusters: all.map((x) => prom.dto(x)), gpus };
}
