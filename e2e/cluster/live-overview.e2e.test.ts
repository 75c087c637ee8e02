// Issue 11, item 8: the live screens in browser mode against the real control plane of e2e/peers.
// The small example's aks-weu-prod objects are applied with kubectl; the person opens the clusters
// overview, connects the cluster, sees a shard healthy, a pod of it is made to crash-loop (its status
// written through the status subresource, as the host tests do: kwok runs no containers) and the
// shard turns degraded with that reason within 5 s, then recovers when the pod is replaced.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../app/helpers/browser.ts';
import { startServe, type ServeHost } from '../app/helpers/serve-host.ts';
import { attrIs, GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { applyExampleWithKubectl, replaceNotReadyPods } from '../support/example-on-peers.ts';
import { kubeconfigForCluster } from '../support/flux-workspace.ts';
import { kubectl, kubectlJson, peersUp, waitFor, type Peers } from '../support/peers.ts';

const CLUSTER = 'aks-weu-prod';
/** The small example's shards on aks-weu-prod. Which is healthy depends on where the scheduler put the pods (a zone left empty is degraded), so the test takes one the app shows healthy. */
const SHARDS = ['weu-1', 'weu-2', 'globex'];

type PodList = { items: Array<{ metadata: { name: string; labels?: Record<string, string> }; spec?: { nodeName?: string }; status?: { phase?: string; containerStatuses?: Array<{ name: string; ready: boolean }> } }> };
type NodeList = { items: Array<{ metadata: { name: string; labels?: Record<string, string> } }> };
const ZONE = 'topology.kubernetes.io/zone';

let peers: Peers;
let tmp: string;
let host: ServeHost | undefined;
let browser: Browser | undefined;
/** The pod made to crash-loop, to lift the fault whatever happens. */
/** The launch link the first page spent (each works once). */
let spent = '';
let faulted: { ns: string; pod: string } | undefined;

/**
 * The scheduler spreads each Deployment's two pods over two zones on its own, so a shard of two
 * servers can miss its third zone (degraded: zone-empty, a true finding). For a shard known healthy,
 * globex gets a pod moved into a zone it lacks: the other zones' nodes cordoned while it is replaced.
 */
async function coverAllZones(ns: string): Promise<void> {
  const nodes = kubectlJson<NodeList>(peers.kubeconfig, ['get', 'nodes']).items;
  const zoneOf = new Map(nodes.map((n) => [n.metadata.name, n.metadata.labels?.[ZONE] ?? '']));
  const gpuNodes = nodes.filter((n) => n.metadata.labels?.['gantry.dev/gpu-type'] === 'nvidia-h100');
  const zones = [...new Set(gpuNodes.map((n) => zoneOf.get(n.metadata.name)!))].sort();
  const pods = runningPods(ns);
  const used = new Map<string, string[]>();
  for (const p of pods) used.set(zoneOf.get(p.spec?.nodeName ?? '') ?? '', [...(used.get(zoneOf.get(p.spec?.nodeName ?? '') ?? '') ?? []), p.metadata.name]);
  const missing = zones.find((z) => !used.has(z));
  const crowded = [...used.entries()].find(([, names]) => names.length > 1);
  if (!missing || !crowded) return;
  const others = gpuNodes.filter((n) => zoneOf.get(n.metadata.name) !== missing).map((n) => n.metadata.name);
  kubectl(peers.kubeconfig, ['cordon', ...others]);
  try {
    kubectl(peers.kubeconfig, ['-n', ns, 'delete', 'pod', crowded[1][0]!, '--wait=false']);
    await waitFor(`a pod of ${ns} running in ${missing}`, () => (runningPods(ns).some((p) => zoneOf.get(p.spec?.nodeName ?? '') === missing) && runningPods(ns).length >= pods.length ? true : undefined), 60_000, 500);
  } finally {
    kubectl(peers.kubeconfig, ['uncordon', ...others]);
  }
}

function lift(ns: string, pod: string, container: string): void {
  const lifted = {
    status: {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'True' }],
      containerStatuses: [{ name: container, ready: true, restartCount: 5, image: 'registry.invalid/x:1', imageID: '', state: { running: { startedAt: new Date().toISOString() } } }],
    },
  };
  kubectl(peers.kubeconfig, ['-n', ns, 'patch', 'pod', pod, '--subresource=status', '--type=strategic', '-p', JSON.stringify(lifted)]);
}

const runningPods = (ns: string) => kubectlJson<PodList>(peers.kubeconfig, ['-n', ns, 'get', 'pods']).items.filter((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready));

