// npm run bench:watch — live monitoring in the host (issue 11): 50,000 pods and 5,000 nodes over 3
// clusters, then 1,000 watch events a second for 60 s, through the host's real cluster service
// (kubeconfig, discovery, access reviews, chunked lists, watches, applyWatchEvent, selectView,
// coalesced deltas). The real apiserver of e2e/peers tops out near 330 events/s on 2 cores
// (TEST-PEERS.md), so the clusters are a recorded-stream server in a child process on 127.0.0.1: it
// speaks the Kubernetes list/watch protocol (chunked lists with limit/continue, watch streams of JSON
// lines, bookmarks) and serves objects made from pods and nodes captured from the real control plane
// (gitops/core/live/__fixtures__/kwok-cluster); see bench/watch-server.ts. One line per figure;
// always exits 0. The renderer's figure is bench/watch-renderer.bench.ts.
// The host runs as it ships: this file and the host's code bundled by esbuild and run by plain node
// (bench/bundled.ts; under tsx the process held ~150 MB more, the loader's, before connecting).
//   --seconds N     length of the burst (default 60, as the issue says)
//   --from-source   run the TypeScript sources under tsx instead (for comparison)
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LiveSpec } from '../gitops/core/live/index.ts';
import { ClusterService } from '../electron/services/cluster/cluster-service.ts';
import type { ViewDeltaDto } from '../shared/ipc/cluster-schemas.ts';
import { argValue, burstSeconds } from './args.ts';
import { isBundledRun, runBundled } from './bundled.ts';
import { startWatchServer } from './watch-server.ts';

const CLUSTERS = 3;
const PODS = 50_000;
const NODES = 5_000;
const SHARDS_PER_CLUSTER = 50;
const RATE = 1000;
const SECONDS = burstSeconds();
/** Items per list page (the host's default, 500, when not given). */
const PAGE = argValue('--page-size');

const line = (figure: string, value: number | string, unit: string, budget: string) =>
  console.log(`${figure}: ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 0) : value} ${unit} (budget ${budget})`);

