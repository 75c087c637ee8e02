// The recorded-stream server of `npm run bench:watch`: one HTTP server per cluster on 127.0.0.1, each in its
// own child process (as each cluster has its own apiserver), speaking the Kubernetes list/watch protocol (discovery, SelfSubjectAccessReviews,
// chunked lists with limit/continue, watch streams of JSON lines, bookmarks every 10 s) with pods
// and nodes made from objects captured from the real control plane
// (gitops/core/live/__fixtures__/kwok-cluster). On request it sends a burst of watch events: pods
// turning ready and not, at a fixed rate over all clusters. The real apiserver of e2e/peers tops out
// near 330 events/s on 2 cores (TEST-PEERS.md), hence a recorded stream.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './bundled.ts';

export interface WatchServerConfig {
  /**
   * Per cluster, the shard namespaces its pods are spread over; the region its nodes' zones are
   * labelled in (`<region>-1..3`, as AKS does; default westeurope); and the model servers of each
   * shard: when given, pods are spread over them (gantry.dev/model-server) and each namespace gets a
   * Deployment per server whose status counts no ready replica, so a shard's health follows its pods.
   */
  clusters: Array<{ namespaces: string[]; region?: string; servers?: string[] }>;
  pods: number;
  nodes: number;
  /** The first cluster's number in object names and uids (node-<c>-<i>, p-<c>-<i>): a server process of one cluster of several. */
  index?: number;
}

export interface WatchServer {
  /** The port of each cluster's server. */
  ports: number[];
  /** Sends `rate` MODIFIED pod events a second over all clusters for `seconds`; resolves with how many went out. */
  burst(seconds: number, rate: number): Promise<number>;
  stop(): void;
}

type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

/**
 * Starts the servers, one child process per cluster (so their work does not count as the host's, and
 * one cluster's lists are not served after another's: each cluster has its own apiserver).
 */
export async function startWatchServer(config: WatchServerConfig): Promise<WatchServer> {
  const n = config.clusters.length;
  const share = (total: number, c: number) => Math.floor(total / n) + (c < total % n ? 1 : 0);
  const children = config.clusters.map((cluster, c) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--watch-server'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const own: WatchServerConfig = { clusters: [cluster], pods: share(config.pods, c), nodes: share(config.nodes, c), index: c };
    child.send({ cmd: 'config', config: own });
    return child;
  });
  const ports = await Promise.all(
    children.map(
      (child) =>
        new Promise<number>((resolve, reject) => {
          child.once('message', (m: { ports: number[] }) => resolve(m.ports[0]!));
          child.once('exit', (code) => reject(new Error(`the recorded-stream server exited (${code})`)));
        }),
    ),
  );
  return {
    ports,
    burst: async (seconds, rate) => {
      const sent = await Promise.all(
        children.map(
          (child) =>
            new Promise<number>((resolve) => {
              child.once('message', (m: { sent: number }) => resolve(m.sent));
              child.send({ cmd: 'burst', seconds, rate: rate / n });
            }),
        ),
      );
      return sent.reduce((a, b) => a + b, 0);
    },
    stop: () => children.forEach((child) => child.kill()),
  };
}