beforeAll(async () => {
  peers = peersUp();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gantry-live-ui-'));
  const ws = path.join(tmp, 'ws');
  applyExampleWithKubectl(peers.kubeconfig, ws, CLUSTER);
  for (const s of SHARDS) replaceNotReadyPods(peers.kubeconfig, `shard-${s}`);
  for (const s of SHARDS) await waitFor(`model-server pods of shard-${s} running`, () => (runningPods(`shard-${s}`).length >= 4 || (s === 'weu-2' && runningPods(`shard-${s}`).length >= 2) ? true : undefined), 180_000, 1000);
  await coverAllZones('shard-globex');
  // The person's kubeconfig: the peers' cluster under the context named like the Cluster spec.
  const kubeconfig = kubeconfigForCluster(peers.kubeconfig, path.join(tmp, 'kubeconfig'), CLUSTER, 'gantry-peers');
  // A second cluster whose user gets its token from an exec plugin nobody allowed yet: a script that leaves a mark when run.
  // kubectl writes the command relative to the kubeconfig's folder: bin/token-plugin.sh.
  mkdirSync(path.join(tmp, 'bin'));
  const plugin = path.join(tmp, 'bin', 'token-plugin.sh');
  writeFileSync(plugin, `#!/bin/sh\ntouch ${path.join(tmp, 'plugin-ran')}\necho 'no token here' >&2\nexit 1\n`, { mode: 0o755 });
  kubectl(kubeconfig, ['config', 'set-credentials', 'plugin-user', '--exec-api-version=client.authentication.k8s.io/v1beta1', `--exec-command=${plugin}`, '--exec-arg=--audience', '--exec-arg=gantry e2e', '--exec-interactive-mode=Never']);
  kubectl(kubeconfig, ['config', 'set-context', 'aks-eus-prod', '--cluster=gantry-peers', '--user=plugin-user']);
  // kubectl config set-context itself runs the plugin (measured): the mark counts from here on.
  rmSync(path.join(tmp, 'plugin-ran'), { force: true });
  [host, browser] = await Promise.all([startServe({ workspace: ws, env: { KUBECONFIG: kubeconfig } }), launchChromium()]);
}, 50 * 60_000);

afterAll(async () => {
  // The peers stay up for the other e2e files (as live-watch.e2e.test.ts leaves them), without the fault.
  if (faulted) kubectl(peers.kubeconfig, ['-n', faulted.ns, 'delete', 'pod', faulted.pod, '--wait=false'], { allowFail: true });
  await browser?.close();
  await host?.stop();
}, 60_000);

