// Issue 11 in browser mode against the real control plane of e2e/peers (kube-apiserver, scheduler,
// controller-manager, kwok GPU nodes, the real Flux controllers): a commit made and pushed in the app
// is shown applied on the overview and the reconciliation timeline; kwok-driven faults (a node
// NotReady, a zone's nodes gone) turn the right shard degraded with the right reason within 5 s of
// kubectl seeing the fault, and it recovers when the fault is lifted; drift made with kubectl (a
// rendered object deleted, an image changed) shows with the object and the field; the restricted
// kubeconfig user sees its namespaces and "forbidden" elsewhere. live-overview.e2e.test.ts covers
// the crash-looping pod and the consent prompt; live-watch.e2e.test.ts the apiserver restarts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { commit, push, type Repository } from '../../gitops/node/sync/index.ts';
import { launchChromium } from '../app/helpers/browser.ts';
import { startServe, type ServeHost } from '../app/helpers/serve-host.ts';
import { attrIs, GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { kubeconfigForCluster, startFluxWorkspace } from '../support/flux-workspace.ts';
import type { GitServer } from '../support/git-server.ts';
import { kubectl, kubectlJson, waitFor, type Peers } from '../support/peers.ts';

const CLUSTER = 'aks-weu-prod';
const AUTH = { username: 'flux', password: 'reconcile-me' };
const AUTHOR = { name: 'Gantry E2E', email: 'e2e@gantry.test' };
const ZONE = 'topology.kubernetes.io/zone';
/** The shard the faults hit: its pods are moved to cover all three zones first, so it is healthy. */
const SHARD = 'globex';
const NS = `shard-${SHARD}`;
/** The annotation kwok manages nodes by (e2e/peers/up.sh: --manage-nodes-with-annotation-selector). */
const KWOK_MANAGED = 'kwok.x-k8s.io/node';

type Obj = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown>; status?: Record<string, unknown> };
type PodList = { items: Array<Obj & { spec?: { nodeName?: string }; status?: { phase?: string; containerStatuses?: Array<{ ready: boolean }> } }> };

let peers: Peers;
let server: GitServer;
let tmp: string;
let ws: string;
let repo: Repository;
let host: ServeHost | undefined;
let restrictedHost: ServeHost | undefined;
let browser: Browser | undefined;
let spent = '';

const runningPods = (ns: string) => kubectlJson<PodList>(peers.kubeconfig, ['-n', ns, 'get', 'pods']).items.filter((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready));
const nodes = () => kubectlJson<{ items: Obj[] }>(peers.kubeconfig, ['get', 'nodes']).items;

async function waitApplied(oid: string): Promise<void> {
  await waitFor(`Kustomization gantry-${CLUSTER} to apply ${oid}`, () => {
    const k = kubectlJson<{ status?: { lastAppliedRevision?: string } }>(peers.kubeconfig, ['-n', 'flux-system', 'get', 'kustomization', `gantry-${CLUSTER}`]);
    return k.status?.lastAppliedRevision === `main@sha1:${oid}` ? true : undefined;
  }, 300_000, 2000);
}