function serve(config: WatchServerConfig): void {
  // From the sources or from its bundle in dist/bench/ (bench/bundled.ts): the fixtures are the repository's.
  const fixtures = path.join(projectRoot(), 'gitops/core/live/__fixtures__/kwok-cluster');
  const podT = (JSON.parse(readFileSync(path.join(fixtures, 'pods.json'), 'utf8')) as { items: Obj[] }).items.find((p) => String(p.metadata.namespace).startsWith('shard-'))!;
  const nodeT = (JSON.parse(readFileSync(path.join(fixtures, 'nodes.json'), 'utf8')) as { items: Obj[] }).items[0]!;
  const depT = (JSON.parse(readFileSync(path.join(fixtures, 'deployments.json'), 'utf8')) as { items: Obj[] }).items.find((d) => String(d.metadata.namespace).startsWith('shard-'))!;
  const CLUSTERS = config.clusters.length;
  let rv = 1000;
  interface Cluster { pods: Map<string, string>; podObjs: Obj[]; nodes: string[]; deployments: string[]; watchers: Set<http.ServerResponse> }
  const clusters: Cluster[] = [];
  for (let k = 0; k < CLUSTERS; k++) {
    const { namespaces, region = 'westeurope', servers } = config.clusters[k]!;
    const c = k + (config.index ?? 0);
    const nodes: string[] = [];
    const nNodes = Math.floor(config.nodes / CLUSTERS) + (k < config.nodes % CLUSTERS ? 1 : 0);
    for (let i = 0; i < nNodes; i++) {
      const n = structuredClone(nodeT);
      n.metadata = { ...n.metadata, name: `node-${c}-${i}`, uid: `n-${c}-${i}`, resourceVersion: String(++rv), labels: { ...(n.metadata.labels as object), 'topology.kubernetes.io/zone': `${region}-${(i % 3) + 1}`, 'topology.kubernetes.io/region': region } };
      nodes.push(JSON.stringify(n));
    }
    const podObjs: Obj[] = [];
    const pods = new Map<string, string>();
    const nPods = Math.floor(config.pods / CLUSTERS) + (k < config.pods % CLUSTERS ? 1 : 0);
    for (let i = 0; i < nPods; i++) {
      const p = structuredClone(podT);
      const server = servers?.[Math.floor(i / namespaces.length) % servers.length];
      const labels = { ...(p.metadata.labels as object), ...(server ? { 'gantry.dev/model-server': server, 'app.kubernetes.io/name': server } : {}) };
      p.metadata = { ...p.metadata, name: `pod-${i}`, namespace: namespaces[i % namespaces.length], uid: `p-${c}-${i}`, resourceVersion: String(++rv), labels };
      (p.spec as Obj).nodeName = `node-${c}-${i % nNodes}`;
      podObjs.push(p);
      pods.set(p.metadata.uid as string, JSON.stringify(p));
    }
    const deployments: string[] = [];
    for (const [k, ns] of namespaces.entries()) {
      for (const [j, server] of (servers ?? []).entries()) {
        const replicas = podObjs.filter((p) => p.metadata.namespace === ns && (p.metadata.labels as Record<string, string>)['gantry.dev/model-server'] === server).length;
        const d = structuredClone(depT);
        d.metadata = { ...d.metadata, name: server, namespace: ns, uid: `d-${c}-${k}-${j}`, resourceVersion: String(++rv) };
        d.spec = { ...(d.spec as Obj), replicas };
        d.status = { ...(d.status as Obj), replicas, readyReplicas: 0, availableReplicas: 0, updatedReplicas: replicas };
        deployments.push(JSON.stringify(d));
      }
    }
    clusters.push({ pods, podObjs, nodes, deployments, watchers: new Set() });
  }
  const json = (res: http.ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const list = (res: http.ServerResponse, all: string[], q: URLSearchParams) => {
    const limit = Number(q.get('limit') ?? 500);
    const start = Number(q.get('continue') || 0);
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"${rv}"${next ? `,"continue":"${next}"` : ''}},"items":[${page.join(',')}]}`);
  };
  const core = ['pods', 'nodes', 'events', 'resourcequotas'];
  const groups: Record<string, string[]> = { '/apis/apps/v1': ['deployments'], '/apis/autoscaling/v2': ['horizontalpodautoscalers'], '/apis/policy/v1': ['poddisruptionbudgets'] };
  const servers = clusters.map((cl) =>
    http.createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const q = u.searchParams;
      if (u.pathname === '/version') return json(res, 200, { gitVersion: 'v1.35.4-recorded' });
      if (u.pathname === '/api/v1') return json(res, 200, { kind: 'APIResourceList', resources: core.map((name) => ({ name })) });
      if (groups[u.pathname]) return json(res, 200, { kind: 'APIResourceList', resources: groups[u.pathname]!.map((name) => ({ name })) });
      if (u.pathname.startsWith('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')) {
        req.resume();
        return json(res, 201, { kind: 'SelfSubjectAccessReview', status: { allowed: true } });
      }
      const plural = u.pathname.split('/').pop()!;
      const known = core.includes(plural) || Object.values(groups).some((g) => g.includes(plural));
      if (!known) return json(res, 404, { kind: 'Status', code: 404, message: 'the server could not find the requested resource' });
      if (q.get('watch') === 'true') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        if (plural === 'pods') {
          cl.watchers.add(res);
          req.on('close', () => cl.watchers.delete(res));
        }
        const bm = setInterval(() => res.write(`{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"${rv}"}}}\n`), 10_000);
        req.on('close', () => clearInterval(bm));
        return;
      }
      if (plural === 'pods') return list(res, [...cl.pods.values()], q);
      if (plural === 'nodes') return list(res, cl.nodes, q);
      if (plural === 'deployments') return list(res, cl.deployments, q);
      return list(res, [], q);
    }),
  );
  let burst: NodeJS.Timeout | undefined;
  process.on('message', (m: { cmd: string; seconds?: number; rate?: number }) => {
    if (m.cmd !== 'burst') return;
    // `rate` events a second over all clusters, in 10 ms ticks: pods turning ready and not.
    const perTick = (m.rate ?? 1000) / 100 / CLUSTERS;
    let sent = 0;
    let carry = 0;
    const end = Date.now() + (m.seconds ?? 60) * 1000;
    clearInterval(burst);
    burst = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(burst);
        process.send?.({ sent });
        return;
      }
      carry += perTick;
      const n = Math.floor(carry);
      carry -= n;
      for (const cl of clusters) {
        let out = '';
        for (let k = 0; k < n; k++) {
          const p = cl.podObjs[Math.floor(Math.random() * cl.podObjs.length)]!;
          const st = p.status as Obj;
          const conds = ((st.conditions as Obj[]) ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: c.status === 'True' ? 'False' : 'True', lastTransitionTime: new Date().toISOString() } : c));
          p.status = { ...st, conditions: conds };
          p.metadata = { ...p.metadata, resourceVersion: String(++rv) };
          const line = JSON.stringify(p);
          cl.pods.set(p.metadata.uid as string, line);
          out += `{"type":"MODIFIED","object":${line}}\n`;
          sent++;
        }
        if (out) for (const w of cl.watchers) w.write(out);
      }
    }, 10);
  });
  let listening = 0;
  const ports: number[] = [];
  servers.forEach((s, i) =>
    s.listen(0, '127.0.0.1', () => {
      ports[i] = (s.address() as { port: number }).port;
      if (++listening === servers.length) process.send?.({ ports });
    }),
  );
}

if (process.argv.includes('--watch-server')) {
  process.once('message', (m: { cmd: string; config: WatchServerConfig }) => {
    if (m.cmd === 'config') serve(m.config);
  });
  // The parent went away: so does the server.
  process.on('disconnect', () => process.exit(0));
}