/** The shard cards as a screen reader gets them: the children of the board's listbox in Chromium's accessibility tree, by shard name. */
async function readingOrder(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const box = nodes.find((n) => n.role?.value === 'listbox' && String(n.name?.value ?? '').startsWith('Shards of'));
    const out: string[] = [];
    for (const id of box?.childIds ?? []) {
      const backendNodeId = byId.get(id)?.backendDOMNodeId;
      if (backendNodeId === undefined) continue;
      const { node } = await cdp.send('DOM.describeNode', { backendNodeId });
      const attrs = node.attributes ?? [];
      out.push(String(attrs[attrs.indexOf('data-testid') + 1] ?? '').replace(/^card-/, ''));
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** The shard cards in the order the screen shows them: row by row, left to right. */
async function screenOrder(page: Page): Promise<string[]> {
  const cards = await page.locator('.shard-card').evaluateAll((els) => els.map((el) => ({ shard: el.getAttribute('data-testid')!.replace(/^card-/, ''), top: Math.round(el.getBoundingClientRect().top), left: el.getBoundingClientRect().left })));
  return cards.sort((a, b) => a.top - b.top || a.left - b.left).map((c) => c.shard);
}

describe('live screens against the real control plane', () => {
  it('connects on request, shows a shard healthy, degraded with the crash-loop reason within 5 s, and recovered', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page.setDefaultTimeout(15_000);
    const app = new GantryApp(page);
    spent = host!.url;
    await page.goto(spent);
    await app.expectWorkspace();
    await textMatches(page.getByTestId('status-clusters'), /Clusters not connected/);
    await page.getByTestId('view-live').click();
    const card = page.getByTestId(`cluster-${CLUSTER}`);
    // Nothing is connected before the person asks.
    await textMatches(card.getByTestId(`conn-${CLUSTER}`), /^Not connected$/);
    await page.getByTestId(`connect-${CLUSTER}`).click();
    await textMatches(card.getByTestId(`conn-${CLUSTER}`), /^Live$/, 30_000);
    await textMatches(page.getByTestId('status-clusters'), /1\/1 live/);
    await textMatches(card.getByTestId(`gpus-${CLUSTER}`), /^\d+ of \d+$/);
    await textMatches(card.getByTestId(`counts-${CLUSTER}`), /\d+ healthy/);
    await app.screenshot('70-live-overview');

    await page.getByTestId(`open-board-${CLUSTER}`).click();
    const healthy = page.locator('.shard-card[data-health="healthy"]');
    await visible(healthy.first(), 30_000).catch(async (err: unknown) => {
      throw new Error(`no shard is healthy: ${await page.getByTestId('shard-board').textContent()}`, { cause: err });
    });
    const SHARD = ((await healthy.first().getAttribute('data-testid')) ?? '').replace(/^card-/, '');
    expect(SHARDS).toContain(SHARD);
    const NS = `shard-${SHARD}`;
    const shardCard = page.getByTestId(`card-${SHARD}`);
    // Keyboard: from the filter, down into the cards, Space shows more of the focused one (Enter opens its detail: live-faults).
    await page.getByTestId('board-filter').fill(SHARD);
    await page.getByTestId('board-filter').press('ArrowDown');
    await expect.poll(() => shardCard.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
    await page.keyboard.press(' ');
    await attrIs(shardCard, 'aria-expanded', 'true');
    await page.getByTestId('board-filter').fill('');
    await app.screenshot('71-shard-board');
    // A screen reader reads the cards in the order the screen shows them (worst first), though the DOM holds them by name.
    await expect.poll(async () => (await page.locator('.shard-card').count()) === SHARDS.length).toBe(true);
    expect(await readingOrder(page)).toEqual(await screenOrder(page));

    // The fault: one of its pods crash-loops (status subresource, as a kubelet would write it).
    const victim = runningPods(NS)[0]!;
    const container = victim.status!.containerStatuses![0]!.name;
    const patch = {
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady' }],
        containerStatuses: [{ name: container, ready: false, restartCount: 5, image: 'registry.invalid/x:1', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=${container}` } } }],
      },
    };
    const t0 = Date.now();
    faulted = { ns: NS, pod: victim.metadata.name };
    kubectl(peers.kubeconfig, ['-n', NS, 'patch', 'pod', victim.metadata.name, '--subresource=status', '--type=strategic', '-p', JSON.stringify(patch)]);
    await attrIs(shardCard, 'data-health', 'degraded');
    await textMatches(shardCard.getByTestId(`reasons-${SHARD}`), /CrashLoopBackOff/, 5_000);
    const seen = Date.now() - t0;
    expect(seen).toBeLessThan(5_000);
    expect(await readingOrder(page)).toEqual(await screenOrder(page));

    // Lifted: the container runs again (its status as kwok had it) and the shard is healthy again.
    lift(NS, victim.metadata.name, container);
    faulted = undefined;
    await expect.poll(async () => shardCard.getAttribute('data-health'), { timeout: 15_000, interval: 250 }).toBe('healthy');
    await page.getByRole('button', { name: '← Clusters' }).click();
    await visible(page.getByTestId(`cluster-${CLUSTER}`));
    await expect.poll(() => page.getByTestId(`overview-shard-${SHARD}`).count(), { timeout: 15_000 }).toBe(0);
  }, 240_000);

  it('asks before running an exec credential plugin, showing its exact command and arguments', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page.setDefaultTimeout(15_000);
    await page.goto(await host!.nextUrl(spent));
    const app = new GantryApp(page);
    await app.expectWorkspace();
    await page.getByTestId('view-live').click();
    await page.getByTestId('connect-aks-eus-prod').click();
    await textMatches(page.getByTestId('conn-aks-eus-prod'), /Waiting for your consent/);
    const prompt = page.getByTestId('consent-aks-eus-prod');
    await textMatches(prompt.getByTestId('consent-command'), /^bin\/token-plugin\.sh --audience "gantry e2e"$/);
    expect(existsSync(path.join(tmp, 'plugin-ran'))).toBe(false);
    await app.screenshot('72-live-consent');
    await prompt.getByTestId('consent-allow').click();
    // Allowed, it runs; its failure is the cluster's state in the plugin's own words.
    await textMatches(page.getByTestId('conn-aks-eus-prod'), /Unauthorized/, 30_000);
    await textMatches(page.getByTestId('conn-reason-aks-eus-prod'), /no token here/);
    expect(existsSync(path.join(tmp, 'plugin-ran'))).toBe(true);
    await page.close();
  }, 120_000);
});
