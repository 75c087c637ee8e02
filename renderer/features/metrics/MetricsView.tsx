import { useMemo, useState } from 'react';
import type { BoardDto, MetricsRange, PromConnectionDto } from '../../../shared/ipc/metrics-schemas.ts';
import { EmptyState } from '../../components/StatusBadge.tsx';
import { clock } from './format.ts';
import { GpuHeatMap } from './GpuHeatMap.tsx';
import { ShardBoard, sparkFrom } from './ShardBoard.tsx';
import { ShardCharts } from './ShardCharts.tsx';
import { SlaTable } from './SlaTable.tsx';
import { useMetrics, useViewId } from './use-metrics.ts';
import './metrics.css';

const RANGES: MetricsRange[] = ['15m', '1h', '6h', '24h'];
type Tab = 'board' | 'gpus' | 'sla';

function Connections({ clusters }: { clusters: PromConnectionDto[] }) {
  return (
    <span className="conns" data-testid="prom-connections">
      {clusters.map((c) => (
        <span key={c.cluster} className={`chip ${c.state === 'live' ? 'ok' : c.state === 'not-configured' ? '' : 'danger'}`} title={[c.url, c.message, ...c.notes].filter(Boolean).join('\n')} data-testid={`prom-${c.cluster}`}>
          {c.cluster}: {c.state}
        </span>
      ))}
    </span>
  );
}

/** When the sparklines start later than the range (Prometheus has less history than it, `from` > 0): since when they draw. */
function sparkSince(board: BoardDto, from: number): string {
  const t = board.t[from];
  return from > 0 && t !== undefined ? ` · sparklines since ${clock(t)} (the first samples)` : '';
}

function Board({ range, live }: { range: MetricsRange; live: boolean }) {
  const viewId = useViewId('board');
  const { data, error } = useMetrics('metrics:board', { viewId, range }, range, live);
  const [shard, setShard] = useState<string | undefined>(undefined);
  const row = data?.shards.find((s) => s.shard === shard);
  const runtimes = useMemo(() => row?.servers.map((s) => s.runtime) ?? [], [row]);
  // Where every sparkline of the board starts (the header says so when it is not the range's start).
  const from = useMemo(() => (data ? sparkFrom(data) : 0), [data]);
  if (error) return <div className="chart-msg err">{error}</div>;
  if (!data) return <div className="chart-msg">Asking Prometheus…</div>;
  return (
    <>
      <div className="toolbar sub">
        <Connections clusters={data.clusters} />
        <span className="spacer" />
        <span className="pane-sub" data-testid="board-queries">
          {data.queries.sent + data.queries.cached} queries ({data.queries.cached} from cache) · step {data.step} s{sparkSince(data, from)}
        </span>
      </div>
      {data.shards.length === 0 ? (
        <EmptyState icon="gauge" title="No shards">Add shards under shards/ to see their metrics.</EmptyState>
      ) : (
        <div className="metrics-split">
          <ShardBoard board={data} from={from} selected={shard} onSelect={setShard} />
          {shard && <ShardCharts key={shard} viewId={`${viewId}-charts`} shard={shard} runtimes={runtimes} range={range} live={live} />}
        </div>
      )}
    </>
  );
}

function Gpus({ range, live }: { range: MetricsRange; live: boolean }) {
  const viewId = useViewId('gpus');
  const { data, error } = useMetrics('metrics:gpus', { viewId, range }, range, live);
  if (error) return <div className="chart-msg err">{error}</div>;
  if (!data) return <div className="chart-msg">Asking Prometheus…</div>;
  return (
    <>
      <div className="toolbar sub">
        <Connections clusters={data.clusters} />
      </div>
      {data.gpus.length === 0 ? <EmptyState icon="gauge" title="No GPUs">No DCGM exporter metrics (DCGM_FI_DEV_GPU_UTIL) in the configured Prometheus.</EmptyState> : <GpuHeatMap data={data} />}
    </>
  );
}

function Sla({ live }: { live: boolean }) {
  const viewId = useViewId('sla');
  const { data, error } = useMetrics('metrics:sla', { viewId }, 'sla', live);
  if (error) return <div className="chart-msg err">{error}</div>;
  if (!data) return <div className="chart-msg">Asking Prometheus…</div>;
  return (
    <>
      <div className="toolbar sub">
        <Connections clusters={data.clusters} />
      </div>
      <SlaTable sla={data} />
    </>
  );
}

/** GPU serving metrics from each cluster's Prometheus: the shard board with charts, the GPU heat map, SLA per tenant. */
export default function MetricsView() {
  const [tab, setTab] = useState<Tab>('board');
  const [range, setRange] = useState<MetricsRange>('15m');
  const [live, setLive] = useState(true);
  return (
    <div className="metrics" data-testid="metrics-view">
      <div className="toolbar">
        <div className="seg" role="tablist" aria-label="Metrics views">
          {(
            [
              ['board', 'Shards'],
              ['gpus', 'GPUs'],
              ['sla', 'SLA'],
            ] as const
          ).map(([id, label]) => (
            <button key={id} role="tab" aria-selected={tab === id} className={tab === id ? 'on' : ''} onClick={() => setTab(id)} data-testid={`metrics-tab-${id}`}>
              {label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {tab !== 'sla' && (
          <div className="seg" role="radiogroup" aria-label="Range">
            {RANGES.map((r) => (
              <button key={r} role="radio" aria-checked={range === r} className={range === r ? 'on' : ''} onClick={() => setRange(r)} data-testid={`range-${r}`}>
                {r}
              </button>
            ))}
          </div>
        )}
        <label className="live">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} data-testid="metrics-live" /> live (15 s)
        </label>
      </div>
      {tab === 'board' && <Board range={range} live={live} />}
      {tab === 'gpus' && <Gpus range={range} live={live} />}
      {tab === 'sla' && <Sla live={live} />}
    </div>
  );
}
