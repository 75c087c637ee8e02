import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/**
 * Tracks a scroll container's height and scroll position, for windowed rendering: only the rows
 * in view (plus a few) are in the DOM, so 5,000 rows scroll like 50.
 */
export function useViewport<T extends HTMLElement>() {
  const ref = useRef<T | null>(null);
  const [height, setHeight] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(el.scrollTop);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  /** Scrolls just enough to show row `index` of height `rowHeight`. */
  const ensureVisible = useCallback((index: number, rowHeight: number) => {
    const el = ref.current;
    if (!el) return;
    const top = index * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, []);

  return { ref, height, scrollTop, ensureVisible };
}

/** The slice of rows to render. */
export function visibleRange(count: number, rowHeight: number, scrollTop: number, height: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + (height || 600)) / rowHeight) + overscan);
  return { first, last };
}
