// The pure live-monitoring core (gitops/core/live) at the issue-11 scale: 50,000 pods and 5,000 nodes
// over 3 clusters, then a stream of watch events, coalesced every 100 ms into shard-board deltas.
// This measures only the pure functions the host's list/watch loop calls (no sockets); the host's
// `npm run bench:watch` measures the whole path. One line per figure; exits 0 even over budget.
//   npx tsx bench/live-core.bench.ts        (heap figures need: node --expose-gc --import tsx bench/live-core.bench.ts)
import pods from '../gitops/core/live/__fixtures__/kwok-cluster/pods.json';
import deployments from '../gitops/core/live/__fixtures__/kwok-cluster/deployments.json';
import nodes from '../gitops/core/live/__fixtures__/kwok-cluster/nodes.json';
import {
  applyWatchEvent, EMPTY_STATE, makeDelta, selectView, type LiveSpec, type LiveSpecShard, type LiveState, type ViewItems,
} from '../gitops/core/live/index.ts';

type Obj = { metadata: Record<string, unknown> & { labels?: Record<string, string> }; spec: Record<string, unknown>; status: Record<string, unknown> };
const CLUSTERS = ['aks-weu-prod', 'aks-eus-prod', 'aks-sdc-prod'];
const PODS_PER_CLUSTER = 16_667;
const NODES_PER_CLUSTER = 1_667;
const SHARDS_PER_CLUSTER = 100;
const basePod = pods.items.find((p) => p.metadata.name === 'llama-84c5c55476-2pql9') as unknown as Obj;
const baseDeployment = deployments.items.find((d) => d.metadata.name === 'llama' && d.metadata.namespace === 'shard-weu-1') as unknown as Obj;
const baseNode = nodes.items.find((n) => n.metadata.name === 'kwok-h100-z1-a') as unknown as Obj;

function node(c: number, i: number): Obj {
  const n = structuredClone(baseNode);
  n.metadata.name = `n${c}-${i}`;
  n.metadata.uid = `node-${c}-${i}`;
  n.metadata.labels = { ...n.metadata.labels, 'topology.kubernetes.io/zone': `westeurope-${(i % 3) + 1}`, 'kubernetes.io/hostname': `n${c}-${i}` };
  return n;
}

function pod(c: number, i: number, rv: number, ready = true): Obj {
  const p = structuredClone(basePod);
  const shard = `s${c}-${i % SHARDS_PER_CLUSTER}`;
  p.metadata.name = `llama-84c5c55476-${i}`;
  p.metadata.uid = `pod-${c}-${i}`;
  p.metadata.namespace = `shard-${shard}`;
  p.metadata.resourceVersion = String(rv);
  p.metadata.labels = { ...p.metadata.labels, 'gantry.dev/shard': shard };
  p.spec.nodeName = `n${c}-${i % NODES_PER_CLUSTER}`;
  if (!ready) (p.status.conditions as Array<{ type: string; status: string }>).find((x) => x.type === 'Ready')!.status = 'False';
  return p;
}

function deployment(c: number, s: number): Obj {
  const d = structuredClone(baseDeployment);
  d.metadata.uid = `dep-${c}-${s}`;
  d.metadata.namespace = `shard-s${c}-${s}`;
  const replicas = Math.ceil(PODS_PER_CLUSTER / SHARDS_PER_CLUSTER);
  d.spec.replicas = replicas;
  Object.assign(d.status, { replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas });
  return d;
}

function spec(): LiveSpec {
  const clusters: Record<string, LiveSpec['clusters'][string]> = {};
  const shards: Record<string, LiveSpecShard> = {};
  CLUSTERS.forEach((name, c) => {
    const names = Array.from({ length: SHARDS_PER_CLUSTER }, (_, s) => `s${c}-${s}`);
    clusters[name] = { name, spec: { region: 'westeurope', provider: 'aks', gitops: 'flux' }, shards: names };
    for (const s of names) {
      shards[s] = {
        name: s, cluster: name, namespace: `shard-${s}`, zones: ['1', '2', '3'], state: 'active', gpuType: 'nvidia-h100', gpus: 200, tenants: [],
        servers: [{ name: 'llama', model: 'llama-3-8b', runtime: 'triton', gpusPerReplica: 1, min: 2, max: 8 }],
      };
    }
  });
  return { clusters, shards, tenants: {} };
}