async function main(): Promise<void> {
  const namespaces = Array.from({ length: CLUSTERS }, (_, c) => ({ namespaces: Array.from({ length: SHARDS_PER_CLUSTER }, (_, s) => `shard-c${c}s${s}`) }));
  const server = await startWatchServer({ clusters: namespaces, pods: PODS, nodes: NODES });
  const ports = server.ports;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-bench-watch-'));
  const names = ports.map((_, i) => `bench-${i}`);
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: ports.map((p, i) => ({ name: names[i], cluster: { server: `http://127.0.0.1:${p}`, 'insecure-skip-tls-verify': true } })),
      users: [{ name: 'bench', user: { token: 'bench-token' } }],
      contexts: names.map((n) => ({ name: n, context: { cluster: n, user: 'bench' } })),
      'current-context': names[0],
    }),
  );
  const spec: LiveSpec = { clusters: {}, shards: {}, tenants: {} };
  for (let c = 0; c < CLUSTERS; c++) {
    const shards = Array.from({ length: SHARDS_PER_CLUSTER }, (_, s) => `c${c}s${s}`);
    (spec.clusters as Record<string, unknown>)[names[c]!] = { name: names[c], spec: { region: 'westeurope', provider: 'aks', gitops: 'flux' }, shards };
    for (const s of shards) {
      (spec.shards as Record<string, unknown>)[s] = { name: s, cluster: names[c], namespace: `shard-${s}`, zones: ['1', '2', '3'], state: 'active', gpuType: 'nvidia-h100', gpus: 0, servers: [{ name: 'llama', model: 'llama-3-8b', runtime: 'vllm', gpusPerReplica: 1, min: 1, max: 400 }], tenants: [] };
    }
  }
  // What the renderer would be sent, kept as the IPC would carry it: when, for which view, and
  // whether it says the cluster's lists are complete (the deltas themselves are not kept).
  const deltas: Array<{ at: number; subscription: string; synced: string[] }> = [];
  let deltaBytes = 0;
  const onDelta = (d: ViewDeltaDto) => {
    deltaBytes += JSON.stringify(d).length;
    const synced = Object.entries(d.set).filter(([k, v]) => k.startsWith('connection/') && (v as { synced?: boolean }).synced === true).map(([k]) => k.slice('connection/'.length));
    deltas.push({ at: performance.now(), subscription: d.subscription, synced });
  };
  const svc = new ClusterService({
    dataDir: dir,
    clusters: () => names.map((n) => ({ name: n, provider: 'aks', region: 'westeurope', gitops: 'flux' as const })),
    liveSpec: () => spec,
    emitDelta: onDelta,
    emitConnection: () => {},
    emitNotice: () => {},
    env: { KUBECONFIG: kubeconfig },
    ...(PAGE ? { tuning: { pageSize: Number(PAGE) } } : {}),
  });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

  // Connect: one shard board (cluster view) per cluster, as the clusters overview opens them, all
  // three at the same moment (the host lists 50,000 pods and 5,000 nodes at once). The issue's
  // figure is the time to the first complete shard board: here the board opened first (bench-0's),
  // complete when its cluster's lists are all in and a delta saying so went out. The time until all
  // three are complete (what this line measured before 2026-12-01's session 6) is printed too.
  const loadBefore = os.loadavg()[0]!;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const subs = names.map((n) => svc.subscribe({ view: 'cluster', cluster: n }).subscription);
  const syncedAt = (id: string, cluster: string) => deltas.find((d) => d.subscription === id && d.synced.includes(cluster))?.at;
  let firstCpu: NodeJS.CpuUsage | undefined;
  let firstRss = 0;
  const [firstBoard, allBoards] = await new Promise<[number, number]>((resolve) => {
    let first: number | undefined;
    const check = setInterval(() => {
      const at = subs.map((id, i) => syncedAt(id, names[i]!));
      if (first === undefined && at[0] !== undefined) {
        first = at[0] - t0;
        firstCpu = process.cpuUsage(cpu0);
        firstRss = process.memoryUsage().rss;
      }
      if (first !== undefined && at.every((a) => a !== undefined)) {
        clearInterval(check);
        resolve([first, Math.max(...(at as number[])) - t0]);
      }
    }, 20);
  });
  const connectCpu = process.cpuUsage(cpu0);
  const mem = process.memoryUsage();
  const pods = names.reduce((n, c) => n + svc.loopStats(c).filter((s) => s.resource === 'Pod').reduce((m, s) => m + s.size, 0), 0);
  const nodes = names.reduce((n, c) => n + svc.loopStats(c).filter((s) => s.resource === 'Node').reduce((m, s) => m + s.size, 0), 0);

  // The burst: 1,000 events a second for SECONDS s.
  const before = deltas.length;
  const tb = performance.now();
  const cpuB = process.cpuUsage();
  const sent = await server.burst(SECONDS, RATE);
  const burstMs = performance.now() - tb;
  const burstCpu = process.cpuUsage(cpuB);
  await new Promise((r) => setTimeout(r, 1000));
  const during = deltas.slice(before);
  const perView = subs.map((id) => during.filter((d) => d.subscription === id));
  // The busiest second of the busiest view.
  let maxPerSecond = 0;
  for (const list of perView) {
    for (let i = 0; i < list.length; i++) {
      let j = i;
      while (j < list.length && list[j]!.at - list[i]!.at < 1000) j++;
      maxPerSecond = Math.max(maxPerSecond, j - i);
    }
  }
  const events = names.reduce((n, c) => n + svc.loopStats(c).reduce((m, s) => m + s.events, 0), 0);

  // Idle after the burst: CPU of this process over 10 s (bookmarks still arrive).
  await new Promise((r) => setTimeout(r, 3000));
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000));
  const cu = process.cpuUsage(c0);
  const idleCpu = ((cu.user + cu.system) / 1000 / (performance.now() - w0)) * 100;
  clearInterval(sampler);

  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const mb = (n: number) => n / 1024 / 1024;
  console.log(`source: recorded-stream server on 127.0.0.1 (Kubernetes list/watch protocol, objects from the captured kwok cluster); the real apiserver cannot produce ${RATE} events/s on 2 cores (TEST-PEERS.md)`);
  console.log(`listed: ${pods} pods, ${nodes} nodes over ${CLUSTERS} clusters; burst: ${sent} watch events in ${(burstMs / 1000).toFixed(1)} s sent, ${events} received by the host's watches; ${during.length} deltas (${(deltaBytes / 1024 / 1024).toFixed(1)} MB of JSON) to ${subs.length} views`);
  console.log(`load average (1 min) at connect: ${loadBefore.toFixed(2)}, at the end: ${os.loadavg()[0]!.toFixed(2)}`);
  line('host RSS (peak)', mb(peakRss), 'MB', '400 MB');
  line('connect to first complete shard board (the board opened first; 3 clusters connecting at once)', firstBoard / 1000, 's', '3 s');
  line('connect to all 3 shard boards complete', allBoards / 1000, 's', 'none');
  line('deltas per second to a subscribed view (busiest second)', maxPerSecond, '/s', '10 /s');
  line('host CPU at idle after the burst', idleCpu, '%', '3 %');
  line('host CPU time from connect to the first complete board', cpuMs(firstCpu!) / 1000, 's', 'none');
  line('host CPU time from connect to all 3 boards complete', cpuMs(connectCpu) / 1000, 's', 'none');
  line('host CPU during the burst', (cpuMs(burstCpu) / burstMs) * 100, '%', 'none');
  line('host CPU time per watch event received in the burst', (cpuMs(burstCpu) * 1000) / Math.max(1, events), 'µs', 'none');
  line(`host RSS before connecting (node and the host's modules, ${isBundledRun() ? 'bundled, as shipped' : 'TypeScript sources under tsx'})`, mb(rssBefore), 'MB', 'none');
  line('host RSS when the first board was complete', mb(firstRss), 'MB', 'none');
  line('host heap used / RSS when all 3 boards were complete', `${mb(mem.heapUsed).toFixed(0)} / ${mb(mem.rss).toFixed(0)}`, 'MB', 'none');
  svc.dispose();
  server.stop();
}

const run = isBundledRun() || process.argv.includes('--from-source') ? main() : runBundled(['bench/watch.bench.ts', 'bench/watch-server.ts']).then(() => undefined);
run.then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(0);
  },
);
