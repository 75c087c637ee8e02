// Issue 15, part A: the routing map screen in browser mode, as the on-call engineer sees it.
// 1. The small example, no cluster connected: reached from the command palette and with Ctrl+4, the keyboard through the
//    cluster tabs and shard rows, the failover.capacity problem on weu-1 in one sentence, Enter
//    opens shards/weu-1.yaml; every health is badged spec.
// 2. Against the real control plane of e2e/peers: aks-weu-prod connected from the map shows its
//    shards' live health (badged live) and ready endpoints; a weu-2 pod made to crash-loop turns
//    weu-2 degraded, and the map names weu-1's failover target as unavailable.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { applyExampleWithKubectl, replaceNotReadyPods } from '../support/example-on-peers.ts';
import { kubeconfigForCluster } from '../support/flux-workspace.ts';
import { kubectl, kubectlJson, peersUp, waitFor, type Peers } from '../support/peers.ts';
import { attrIs, textMatches, visible } from '../pages/gantry-app.ts';
import { useAppOnWorkspace } from './helpers/app-on-workspace.ts';
import { launchChromium } from './helpers/browser.ts';
import { openWorkspace } from './helpers/open-app.ts';
import { startServe, type ServeHost } from './helpers/serve-host.ts';

const CLUSTER = 'aks-weu-prod';

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');

describe('routing map on the example workspace', () => {
  const env = useAppOnWorkspace(() => {
    const ws = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-routing-')), 'ws');
    writeExample(ws, 'small', 'http://127.0.0.1:9/none.git');
    return ws;
  }, { hookTimeoutMs: 10 * 60_000 });

  it('names the failover.capacity problem on weu-1 in one sentence, keyboard from the tabs to the object', async () => {
    const { page, app } = await openWorkspace(env, { colorScheme: 'light' });
    // From the command palette (F1): type, Enter.
    await page.keyboard.press('F1');
    await visible(page.getByTestId('command-palette'));
    await page.keyboard.type('routing');
    await textMatches(page.getByTestId('palette-item').first(), /Show routing mapCtrl 4$/);
    await app.screenshot('82-command-palette');
    await page.keyboard.press('Enter');
    const view = page.getByTestId('routing-view');
    await visible(view);
    expect(await page.getByTestId('command-palette').count()).toBe(0);
    await attrIs(page.getByTestId('view-routing'), 'aria-current', 'page');
    // And with its shortcut from another view.
    await page.keyboard.press('Control+1');
    await attrIs(page.getByTestId('view-workspace'), 'aria-current', 'page');
    await page.keyboard.press('Control+4');
    await visible(view);
    // Every cluster by region; the example's two failover.capacity warnings counted on the tabs.
    await textMatches(page.getByTestId('routing-tab-all'), /^All clusters2$/);
    await textMatches(page.getByTestId('routing-tab-aks-weu-prod'), /^aks-weu-prod1$/);
    await visible(page.getByTestId('region-aks-eus-prod-eastus'));
    await visible(page.getByTestId('region-aks-weu-prod-westeurope'));

    // Arrow keys through the cluster tabs to aks-weu-prod.
    await page.getByTestId('routing-tab-all').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await attrIs(page.getByTestId('routing-tab-aks-weu-prod'), 'aria-selected', 'true');
    expect(await page.getByTestId('rm-cluster-aks-eus-prod').count()).toBe(0);
    const weu = page.getByTestId('rm-cluster-aks-weu-prod');
    await textMatches(weu.getByTestId('policy-aks-weu-prod-default'), 'policy default: performance · session affinity on · probe /health every 10 s');
    const problems = weu.getByTestId('aks-weu-prod-routing-problem');
    expect(await problems.count()).toBe(1);
    await attrIs(problems.first(), 'data-code', 'failover.capacity');
    await textMatches(problems.first(), /If shard weu-1 fails over to weu-2, tenants acme \(mistral-7b\), umbrella \(mistral-7b\) use models it does not serve; add model servers to weu-2, or choose another failoverShard\.shards\/weu-1\.yaml:\d+$/);

    // Nothing is connected: every health is what routing.json says, badged spec, and says why.
    for (const s of ['globex', 'weu-1', 'weu-2']) await textMatches(weu.getByTestId(`source-${s}`), /^spec$/);
    await attrIs(weu.getByTestId('health-weu-1'), 'title', 'State from routing.json; no live health because the cluster has no kubeconfig context of its name.');
    await textMatches(weu.getByTestId('failover-weu-1'), /^→ weu-2$/);

    // Tab leaves the tabs for the shard rows (one stop), ArrowDown to weu-1, Enter opens it.
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('shard-globex');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTestId(page)).toBe('shard-weu-1');
    await page.keyboard.press('Enter');
    const detail = weu.getByTestId('detail-weu-1');
    await textMatches(detail, /premium acme \(4 GPUs, 100 ms\), umbrella \(2 GPUs, 100 ms\)standard hooli \(1 GPU, 250 ms\), initech \(2 GPUs, 250 ms\)/);
    await textMatches(detail, /nvidia-h100 · 7 GPUs free/);
    await app.screenshot('80-routing-map');

    // The problem list is reached by Tab too; Enter opens the shard's file in the editor.
    await problems.first().focus();
    await page.keyboard.press('Enter');
    await textMatches(page.getByTestId('editor-title'), /^weu-1$/);
    await visible(page.getByTestId('yaml-editor'));
    await page.close();
  }, 120_000);
});

