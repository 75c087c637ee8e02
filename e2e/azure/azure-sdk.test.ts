import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureAccountDto, ProvisioningViewDto, TenantSummaryDto } from '../../shared/ipc/cloud-schemas.ts';
import { armErrors } from './arm-spec-schema.ts';
import { startHostProcess, type HostProcess } from './host-process.ts';
import { azureWorkspace, SP_CERT_APP, SP_SECRET, SP_SECRET_APP, startAzureTestBed, type AzureTestBed } from './setup.ts';
import { defineTenantStack, STACK, SUBSCRIPTION } from './stacks.ts';

/**
 * The real @azure/identity and @azure/arm-resourcesdeployments clients, inside a Gantry host
 * process, against the replay of Entra ID and ARM on https://127.0.0.1 (test CA through
 * NODE_EXTRA_CA_CERTS). Every ARM body the replay sent is checked against the official spec.
 */
describe('Azure sign-in and deployment tracking through the real SDKs', () => {
  let bed: AzureTestBed;
  let host: HostProcess;
  let ws: string;

  beforeAll(async () => {
    bed = await startAzureTestBed({ pageSize: 2 });
    ws = azureWorkspace(bed.replay);
    defineTenantStack(bed.replay, 'globex', 150);
    // Globex's stack failed an hour ago: 4 H100 nodes (160 cores) over an 80-core quota.
    bed.replay.seed(SUBSCRIPTION, 'rg-gantry-globex', STACK, { gpuNodeVmSize: 'Standard_NC40ads_H100_v5', gpuNodeCount: 4, searchSku: 'standard' }, 3_600_000,
      { uri: 'https://stgantrytemplates.blob.core.windows.net/templates/gantry-stack.json', contentVersion: '1.0.0.0' });
    host = startHostProcess(bed.env({ GANTRY_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gantry-azure-data-')), GANTRY_TEST_WORKSPACE: ws }));
  });
  afterAll(async () => {
    await host?.stop();
    await bed?.replay.stop();
  });

  const signIn = (input: Record<string, unknown>) => host.call<AzureAccountDto>('cloud:signIn', input);

  it('says in plain words why a sign-in failed: expired CLI login, not logged in, wrong secret, no consent, conditional access', async () => {
    bed.setAz({ mode: 'expired' });
    let r = await signIn({ method: 'cli' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/sign-in has expired.*az login.*AADSTS700082/);
    bed.setAz({ mode: 'logged-out' });
    r = await signIn({ method: 'cli' });
    if (!r.ok) expect(r.error.message).toMatch(/Azure CLI is not signed in.*az login/);
    expect(r.ok).toBe(false);

    r = await signIn({ method: 'clientSecret', tenantId: bed.replay.tenantId, clientId: SP_SECRET_APP, clientSecret: 'not-the-secret' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'auth-failed', message: expect.stringMatching(/client secret is wrong.*AADSTS7000215/) });

    bed.replay.failNextToken = { status: 400, error: 'invalid_grant', code: 65001, description: "The user or administrator has not consented to use the application with ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46'." };
    r = await signIn({ method: 'clientSecret', tenantId: bed.replay.tenantId, clientId: SP_SECRET_APP, clientSecret: SP_SECRET });
    if (!r.ok) expect(r.error.message).toMatch(/not been granted consent.*AADSTS65001/);
    expect(r.ok).toBe(false);

    bed.replay.failNextToken = { status: 400, error: 'invalid_grant', code: 53003, description: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.' };
    r = await signIn({ method: 'clientSecret', tenantId: bed.replay.tenantId, clientId: SP_SECRET_APP, clientSecret: SP_SECRET });
    if (!r.ok) expect(r.error.message).toMatch(/conditional-access policy.*AADSTS53003/);
    expect(r.ok).toBe(false);
    expect((await host.call<{ items: unknown[] }>('cloud:accounts')).ok && (await host.call<{ items: unknown[] }>('cloud:accounts'))).toMatchObject({ value: { items: [] } });
  }, 90_000);

  it('signs in with the Azure CLI, a service principal (secret, certificate), a device code shown as an event, and a managed identity', async () => {
    bed.setAz({ mode: 'ok' });
    const cli = await signIn({ method: 'cli' });
    expect(cli).toMatchObject({ ok: true, value: { method: 'cli', tenantId: bed.replay.tenantId } });

    const secret = await signIn({ method: 'clientSecret', tenantId: bed.replay.tenantId, clientId: SP_SECRET_APP, clientSecret: SP_SECRET });
    expect(secret).toMatchObject({ ok: true, value: { method: 'clientSecret', clientId: SP_SECRET_APP } });
    const cert = await signIn({ method: 'clientCertificate', tenantId: bed.replay.tenantId, clientId: SP_CERT_APP, certificatePath: bed.pki.clientPemFile });
    expect(cert).toMatchObject({ ok: true, value: { method: 'clientCertificate' } });

    const pending = signIn({ method: 'deviceCode', tenantId: bed.replay.tenantId });
    const prompt = await host.event<{ userCode: string; message: string }>('cloud:onDeviceCode');
    expect(prompt.message).toContain(prompt.userCode);
    expect(bed.replay.approveDeviceCode(prompt.userCode)).toBe(true);
    const device = await pending;
    expect(device).toMatchObject({ ok: true, value: { method: 'deviceCode', username: 'dana@contoso.example' } });

    const mi = await signIn({ method: 'managedIdentity' });
    expect(mi).toMatchObject({ ok: true, value: { method: 'managedIdentity' } });
    // The token requests went to the configured authority host, with instance discovery off.
    expect(bed.replay.requests.some((r) => r.path.startsWith(`/${bed.replay.tenantId}/oauth2/v2.0/token`))).toBe(true);
    expect(bed.replay.requests.some((r) => r.path.startsWith('/metadata/identity/oauth2/token'))).toBe(true);
  }, 90_000);

  it('shows a failed stack: operations in order, the nested deployment followed, the ARM error with what to change', async () => {
    const tenants = await host.call<{ items: TenantSummaryDto[] }>('cloud:tenants', { refresh: true });
    expect(tenants.ok).toBe(true);
    if (!tenants.ok) return;
    expect(tenants.value.items.map((t) => [t.tenant, t.state, t.resourceGroup, t.failedSteps])).toEqual([['globex', 'failed', 'rg-gantry-globex', 1]]);
    const r = await host.call<ProvisioningViewDto>('cloud:provisioning', { tenant: 'globex' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.value.timeline!;
    expect(t.deployment).toBe(STACK);
    expect(t.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.steps.map((s) => `${'  '.repeat(s.depth)}${s.resourceName}:${s.state}`)).toEqual([
      'stglobex:succeeded', 'srch-globex:succeeded', 'psql-globex:succeeded', 'observability:succeeded',
      '  log-globex:succeeded', '  appi-globex:succeeded', 'aks-globex:failed',
    ]);
    const aks = t.steps.at(-1)!;
    expect(aks.error).toMatchObject({ code: 'QuotaExceeded', target: 'aks-globex', details: [{ code: 'QuotaExceeded' }], additionalInfo: [{ type: 'QuotaInfo' }] });
    expect(aks.explanation?.summary).toBe("The subscription's CPU quota for standardNCADSH100v5Family in westeurope is too small for this step (limit 80, 160 more cores needed).");
    expect(aks.durationMs).toBe(300);
    // Nested deployments are listed by ARM but are not the tenant's deployment.
    expect(r.value.deployments).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'observability', nested: true })]));
    expect(r.value.polling).toBe(false);
  }, 60_000);

  it('re-runs the failed deployment with a changed parameter (same template), follows it to Succeeded, and refuses a second PUT while it runs', async () => {
    const form = await host.call<{ fields: Array<{ name: string; current: unknown; suspect: boolean }>; templateSource: string }>('cloud:rerunForm', { tenant: 'globex', deployment: STACK });
    expect(form.ok).toBe(true);
    if (!form.ok) return;
    expect(form.value.templateSource).toBe('templateLink');
    expect(form.value.fields.find((f) => f.name === 'gpuNodeCount')).toMatchObject({ current: 4, suspect: true });
    const started = await host.call<ProvisioningViewDto>('cloud:rerun', { tenant: 'globex', deployment: STACK, values: { gpuNodeCount: 2 } });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', polling: true } });
    const again = await host.call('cloud:rerun', { tenant: 'globex', deployment: STACK, values: { gpuNodeCount: 1 } });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/^Another run of this deployment is still going\. Unable to edit or replace deployment 'gantry-stack': previous deployment from .* is still active/);
    expect(bed.replay.sent.filter((s) => s.status === 409).map((s) => (s.body as { error: { code: string } }).error.code)).toEqual(['DeploymentActive']);
    const done = await host.event<ProvisioningViewDto>('cloud:onProvisioning', (v) => v.tenant === 'globex' && v.state === 'succeeded', 30_000);
    expect(done.polling).toBe(false);
    expect(done.timeline!.steps.every((s) => s.state === 'succeeded')).toBe(true);
    expect(done.timeline!.outputs).toEqual([
      { name: 'aksName', type: 'String', value: 'aks-globex' },
      { name: 'searchEndpoint', type: 'String', value: 'https://srch-globex.search.windows.net' },
    ]);
    // The PUT carried the same template link and the new parameter.
    const put = bed.replay.requests.filter((q) => q.path.includes(`/deployments/${STACK}?`)).length;
    expect(put).toBeGreaterThan(0);
    // Polling stopped: once the SDK's own poller has seen the end, nothing reads the group again.
    await new Promise((r) => setTimeout(r, 1500));
    const reads = bed.replay.requests.length;
    await new Promise((r) => setTimeout(r, 2000));
    expect(bed.replay.requests.slice(reads)).toEqual([]);
  }, 60_000);

  it('every body the replay sent follows the Deployments OpenAPI spec (2025-04-01), and lists paged with nextLink', () => {
    const arm = bed.replay.sent.filter((s) => s.definition !== 'entra' && s.definition !== 'imds');
    expect(arm.length).toBeGreaterThan(20);
    const bad = arm.map((s) => ({ at: `${s.method} ${s.path} ${s.status} ${s.definition}`, errors: armErrors(s.definition, s.body) })).filter((x) => x.errors.length);
    expect(bad).toEqual([]);
    const defs = new Set(arm.map((s) => s.definition));
    for (const d of ['DeploymentExtended', 'DeploymentExtendedListResult', 'DeploymentOperationsListResult', 'DeploymentExportResult', 'OperationStatusResult']) expect(defs).toContain(d);
    expect(bed.replay.requests.some((r) => /(\$|%24)skiptoken=/.test(r.path))).toBe(true);
    expect(bed.replay.requests.filter((r) => r.path.startsWith('/subscriptions/')).every((r) => r.path.includes('api-version=2025-04-01'))).toBe(true);
  });
});

describe('Azure sign-in with no network', () => {
  it('says Azure cannot be reached when the sign-in endpoint does not answer', async () => {
    const bed = await startAzureTestBed();
    await bed.replay.stop();
    const host = startHostProcess(bed.env({ GANTRY_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gantry-azure-data-')) }));
    try {
      const r = await host.call('cloud:signIn', { method: 'clientSecret', tenantId: bed.replay.tenantId, clientId: SP_SECRET_APP, clientSecret: SP_SECRET });
      expect(r).toEqual({ ok: false, error: { code: 'network', message: 'Azure cannot be reached from this machine (no network, a proxy, or a firewall). Check the connection and try again.' } });
    } finally {
      await host.stop();
    }
  }, 60_000);
});
