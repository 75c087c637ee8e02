// `npm run bench:app`: browser mode's two budgets from ARCHITECTURE.md.
//  - process start to the workspace view painted (serve spawned -> tenants table painted in Chromium), median of 3
//  - initial JS gzipped (what index.html loads before anything is clicked; Monaco is lazy and not in it)
// Prints one line per figure and exits 0 even when over budget.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeExample } from '../gitops/cli/commands/init.ts';
import { launchChromium } from '../e2e/app/helpers/browser.ts';
import { ensureAppBuilt, startServe } from '../e2e/app/helpers/serve-host.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function startToPaint(): Promise<number> {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'gantry-bench-'));
  writeExample(ws, 'small');
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto('about:blank');
  const t0 = performance.now();
  const host = await startServe({ workspace: ws });
  try {
    await page.goto(host.url);
    await page.getByTestId('row-tenant-acme').waitFor({ state: 'visible', timeout: 30_000 });
    // Two frames: the one that lays the table out, and the one that paints it.
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    return performance.now() - t0;
  } finally {
    await host.stop();
    await browser.close();
  }
}

function initialJsGzipped(): { kb: number; files: string[] } {
  const dir = path.join(root, 'dist/renderer');
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) refs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) refs.add(m[1]!);
  let bytes = 0;
  for (const ref of refs) bytes += gzipSync(readFileSync(path.join(dir, ref.replace(/^\.?\//, ''))), { level: 9 }).length;
  return { kb: bytes / 1024, files: [...refs] };
}

await ensureAppBuilt();
const runs: number[] = [];
for (let i = 0; i < 3; i++) runs.push(await startToPaint());
runs.sort((a, b) => a - b);
const js = initialJsGzipped();
process.stdout.write(`browser-mode start to painted workspace: ${Math.round(runs[1]!)} ms (budget 1500 ms)\n`);
process.stdout.write(`initial JS gzipped: ${js.kb.toFixed(1)} KB (budget 600 KB)\n`);
process.exit(0);
