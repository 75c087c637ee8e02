// Issue 11: the host's cluster service against the real kube-apiserver of e2e/peers: list and watch,
// the apiserver killed mid-watch and changes made before the watch is back, a silent watch restarted
// by the watchdog, the restricted user's forbidden scopes, and exec credential plugins with consent.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { controllerRef } from '../../gitops/core/render/cluster-objects.ts';
import type { ClusterEntryDto, ViewDeltaDto } from '../../shared/ipc/cluster-schemas.ts';
import { ClusterService, type ClusterServiceDeps } from '../../electron/services/cluster/cluster-service.ts';
import { inNamespace, itemsOfKind, type LiveSpec } from '../../gitops/core/live/index.ts';
import { KubeControllerReader, KubeReadError } from '../../electron/services/kube-client.ts';
import { kubectl, kubectlJson, peersUp, waitFor, type Peers } from '../support/peers.ts';
import { alive, apiserverCommand, apiserverPid, killApiserver, pauseApiserver, resumeApiserver, startApiserver, waitReady, type ApiserverCommand } from './apiserver-control.ts';

let peers: Peers;
let tmp: string;
let apiserver: ApiserverCommand;
const SHARD = `live-${process.pid}`;
const NS = `shard-${SHARD}`;
const services: ClusterService[] = [];

interface Recorder {
  svc: ClusterService;
  deltas: ViewDeltaDto[];
  connection: Map<string, ClusterEntryDto>;
  notices: string[];
}

function service(kubeconfig: string, clusters: ClusterServiceDeps['clusters'], extra: Partial<ClusterServiceDeps> = {}): Recorder {
  const r: Recorder = { deltas: [], connection: new Map(), notices: [] } as unknown as Recorder;
  r.svc = new ClusterService({
    dataDir: mkdtempSync(path.join(tmp, 'data-')),
    clusters,
    liveSpec: () => spec,
    namespacesOf: () => [NS],
    emitDelta: (d) => r.deltas.push(d),
    emitConnection: (c) => r.connection.set(c.cluster, c),
    emitNotice: (n) => r.notices.push(n.text),
    env: { KUBECONFIG: kubeconfig },
    ...extra,
  });
  services.push(r.svc);
  return r;
}

/** The spec side: one shard of cluster `peers` in NS. */
const spec: LiveSpec = {
  clusters: { peers: { name: 'peers', spec: { region: 'westeurope', provider: 'aks', gitops: 'flux' }, shards: [SHARD] } },
  shards: { [SHARD]: { name: SHARD, cluster: 'peers', namespace: NS, zones: ['1', '2', '3'], state: 'active', gpuType: 'nvidia-h100', gpus: 0, servers: [], tenants: [] } },
  tenants: {},
};
const nodesOf = (svc: ClusterService, cluster = 'peers') => itemsOfKind(svc.state.clusters[cluster], 'Node');
const podsIn = (svc: ClusterService, ns = NS, cluster = 'peers') => inNamespace(svc.state.clusters[cluster], 'Pod', ns);

const peersCluster = (name = 'peers', kubeContext = 'gantry-peers') => () => [{ name, provider: 'onprem', region: 'local', gitops: 'flux' as const, kubeContext }];

type K8sList = { items: Array<{ metadata: { uid: string; name: string; resourceVersion: string; labels?: Record<string, string> } }> };

// A pod as `name@<its gantry.dev/model-server label>#uid`: the projection keeps gantry.dev/* labels,
// and its resourceVersion only moves with a change it shows (by design), so that is not compared.
const LABEL = 'gantry.dev/model-server';

/** The server's pods in NS, sorted. */
function serverPods(kubeconfig = peers.kubeconfig): string[] {
  return kubectlJson<K8sList>(kubeconfig, ['-n', NS, 'get', 'pods']).items.map((p) => `${p.metadata.name}@${p.metadata.labels?.[LABEL] ?? ''}#${p.metadata.uid}`).sort();
}

function servicePods(svc: ClusterService, cluster = 'peers'): string[] {
  return podsIn(svc, NS, cluster).map((o) => `${o.name}@${o.labels[LABEL] ?? ''}#${o.uid}`).sort();
}

