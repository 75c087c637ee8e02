import { useEffect, useMemo, useRef, useState } from 'react';
import type { GpuHeatDto } from '../../../shared/ipc/metrics-schemas.ts';
import { clock } from './format.ts';

const ROW = 16;
const LABEL_W = 230;

/** Utilization 0..100 as a colour from cool to hot. */
function heat(v: number): string {
  const x = Math.max(0, Math.min(100, v)) / 100;
  const hue = 220 - 220 * x;
  return `hsl(${hue}, 75%, ${30 + 25 * x}%)`;
}

/** One row per GPU, grouped by zone and node; one column per step; colour = utilization; XID errors marked. */
export function GpuHeatMap({ data }: { data: GpuHeatDto }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const [hover, setHover] = useState<string | undefined>(undefined);
  const rows = data.gpus;
  const height = rows.length * ROW + 22;
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(400, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const cols = data.t.length;
  const cellW = (width - LABEL_W - 10) / Math.max(1, cols);
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
    const dim = getComputedStyle(c).getPropertyValue('--text-dim').trim() || '#8a93a6';
    g.font = '11px system-ui';
    g.textBaseline = 'middle';
    let zone = '';
    rows.forEach((r, i) => {
      const y = i * ROW;
      g.fillStyle = dim;
      const label = `${r.zone !== zone ? `zone ${r.zone} · ` : ''}${r.node} gpu${r.gpu}${r.shard ? ` · ${r.shard}` : ''}`;
      zone = r.zone;
      g.fillText(label, 4, y + ROW / 2);
      r.v.forEach((v, k) => {
        g.fillStyle = v === null ? 'rgba(128,128,128,0.12)' : heat(v);
        g.fillRect(LABEL_W + k * cellW, y + 1, Math.ceil(cellW), ROW - 2);
      });
      if (r.xid) {
        g.fillStyle = '#f0616d';
        g.fillText(`XID ${r.xid}`, width - 52, y + ROW / 2);
      }
    });
    g.fillStyle = dim;
    const yAxis = rows.length * ROW + 12;
    for (const k of [0, Math.floor(cols / 2), cols - 1]) if (data.t[k] !== undefined) g.fillText(clock(data.t[k]!), LABEL_W + k * cellW - (k === cols - 1 ? 50 : 0), yAxis);
  }, [rows, width, height, cellW, cols, data.t]);
  const legend = useMemo(() => [0, 25, 50, 75, 100], []);
  return (
    <div ref={wrap} className="heatmap" data-testid="gpu-heatmap">
      <div className="heat-legend">
        GPU utilization (%):
        {legend.map((v) => (
          <span key={v}>
            <i style={{ background: heat(v) }} />
            {v}%
          </span>
        ))}
        <span className="hover" data-testid="heat-hover">{hover ?? 'hover a cell for its value'}</span>
      </div>
      <canvas
        ref={ref}
        style={{ width, height }}
        role="img"
        aria-label={`GPU utilization of ${rows.length} GPUs`}
        onMouseMove={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          const i = Math.floor((e.clientY - rect.top) / ROW);
          const k = Math.floor((e.clientX - rect.left - LABEL_W) / cellW);
          const r = rows[i];
          const v = r?.v[k];
          setHover(r && k >= 0 && data.t[k] !== undefined ? `${r.node} gpu${r.gpu} (${r.pod || 'no pod'}) at ${clock(data.t[k]!)}: ${v === null || v === undefined ? 'no sample' : `${v.toFixed(0)}%`}${r.xid ? ` · last XID ${r.xid}` : ''}` : undefined);
        }}
        onMouseLeave={() => setHover(undefined)}
      />
    </div>
  );
}
