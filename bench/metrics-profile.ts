// Where the renderer's time goes when a live refresh of the 500-shard board lands: a CPU profile
// (Chromium's CDP Profiler) across one refresh, self time per function, and the long tasks seen.
// `npx tsx bench/metrics-profile.ts [--shot file.png]` (a diagnosis aid for bench:metrics; prints, exits 0);
// `--shot` also saves the board as first painted, to compare the board before and after a change.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeExample } from '../gitops/core/examples/large.ts';
import { launchChromium } from '../e2e/app/helpers/browser.ts';
import { startServe } from '../e2e/app/helpers/serve-host.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SHARDS = 500;

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/metrics-standin.ts'), String(SHARDS)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => child.stdout!.on('data', (d: Buffer) => { const m = /standin (\d+)/.exec(d.toString()); if (m) resolve(Number(m[1])); }));
const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-prof-metrics-'));
for (const [rel, text] of largeExample({ tenants: 500, shards: SHARDS, pools: 50, clusters: 10 })) {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, rel.startsWith('clusters/') ? `${text.trimEnd()}\n  prometheusUrl: http://127.0.0.1:${port}\n` : text);
}
const host = await startServe({ workspace: dir });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: 'dark' });
  await page.addInitScript(`(() => { window.__long = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true }); })()`);
  await page.goto(host.url);
  await page.getByTestId('workspace-name').waitFor({ timeout: 60_000 });
  await page.getByTestId('view-metrics').click();
  await page.locator('[data-testid^="board-shard-"]').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2000);
  const shot = process.argv.indexOf('--shot');
  if (shot > 0) await page.getByTestId('metrics-board').screenshot({ path: process.argv[shot + 1]! });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.evaluate('window.__long.length = 0');
  // A trace of the main thread alongside: every task over 16 ms with what ran inside it.
  const events: Array<{ name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string; data?: { functionName?: string; url?: string } } }> = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as typeof events)));
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(16_000);
  await cdp.send('Tracing.end');
  await traced;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur !== undefined);
  // The tasks with the most main-thread CPU time (wall time under load includes other processes' turns),
  // and the longest by wall time, with the CPU time of what ran inside each.
  const tasks = onMain.filter((e) => e.name === 'RunTask' && ((e.tdur ?? 0) > 4_000 || e.dur! > 12_000) && !events.some((p) => p.name === 'CpuProfiler::StartProfiling' && p.ts >= e.ts && p.ts <= e.ts + e.dur!)).sort((a, b) => b.dur! - a.dur!).slice(0, 12);
  for (const t of tasks) {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur! && e.dur! > 500 && e.name !== 'RunTask');
    const parts = inside.map((e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName} ${path.basename(e.args.data.url ?? "")})` : ''} ${(e.dur! / 1000).toFixed(1)}/${((e.tdur ?? 0) / 1000).toFixed(1)}`).slice(0, 14);
    process.stdout.write(`task ${(t.dur! / 1000).toFixed(1)} ms wall, ${((t.tdur ?? 0) / 1000).toFixed(1)} ms CPU (inside: wall/CPU ms): ${parts.join(', ')}\n`);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>; samples: number[]; timeDeltas: number[] } };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const k = `${n.callFrame.functionName || '(anon)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber}`;
    byFn.set(k, (byFn.get(k) ?? 0) + (self.get(n.id) ?? 0));
  }
  const top = [...byFn].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [k, us] of top) process.stdout.write(`${(us / 1000).toFixed(1).padStart(7)} ms  ${k}\n`);
  process.stdout.write(`long tasks [start, ms]: ${JSON.stringify(await page.evaluate('window.__long'))}\n`);
} finally {
  await browser.close();
  await host.stop();
  child.kill('SIGTERM');
}
process.exit(0);