function pod(name: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: {app: live-e2e}\nspec:\n  containers:\n  - name: c\n    image: registry.invalid/none:1\n`;
}

async function live(r: Recorder, cluster = 'peers', timeoutMs = 30_000): Promise<ClusterEntryDto> {
  return waitFor(`cluster ${cluster} live`, () => {
    const c = r.svc.status(cluster);
    return c.state === 'live' && c.synced ? c : undefined;
  }, timeoutMs, 200);
}

beforeAll(async () => {
  peers = peersUp();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gantry-live-'));
  apiserver = apiserverCommand();
  kubectl(peers.kubeconfig, ['create', 'namespace', NS]);
  // Pods need the namespace's default ServiceAccount, which kube-controller-manager makes (soon, not at once).
  await waitFor(`ServiceAccount ${NS}/default`, () => (kubectl(peers.kubeconfig, ['-n', NS, 'get', 'serviceaccount', 'default'], { allowFail: true }).code === 0 ? true : undefined), 60_000, 500);
}, 50 * 60_000);

afterAll(async () => {
  for (const s of services) s.dispose();
  // Leave the apiserver running for everyone else, whatever happened above.
  try {
    if (alive(apiserverPid())) resumeApiserver();
    else await startApiserver(apiserver, peers.kubeconfig);
    await waitReady(peers.kubeconfig, 60_000);
  } finally {
    kubectl(peers.kubeconfig, ['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
  }
}, 120_000);

describe('live cluster service against the real control plane', () => {
  it('lists and watches nodes and pods made with kubectl; a view gets only its shard, in numbered deltas', async () => {
    const r = service(peers.kubeconfig, peersCluster());
    const sub = r.svc.subscribe({ view: 'shard', shard: SHARD });
    await live(r);
    const nodes = kubectlJson<K8sList>(peers.kubeconfig, ['get', 'nodes']).items.map((n) => n.metadata.uid).sort();
    expect(nodesOf(r.svc).map((n) => n.uid).sort()).toEqual(nodes);

    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: ['a', 'b', 'c'].map((n) => pod(`pod-${n}`)).join('---\n') });
    await waitFor('the service to show the three pods as the server has them', () => {
      const want = serverPods();
      return want.length === 3 && JSON.stringify(servicePods(r.svc)) === JSON.stringify(want) ? true : undefined;
    }, 15_000, 250);
    // kwok marks them Running: the watch carries the status changes too.
    await waitFor('pods Running in the service', () => {
      const pods = podsIn(r.svc);
      return pods.length === 3 && pods.every((p) => p.phase === 'Running') ? true : undefined;
    }, 30_000, 250);

    // A renderer applying the deltas in order from the subscribe snapshot has exactly the view.
    await new Promise((res) => setTimeout(res, 300));
    const view = new Map(Object.entries(sub.items));
    const mine = r.deltas.filter((d) => d.subscription === sub.subscription);
    expect(mine.map((d) => d.seq)).toEqual(mine.map((_, i) => sub.seq + i + 1));
    for (const d of mine) {
      for (const [k, v] of Object.entries(d.set)) view.set(k, v);
      for (const k of d.remove) view.delete(k);
    }
    const snap = r.svc.snapshot(sub.subscription);
    expect(Object.fromEntries(view)).toEqual(snap.items);
    // Exactly the shard's pods (none of the other namespaces the service watches); the host adds the cluster's connection.
    const pods = Object.entries(snap.items).filter(([k]) => k.startsWith('pod/'));
    expect(pods.map(([k]) => k).sort()).toEqual(podsIn(r.svc).map((p) => `pod/${p.uid}`).sort());
    expect(snap.items['connection/peers']).toMatchObject({ state: 'live', synced: true });
  }, 90_000);

  it('after kube-apiserver is killed mid-watch and objects change before the watch is back, it shows exactly the server\'s state within 10 s', async () => {
    const r = service(peers.kubeconfig, peersCluster(), { tuning: { resources: ['Node', 'Pod', 'Deployment', 'Event'] } });
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: ['a', 'b', 'c'].map((n) => pod(`pod-${n}`)).join('---\n') });
    r.svc.connect('peers');
    await live(r);
    await waitFor('the service to have the pods', () => (JSON.stringify(servicePods(r.svc)) === JSON.stringify(serverPods()) ? true : undefined), 15_000, 200);

    await killApiserver();
    let restarted = false;
    try {
      await waitFor('the service to see its watches lost', () => (r.svc.status('peers').state === 'stale' ? true : undefined), 15_000, 100);
      expect(r.svc.status('peers').reason).toBeTruthy();
      // Let the reconnect backoff grow (1, 2, 4, 8 s...), so the changes below land while the watch is away.
      await new Promise((res) => setTimeout(res, 10_000));
      await startApiserver(apiserver, peers.kubeconfig, false);
      restarted = true;
    } finally {
      if (!restarted) await startApiserver(apiserver, peers.kubeconfig);
    }
    // As soon as the API takes writes: one pod deleted, one modified, two created.
    await waitFor('the restarted API to take the first change', () => {
      const d = kubectl(peers.kubeconfig, ['--request-timeout=3s', '-n', NS, 'delete', 'pod', 'pod-a', '--grace-period=0', '--force'], { allowFail: true });
      if (/NotFound/.test(d.err)) throw new Error(d.err);
      return d.code === 0 ? true : undefined;
    }, 90_000, 200);
    kubectl(peers.kubeconfig, ['-n', NS, 'label', 'pod', 'pod-b', `${LABEL}=changed`]);
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: [pod('pod-d'), pod('pod-e')].join('---\n') });
    const stateWhenChanged = r.svc.status('peers').state;
    const changedAt = Date.now();
    await waitFor('the service to equal kubectl get (no ghost, none missing)', () => {
      const want = serverPods();
      return r.svc.status('peers').state === 'live' && JSON.stringify(servicePods(r.svc)) === JSON.stringify(want) ? true : undefined;
    }, 10_000, 200);
    const took = Date.now() - changedAt;
    // The server has the final state; the service has the same objects at the same versions.
    expect(serverPods().map((p) => p.split('#')[0])).toEqual(['pod-b@changed', 'pod-c@', 'pod-d@', 'pod-e@']);
    const nodes = kubectlJson<K8sList>(peers.kubeconfig, ['get', 'nodes']).items.map((n) => n.metadata.uid).sort();
    expect(nodesOf(r.svc).map((n) => n.uid).sort()).toEqual(nodes);
    console.log(`state when the changes were made: ${stateWhenChanged}; equal to kubectl ${took} ms later`);
    // The changes were made before the watch was back (else this test would not test the catch-up).
    expect(stateWhenChanged).toBe('stale');
  }, 180_000);

  it('a watch made silent (kube-apiserver paused) is restarted by the watchdog and catches up after', async () => {
    const r = service(peers.kubeconfig, peersCluster(), { tuning: { resources: ['Pod'], silenceMs: 3000, requestTimeoutMs: 5000 } });
    r.svc.connect('peers');
    await live(r);
    pauseApiserver();
    let stale: ClusterEntryDto;
    try {
      stale = await waitFor('the watchdog to call the watch lost', () => {
        const c = r.svc.status('peers');
        return c.state === 'stale' ? c : undefined;
      }, 20_000, 100);
    } finally {
      resumeApiserver();
    }
    expect(stale.reason).toMatch(/the watch sent nothing for \d+ s \(no event, no bookmark\)|no answer from 127\.0\.0\.1/);
    expect(r.svc.loopStats('peers').reduce((n, s) => n + s.watchdogRestarts, 0)).toBeGreaterThanOrEqual(1);
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: pod('pod-after-pause') });
    await waitFor('live again with the pod made after the pause', () => {
      return r.svc.status('peers').state === 'live' && JSON.stringify(servicePods(r.svc)) === JSON.stringify(serverPods()) && servicePods(r.svc).some((p) => p.startsWith('pod-after-pause@')) ? true : undefined;
    }, 30_000, 200);
  }, 120_000);

  it('the restricted user sees its namespaces and a clear forbidden elsewhere', async () => {
    const r = service(peers.restrictedKubeconfig, peersCluster());
    r.svc.connect('peers');
    await live(r);
    const c = await waitFor('every allowed scope watching', () => {
      const e = r.svc.status('peers');
      return e.scopes.every((s) => s.state === 'watching' || s.state === 'forbidden' || s.state === 'not-installed') ? e : undefined;
    }, 20_000, 200);
    const scope = (resource: string, namespace?: string) => c.scopes.find((s) => s.resource === resource && s.namespace === namespace);
    expect(scope('Node')).toEqual({ resource: 'Node', state: 'forbidden', message: 'nodes is forbidden: User "gantry-restricted" cannot list resource "nodes" in API group "" at the cluster scope' });
    expect(scope('Pod', NS)?.state).toBe('forbidden');
    expect(scope('Pod', NS)?.message).toBe(`pods is forbidden: User "gantry-restricted" cannot list resource "pods" in API group "" in the namespace "${NS}"`);
    expect(scope('Pod', 'gantry-system')?.state).toBe('watching');
    expect(scope('Kustomization', 'flux-system')?.state).toBe('watching');
    expect(c.reason).toMatch(/resource scope\(s\) forbidden for this user; the rest is live/);
    // What it may see, it sees live.
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: pod('restricted-visible').replace(`namespace: ${NS}`, 'namespace: gantry-system') });
    try {
      await waitFor('the pod in gantry-system', () => (podsIn(r.svc, 'gantry-system').some((o) => o.name === 'restricted-visible') ? true : undefined), 15_000, 200);
    } finally {
      kubectl(peers.kubeconfig, ['-n', 'gantry-system', 'delete', 'pod', 'restricted-visible', '--wait=false'], { allowFail: true });
    }
    // Nodes: none, and the state says why (health shows "cannot read", not a guess).
    expect(nodesOf(r.svc)).toEqual([]);
    expect(r.svc.state.clusters.peers?.kinds.Node?.error?.message).toMatch(/^nodes is forbidden: User "gantry-restricted"/);
  }, 90_000);

  it('runs an exec credential plugin only after consent (the rollout follower too), and stops one that hangs with a message', async () => {
    mkdirSync(path.join(tmp, 'kube'), { recursive: true });
    const kubeconfig = path.join(tmp, 'kube', 'exec-kubeconfig');
    writeFileSync(kubeconfig, readFileSync(peers.kubeconfig));
    const raw = kubectlJson<{ users: Array<{ user: Record<string, string> }> }>(peers.kubeconfig, ['config', 'view', '--raw']);
    const admin = raw.users[0]!.user;
    const credFile = path.join(tmp, 'cred.json');
    writeFileSync(credFile, JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: {
        clientCertificateData: Buffer.from(admin['client-certificate-data']!, 'base64').toString('utf8'),
        clientKeyData: Buffer.from(admin['client-key-data']!, 'base64').toString('utf8'),
      },
    }));
    const runs = path.join(tmp, 'plugin-runs.log');
    // Plugins in a folder of their own, named by absolute path.
    mkdirSync(path.join(tmp, 'bin'), { recursive: true });
    const plugin = path.join(tmp, 'bin', 'gantry-test-plugin');
    writeFileSync(plugin, `#!/bin/sh\necho "$@" >> ${runs}\ncat ${credFile}\n`);
    const hangPid = path.join(tmp, 'hang.pid');
    const hang = path.join(tmp, 'bin', 'gantry-hanging-plugin');
    writeFileSync(hang, `#!/bin/sh\necho $$ > ${hangPid}\necho 'To sign in, open https://login.example.test/device and enter the code WXYZ-1234' >&2\nexec sleep 120\n`);
    chmodSync(plugin, 0o755);
    chmodSync(hang, 0o755);
    // Written as YAML (kubectl config set-context was seen to run a plugin of the file while editing it).
    const doc = parseYaml(readFileSync(kubeconfig, 'utf8')) as { users: unknown[]; contexts: unknown[] };
    const execUser = (name: string, command: string, args: string[]) => ({
      name,
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, args, interactiveMode: 'Never' } },
    });
    doc.users.push(execUser('exec-user', plugin, ['--cluster', 'peers']), execUser('hang-user', hang, []));
    doc.contexts.push({ name: 'exec-ctx', context: { cluster: 'gantry-peers', user: 'exec-user' } }, { name: 'hang-ctx', context: { cluster: 'gantry-peers', user: 'hang-user' } });
    writeFileSync(kubeconfig, stringifyYaml(doc));
    const pluginCmd = plugin;
    const hangCmd = hang;
    const r = service(kubeconfig, () => [
      { name: 'exec-peers', provider: 'gke', region: 'local', gitops: 'flux', kubeContext: 'exec-ctx' },
      { name: 'hang-peers', provider: 'aks', region: 'local', gitops: 'flux', kubeContext: 'hang-ctx' },
    ], { execTimeoutMs: 2000, tuning: { resources: ['Node', 'Pod'] } });
    const reader = new KubeControllerReader({ consent: r.svc.consent, exec: r.svc.exec }, kubeconfig);

    // Before consent: needs-consent, with the exact command; nothing ran, not even for the rollout follower.
    const waiting = r.svc.connect('exec-peers');
    const pending = await waitFor('needs-consent', () => {
      const c = r.svc.status('exec-peers');
      return c.state === 'needs-consent' ? c : undefined;
    }, 10_000, 100);
    expect(pending.consent).toMatchObject({ kubeconfig, context: 'exec-ctx', command: pluginCmd, args: ['--cluster', 'peers'] });
    expect(pending.reason).toBe(`Context exec-ctx gets its credentials by running ${pluginCmd} --cluster peers (from ${kubeconfig}); Gantry runs it only after you allow it.`);
    expect(waiting.cluster).toBe('exec-peers');
    const refused = await reader.read('exec-ctx', controllerRef('exec-peers', 'flux')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubeReadError);
    expect((refused as KubeReadError).kind).toBe('needs-consent');
    await new Promise((res) => setTimeout(res, 1000));
    expect(existsSync(runs)).toBe(false);
    expect(r.svc.consentList().pending.map((p) => p.context).sort()).toEqual(['exec-ctx', 'hang-ctx']);

    // A request for anything but what the kubeconfig says is refused.
    expect(() => r.svc.consentAllow({ kubeconfig, context: 'exec-ctx', command: '/bin/sh', args: ['-c', 'id'] })).toThrow(/look again before allowing it/);
    r.svc.consentAllow({ kubeconfig, context: 'exec-ctx', command: pluginCmd, args: ['--cluster', 'peers'] });
    await live(r, 'exec-peers');
    expect(nodesOf(r.svc, 'exec-peers').length).toBeGreaterThan(0);
    // Many requests (discovery, access reviews, every list and watch) shared one plugin run.
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toEqual(['--cluster peers']);
    const read = await reader.read('exec-ctx', controllerRef('exec-peers', 'flux')).catch((e: unknown) => e);
    expect(read instanceof KubeReadError ? read.kind : 'read').not.toBe('needs-consent');

    // Revoked: disconnected, and the next connect asks again.
    expect(r.svc.consentRevoke(kubeconfig, 'exec-ctx')).toBe(1);
    r.svc.connect('exec-peers');
    await waitFor('needs-consent again', () => (r.svc.status('exec-peers').state === 'needs-consent' ? true : undefined), 10_000, 100);

    // A plugin that hangs (waiting on a device-code login) is killed after the timeout; its prompt reached the app.
    r.svc.consentAllow({ kubeconfig, context: 'hang-ctx', command: hangCmd, args: [] });
    const started = Date.now();
    r.svc.connect('hang-peers');
    const failed = await waitFor('the hanging plugin to time out', () => {
      const c = r.svc.status('hang-peers');
      return c.state === 'unauthorized' ? c : undefined;
    }, 15_000, 100);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(failed.reason).toBe(`The credential plugin ${hangCmd} for context hang-ctx did not answer within 2 s and was stopped; it last said: To sign in, open https://login.example.test/device and enter the code WXYZ-1234.`);
    expect(r.notices).toContain('To sign in, open https://login.example.test/device and enter the code WXYZ-1234');
    const pid = Number(readFileSync(hangPid, 'utf8'));
    await waitFor('the hanging plugin process to be gone', () => (!alive(pid) ? true : undefined), 5000, 100);
  }, 120_000);
});
