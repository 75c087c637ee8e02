import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { Icon } from './Icon.tsx';
import { useViewport, visibleRange } from './use-viewport.ts';
import './VirtualTable.css';

export interface Column<T> {
  id: string;
  title: string;
  /** CSS grid track, e.g. `1.4fr` or `90px`. */
  width: string;
  numeric?: boolean;
  /** The value sorted by (and searched, when `search` is not given). */
  value: (row: T) => string | number;
  render?: (row: T) => ReactNode;
  /** The full text shown in a tooltip when the cell is cut (default: the cell's text). */
  tip?: (row: T) => string;
}

const MIN_COL = 40;
const widthsKey = (label: string) => `gantry.columns.${label}`;

/** Column widths a person dragged, kept per table for the next visit. */
function loadWidths(label: string): Record<string, number> {
  try {
    const raw = globalThis.localStorage?.getItem(widthsKey(label));
    const v: unknown = raw ? JSON.parse(raw) : {};
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] >= MIN_COL));
  } catch {
    return {};
  }
}

function saveWidths(label: string, widths: Record<string, number>): void {
  try {
    globalThis.localStorage?.setItem(widthsKey(label), JSON.stringify(widths));
  } catch {
    // Private mode or a full quota: widths last for this page only.
  }
}

interface Props<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  selectedKey?: string | undefined;
  onOpen: (row: T) => void;
  initialSort?: { id: string; desc?: boolean };
  empty?: ReactNode;
  rowHeight?: number;
}

/**
 * A sortable, windowed table with grid semantics. Arrow keys, Page Up/Down, Home and End move the
 * active row; Enter (or a click) opens it.
 */