const line = (figure: string, value: number, unit: string, budget: number) =>
  console.log(`${figure}: ${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit} (budget ${budget} ${unit})`);
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => (gc?.(), process.memoryUsage().heapUsed / 2 ** 20);

// CPU time of this process, not wall time: the figures are of pure computation, and the machine
// is shared (a wall clock there measures the neighbours).
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const liveSpec = spec();
const heap0 = heapMb();
const lists = CLUSTERS.map((_, c) => ({ nodes: Array.from({ length: NODES_PER_CLUSTER }, (_, i) => node(c, i)), pods: Array.from({ length: PODS_PER_CLUSTER }, (_, i) => pod(c, i, 1)) }));

let state: LiveState = EMPTY_STATE;
let t = cpuMs();
CLUSTERS.forEach((cluster, c) => {
  state = applyWatchEvent(state, { cluster, kind: 'Node', type: 'RELIST', objects: lists[c]!.nodes, resourceVersion: '1' }).state;
  state = applyWatchEvent(state, { cluster, kind: 'Pod', type: 'RELIST', objects: lists[c]!.pods, resourceVersion: '1' }).state;
  state = applyWatchEvent(state, { cluster, kind: 'Deployment', type: 'RELIST', objects: Array.from({ length: SHARDS_PER_CLUSTER }, (_, s) => deployment(c, s)) }).state;
});
const relistMs = cpuMs() - t;
t = cpuMs();
const boards = CLUSTERS.map((cluster) => selectView(state, liveSpec, { view: 'cluster', cluster }));
const boardMs = cpuMs() - t;
lists.length = 0;
const heapState = heapMb() - heap0;

line('relist 50,001 pods and 5,001 nodes into projections (CPU)', relistMs, 'ms', 1500);
line('first complete shard boards of 3 clusters (300 shards) from the state (CPU)', boardMs, 'ms', 1500);
if (gc) line('heap held by the state of 50,001 pods and 5,001 nodes', heapState, 'MB', 150);

// 1,000 events per second for 10 s of events, flushed every 100 ms into one subscribed board's delta.
const EVENTS = 10_000;
let applyMs = 0;
const flushMs: number[] = [];
let prev: ViewItems = boards[0]!;
let seq = 0;
for (let i = 0; i < EVENTS; i++) {
  const c = i % 3;
  const ev = { cluster: CLUSTERS[c]!, kind: 'Pod' as const, type: 'MODIFIED' as const, object: pod(c, (i * 7919) % PODS_PER_CLUSTER, 100 + i, i % 2 === 0) };
  const t0 = cpuMs();
  state = applyWatchEvent(state, ev).state;
  applyMs += cpuMs() - t0;
  if (i % 100 === 99) {
    const t1 = cpuMs();
    const next = selectView(state, liveSpec, { view: 'cluster', cluster: CLUSTERS[0]! });
    makeDelta(prev, next, ++seq);
    prev = next;
    flushMs.push(cpuMs() - t1);
  }
}
flushMs.sort((a, b) => a - b);
line('applyWatchEvent, mean CPU per event at 50,000 pods', (applyMs / EVENTS) * 1000, 'µs', 100);
line('host CPU for 1,000 events/s (apply only)', (applyMs / EVENTS) * 1000 / 10, '%', 10);
line('coalesced flush (select a 100-shard board + makeDelta), median CPU', flushMs[Math.floor(flushMs.length / 2)]!, 'ms', 20);
line('coalesced flush, slowest (CPU)', flushMs[flushMs.length - 1]!, 'ms', 50);
