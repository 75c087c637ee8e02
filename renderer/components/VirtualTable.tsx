import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from './Icon.tsx';
import { useViewport, visibleRange } from './use-viewport.ts';

export interface Column<T> {
  id: string;
  title: string;
  /** CSS grid track, e.g. `1.4fr` or `90px`. */
  width: string;
  numeric?: boolean;
  /** The value sorted by (and searched, when `search` is not given). */
  value: (row: T) => string | number;
  render?: (row: T) => ReactNode;
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

  const template = columns.map((c) => c.width).join(' ');
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
      <div className="table-head" role="row" style={{ gridTemplateColumns: template }}>
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
          </div>
        ))}
      </div>
      <div className="table-scroll" ref={ref} tabIndex={0} onKeyDown={onKeyDown} data-testid={`table-${label.toLowerCase()}`}>
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
                    <div key={c.id} role="gridcell" className={c.numeric ? 'num' : undefined}>
                      {c.render ? c.render(r) : c.value(r)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
