// The renderer's half of `npm run bench:watch` (issue 11): the longest task in Chromium while the
// real renderer applies the deltas of the burst. The app runs in browser mode (scripts/serve.mjs,
// the real host with its cluster service) on the large example workspace; its first 3 clusters are
// recorded-stream servers (bench/watch-server.ts) with 50,000 pods and 5,000 nodes in their shard
// namespaces, spread over each shard's model servers with their Deployments (health follows the
// pods: the burst turns shards degraded and back, so the cards change). The person connects the 3 clusters and keeps the first one's shard board open (50
// shard cards) while 1,000 watch events a second arrive for 60 s; a PerformanceObserver('longtask')
// in the page records every task over 50 ms. One line per figure; always exits 0.
// Beside the longest task it prints the renderer main thread's busy time over the burst (CDP
// Performance.getMetrics: TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration), which
// the neighbours on a shared machine move less than wall-clock figures.
//   --seconds N   length of the burst (default 60)   --shot FILE   a screenshot of the board mid-burst
//   --profile FILE   a CPU profile of the page over the burst (CDP Profiler; open it in DevTools)
//   --trace FILE   a Chromium trace (devtools.timeline) of the burst (DevTools' Performance panel), and from
//                  it the CPU time of the renderer main thread's tasks (a task's wall time on a loaded
//                  machine is mostly time spent waiting for a core)
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeExample } from '../gitops/cli/commands/init.ts';
import { liveSpecOf } from '../gitops/core/live/index.ts';
import { loadWorkspace } from '../gitops/node/workspace-io.ts';
import { launchChromium } from '../e2e/app/helpers/browser.ts';
import { startServe } from '../e2e/app/helpers/serve-host.ts';
import { argValue, burstSeconds } from './args.ts';
import { startWatchServer } from './watch-server.ts';

const CLUSTERS = 3;
const PODS = 50_000;
const NODES = 5_000;
const RATE = 1000;
const SECONDS = burstSeconds();
const SHOT = argValue('--shot');
const PROFILE = argValue('--profile');
const TRACE = argValue('--trace');

const line = (figure: string, value: number, unit: string, budget: string) => console.log(`${figure}: ${Math.round(value)} ${unit} (budget ${budget})`);

