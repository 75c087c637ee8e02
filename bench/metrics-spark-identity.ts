// Checks that the board's sparklines look the same after drawing moved to spark-paint.ts (issue 12's
// renderer task work): in Chromium, the drawing as Sparkline.tsx did it in one effect (before commit
// "Metrics board: sparklines drawn in frames") and paintSparkline draw the same columns (gaps, nulls at
// the ends, a max of 100, values above it, empty ones) on two canvases; the pixels are compared.
// `npx tsx bench/metrics-spark-identity.ts`: prints how many columns matched pixel for pixel; exits 0.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/app/helpers/browser.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { buildSync } = await import('esbuild');
const js = buildSync({ entryPoints: [path.join(root, 'renderer/features/metrics/spark-paint.ts')], bundle: true, write: false, format: 'iife', globalName: '__spark' }).outputFiles[0]!.text;
const browser = await launchChromium();
try {
  for (const dpr of [1, 2]) {
    const page = await browser.newPage({ deviceScaleFactor: dpr });
    await page.setContent('<div style="color: #5b8cff"><canvas id="a" style="width:110px;height:22px"></canvas><canvas id="b" style="width:110px;height:22px"></canvas></div>');
    await page.addScriptTag({ content: js });
    const [same, total, firstDiff] = (await page.evaluate(`(() => {
      // The drawing as the effect of Sparkline.tsx was before the change.
      const before = (c, v, width, height, max) => {
        const dpr = window.devicePixelRatio || 1;
        c.width = width * dpr; c.height = height * dpr;
        const g = c.getContext('2d');
        g.scale(dpr, dpr);
        g.clearRect(0, 0, width, height);
        let hi = max ?? 0;
        if (max === undefined) for (const x of v) if (x !== null && x > hi) hi = x;
        if (hi <= 0) hi = 1;
        const stroke = getComputedStyle(c).color || '#5b8cff';
        g.strokeStyle = stroke; g.lineWidth = 1.25; g.beginPath();
        let pen = false, lx = 0, ly = 0;
        const n = Math.max(1, v.length - 1);
        v.forEach((x, i) => {
          if (x === null) { pen = false; return; }
          const px = (i / n) * (width - 3) + 1;
          const py = height - 2 - (Math.min(x, hi) / hi) * (height - 4);
          if (pen) g.lineTo(px, py); else g.moveTo(px, py);
          pen = true; lx = px; ly = py;
        });
        g.stroke();
        if (pen) { g.fillStyle = stroke; g.beginPath(); g.arc(lx, ly, 1.8, 0, Math.PI * 2); g.fill(); }
      };
      const a = document.getElementById('a');
      const b = document.getElementById('b');
      let seed = 7;
      const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      const cols = [[], [null], [5], [null, null], [0, 0, 0], [1, null, 2, null, 3], [null, 4, 5, null]];
      for (let k = 0; k < 200; k++) cols.push(Array.from({ length: 1 + Math.floor(rnd() * 120) }, () => (rnd() < 0.1 ? null : rnd() * 150)));
      let same = 0; let firstDiff = -1;
      cols.forEach((v, k) => {
        const max = k % 3 === 0 ? 100 : undefined;
        before(a, v, 110, 22, max);
        const dpr = window.devicePixelRatio || 1;
        b.width = 110 * dpr; b.height = 22 * dpr;
        __spark.paintSparkline(b, v, 110, 22, max);
        const x = a.getContext('2d').getImageData(0, 0, a.width, a.height).data;
        const y = b.getContext('2d').getImageData(0, 0, b.width, b.height).data;
        let eq = x.length === y.length;
        for (let i = 0; eq && i < x.length; i++) if (x[i] !== y[i]) eq = false;
        if (eq) same++; else if (firstDiff < 0) firstDiff = k;
      });
      return [same, cols.length, firstDiff];
    })()`)) as [number, number, number];
    process.stdout.write(`sparklines drawn the same as before, device pixel ratio ${dpr}: ${same} of ${total} columns pixel for pixel${firstDiff >= 0 ? ` (first differing column ${firstDiff})` : ''}\n`);
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(0);
