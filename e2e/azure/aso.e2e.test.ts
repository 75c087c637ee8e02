import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallExample } from '../../gitops/core/examples/small.ts';
import { loadWorkspace } from '../../gitops/node/workspace-io.ts';
import { AsoResources } from '../../electron/services/azure/aso-resources.ts';
import { ConsentStore } from '../../electron/services/cluster/consent-store.ts';
import { ExecCredentialRunner } from '../../electron/services/cluster/exec-credential.ts';
import { launchChromium } from '../app/helpers/browser.ts';
import { startServe } from '../app/helpers/serve-host.ts';
import { kubectl, peersUp, type Peers } from '../support/peers.ts';

// Azure Service Operator's real ResourceGroup CRD (fixtures/aso, with its provenance) installed in
// the kube-apiserver of e2e/peers, ResourceGroups of tenant globex in its namespace with Ready
// conditions as ASO writes them (reasons and severities from ASO's conditions package), read by
// the host's ASO reader with the kubeconfig context of the tenant's cluster.
const here = path.dirname(fileURLToPath(import.meta.url));
const CRD = path.join(here, 'fixtures/aso/resources.azure.com_resourcegroups.yaml');
const NS = 'tenant-globex';
const SHOTS = path.resolve(here, '../../docs/screenshots');