/** The renderer main thread's top-level tasks in a Chromium trace (RunTask events: dur is wall time, tdur the thread's CPU time). */
function mainThreadTasks(trace: Buffer): { count: number; cpuMs: number; longestCpuMs: number; wallOfLongestCpuMs: number; over50Wall: number; over16Cpu: number } {
  type Ev = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: Ev[] } | Ev[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`));
  const longest = tasks.reduce<Ev | undefined>((m, e) => ((e.tdur ?? 0) > (m?.tdur ?? -1) ? e : m), undefined);
  return {
    count: tasks.length,
    cpuMs: tasks.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000,
    longestCpuMs: (longest?.tdur ?? 0) / 1000,
    wallOfLongestCpuMs: (longest?.dur ?? 0) / 1000,
    over50Wall: tasks.filter((e) => (e.dur ?? 0) > 50_000).length,
    over16Cpu: tasks.filter((e) => (e.tdur ?? 0) > 16_000).length,
  };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gantry-bench-watch-ui-'));
  const ws = path.join(tmp, 'ws');
  writeExample(ws, 'large', 'http://127.0.0.1:9/none.git');
  const spec = liveSpecOf(loadWorkspace(ws).model);
  const clusters = Object.values(spec.clusters).slice(0, CLUSTERS);
  const server = await startWatchServer({ clusters: clusters.map((c) => ({ namespaces: c.shards.map((s) => spec.shards[s]!.namespace), region: c.spec.region, servers: spec.shards[c.shards[0]!]!.servers.map((v) => v.name) })), pods: PODS, nodes: NODES });
  const kubeconfig = path.join(tmp, 'kubeconfig');
  // Contexts named like the Cluster specs' kubeContext (the large example names them after the cluster).
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: clusters.map((c, i) => ({ name: c.name, cluster: { server: `http://127.0.0.1:${server.ports[i]}`, 'insecure-skip-tls-verify': true } })),
      users: [{ name: 'bench', user: { token: 'bench-token' } }],
      contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: 'bench' } })),
      'current-context': clusters[0]!.name,
    }),
  );
  const host = await startServe({ workspace: ws, env: { KUBECONFIG: kubeconfig } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page.setDefaultTimeout(120_000);
    await page.addInitScript(`(() => {
      const long = [];
      window.__long = long;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    })()`);
    await page.goto(host.url);
    await page.getByTestId('workspace-name').waitFor({ timeout: 120_000 });
    await page.getByTestId('view-live').click();
    const t0 = Date.now();
    for (const c of clusters) await page.getByTestId(`connect-${c.name}`).click();
    const first = clusters[0]!.name;
    for (const c of clusters) {
      await page.getByTestId(`conn-${c.name}`).filter({ hasText: /^Live$/ }).waitFor({ timeout: 300_000 }).catch(async (err: unknown) => {
        await page.screenshot({ path: path.join(tmp, 'not-live.png') });
        throw new Error(`${c.name} not live: "${await page.getByTestId(`conn-${c.name}`).textContent()}" (${path.join(tmp, 'not-live.png')})`, { cause: err });
      });
    }
    const connectMs = Date.now() - t0;
    await page.getByTestId(`open-board-${first}`).click();
    await page.locator('.shard-card').nth(clusters[0]!.shards.length - 1).waitFor();
    const cards = await page.locator('.shard-card').count();
    // From here on: the burst, and every long task while the board applies its deltas.
    await page.evaluate(`(() => {
      window.__long.length = 0;
      let last = performance.now();
      let gap = 0;
      window.__gap = () => gap;
      const tick = () => { const now = performance.now(); gap = Math.max(gap, now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const before = await metrics();
    const burst = server.burst(SECONDS, RATE);
    if (TRACE) await browser.startTracing(page, { path: TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
    if (SHOT) {
      await page.waitForTimeout(Math.min(SECONDS, 10) * 1000);
      await page.screenshot({ path: SHOT });
    }
    const sent = await burst;
    await page.waitForTimeout(2000);
    const after = await metrics();
    const busy = (m: string) => ((after[m] ?? 0) - (before[m] ?? 0)) * 1000;
    const traced = TRACE ? mainThreadTasks(await browser.stopTracing()) : undefined;
    if (PROFILE) writeFileSync(PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const [long, count, gap] = (await page.evaluate(`[Math.max(0, ...window.__long), window.__long.length, window.__gap()]`)) as [number, number, number];
    console.log(`source: the app in browser mode (scripts/serve.mjs) on the large example, clusters ${clusters.map((c) => c.name).join(', ')} served by the recorded-stream server (bench/watch-server.ts); ${PODS} pods, ${NODES} nodes; ${sent} watch events in ${SECONDS} s; the board of ${first} open (${cards} shard cards); all 3 clusters live ${(connectMs / 1000).toFixed(1)} s after Connect`);
    console.log(`load average (1 min) at the end: ${os.loadavg()[0]!.toFixed(2)}; ${count} long tasks (over 50 ms) in the page during the burst; longest gap between frames ${Math.round(gap)} ms`);
    console.log(`renderer main thread over the burst and 2 s after: tasks ${Math.round(busy('TaskDuration'))} ms, script ${Math.round(busy('ScriptDuration'))} ms, layout ${Math.round(busy('LayoutDuration'))} ms, style ${Math.round(busy('RecalcStyleDuration'))} ms (${((busy('TaskDuration') / ((SECONDS + 2) * 1000)) * 100).toFixed(1)} % of the wall time)`);
    if (traced) console.log(`renderer main thread tasks in the trace: ${traced.count}, CPU ${Math.round(traced.cpuMs)} ms; longest task's CPU ${traced.longestCpuMs.toFixed(1)} ms (its wall ${traced.wallOfLongestCpuMs.toFixed(1)} ms); tasks over 50 ms wall ${traced.over50Wall}, over 16 ms CPU ${traced.over16Cpu}`);
    line('longest renderer task while applying the deltas of the burst in Chromium', long || 0, 'ms', '50 ms');
  } finally {
    await browser.close();
    await host.stop();
    server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(0);
  },
);