type PodList = { items: Array<{ metadata: { name: string }; status?: { phase?: string; containerStatuses?: Array<{ name: string; ready: boolean }> } }> };

describe('routing map with live health from the real control plane', () => {
  let peers: Peers;
  let host: ServeHost | undefined;
  let browser: Browser | undefined;
  let faulted: { ns: string; pod: string } | undefined;
  const runningPods = (ns: string) => kubectlJson<PodList>(peers.kubeconfig, ['-n', ns, 'get', 'pods']).items.filter((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready));

  beforeAll(async () => {
    peers = peersUp();
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'gantry-routing-live-'));
    const ws = path.join(tmp, 'ws');
    applyExampleWithKubectl(peers.kubeconfig, ws, CLUSTER);
    replaceNotReadyPods(peers.kubeconfig, 'shard-weu-2');
    await waitFor('model-server pods of shard-weu-2 running', () => (runningPods('shard-weu-2').length >= 2 ? true : undefined), 180_000, 1000);
    // The person's kubeconfig: the peers' cluster under the context named like the Cluster spec.
    const kubeconfig = kubeconfigForCluster(peers.kubeconfig, path.join(tmp, 'kubeconfig'), CLUSTER, 'gantry-peers');
    [host, browser] = await Promise.all([startServe({ workspace: ws, env: { KUBECONFIG: kubeconfig } }), launchChromium()]);
  }, 50 * 60_000);

  afterAll(async () => {
    // The peers stay up for the other e2e files, without the fault (its Deployment replaces the pod).
    if (faulted) kubectl(peers.kubeconfig, ['-n', faulted.ns, 'delete', 'pod', faulted.pod, '--wait=false'], { allowFail: true });
    await browser?.close();
    await host?.stop();
  }, 60_000);

  it('connected from the map, shards show live health and ready endpoints; a crash-looping weu-2 makes weu-1 fail over to an unavailable shard', async () => {
    const { page, app } = await openWorkspace({ browser: browser!, host: host! }, { colorScheme: 'light' });
    await page.getByTestId('view-routing').click();
    await page.getByTestId('routing-tab-aks-weu-prod').click();
    const weu = page.getByTestId('rm-cluster-aks-weu-prod');
    // Nothing is connected before the person asks.
    await textMatches(weu.getByTestId('source-weu-2'), /^spec$/);
    await textMatches(page.getByTestId('routing-live-line'), /aks-weu-prod: Not connected/);
    await page.getByTestId(`routing-connect-${CLUSTER}`).click();
    for (const s of ['globex', 'weu-1', 'weu-2']) {
      await textMatches(weu.getByTestId(`source-${s}`), /^live$/, 30_000);
      await textMatches(weu.getByTestId(`health-${s}`), /^(healthy|degraded|down)$/);
      await textMatches(weu.getByTestId(`endpoints-${s}`), /^\d+\/\d+ ready$/);
    }
    const ready = runningPods('shard-weu-2').length;
    await textMatches(weu.getByTestId('endpoints-weu-2'), new RegExp(`^${ready}/\\d+ ready$`));
    // The tabs say which health: the other clusters stay spec.
    await page.getByTestId('routing-tab-all').click();
    await textMatches(page.getByTestId('rm-cluster-aks-eus-prod').getByTestId('source-eus-1'), /^spec$/);
    await page.getByTestId('routing-tab-aks-weu-prod').click();

    const unavailable = weu.locator('[data-testid="aks-weu-prod-routing-problem"][data-code="failover.unavailable"][data-shard="weu-1"]');
    // weu-2 can be degraded already (the scheduler may leave one of its zones empty): what the map says before the fault.
    const before = await unavailable.count();

    // The fault: one of weu-2's pods crash-loops (status subresource, as a kubelet would write it).
    const victim = runningPods('shard-weu-2')[0]!;
    const container = victim.status!.containerStatuses![0]!.name;
    const patch = {
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady' }],
        containerStatuses: [{ name: container, ready: false, restartCount: 5, image: 'registry.invalid/x:1', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=${container}` } } }],
      },
    };
    faulted = { ns: 'shard-weu-2', pod: victim.metadata.name };
    kubectl(peers.kubeconfig, ['-n', 'shard-weu-2', 'patch', 'pod', victim.metadata.name, '--subresource=status', '--type=strategic', '-p', JSON.stringify(patch)]);
    await textMatches(weu.getByTestId('health-weu-2'), /^(degraded|down)$/, 15_000);
    await expect.poll(() => weu.getByTestId('health-weu-2').getAttribute('title'), { timeout: 15_000 }).toMatch(/CrashLoopBackOff/);
    await textMatches(unavailable, /^failover\.unavailableShard weu-1 fails over to weu-2, which is (degraded|down) \(.*CrashLoopBackOff.*\); point failoverShard at an active shared shard of aks-weu-prod in westeurope\./, 15_000);
    // weu-1 degraded only because its failover shard weu-2 is (live monitoring's failover-unhealthy) is no reason to call it unavailable for weu-2.
    if (/^Live from aks-weu-prod: failover shard weu-2 is (degraded|down)\.$/.test((await weu.getByTestId('health-weu-1').getAttribute('title')) ?? '')) {
      expect(await weu.locator('[data-testid="aks-weu-prod-routing-problem"][data-shard="weu-2"]').count()).toBe(0);
    }
    await weu.getByTestId('shard-weu-2').click();
    await textMatches(weu.getByTestId('detail-weu-2'), /Live from aks-weu-prod: .*CrashLoopBackOff/);
    await app.screenshot('81-routing-map-live');

    // Lifted (the container runs again): the map is back to what it said before the fault.
    const lifted = {
      status: {
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'True' }],
        containerStatuses: [{ name: container, ready: true, restartCount: 5, image: 'registry.invalid/x:1', imageID: '', state: { running: { startedAt: new Date().toISOString() } } }],
      },
    };
    kubectl(peers.kubeconfig, ['-n', 'shard-weu-2', 'patch', 'pod', victim.metadata.name, '--subresource=status', '--type=strategic', '-p', JSON.stringify(lifted)]);
    faulted = undefined;
    await expect.poll(() => weu.getByTestId('health-weu-2').getAttribute('title'), { timeout: 15_000 }).not.toMatch(/CrashLoopBackOff/);
    await expect.poll(() => unavailable.count(), { timeout: 15_000, interval: 250 }).toBe(before);
    await page.close();
  }, 300_000);
});
