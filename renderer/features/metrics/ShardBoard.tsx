import { memo, useMemo, useState } from 'react';
import type { BoardDto, ShardMetricsDto } from '../../../shared/ipc/metrics-schemas.ts';
import { useViewport, visibleRange } from '../../components/use-viewport.ts';
import { fmt } from './format.ts';
import { firstWithData } from './spark-geometry.ts';
import { Sparkline } from './Sparkline.tsx';

type SortKey = 'shard' | 'rps' | 'errors' | 'p95' | 'queue' | 'gpu';
const ROW = 34;
/** One collator for the board's sorts: `localeCompare` with options builds one per comparison. */
const byName = new Intl.Collator(undefined, { numeric: true }).compare;

const COLS: Array<{ id: Exclude<SortKey, 'shard'>; title: string; unit: string; color: string; max?: number }> = [
  { id: 'rps', title: 'Requests', unit: 'req/s', color: 'var(--accent)' },
  { id: 'errors', title: 'Failures', unit: 'req/s', color: 'var(--danger)' },
  { id: 'p95', title: 'p95 latency', unit: 'ms', color: 'var(--warn)' },
  { id: 'queue', title: 'Queue', unit: 'requests', color: 'var(--info)' },
  { id: 'gpu', title: 'GPU busy', unit: '%', color: 'var(--ok)', max: 100 },
];

/** The first board point with data in any shard's column: the sparklines start there. */
export function sparkFrom(board: BoardDto): number {
  return firstWithData(board.shards.flatMap((s) => COLS.map((c) => s[c.id])));
}

/** Every shard of the workspace with sparkline columns; saturated shards first, then by name; sortable. */
/** `from`: the board point the sparklines start at (sparkFrom(board)), computed once by the view that shows it. */
export function ShardBoard({ board, from, selected, onSelect }: { board: BoardDto; from: number; selected: string | undefined; onSelect: (shard: string) => void }) {
  const [sort, setSort] = useState<{ id: SortKey; desc: boolean } | undefined>(undefined);
  const rows = useMemo(() => {
    const r = [...board.shards];
    if (!sort) return r.sort((a, b) => Number(b.saturated) - Number(a.saturated) || byName(a.shard, b.shard));
    const val = (s: ShardMetricsDto) => (sort.id === 'shard' ? s.shard : (s.now[sort.id] ?? -1));
    return r.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : byName(String(x), String(y));
      return sort.desc ? -c : c;
    });
  }, [board.shards, sort]);
  const { ref, height, scrollTop } = useViewport<HTMLDivElement>();
  const { first, last } = visibleRange(rows.length, ROW, scrollTop, height);
  const head = (id: SortKey, title: string) => (
    <button
      className="th"
      role="columnheader"
      aria-sort={sort?.id === id ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      onClick={() => setSort((s) => (s?.id === id ? { id, desc: !s.desc } : { id, desc: id !== 'shard' }))}
    >
      {title}
      {sort?.id === id ? (sort.desc ? ' ↓' : ' ↑') : ''}
    </button>
  );
  return (
    <div className="board" role="grid" aria-label="Shard metrics" data-testid="metrics-board">
      <div className="board-row board-head" role="row">
        {head('shard', 'Shard')}
        {COLS.map((c) => (
          <span key={c.id}>{head(c.id, `${c.title} (${c.unit})`)}</span>
        ))}
        <span className="th">Autoscaling</span>
      </div>
      <div ref={ref} className="board-body" style={{ overflow: 'auto', flex: 1, minHeight: 0, position: 'relative' }}>
        <div style={{ height: rows.length * ROW, position: 'relative' }}>
          {rows.slice(first, last).map((s, k) => (
            <BoardRow key={s.shard} s={s} from={from} top={(first + k) * ROW} selected={selected === s.shard} onSelect={onSelect} />
          ))}
        </div>
      </div>
    </div>
  );
}

/** One shard's row: a scroll or a selection re-renders only the rows it changes; on a refresh each Sparkline redraws only a changed column. */
const BoardRow = memo(function BoardRow({ s, from, top, selected, onSelect }: { s: ShardMetricsDto; from: number; top: number; selected: boolean; onSelect: (shard: string) => void }) {
  return (
    <div
      role="row"
      aria-selected={selected}
      className={`board-row${s.saturated ? ' saturated' : ''}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW, position: 'absolute', left: 0, right: 0 }}
      onClick={() => onSelect(s.shard)}
      data-testid={`board-shard-${s.shard}`}
    >
      <span className="who" title={`${s.cluster} · zones ${s.zones.join(', ')} · ${s.servers.map((x) => `${x.name} (${x.runtime})`).join(', ')}`}>
        <b>{s.shard}</b>
        {s.saturated && (
          <span className="chip danger" title={s.saturationWhy} data-testid="saturated">
            saturated
          </span>
        )}
        {s.connection !== 'live' && <span className="chip" title={s.connection}>{s.connection}</span>}
        <small>{s.cluster} · {s.servers.map((x) => x.runtime).join('+')}</small>
      </span>
      {COLS.map((c) => (
        <span key={c.id} className="cell">
          <Sparkline v={s[c.id]} from={from} color={c.color} {...(c.max !== undefined ? { max: c.max } : {})} label={`${s.shard} ${c.title}`} />
          <span className="val" data-testid={`val-${c.id}`}>{fmt(s.now[c.id], c.unit)}</span>
        </span>
      ))}
      <span className="cell autoscale">
        {s.autoscaling.map((a) => (
          <span
            key={a.server}
            className={`chip ${a.state === 'keeps-up' ? 'ok' : a.state === 'unknown' ? '' : 'warn'}`}
            data-testid={`autoscale-${a.server}`}
            title={`${a.server}: ${a.metric === 'queueDepth' ? 'queue per pod' : a.metric} ${a.observed === null ? '–' : a.observed.toFixed(1)} vs target ${a.target}; ${a.hpa ? `HPA on the cluster: ${a.hpa.current} current, ${a.hpa.desired} desired, max ${a.hpa.max}` : `${a.pods} pods seen, max ${a.maxReplicas} in the spec (connect the cluster under Clusters (live) for its HPA)`}`}
          >
            {a.server}: {a.state}
            {a.hpa && (
              <small>
                {' '}
                {a.hpa.current}
                {a.hpa.desired !== a.hpa.current ? `→${a.hpa.desired}` : ''}/{a.hpa.max}
              </small>
            )}
          </span>
        ))}
      </span>
    </div>
  );
});
