// Issue 15, part B: "Drain and fail over" in browser mode against the real control plane of
// e2e/peers (kube-apiserver, scheduler, controller-manager, kwok GPU nodes, Flux's source and
// kustomize controllers) and the real git http-backend. The small example is committed, pushed and
// applied by Flux; a zone's kwok nodes go NotReady, so shard weu-1 turns degraded on the board; from
// there, keyboard only, the person drains it (partial: two tenants stay, each with why), commits and
// pushes over a colleague's push (pulled and replayed), and follows it until Flux applied it and the
// cluster shows the new placement (namespaces' gantry.dev/shard, the gantry-routing ConfigMap);
// Undo from the toast reverts it, pushed and followed the same way. Every faulted node is restored.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { git } from '../../gitops/node/git/test-helpers.ts';
import { commit, push, type Repository } from '../../gitops/node/sync/index.ts';
import { launchChromium } from '../app/helpers/browser.ts';
import { startServe, type ServeHost } from '../app/helpers/serve-host.ts';
import { GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { kubeconfigForCluster, startFluxWorkspace } from '../support/flux-workspace.ts';
import type { GitServer } from '../support/git-server.ts';
import { kubectl, kubectlJson, waitFor, type Peers } from '../support/peers.ts';

const CLUSTER = 'aks-weu-prod';
const AUTH = { username: 'flux', password: 'drain-me' };
const AUTHOR = { name: 'Gantry E2E', email: 'e2e@gantry.test' };
const ZONE = 'topology.kubernetes.io/zone';
const KWOK = 'kwok.x-k8s.io/node';
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
/** What the planner does with weu-1 on the small example (gantry plan drain-shard weu-1 --partial). */
const MOVED = ['hooli', 'initech'];
const STAY = ['acme', 'umbrella'];

type PodList = { items: Array<{ metadata: { name: string }; spec?: { nodeName?: string }; status?: { phase?: string } }> };
type NodeList = { items: Array<{ metadata: { name: string; labels?: Record<string, string> } }> };

let peers: Peers;
let server: GitServer;
let tmp: string;
let ws: string;
let url: string;
let host: ServeHost | undefined;
let browser: Browser | undefined;
/** Nodes made NotReady, to restore whatever happens. */
const faulted = new Set<string>();

/** What `flux reconcile source git gantry` does: fetch now instead of at the next 1-minute poll. */
function reconcileNow(): void {
  kubectl(peers.kubeconfig, ['-n', 'flux-system', 'annotate', '--overwrite', 'gitrepository', 'gantry', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`], { allowFail: true });
}

async function waitApplied(oid: string): Promise<void> {
  await waitFor(`Kustomization gantry-${CLUSTER} to apply ${oid}`, () => {
    const k = kubectlJson<{ status?: { lastAppliedRevision?: string } }>(peers.kubeconfig, ['-n', 'flux-system', 'get', 'kustomization', `gantry-${CLUSTER}`]);
    return k.status?.lastAppliedRevision === `main@sha1:${oid}` ? true : undefined;
  }, 240_000, 2000);
}

const running = (ns: string) => kubectlJson<PodList>(peers.kubeconfig, ['-n', ns, 'get', 'pods']).items.filter((p) => p.status?.phase === 'Running');
const shardLabel = (tenant: string) => kubectlJson<{ metadata: { labels: Record<string, string> } }>(peers.kubeconfig, ['get', 'namespace', `tenant-${tenant}`]).metadata.labels['gantry.dev/shard'];
const routingMap = () => JSON.parse(kubectlJson<{ data: Record<string, string> }>(peers.kubeconfig, ['-n', 'gantry-system', 'get', 'configmap', 'gantry-routing']).data['routing.json']!) as { shards: Record<string, { state: string }>; tenants: Record<string, { shard: string }> };

/** A zone outage: kwok stops managing the node (no heartbeat) and its Ready condition turns False, as a kubelet that lost its network reports. */
function takeDown(node: string): void {
  faulted.add(node);
  kubectl(peers.kubeconfig, ['annotate', 'node', node, `${KWOK}-`]);
  const now = new Date().toISOString();
  const status = { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'e2e: zone outage, container runtime network not ready', lastHeartbeatTime: now, lastTransitionTime: now }] } };
  kubectl(peers.kubeconfig, ['patch', 'node', node, '--subresource=status', '--type=strategic', '-p', JSON.stringify(status)]);
}

function restore(node: string): void {
  const now = new Date().toISOString();
  const status = { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }] } };
  kubectl(peers.kubeconfig, ['patch', 'node', node, '--subresource=status', '--type=strategic', '-p', JSON.stringify(status)], { allowFail: true });
  kubectl(peers.kubeconfig, ['annotate', '--overwrite', 'node', node, `${KWOK}=fake`], { allowFail: true });
  faulted.delete(node);
}

/** The scheduler decides where pods go: one of `ns`'s pods is replaced while only `zone`'s GPU nodes take pods. */
async function movePodInto(ns: string, zone: string, h100: string[], zoneOf: Map<string, string>): Promise<void> {
  const others = h100.filter((n) => zoneOf.get(n) !== zone);
  const before = running(ns).length;
  kubectl(peers.kubeconfig, ['cordon', ...others]);
  try {
    kubectl(peers.kubeconfig, ['-n', ns, 'delete', 'pod', running(ns)[0]!.metadata.name, '--wait=false']);
    await waitFor(`a pod of ${ns} running in ${zone}`, () => (running(ns).some((p) => zoneOf.get(p.spec?.nodeName ?? '') === zone) && running(ns).length >= before ? true : undefined), 90_000, 500);
  } finally {
    kubectl(peers.kubeconfig, ['uncordon', ...others]);
  }
}

/** A flow step reaches `state` within `timeout` (Flux takes up to its 1-minute poll, then seconds). */
async function stateIs(l: Locator, state: string, timeout: number): Promise<void> {
  await expect.poll(() => l.getAttribute('data-state'), { timeout, interval: 500 }).toBe(state);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

beforeAll(async () => {
  let repo: Repository;
  ({ peers, server, tmp, url, ws, repo } = await startFluxWorkspace({ auth: AUTH, tmpPrefix: 'gantry-drain-' }));
  const first = await commit(repo, { author: AUTHOR, message: 'Add the example platform' });
  await push(repo, { auth: AUTH });
  repo.close();
  kubectl(peers.kubeconfig, ['apply', '-f', path.join(ws, 'rendered/_bootstrap', `${CLUSTER}.yaml`)]);
  reconcileNow();
  await waitApplied(first.oid);
  await waitFor('model-server pods of weu-1 and weu-2 running', () => (running('shard-weu-1').length >= 4 && running('shard-weu-2').length >= 2 ? true : undefined), 180_000);
  // The person's kubeconfig: the peers' cluster under the context named like the Cluster spec.
  const kubeconfig = kubeconfigForCluster(peers.kubeconfig, path.join(tmp, 'kubeconfig'), CLUSTER, 'gantry-peers');
  [host, browser] = await Promise.all([
    startServe({ workspace: ws, env: { KUBECONFIG: kubeconfig, GANTRY_GIT_USERNAME: AUTH.username, GANTRY_GIT_TOKEN: AUTH.password, GANTRY_GIT_AUTHOR_NAME: 'On Call', GANTRY_GIT_AUTHOR_EMAIL: 'oncall@example.com' } }),
    launchChromium(),
  ]);
}, 50 * 60_000);

afterAll(async () => {
  for (const n of [...faulted]) restore(n);
  await browser?.close();
  await host?.stop();
  await server?.close();
  // The peers stay up for the other e2e files.
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe('drain and fail over against the real control plane', () => {
  it('drains a shard whose zone is down from the board, keyboard only, follows it into the cluster, and undoes it', async () => {
    // The zone to take down: one where weu-1 runs a model server and weu-2 none, so weu-2 stays healthy to take tenants.
    const nodes = kubectlJson<NodeList>(peers.kubeconfig, ['get', 'nodes']).items;
    const zoneOf = new Map(nodes.map((n) => [n.metadata.name, n.metadata.labels?.[ZONE] ?? '']));
    const h100 = nodes.filter((n) => n.metadata.labels?.['gantry.dev/gpu-type'] === 'nvidia-h100').map((n) => n.metadata.name);
    const zonesOf = (ns: string) => new Set(running(ns).map((p) => zoneOf.get(p.spec?.nodeName ?? '') ?? ''));
    const weu2 = zonesOf('shard-weu-2');
    const zone = [...new Set(h100.map((n) => zoneOf.get(n)!))].sort().find((z) => !weu2.has(z));
    expect(zone, `weu-2 runs in every zone: ${[...weu2]}`).toBeDefined();
    if (!zonesOf('shard-weu-1').has(zone!)) await movePodInto('shard-weu-1', zone!, h100, zoneOf);
    const down = nodes.filter((n) => n.metadata.labels?.[ZONE] === zone).map((n) => n.metadata.name);

    const page = await browser!.newPage({ viewport: { width: 1440, height: 960 }, colorScheme: 'light' });
    page.setDefaultTimeout(20_000);
    const app = new GantryApp(page);
    await page.goto(host!.url);
    await app.expectWorkspace();
    await page.getByTestId('view-live').click();
    await page.getByTestId(`connect-${CLUSTER}`).click();
    await textMatches(page.getByTestId(`conn-${CLUSTER}`), /^Live$/, 30_000);
    await page.getByTestId(`open-board-${CLUSTER}`).click();
    const card = page.getByTestId('card-weu-1');
    await visible(card, 30_000);

    try {
      for (const n of down) takeDown(n);
      await expect.poll(() => card.getAttribute('data-health'), { timeout: 60_000, interval: 500 }).toMatch(/degraded|down/);
      await textMatches(card.getByTestId('reasons-weu-1'), /NotReady/, 30_000);
      // weu-2 serves fine; the board marks it only because its failover shard, weu-1, is failing, and the planner may place on it.
      await textMatches(page.getByTestId('card-weu-2'), /failover shard weu-1 is (degraded|down)/);
      expect(await page.getByTestId('reasons-weu-2').locator('li').count()).toBe(1);
      await shot(page, '90-drain-degraded-shard');

      // Keyboard only: filter, down into the card; Enter opens the shard detail, which offers the drain
      // too; Escape comes back to the board; filter and down again, and D opens the flow.
      const focusCard = async () => {
        await page.getByTestId('board-filter').fill('weu-1');
        await page.getByTestId('board-filter').press('ArrowDown');
        await expect.poll(() => card.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
      };
      await focusCard();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('detail-drain-weu-1').isEnabled(), { timeout: 15_000 }).toBe(true);
      await page.keyboard.press('Escape');
      await visible(card);
      await focusCard();
      await page.keyboard.press('d');
      const flow = page.getByTestId('drain-flow');
      await visible(flow);
      // Not everything fits: the refusal says who and why, and the focus is on Partial.
      await textMatches(flow.getByTestId('drain-error'), /Cannot drain shard weu-1: acme .* fits on no other/);
      await expect.poll(() => flow.getByTestId('drain-partial').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Space');
      const preview = flow.getByTestId('drain-preview');
      await visible(preview);
      for (const t of MOVED) await textMatches(flow.getByTestId(`move-${t}`), new RegExp(`${t}.*weu-1\\s*weu-2`));
      for (const t of STAY) await textMatches(flow.getByTestId(`stay-${t}`), new RegExp(`^${t}: .*no other healthy active shared nvidia-h100 shard in westeurope`));
      await textMatches(flow.getByTestId('headroom-weu-2'), /16\s*7\s*10\s*6 GPUs/);
      await textMatches(flow.getByTestId('routing-weu-1'), /active\s*→\s*draining/);
      await textMatches(flow.getByTestId('drain-message'), /Gantry-Plan: drain-shard weu-1 --partial/);
      await shot(page, '91-drain-preview');

      // A colleague pushes meanwhile: the flow pulls it and replays the drain on top.
      const other = path.join(tmp, 'other');
      const authUrl = url.replace('http://', `http://${AUTH.username}:${AUTH.password}@`);
      await git(tmp, 'clone', '-q', authUrl, 'other');
      writeFileSync(path.join(other, 'tenants/wayne.yaml'), readFileSync(path.join(other, 'tenants/wayne.yaml'), 'utf8').replace(/latencyTargetMs: \d+/, 'latencyTargetMs: 240'));
      await git(other, 'commit', '-qam', 'wayne: latency target 240 ms');
      await git(other, 'push', '-q', 'origin', 'main');

      await expect.poll(() => flow.getByTestId('drain-confirm').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await stateIs(flow.getByTestId('step-push'), 'done', 60_000);
      await textMatches(flow.getByTestId('step-push'), /someone had pushed meanwhile, so their commits were pulled and this one replayed on top/);
      // Each step says what happens next and how long it usually takes.
      await textMatches(flow.getByTestId('step-apply'), /Waiting for Flux .*usually a minute|Flux is applying .*usually takes seconds|Flux applied/);
      await textMatches(flow.getByTestId('step-routing'), /router reads the new map on its next reload \(seconds\)|holds the new map/);
      await shot(page, '92-drain-following');
      const drained = (await git(ws, 'rev-parse', 'HEAD')).trim();
      expect(await git(ws, 'log', '--format=%s', '-2')).toMatch(/^Drain shard weu-1 \(partial\): move 2 tenants to weu-2\nwayne: latency target 240 ms\n$/);
      reconcileNow();
      for (const id of ['apply', 'namespaces', 'routing']) await stateIs(flow.getByTestId(`step-${id}`), 'done', 240_000);
      await textMatches(flow.getByTestId('step-namespaces'), /tenant-hooli and tenant-initech → weu-2/);
      await textMatches(flow.getByTestId('step-routing'), /holds the new map: hooli and initech → weu-2; weu-1 draining/);
      // The cluster itself, read with kubectl.
      for (const t of MOVED) expect(shardLabel(t)).toBe('weu-2');
      for (const t of STAY) expect(shardLabel(t)).toBe('weu-1');
      const after = routingMap();
      expect(after.shards['weu-1']!.state).toBe('draining');
      for (const t of MOVED) expect(after.tenants[t]!.shard).toBe('weu-2');
      expect(kubectlJson<{ status: { lastAppliedRevision: string } }>(peers.kubeconfig, ['-n', 'flux-system', 'get', 'kustomization', `gantry-${CLUSTER}`]).status.lastAppliedRevision).toBe(`main@sha1:${drained}`);
      // The next action, Undo, has the focus; Escape hides the flow and the toast offers Undo.
      await expect.poll(() => flow.getByTestId('drain-undo').evaluate((el) => el === document.activeElement)).toBe(true);
      await shot(page, '93-drain-applied');
      await page.keyboard.press('Escape');
      const toast = page.getByTestId('drain-toast');
      await textMatches(toast, new RegExp(`Drain of weu-1 applied on ${CLUSTER} \\(${drained.slice(0, 7)}\\)`));
      await shot(page, '94-drain-undo-toast');
      await toast.getByTestId('drain-toast-undo').click();
      await visible(flow);
      await textMatches(flow.getByTestId('step-commit'), /Committed [0-9a-f]{7}: Revert "Drain shard weu-1 \(partial\): move 2 tenants to weu-2"/, 60_000);
      await stateIs(flow.getByTestId('step-push'), 'done', 60_000);
      reconcileNow();
      for (const id of ['apply', 'namespaces', 'routing']) await stateIs(flow.getByTestId(`step-${id}`), 'done', 240_000);
      await textMatches(flow.getByTestId('step-routing'), /hooli and initech → weu-1; weu-1 active/);
      for (const t of [...MOVED, ...STAY]) expect(shardLabel(t)).toBe('weu-1');
      const back = routingMap();
      expect(back.shards['weu-1']!.state).toBe('active');
      for (const t of MOVED) expect(back.tenants[t]!.shard).toBe('weu-1');
      const undone = (await git(ws, 'rev-parse', 'HEAD')).trim();
      expect(await git(ws, 'log', '-1', '--format=%s%n%b')).toContain(`This reverts commit ${drained}.`);
      expect(kubectlJson<{ status: { lastAppliedRevision: string } }>(peers.kubeconfig, ['-n', 'flux-system', 'get', 'kustomization', `gantry-${CLUSTER}`]).status.lastAppliedRevision).toBe(`main@sha1:${undone}`);
      // The colleague's change is still there.
      expect(readFileSync(path.join(ws, 'tenants/wayne.yaml'), 'utf8')).toContain('latencyTargetMs: 240');
      await shot(page, '95-drain-undone');
    } finally {
      for (const n of down) restore(n);
    }
    await page.close();
  }, 900_000);
});
