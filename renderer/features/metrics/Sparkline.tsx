import { memo, useEffect, useRef } from 'react';
import { sameColumn, type Column } from './spark-geometry.ts';
import { paintSparkline } from './spark-paint.ts';
import { drawQueue } from './spark-queue.ts';

/** Sparklines draw in animation frames, at most ~8 ms of drawing and 16 canvases per frame (see spark-queue.ts): a refresh of the ~150 visible canvases takes ~10 frames. */
const queue = drawQueue({ budgetMs: 8, maxPerFrame: 16, frame: (cb) => requestAnimationFrame(cb), now: () => performance.now() });

/**
 * A small canvas line of one column from point `from` on (nulls are gaps), with the latest value's dot. Redrawn only when
 * its values change (a refresh's new array with the same numbers is not redrawn), in a frame of the
 * shared draw queue rather than in the refresh's own task.
 */
export const Sparkline = memo(function Sparkline({ v, from = 0, width = 110, height = 22, color = 'var(--accent)', max, label }: { v: Column; from?: number; width?: number; height?: number; color?: string; max?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<{ v: Column; from: number; width: number; height: number; max: number | undefined; color: string; dpr: number } | undefined>(undefined);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const d = drawn.current;
    if (d && d.from === from && d.width === width && d.height === height && d.max === max && d.color === color && d.dpr === dpr && sameColumn(d.v, v)) return;
    drawn.current = { v, from, width, height, max, color, dpr };
    queue.add(c, () => {
      if (c.width !== Math.round(width * dpr)) c.width = Math.round(width * dpr);
      if (c.height !== Math.round(height * dpr)) c.height = Math.round(height * dpr);
      paintSparkline(c, v, width, height, max, from);
    });
  }, [v, from, width, height, max, color]);
  useEffect(() => {
    const c = ref.current;
    return () => {
      if (c) queue.cancel(c);
    };
  }, []);
  return <canvas ref={ref} className="spark" style={{ width, height, color }} role="img" aria-label={label} />;
});
