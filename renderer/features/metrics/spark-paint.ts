import { sparkGeometry, type Column } from './spark-geometry.ts';

/** Draws one sparkline from point `from` on, on its canvas (sized width × height CSS px times the device pixel ratio), in the canvas's CSS color. */
export function paintSparkline(c: HTMLCanvasElement, v: Column, width: number, height: number, max: number | undefined, from = 0) {
  const g = c.getContext('2d');
  if (!g) return;
  const dpr = c.width / width;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  const { runs, last } = sparkGeometry(v, width, height, max, from);
  const stroke = getComputedStyle(c).color || '#5b8cff';
  g.strokeStyle = stroke;
  g.lineWidth = 1.25;
  g.beginPath();
  for (const run of runs) {
    g.moveTo(run[0]!, run[1]!);
    for (let i = 2; i < run.length; i += 2) g.lineTo(run[i]!, run[i + 1]!);
  }
  g.stroke();
  if (last) {
    g.fillStyle = stroke;
    g.beginPath();
    g.arc(last[0], last[1], 1.8, 0, Math.PI * 2);
    g.fill();
  }
}
