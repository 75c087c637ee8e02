import { useEffect, useRef } from 'react';

/** A small canvas line of one column (nulls are gaps), with the latest value's dot. */
export function Sparkline({ v, width = 110, height = 22, color = 'var(--accent)', max, label }: { v: ReadonlyArray<number | null>; width?: number; height?: number; color?: string; max?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    const g = c.getContext('2d');
    if (!g) return;
    g.scale(dpr, dpr);
    g.clearRect(0, 0, width, height);
    let hi = max ?? 0;
    if (max === undefined) for (const x of v) if (x !== null && x > hi) hi = x;
    if (hi <= 0) hi = 1;
    const stroke = getComputedStyle(c).color || '#5b8cff';
    g.strokeStyle = stroke;
    g.lineWidth = 1.25;
    g.beginPath();
    let pen = false;
    let lx = 0;
    let ly = 0;
    const n = Math.max(1, v.length - 1);
    v.forEach((x, i) => {
      if (x === null) {
        pen = false;
        return;
      }
      const px = (i / n) * (width - 3) + 1;
      const py = height - 2 - (Math.min(x, hi) / hi) * (height - 4);
      if (pen) g.lineTo(px, py);
      else g.moveTo(px, py);
      pen = true;
      lx = px;
      ly = py;
    });
    g.stroke();
    if (pen) {
      g.fillStyle = stroke;
      g.beginPath();
      g.arc(lx, ly, 1.8, 0, Math.PI * 2);
      g.fill();
    }
  }, [v, width, height, max]);
  return <canvas ref={ref} className="spark" style={{ width, height, color }} role="img" aria-label={label} />;
}
