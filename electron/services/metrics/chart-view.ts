import type { ModelMetricsInput } from '../../../gitops/core/metrics/inputs.ts';
import { durationOf, QueryBuilder, rateWindow, type Level, type Query } from '../../../gitops/core/metrics/promql.ts';
import { align } from '../../../gitops/core/metrics/series.ts';
import type { ChartDto, ChartPanel, MetricsRange } from '../../../shared/ipc/metrics-schemas.ts';
import { HostError } from '../../../shared/ipc/envelope.ts';
import { PromError } from './prometheus-client.ts';
import { DEFAULT_SCRAPE_S, type Discovered, type PromConnections, type QueryCount } from './prom-connections.ts';
import { PANELS } from './queries.ts';

const CHART_POINTS = 240;

export interface ChartInput {
  range: MetricsRange;
  at?: number;
  shard: string;
  panel: ChartPanel;
  by: 'server' | 'pod' | 'zone';
  span?: { from: number; to: number };
}

/** One chart of one shard: a panel's series per model server, pod or zone, and with a span its figures over it. */
export async function chartView(prom: PromConnections, opts: { model: () => ModelMetricsInput; chartPoints?: number }, input: ChartInput, signal: AbortSignal): Promise<ChartDto> {
  const points = opts.chartPoints ?? CHART_POINTS;
  const model = opts.model();
  const shard = model.shards.find((s) => s.name === input.shard);
  if (!shard) throw new HostError('not-found', `No shard "${input.shard}" in the workspace.`);
  const spec = model.clusters.find((c) => c.name === shard.cluster) ?? { name: shard.cluster };
  const target = await prom.target(spec, signal);
  const url = target.url;
  const connection = () => prom.dto(target);
  const count: QueryCount = { sent: 0, cached: 0 };
  const base = { panel: input.panel, series: [] as ChartDto['series'], notes: [] as string[], stats: [] as ChartDto['stats'] };
  if (!url) {
    const w = prom.window(input.range, input.at, DEFAULT_SCRAPE_S, points);
    return { ...base, ...w, title: PANELS[input.panel].title, unit: PANELS[input.panel].unit, connection: connection() };
  }
  const c = prom.conn(url);
  let d: Discovered;
  try {
    d = await prom.discover(c, signal);
  } catch (err) {
    if (err instanceof PromError && err.kind === 'cancelled') throw err;
    const w = prom.window(input.range, input.at, DEFAULT_SCRAPE_S, points);
    return { ...base, ...w, title: PANELS[input.panel].title, unit: PANELS[input.panel].unit, connection: connection() };
  }
  const w = prom.window(input.range, input.at, d.scrapeS, points);
  const level: Level = input.by === 'server' ? 'server' : input.by === 'pod' ? 'pod' : 'zone';
  const q = new QueryBuilder(d.names, { shard: input.shard });
  const rw = rateWindow(w.step, d.scrapeS);
  const parts = PANELS[input.panel].queries(q, level, rw).filter((x): x is { tag: string; q: Query } => x.q !== undefined);
  const by = level === 'zone' ? ['zone'] : level === 'pod' ? ['model_server', 'pod', 'zone'] : ['model_server'];
  const answers = await Promise.all(parts.map((p) => prom.range(c, p.q, w.start, w.end, w.step, signal, count)));
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
    const got = await Promise.all(sp.map((p) => prom.instant(c, p.q.expr, input.span!.to, signal, count)));
    sp.forEach((p, i) => {
      for (const s of got[i]!) {
        const key = by.map((l) => s.labels[l] ?? '').join('/');
        stats.push({ key: `${key}|${p.tag}`, label: `${key || input.shard}${p.tag ? ` ${p.tag}` : ''}`, value: s.v[0] ?? null });
      }
    });
  }
  return { ...base, ...w, title: PANELS[input.panel].title, unit: PANELS[input.panel].unit, series, notes: [...new Set(notes)], stats, connection: connection() };
}
