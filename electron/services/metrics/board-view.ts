import { boardRows, type BoardShardSpec, type HpaLookup } from '../../../gitops/core/metrics/board.ts';
import type { ModelMetricsInput } from '../../../gitops/core/metrics/inputs.ts';
import { GROUP, QueryBuilder, rateWindow } from '../../../gitops/core/metrics/promql.ts';
import type { Series } from '../../../gitops/core/metrics/prom-result.ts';
import { align, type Aligned } from '../../../gitops/core/metrics/series.ts';
import type { BoardDto, MetricsRange, ShardMetricsDto } from '../../../shared/ipc/metrics-schemas.ts';
import type { PromConnections, QueryCount, State } from './prom-connections.ts';
import { boardQueries, podCount } from './queries.ts';

const BOARD_POINTS = 40;

export interface BoardOptions {
  model: () => ModelMetricsInput;
  /** Points per board sparkline (default 40). */
  boardPoints?: number;
  /** How far back the saturation flag looks, in seconds (default a minute, or four steps where longer). */
  saturationWindowS?: number;
  hpa?: HpaLookup;
}

/** The points of a board sparkline (also the GPU heat map's). */
export const boardPoints = (opts: { boardPoints?: number }) => opts.boardPoints ?? BOARD_POINTS;

/** The shard board: every shard of the workspace with its sparkline columns, saturation and autoscaling, by the Prometheus each reads. */
export async function boardView(prom: PromConnections, opts: BoardOptions, input: { range: MetricsRange; at?: number }, signal: AbortSignal): Promise<BoardDto> {
  const { all, live } = await prom.live(signal);
  const w = prom.window(input.range, input.at, prom.scrapeOf(live), boardPoints(opts));
  const model = opts.model();
  const count: QueryCount = { sent: 0, cached: 0 };
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
      const state: State = !u ? (whyOf.get(shards[0]!.cluster) ?? 'not-configured') : prom.stateOf(u);
      if (!l) {
        for (const r of boardRows(shards, emptySeries(), w.t, 60, opts.hpa)) rows.push({ ...r, latencySource: '', connection: state });
        return;
      }
      const q = new QueryBuilder(l.d.names);
      const rw = rateWindow(w.step, l.d.scrapeS);
      const { columns, p95: lat } = boardQueries(q, rw);
      const [rps, errors, p95, queue, gpu, pods] = await Promise.all([
        ...columns.map((x) => prom.range(l.c, x, w.start, w.end, w.step, signal, count)),
        prom.instant(l.c, podCount(l.d.names), w.end, signal, count),
      ]);
      const by = GROUP.server;
      const al = (s: Series[]): Aligned => align(s, w.start, w.end, w.step, by);
      const podMap = new Map(pods!.map((s) => [`${s.labels.shard}/${s.labels.model_server}`, s.v[0] ?? 0]));
      const source = (lat.sources ?? []).map((s) => `${s.runtime}: ${s.source} ${s.metric}`).join('; ');
      // The saturation window: a minute, or four steps where the step is longer.
      const satWindow = opts.saturationWindowS ?? Math.max(60, 4 * w.step);
      for (const r of boardRows(shards, { rps: al(rps!), errors: al(errors!), p95: al(p95!), queue: al(queue!), gpu: al(gpu!), pods: podMap }, w.t, satWindow, opts.hpa)) {
        rows.push({ ...r, latencySource: source, connection: l.c.state });
      }
    }),
  );
  rows.sort((a, b) => a.shard.localeCompare(b.shard, undefined, { numeric: true }));
  return { range: input.range, ...w, clusters: all.map((x) => prom.dto(x)), shards: rows, queries: count };
}

function emptySeries() {
  const e: Aligned = { t: [], columns: [] };
  return { rps: e, errors: e, p95: e, queue: e, gpu: e, pods: new Map<string, number>() };
}
