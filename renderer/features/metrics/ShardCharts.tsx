import { useMemo, useState } from 'react';
import type { ChartPanel, MetricsRange } from '../../../shared/ipc/metrics-schemas.ts';
import { fmt } from './format.ts';
import { TimeChart } from './TimeChart.tsx';
import { useMetrics } from './use-metrics.ts';

const PANELS: Array<{ id: ChartPanel; runtimes?: string[] }> = [
  { id: 'latency' },
  { id: 'throughput' },
  { id: 'queue' },
  { id: 'llm', runtimes: ['vllm'] },
  { id: 'batch' },
  { id: 'kv', runtimes: ['vllm'] },
  { id: 'gpu-util' },
  { id: 'gpu-memory' },
  { id: 'gpu-power' },
  { id: 'gpu-temp' },
];

function Panel({ viewId, shard, panel, range, by, live, at }: { viewId: string; shard: string; panel: ChartPanel; range: MetricsRange; by: 'server' | 'pod' | 'zone'; live: boolean; at?: number }) {
  const [span, setSpan] = useState<{ from: number; to: number } | undefined>(undefined);
  const input = { viewId, range, shard, panel, by, ...(span ? { span } : {}), ...(at ? { at } : {}) };
  const { data, error } = useMetrics('metrics:chart', input, `${shard}/${panel}/${range}/${by}/${span?.from}/${span?.to}/${at}`, live);
  const series = useMemo(() => data?.series.map((s) => ({ label: s.label, v: s.v })) ?? [], [data]);
  return (
    <section className="chart-panel" data-testid={`chart-${panel}`}>
      <header>
        <span className="pane-title">{data?.title ?? panel}</span>
        <span className="spacer" />
        {span && (
          <button className="btn small ghost" onClick={() => setSpan(undefined)} title="Clear the selected span">
            clear span
          </button>
        )}
      </header>
      {error && <div className="chart-msg err">{error}</div>}
      {data && data.series.length === 0 && <div className="chart-msg">No data{data.connection.state !== 'live' ? ` (${data.connection.state}${data.connection.message ? `: ${data.connection.message}` : ''})` : ' for this shard in the range'}.</div>}
      {data && data.series.length > 0 && <TimeChart t={data.t} series={series} unit={data.unit} onSpan={(from, to) => setSpan({ from, to })} testId={`uplot-${panel}`} />}
      {span && data && (
        <div className="span-stats" data-testid={`span-stats-${panel}`}>
          <span>Over the selected span:</span>
          {data.stats.map((s) => (
            <span key={s.key} className="stat">
              {s.label} <b>{fmt(s.value, data.unit)}</b>
            </span>
          ))}
        </div>
      )}
      {data && data.notes.length > 0 && <div className="chart-notes">{data.notes.join(' · ')}</div>}
    </section>
  );
}

/** The charts of one shard, by model server, pod or zone; drag across a chart to get its figures over that span. */
export function ShardCharts({ viewId, shard, runtimes, range, live, at }: { viewId: string; shard: string; runtimes: string[]; range: MetricsRange; live: boolean; at?: number }) {
  const [by, setBy] = useState<'server' | 'pod' | 'zone'>('server');
  const panels = PANELS.filter((p) => !p.runtimes || p.runtimes.some((r) => runtimes.includes(r)));
  return (
    <div className="shard-charts" data-testid="shard-charts">
      <div className="toolbar">
        <span className="pane-title">{shard}</span>
        <span className="pane-sub">drag across a chart for p50/p95/p99 over that span</span>
        <span className="spacer" />
        <div className="seg" role="radiogroup" aria-label="Group by">
          {(['server', 'pod', 'zone'] as const).map((b) => (
            <button key={b} role="radio" aria-checked={by === b} className={by === b ? 'on' : ''} onClick={() => setBy(b)}>
              by {b}
            </button>
          ))}
        </div>
      </div>
      <div className="chart-grid">
        {panels.map((p) => (
          <Panel key={p.id} viewId={viewId} shard={shard} panel={p.id} range={range} by={by} live={live} {...(at ? { at } : {})} />
        ))}
      </div>
    </div>
  );
}