describe('Azure Service Operator resources of a tenant, from the real API server', () => {
  let peers: Peers;
  let dir: string;
  const reader = (kubeconfig: string) =>
    new AsoResources({ model: () => loadWorkspace(dir).model, consent: new ConsentStore(path.join(dir, '.data')), exec: new ExecCredentialRunner({ timeoutMs: 10_000 }), env: { KUBECONFIG: kubeconfig } });
  const rg = (name: string, location: string) => `apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata: { name: ${name}, namespace: ${NS} }\nspec: { location: ${location} }\n`;
  const status = (name: string, condition: Record<string, unknown>) =>
    kubectl(peers.kubeconfig, ['patch', 'resourcegroup', name, '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { conditions: [{ type: 'Ready', lastTransitionTime: '2026-12-01T15:00:00Z', observedGeneration: 1, ...condition }] } })]);

  beforeAll(() => {
    peers = peersUp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-aso-ws-'));
    for (const [rel, text] of smallExample()) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      // The test cluster's kubeconfig context is gantry-peers.
      writeFileSync(path.join(dir, rel), rel === 'clusters/aks-weu-prod.yaml' ? text.replace('kubeContext: aks-weu-prod', 'kubeContext: gantry-peers') : text);
    }
    kubectl(peers.kubeconfig, ['apply', '--server-side', '-f', CRD]);
    kubectl(peers.kubeconfig, ['wait', '--for=condition=Established', 'crd/resourcegroups.resources.azure.com', '--timeout=60s']);
    // The namespace may already be there (other tests apply the example's rendered objects): it is left as it is.
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n` });
    kubectl(peers.kubeconfig, ['delete', 'resourcegroups.resources.azure.com', '--all', '-n', NS, '--ignore-not-found', '--wait=true']);
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: [rg('rg-gantry-globex', 'westeurope'), rg('rg-gantry-globex-dr', 'northeurope'), rg('rg-gantry-globex-search', 'westeurope'), rg('rg-gantry-globex-old', 'westeurope'), rg('rg-gantry-globex-new', 'westeurope')].join('---\n') });
    // As ASO's condition builders write them: Succeeded (True, no severity), Reconciling (False, Info, its fixed
    // message), a retried failure (False, Warning), one it gave up on (False, Error); one not reported yet.
    status('rg-gantry-globex', { status: 'True', reason: 'Succeeded' });
    status('rg-gantry-globex-search', { status: 'False', severity: 'Info', reason: 'Reconciling', message: 'The resource is in the process of being reconciled by the operator' });
    status('rg-gantry-globex-dr', { status: 'False', severity: 'Warning', reason: 'SubscriptionMismatch', message: 'the subscription of the credential does not match the owner\'s' });
    status('rg-gantry-globex-old', { status: 'False', severity: 'Error', reason: 'ReconciliationFailedPermanently', message: 'location northpole is not a supported Azure location' });
    // A spec change after the last report: generation 2, the condition still of generation 1.
    kubectl(peers.kubeconfig, ['patch', 'resourcegroup', 'rg-gantry-globex', '-n', NS, '--type=merge', '-p', '{"spec":{"tags":{"owner":"globex"}}}']);
  }, 180_000);

  afterAll(() => {
    if (peers) kubectl(peers.kubeconfig, ['delete', 'resourcegroups.resources.azure.com', '--all', '-n', NS, '--ignore-not-found', '--wait=false'], { allowFail: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lists the tenant's ASO resources with their Ready state, what needs a person first", async () => {
    const v = await reader(peers.kubeconfig).read('globex');
    expect(v).toMatchObject({ tenant: 'globex', cluster: 'aks-weu-prod', context: 'gantry-peers', namespace: NS, state: 'ok' });
    expect(v.resources.map((r) => [r.name, r.state, r.ready, r.reason ?? ''])).toEqual([
      ['rg-gantry-globex-old', 'error', 'False', 'ReconciliationFailedPermanently'],
      ['rg-gantry-globex-dr', 'warning', 'False', 'SubscriptionMismatch'],
      ['rg-gantry-globex-search', 'reconciling', 'False', 'Reconciling'],
      ['rg-gantry-globex-new', 'unknown', 'none', ''],
      ['rg-gantry-globex', 'ready', 'True', 'Succeeded'],
    ]);
    const ready = v.resources.find((r) => r.name === 'rg-gantry-globex')!;
    expect(ready).toMatchObject({ group: 'resources.azure.com', version: 'v1api20200601', kind: 'ResourceGroup', stale: true, since: '2026-12-01T15:00:00Z' });
    expect(v.resources.find((r) => r.name === 'rg-gantry-globex-old')).toMatchObject({ severity: 'Error', message: 'location northpole is not a supported Azure location', stale: false });
  }, 60_000);

  it("shows them on the tenant's provisioning view in the browser, failed first, with ASO's reason and message", async () => {
    const host = await startServe({ workspace: dir, env: { KUBECONFIG: peers.kubeconfig } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
      await page.goto(host.url);
      await page.getByTestId('view-provisioning').click();
      await page.getByTestId('tenant-globex').click();
      const table = page.getByTestId('aso-table');
      await table.waitFor({ timeout: 30_000 });
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-testid')}:${tr.querySelector('[data-testid=aso-state]')?.textContent ?? ''}`));
      expect(rows).toEqual(['aso-rg-gantry-globex-old:failed', 'aso-rg-gantry-globex-dr:retrying', 'aso-rg-gantry-globex-search:reconciling', 'aso-rg-gantry-globex-new:not reported', 'aso-rg-gantry-globex:ready']);
      expect(await page.getByTestId('aso-rg-gantry-globex-old').textContent()).toContain('location northpole is not a supported Azure location');
      expect(await page.getByTestId('aso-rg-gantry-globex').textContent()).toContain('spec changed since');
      expect(await page.getByTestId('aso-panel').textContent()).toContain('aks-weu-prod · tenant-globex');
      await page.screenshot({ path: path.join(SHOTS, '37-provisioning-aso.png') });
    } finally {
      await browser.close();
      await host.stop();
    }
  }, 120_000);

  it('says so when the user may not list them, and when the tenant\'s cluster has no context', async () => {
    const restricted = await reader(peers.restrictedKubeconfig).read('globex');
    expect(restricted.state).toBe('unauthorized');
    expect(restricted.message).toMatch(/^Context gantry-peers may not list ASO resources in tenant-globex: resourcegroups\.resources\.azure\.com is forbidden: User "gantry-restricted"/);
    const eus = await reader(peers.kubeconfig).read('vandelay');
    expect(eus).toMatchObject({ state: 'no-context', message: expect.stringMatching(/^The kubeconfig has no context "aks-/) });
  }, 60_000);
});
