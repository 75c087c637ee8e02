import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { decimateMinMax } from '../../../gitops/core/metrics/decimate.ts';
import { clock, fmt } from './format.ts';

const PALETTE = ['#5b8cff', '#47c08a', '#e2b24f', '#f0616d', '#b07cff', '#4fc3d9', '#ff8f5b', '#9aa5b8'];

export interface ChartSeries {
  label: string;
  v: ReadonlyArray<number | null>;
}

/**
 * A time-series chart on uPlot's canvas: the unit on the value axis and in every hover value, time
 * on the x axis, drag to select a span (onSpan). Data arrives ready (one time column, one value
 * column per series, prepared in the host); a new answer replaces the data without a new chart.
 * More points than two per pixel column are reduced to each column's min and max first (spikes
 * keep their height), so a long series costs uPlot the chart's width, not its length.
 */
export function TimeChart({ t, series, unit, height = 180, onSpan, testId }: { t: readonly number[]; series: readonly ChartSeries[]; unit: string; height?: number; onSpan?: (from: number, to: number) => void; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => s.label).join('\u0000');
  const spanRef = useRef(onSpan);
  spanRef.current = onSpan;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const dim = css.getPropertyValue('--text-dim').trim() || '#8a93a6';
    const grid = css.getPropertyValue('--border').trim() || '#2a2e37';
    const axis = { stroke: dim, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      series: [
        { label: 'time', value: (_u, v) => (v === null ? '–' : clock(v)) },
        ...series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: false, value: (_u: uPlot, v: number | null) => fmt(v, unit) })),
      ],
      axes: [
        { ...axis, label: 'time', labelSize: 14, labelFont: '11px system-ui', font: '11px system-ui' },
        { ...axis, label: unit, labelSize: 16, labelFont: '11px system-ui', font: '11px system-ui', size: 64, values: (_u, splits) => splits.map((v) => fmt(v, unit)) },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            spanRef.current?.(from, to);
          },
        ],
      },
    };
    const p = new uPlot(opts, chartData(t, series, opts.width), el);
    plot.current = p;
    const ro = new ResizeObserver(() => p.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      p.destroy();
      plot.current = null;
    };
    // A new chart only when the series set or unit changes; new values go through setData below.
  }, [shape, unit, height]);

  useEffect(() => {
    const p = plot.current;
    if (p) p.setData(chartData(t, series, p.width));
  }, [t, series]);

  return <div ref={box} className="time-chart" data-testid={testId} data-points={t.length * series.length} />;
}

/** uPlot's aligned data, reduced to min/max per pixel column where the series are longer than the width holds. */
export function chartData(t: readonly number[], series: readonly ChartSeries[], width: number): uPlot.AlignedData {
  const d = decimateMinMax(t, series.map((s) => s.v), width);
  return [d.t, ...d.v] as uPlot.AlignedData;
}