const reconcileNow = () =>
  kubectl(peers.kubeconfig, ['-n', 'flux-system', 'annotate', '--overwrite', 'gitrepository', 'gantry', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`], { allowFail: true });

/**
 * The scheduler spreads each Deployment over zones on its own, so the shard may miss a zone (a true
 * zone-empty finding). Until each H100 zone runs one of its ready pods, one pod of a crowded zone is
 * replaced while the other zones' nodes are cordoned.
 */
async function coverAllZones(ns: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const all = nodes();
    const zoneOf = new Map(all.map((n) => [n.metadata.name, n.metadata.labels?.[ZONE] ?? '']));
    const gpu = all.filter((n) => n.metadata.labels?.['gantry.dev/gpu-type'] === 'nvidia-h100');
    const zones = [...new Set(gpu.map((n) => zoneOf.get(n.metadata.name)!))].sort();
    const pods = runningPods(ns);
    const used = new Map<string, string[]>();
    for (const p of pods) {
      const z = zoneOf.get(p.spec?.nodeName ?? '') ?? '';
      used.set(z, [...(used.get(z) ?? []), p.metadata.name]);
    }
    const missing = zones.find((z) => !used.has(z));
    const crowded = [...used.entries()].find(([, names]) => names.length > 1);
    if (!missing || !crowded) return;
    const others = gpu.filter((n) => zoneOf.get(n.metadata.name) !== missing).map((n) => n.metadata.name);
    kubectl(peers.kubeconfig, ['cordon', ...others]);
    try {
      kubectl(peers.kubeconfig, ['-n', ns, 'delete', 'pod', crowded[1][0]!, '--wait=false']);
      await waitFor(`a pod of ${ns} running in ${missing}`, () => {
        const now = runningPods(ns);
        return now.some((p) => zoneOf.get(p.spec?.nodeName ?? '') === missing) && now.length >= pods.length ? true : undefined;
      }, 90_000, 500);
    } finally {
      kubectl(peers.kubeconfig, ['uncordon', ...others]);
    }
  }
}

async function openPage(h: ServeHost, used = ''): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  page.setDefaultTimeout(15_000);
  const url = used ? await h.nextUrl(used) : h.url;
  if (h === host) spent = url;
  await page.goto(url);
  await new GantryApp(page).expectWorkspace();
  return page;
}

/** Clusters (live), aks-weu-prod connected. */
async function connected(page: Page): Promise<void> {
  await page.getByTestId('view-live').click();
  const state = page.getByTestId(`conn-${CLUSTER}`);
  await textMatches(state, /\S/);
  // Connected on an earlier page, the host's connection is still live; Connect on a live one is harmless.
  const button = page.getByTestId(`connect-${CLUSTER}`);
  if (await button.count()) await button.click().catch(() => undefined);
  await textMatches(state, /^Live$/, 30_000);
}

async function openDetail(page: Page, shard: string): Promise<void> {
  await page.getByTestId(`open-board-${CLUSTER}`).click();
  const card = page.getByTestId(`card-${shard}`);
  await visible(card, 30_000);
  await card.click();
  await attrIs(page.getByTestId('shard-detail'), 'data-shard', shard);
}

/** The shard's health as the detail shows it, polled until `status` and a reason matching `reason`; returns ms taken since `t0`. */
async function healthBecomes(page: Page, status: string, reason: RegExp | undefined, t0: number, timeout = 5_000): Promise<number> {
  await expect
    .poll(async () => {
      const h = await page.getByTestId('detail-health').textContent();
      const r = (await page.getByTestId('detail-reasons').textContent()) ?? '';
      return h === status && (!reason || reason.test(r));
    }, { timeout, interval: 100 })
    .toBe(true)
    .catch(async (err: unknown) => {
      throw new Error(`the detail shows ${await page.getByTestId('detail-health').textContent()}: ${await page.getByTestId('detail-reasons').textContent()}`, { cause: err });
    });
  return Date.now() - t0;
}

beforeAll(async () => {
  ({ peers, server, tmp, ws, repo } = await startFluxWorkspace({ auth: AUTH, tmpPrefix: 'gantry-live-faults-' }));
  const first = await commit(repo, { author: AUTHOR, message: 'Add the example platform' });
  await push(repo, { auth: AUTH });
  // What a person applies once per cluster; Flux then applies the rest.
  kubectl(peers.kubeconfig, ['apply', '-f', path.join(ws, 'rendered/_bootstrap', `${CLUSTER}.yaml`)]);
  reconcileNow();
  await waitApplied(first.oid);
  // Pods a previous run left not ready are replaced by their Deployments.
  for (const ns of ['shard-weu-1', 'shard-weu-2', NS]) {
    const stuck = kubectlJson<PodList>(peers.kubeconfig, ['-n', ns, 'get', 'pods']).items.filter((p) => p.status?.containerStatuses?.some((c) => !c.ready)).map((p) => p.metadata.name);
    if (stuck.length) kubectl(peers.kubeconfig, ['-n', ns, 'delete', 'pod', ...stuck, '--wait=false']);
  }
  await waitFor(`model-server pods of ${NS} running`, () => (runningPods(NS).length >= 4 ? true : undefined), 180_000, 1000);
  await coverAllZones(NS);
  // The person's kubeconfig: the peers' cluster under the context named like the Cluster spec.
  const kubeconfig = kubeconfigForCluster(peers.kubeconfig, path.join(tmp, 'kubeconfig'), CLUSTER, 'gantry-peers');
  const restricted = kubeconfigForCluster(peers.restrictedKubeconfig, path.join(tmp, 'kubeconfig-restricted'), CLUSTER);
  [host, restrictedHost, browser] = await Promise.all([
    startServe({ workspace: ws, env: { KUBECONFIG: kubeconfig, GANTRY_GIT_USERNAME: AUTH.username, GANTRY_GIT_TOKEN: AUTH.password } }),
    startServe({ workspace: ws, env: { KUBECONFIG: restricted } }),
    launchChromium(),
  ]);
}, 50 * 60_000);

afterAll(async () => {
  // The peers stay up for the other e2e files; the faults are lifted in each test's finally.
  await browser?.close();
  await host?.stop();
  await restrictedHost?.stop();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe('live monitoring against the real control plane: commits, faults, drift, access', () => {
  it('a commit pushed from the app shows applied on the overview and on the timeline', async () => {
    const page = await openPage(host!);
    const app = new GantryApp(page);
    await connected(page);
    const before = (await page.getByTestId(`running-${CLUSTER}`).textContent()) ?? '';
    await app.setTenantPlan('hooli', 'premium');
    await app.openChanges();
    await app.commit('hooli: premium plan');
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    const oid = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ws, encoding: 'utf8' }).stdout.trim();
    expect(oid).toMatch(/^[0-9a-f]{40}$/);
    reconcileNow();
    await page.getByTestId('view-live').click();
    // The overview's commit running moves to it once Flux applied it.
    await textMatches(page.getByTestId(`running-${CLUSTER}`), new RegExp(`^${oid.slice(0, 8)}$`), 300_000);
    expect(before).not.toContain(oid.slice(0, 8));
    await textMatches(page.getByTestId(`cluster-${CLUSTER}`), /applied/);
    // The timeline: the new commit applied on aks-weu-prod, the clusters without a context say so.
    await page.getByTestId('open-timeline').click();
    const cell = page.getByTestId(`tl-${oid.slice(0, 8)}-${CLUSTER}`);
    await attrIs(cell, 'data-stage', 'applied');
    await textMatches(page.getByTestId(`tl-row-${oid.slice(0, 8)}`), /hooli: premium plan/);
    await textMatches(page.getByTestId('tl-col-aks-sdc-prod'), /No kubeconfig context/);
    await attrIs(page.getByTestId(`tl-${oid.slice(0, 8)}-aks-sdc-prod`), 'data-stage', 'unknown');
    await page.screenshot({ path: path.join(repoShots(), '74-reconciliation-timeline.png') });
    await page.keyboard.press('Escape');
    await visible(page.getByTestId('live-overview'));
    await page.close();
  }, 420_000);

  it('a node NotReady and a zone\'s nodes gone turn the shard degraded with that reason within 5 s; lifted, it recovers', async () => {
    const page = await openPage(host!, spent);
    await connected(page);
    await openDetail(page, SHARD);
    await healthBecomes(page, 'healthy', undefined, Date.now(), 30_000);
    await page.screenshot({ path: path.join(repoShots(), '73-shard-detail.png') });

    // A node running one of its pods goes NotReady (as a kubelet posts it, through the status subresource).
    const victim = runningPods(NS)[0]!.spec!.nodeName!;
    const readyPatch = (status: 'True' | 'False') => JSON.stringify({
      status: { conditions: [status === 'False'
        ? { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }
        : { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }] },
    });
    try {
      // kwok would write Ready back at once (its node-initialize stage): the node leaves kwok's hands
      // first, as a kubelet that stopped would, and posts NotReady as a kubelet whose CNI is down.
      kubectl(peers.kubeconfig, ['annotate', 'node', victim, `${KWOK_MANAGED}-`]);
      kubectl(peers.kubeconfig, ['patch', 'node', victim, '--subresource=status', '--type=strategic', '-p', readyPatch('False')]);
      await waitFor(`kubectl to see ${victim} NotReady`, () => (/\bNotReady\b/.test(kubectl(peers.kubeconfig, ['get', 'node', victim, '--no-headers']).out) ? true : undefined), 10_000, 100);
      const t0 = Date.now();
      const took = await healthBecomes(page, 'degraded', new RegExp(`node ${victim} is NotReady \\(KubeletNotReady: container runtime network not ready`), t0);
      console.log(`live-faults: node NotReady on the detail ${took} ms after kubectl showed it`);
      expect(took).toBeLessThan(5_000);
    } finally {
      kubectl(peers.kubeconfig, ['annotate', '--overwrite', 'node', victim, `${KWOK_MANAGED}=fake`], { allowFail: true });
      kubectl(peers.kubeconfig, ['patch', 'node', victim, '--subresource=status', '--type=strategic', '-p', readyPatch('True')], { allowFail: true });
      kubectl(peers.kubeconfig, ['taint', 'node', victim, 'node.kubernetes.io/not-ready-'], { allowFail: true });
    }
    await healthBecomes(page, 'healthy', undefined, Date.now(), 30_000);

    // Zone 3's nodes are deleted (saved first, to be created again).
    const zone3 = nodes().filter((n) => n.metadata.labels?.[ZONE] === 'westeurope-3');
    expect(zone3.length).toBeGreaterThan(0);
    // With their capacity (GPUs included): a node created without status has none, and GPU pods of the
    // tests after this one could not schedule in zone 3 again (a fresh-clone .ci/run found it).
    const statusOf = (n: Obj) => {
      const st = (n.status ?? {}) as { capacity?: unknown; allocatable?: unknown; nodeInfo?: unknown };
      return { capacity: st.capacity, allocatable: st.allocatable, nodeInfo: st.nodeInfo };
    };
    const saved = zone3.map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.metadata.name, labels: n.metadata.labels, annotations: n.metadata.annotations }, spec: { ...(n.spec ?? {}), unschedulable: undefined }, status: statusOf(n) }));
    try {
      kubectl(peers.kubeconfig, ['delete', 'node', ...zone3.map((n) => n.metadata.name), '--wait=false']);
      await waitFor('kubectl to see zone 3 without nodes', () => (nodes().some((n) => n.metadata.labels?.[ZONE] === 'westeurope-3') ? undefined : true), 30_000, 100);
      const t0 = Date.now();
      const took = await healthBecomes(page, 'degraded', /zone 3 has no ready replica/, t0);
      console.log(`live-faults: zone 3 empty on the detail ${took} ms after kubectl showed its nodes gone`);
      expect(took).toBeLessThan(5_000);
      await textMatches(page.getByTestId('zone-3'), /0\/0 ready|no pod/);
    } finally {
      kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: saved }), allowFail: true });
    }
    await waitFor('zone 3 nodes Ready again', () => (nodes().filter((n) => n.metadata.labels?.[ZONE] === 'westeurope-3' && (n.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === zone3.length ? true : undefined), 60_000, 500);
    await waitFor(`model-server pods of ${NS} running`, () => (runningPods(NS).length >= 4 ? true : undefined), 180_000, 1000);
    await coverAllZones(NS);
    await healthBecomes(page, 'healthy', undefined, Date.now(), 30_000);
    // Keyboard back: Escape returns to the board with the shard's card focused.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId(`card-${SHARD}`).evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
    await new GantryApp(page).screenshot('76-board-after-faults');
    await page.close();
  }, 600_000);

  it('drift made with kubectl (a rendered PDB deleted, an image changed) shows the object and the field', async () => {
    const page = await openPage(host!, spent);
    await connected(page);
    const drift = page.getByTestId(`drift-${CLUSTER}`);
    await attrIs(drift, 'data-drift', '0');
    const deployment = kubectlJson<{ spec: { template: { spec: { containers: Array<{ name: string; image: string }> } } } }>(peers.kubeconfig, ['-n', NS, 'get', 'deployment', 'llama']);
    const container = deployment.spec.template.spec.containers[0]!;
    const pdb = kubectlJson<Obj>(peers.kubeconfig, ['-n', NS, 'get', 'pdb', 'llama']);
    try {
      kubectl(peers.kubeconfig, ['-n', NS, 'delete', 'pdb', 'llama']);
      kubectl(peers.kubeconfig, ['-n', NS, 'set', 'image', 'deployment/llama', `${container.name}=registry.invalid/hand-edited:1`]);
      await textMatches(drift, new RegExp(`PodDisruptionBudget ${NS}/llama is missing from the cluster`), 10_000);
      await textMatches(drift, new RegExp(`Deployment ${NS}/llama spec\\.template\\.spec\\.containers\\[${container.name}\\]\\.image: rendered ${escape(container.image)}, on the cluster registry\\.invalid/hand-edited:1`));
      await openDetail(page, SHARD);
      const mine = page.getByTestId('detail-drift');
      await attrIs(mine, 'data-drift', '2');
      await textMatches(mine, /PodDisruptionBudget shard-globex\/llama is missing/);
      await page.getByTestId('detail-drift').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(repoShots(), '75-drift.png') });
    } finally {
      kubectl(peers.kubeconfig, ['-n', NS, 'set', 'image', 'deployment/llama', `${container.name}=${container.image}`], { allowFail: true });
      const back = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'llama', namespace: NS, labels: pdb.metadata.labels }, spec: pdb.spec };
      kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(back), allowFail: true });
    }
    await attrIs(page.getByTestId('detail-drift'), 'data-drift', '0');
    await page.close();
  }, 240_000);

  it('the restricted kubeconfig user sees its namespaces (the commit running, from flux-system) and "forbidden" elsewhere', async () => {
    const page = await openPage(restrictedHost!);
    await page.getByTestId('view-live').click();
    await page.getByTestId(`connect-${CLUSTER}`).click();
    await textMatches(page.getByTestId(`conn-${CLUSTER}`), /^Live$/, 30_000);
    await textMatches(page.getByTestId(`conn-reason-${CLUSTER}`), /forbidden/i);
    // flux-system is readable: the commit the cluster runs shows.
    await textMatches(page.getByTestId(`running-${CLUSTER}`), /^[0-9a-f]{8}$/);
    // The shards' namespaces are not: their health says why in the API's words, instead of guessing.
    await page.getByTestId(`open-board-${CLUSTER}`).click();
    const card = page.getByTestId(`card-${SHARD}`);
    await attrIs(card, 'data-health', 'unknown');
    await textMatches(card.getByTestId(`reasons-${SHARD}`), /cannot read the cluster: .*forbidden: User "gantry-restricted"/);
    await page.close();
  }, 120_000);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** docs/screenshots of the repository (the README's screenshots). */
function repoShots(): string {
  const dir = path.resolve(__dirname, '../../docs/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
