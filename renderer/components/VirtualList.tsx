import type { CSSProperties, ReactNode } from 'react';
import { useViewport, visibleRange } from './use-viewport.ts';

/** A windowed list of fixed-height rows; `renderRow` positions nothing, the list does. */
export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  className,
  label,
  testId,
}: {
  items: readonly T[];
  rowHeight: number;
  renderRow: (item: T, index: number, style: CSSProperties) => ReactNode;
  className?: string;
  label?: string;
  testId?: string;
}) {
  const { ref, height, scrollTop } = useViewport<HTMLDivElement>();
  const { first, last } = visibleRange(items.length, rowHeight, scrollTop, height);
  return (
    <div ref={ref} className={className} style={{ overflow: 'auto', position: 'relative', flex: 1, minHeight: 0 }} role="list" aria-label={label} data-testid={testId}>
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, k) => renderRow(item, first + k, { transform: `translateY(${(first + k) * rowHeight}px)`, height: rowHeight }))}
      </div>
    </div>
  );
}