export function VirtualTable<T>({ label, rows, columns, rowKey, rowTestId, selectedKey, onOpen, initialSort, empty, rowHeight = 28 }: Props<T>) {
  const [sort, setSort] = useState<{ id: string; desc: boolean }>({ id: initialSort?.id ?? columns[0]!.id, desc: initialSort?.desc ?? false });
  const [active, setActive] = useState(0);
  const { ref, height, scrollTop, ensureVisible } = useViewport<HTMLDivElement>();
  const [widths, setWidths] = useState<Record<string, number>>(() => loadWidths(label));
  const [tip, setTip] = useState<{ text: string; left: number; top: number } | undefined>();
  const tipTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const head = useRef<HTMLDivElement>(null);
  useEffect(() => () => clearTimeout(tipTimer.current), []);

  const sorted = useMemo(() => {
    const col = columns.find((c) => c.id === sort.id) ?? columns[0]!;
    const withValues = rows.map((r) => [col.value(r), r] as const);
    withValues.sort((a, b) => {
      const x = a[0];
      const y = b[0];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
      return sort.desc ? -c : c;
    });
    return withValues.map(([, r]) => r);
  }, [rows, columns, sort]);

  useEffect(() => {
    if (active >= sorted.length) setActive(Math.max(0, sorted.length - 1));
  }, [sorted.length, active]);

  useEffect(() => {
    if (selectedKey === undefined) return;
    const i = sorted.findIndex((r) => rowKey(r) === selectedKey);
    if (i >= 0) setActive(i);
  }, [selectedKey, sorted, rowKey]);

  const template = columns.map((c) => (widths[c.id] ? `${widths[c.id]}px` : c.width)).join(' ');

  /** The narrowest a column can get: its dragged width, a fixed track, a minmax's minimum, else MIN_COL. */
  const narrowest = (c: Column<T>, old: Record<string, number>) => old[c.id] ?? Number(/^(\d+)px$/.exec(c.width)?.[1] ?? /^minmax\((\d+)px/.exec(c.width)?.[1] ?? MIN_COL);
  const setWidth = (id: string, w: number | undefined) =>
    setWidths((old) => {
      const next = { ...old };
      // Never wider than what the other columns leave at their narrowest, so the row stays in the table.
      const room = (head.current?.clientWidth ?? 2000) - columns.filter((c) => c.id !== id).reduce((n, c) => n + narrowest(c, old), 0);
      if (w === undefined) delete next[id];
      else next[id] = Math.round(Math.max(MIN_COL, Math.min(w, room)));
      saveWidths(label, next);
      return next;
    });

  const startResize = (id: string, e: ReactPointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget;
    const start = e.clientX;
    const from = handle.parentElement!.getBoundingClientRect().width;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setWidth(id, from + ev.clientX - start);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  /** A cut cell (text wider than the cell) shows its full text in a tooltip after a short hover. */
  const hoverCell = (el: HTMLElement, text: string) => {
    clearTimeout(tipTimer.current);
    setTip(undefined);
    const cut = el.scrollWidth > el.clientWidth + 1 || [...el.children].some((c) => c.scrollWidth > (c as HTMLElement).clientWidth + 1);
    if (!cut || !text) return;
    tipTimer.current = setTimeout(() => {
      const r = el.getBoundingClientRect();
      setTip({ text, left: r.left, top: r.bottom + 4 });
    }, 300);
  };
  const leaveCell = () => {
    clearTimeout(tipTimer.current);
    setTip(undefined);
  };
  const { first, last } = visibleRange(sorted.length, rowHeight, scrollTop, height);
  const page = Math.max(1, Math.floor((height || 300) / rowHeight) - 1);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(sorted.length - 1, to));
    setActive(i);
    ensureVisible(i, rowHeight);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(sorted.length - 1),
      Enter: () => {
        const r = sorted[active];
        if (r) onOpen(r);
      },
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const toggleSort = (id: string) => setSort((s) => (s.id === id ? { id, desc: !s.desc } : { id, desc: false }));

  return (
    <div className="table" role="grid" aria-label={label} aria-rowcount={sorted.length + 1}>
      <div className="table-head" role="row" style={{ gridTemplateColumns: template }} ref={head}>
        {columns.map((c) => (
          <div
            key={c.id}
            role="columnheader"
            className={c.numeric ? 'num' : undefined}
            aria-sort={sort.id === c.id ? (sort.desc ? 'descending' : 'ascending') : 'none'}
            onClick={() => toggleSort(c.id)}
          >
            {c.title}
            {sort.id === c.id && <Icon name={sort.desc ? 'sortDesc' : 'sortAsc'} size={12} />}
            <span
              className="col-resize"
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize the ${c.title} column`}
              aria-valuenow={widths[c.id]}
              tabIndex={0}
              title="Drag to resize; double-click for the default width"
              data-testid={`resize-${c.id}`}
              onPointerDown={(e) => startResize(c.id, e)}
              onClick={(e) => e.stopPropagation()}
              onDoubleClick={(e) => {
                e.stopPropagation();
                setWidth(c.id, undefined);
              }}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
                e.preventDefault();
                e.stopPropagation();
                const now = widths[c.id] ?? e.currentTarget.parentElement!.getBoundingClientRect().width;
                setWidth(c.id, now + (e.key === 'ArrowRight' ? 16 : -16));
              }}
            />
          </div>
        ))}
      </div>
      <div className="table-scroll" ref={ref} tabIndex={0} onKeyDown={onKeyDown} onScroll={leaveCell} data-testid={`table-${label.toLowerCase()}`}>
        {sorted.length === 0 ? (
          empty
        ) : (
          <div style={{ height: sorted.length * rowHeight, position: 'relative' }}>
            {sorted.slice(first, last).map((r, k) => {
              const i = first + k;
              const key = rowKey(r);
              return (
                <div
                  key={key}
                  role="row"
                  aria-rowindex={i + 2}
                  aria-selected={key === selectedKey}
                  className={`trow${i === active ? ' active' : ''}`}
                  data-testid={rowTestId?.(r)}
                  style={{ transform: `translateY(${i * rowHeight}px)`, gridTemplateColumns: template, height: rowHeight }}
                  onMouseDown={() => setActive(i)}
                  onClick={() => onOpen(r)}
                >
                  {columns.map((c) => (
                    <div
                      key={c.id}
                      role="gridcell"
                      className={c.numeric ? 'num' : undefined}
                      onMouseEnter={(e) => hoverCell(e.currentTarget, c.tip ? c.tip(r) : (e.currentTarget.textContent ?? ''))}
                      onMouseLeave={leaveCell}
                    >
                      {c.render ? c.render(r) : c.value(r)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {tip && (
        <div className="cell-tip" role="tooltip" style={{ left: tip.left, top: tip.top }} data-testid="cell-tooltip">
          {tip.text}
        </div>
      )}
    </div>
  );
}
