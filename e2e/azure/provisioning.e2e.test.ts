import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceModel } from '../../gitops/core/model/workspace-model.ts';
import { planAddTenant } from '../../gitops/core/plan/add-tenant.ts';
import { launchChromium } from '../app/helpers/browser.ts';
import { startServe, type ServeHost } from '../app/helpers/serve-host.ts';
import { GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { azureWorkspace, startAzureTestBed, type AzureTestBed } from './setup.ts';
import { defineTenantStack, STACK, SUBSCRIPTION } from './stacks.ts';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' }, encoding: 'utf8' });

/**
 * Browser mode against the replay of Entra ID and ARM: a device-code sign-in shown in the app, a
 * failed stack with its ARM error in plain words, a re-run with a changed parameter that succeeds,
 * a succeeded stack, and a shared tenant moved to dedicated through its checklist.
 */
describe('provisioning screens in browser mode (real SDKs in the host, replayed Azure)', () => {
  let bed: AzureTestBed;
  let host: ServeHost;
  let browser: Browser;
  let ws: string;
  let page: Page;
  let app: GantryApp;

  beforeAll(async () => {
    bed = await startAzureTestBed({ pageSize: 3 });
    ws = azureWorkspace(bed.replay);
    // A second dedicated tenant whose stack succeeded, planned as `gantry plan add-tenant --tier dedicated` would.
    const model = WorkspaceModel.fromFiles([...walk(ws)]);
    const plan = planAddTenant(model, { name: 'bigco', tier: 'dedicated', region: 'eastus', gpus: 2, gpuType: 'nvidia-h100', models: ['llama-3-8b'], today: '2026-12-01' });
    if (!plan.ok) throw new Error(plan.message);
    for (const f of plan.plan.files) {
      mkdirSync(path.dirname(path.join(ws, f.path)), { recursive: true });
      writeFileSync(path.join(ws, f.path), f.content);
    }
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'Example workspace');
    for (const t of ['globex', 'bigco']) defineTenantStack(bed.replay, t, 250);
    defineTenantStack(bed.replay, 'initech', 700);
    const link = { uri: 'https://stgantrytemplates.blob.core.windows.net/templates/gantry-stack.json', contentVersion: '1.0.0.0' };
    bed.replay.seed(SUBSCRIPTION, 'rg-gantry-globex', STACK, { gpuNodeVmSize: 'Standard_NC40ads_H100_v5', gpuNodeCount: 4, searchSku: 'standard' }, 3_600_000, link);
    bed.replay.seed(SUBSCRIPTION, 'rg-gantry-bigco', STACK, { gpuNodeVmSize: 'Standard_NC40ads_H100_v5', gpuNodeCount: 2, searchSku: 'standard' }, 7_200_000, link);
    [host, browser] = await Promise.all([
      startServe({ workspace: ws, env: bed.env({ GANTRY_GIT_AUTHOR_NAME: 'Dana Consultant', GANTRY_GIT_AUTHOR_EMAIL: 'dana@contoso.example' }) }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
    await page.goto(host.url);
    app = new GantryApp(page);
    await app.expectWorkspace();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await bed?.replay.stop();
  });

  it('signs in with a device code shown in the app', async () => {
    await page.getByTestId('view-provisioning').click();
    await visible(page.getByTestId('provisioning-view'));
    await textMatches(page.getByTestId('tenant-globex').getByTestId('tenant-state'), /not signed in/);
    await page.getByTestId('signin-method').selectOption('deviceCode');
    await page.getByTestId('signin-tenant').fill(bed.replay.tenantId);
    await page.getByTestId('signin-button').click();
    const code = page.getByTestId('device-code-value');
    await visible(code);
    const userCode = (await code.textContent())!.trim();
    expect(userCode).toMatch(/^[A-Z0-9]{9}$/);
    await app.screenshot('30-provisioning-device-code');
    expect(bed.replay.approveDeviceCode(userCode)).toBe(true);
    await textMatches(page.getByTestId('account').first(), /dana@contoso\.example/);
  }, 60_000);

  it('shows the failed stack with the ARM error in plain words, a failed-only filter and keyboard moves', async () => {
    await textMatches(page.getByTestId('tenant-globex').getByTestId('tenant-state'), /failed · 1 failed/);
    await textMatches(page.getByTestId('tenant-bigco').getByTestId('tenant-state'), /succeeded/);
    await page.getByTestId('tenant-globex').click();
    await textMatches(page.getByTestId('deployment-state'), /failed/);
    const steps = page.getByTestId('step');
    await expect.poll(() => steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-state')}`))).toEqual([
      'stglobex:succeeded', 'srch-globex:succeeded', 'psql-globex:succeeded', 'observability:succeeded', 'log-globex:succeeded', 'appi-globex:succeeded', 'aks-globex:failed',
    ]);
    // The failed step is selected, its error explained and shown as ARM gave it.
    await textMatches(page.getByTestId('step-explanation'), /CPU quota for standardNCADSH100v5Family in westeurope is too small for this step \(limit 80, 160 more cores needed\)\.What to change: Ask for a quota increase/);
    await textMatches(page.getByTestId('step-detail'), /QuotaExceeded · target aks-globex/);
    await textMatches(page.getByTestId('correlation-id'), /^[0-9a-f-]{36}$/);
    await app.screenshot('31-provisioning-failed');
    // Keyboard: Home selects the first step, End the last.
    await page.locator('.timeline-list').focus();
    await page.keyboard.press('Home');
    await textMatches(page.getByTestId('step-detail'), /stglobex/);
    await page.keyboard.press('End');
    await textMatches(page.getByTestId('step-detail'), /aks-globex/);
    await page.getByTestId('failed-only').check();
    await expect.poll(() => steps.count()).toBe(1);
    await page.getByTestId('failed-only').uncheck();
  }, 60_000);

  it('re-runs the failed deployment with a changed parameter after a preview, and follows it to Succeeded', async () => {
    await page.getByTestId('rerun-open').click();
    const dialog = page.getByTestId('rerun-dialog');
    await visible(dialog);
    const count = dialog.getByTestId('param-gpuNodeCount');
    await textMatches(count, /check this/);
    await expect.poll(() => count.locator('input').inputValue()).toBe('4');
    await count.locator('input').fill('12');
    await textMatches(count, /gpuNodeCount must be at most 8\./);
    await expect.poll(() => dialog.getByTestId('rerun-preview').isDisabled()).toBe(true);
    await count.locator('input').fill('2');
    await dialog.getByTestId('rerun-preview').click();
    await textMatches(dialog.getByTestId('change-gpuNodeCount'), /gpuNodeCount42/);
    await app.screenshot('32-provisioning-rerun-preview');
    await dialog.getByTestId('rerun-confirm').click();
    await textMatches(page.getByTestId('deployment-state'), /running|succeeded/);
    await textMatches(page.getByTestId('deployment-state'), /succeeded/, 30_000);
    const steps = page.getByTestId('step');
    await expect.poll(() => steps.evaluateAll((els) => els.filter((e) => e.getAttribute('data-state') === 'succeeded').length)).toBe(7);
    await textMatches(page.getByTestId('outputs'), /aksName = aks-globex/);
    await textMatches(page.getByTestId('tenant-globex').getByTestId('tenant-state'), /succeeded/);
    // The PUT sent the same template link with the new value.
    const puts = bed.replay.sent.filter((s) => s.method === 'PUT' && s.path.endsWith(`/deployments/${STACK}`) && s.path.includes('rg-gantry-globex'));
    expect(puts).toHaveLength(1);
    expect((puts[0]!.body as { properties: { parameters: Record<string, { value: unknown }> } }).properties.parameters.gpuNodeCount).toEqual({ type: 'Int', value: 2 });
    await app.screenshot('33-provisioning-rerun-succeeded');
  }, 90_000);

  it('shows a succeeded stack with its outputs', async () => {
    await page.getByTestId('tenant-bigco').click();
    await textMatches(page.getByTestId('deployment-state'), /succeeded/);
    await textMatches(page.getByTestId('outputs'), /searchEndpoint = https:\/\/srch-bigco\.search\.windows\.net/);
    await expect.poll(() => page.getByTestId('rerun-open').count()).toBe(0);
    await app.screenshot('34-provisioning-succeeded');
  }, 30_000);

  it('moves a shared tenant to dedicated: shard commit, stack watched, checklist ticked (kept over a reload), then the last commit', async () => {
    await page.getByTestId('move-tenant-select').selectOption('initech');
    await page.getByTestId('move-tenant-start').click();
    const panel = page.getByTestId('migration-panel');
    await visible(panel);
    await textMatches(panel.getByTestId('migration-step-shard'), /create shards\/initech\.yaml/);
    await expect.poll(() => panel.getByTestId('migration-cutover').isDisabled()).toBe(true);
    await panel.getByTestId('migration-commit-shard').click();
    await textMatches(panel.getByTestId('migration-committed'), /Committed [0-9a-f]{7}/);
    expect(git(ws, 'log', '-1', '--format=%s')).toMatch(/^Add dedicated shard initech/);
    expect(git(ws, 'show', '--stat', '--format=', 'HEAD')).toMatch(/shards\/initech\.yaml/);
    // The platform's pipeline deploys the stack once the shard is pushed: Running, then Succeeded.
    bed.replay.seed(SUBSCRIPTION, 'rg-gantry-initech', STACK, { gpuNodeVmSize: 'Standard_NC40ads_H100_v5', gpuNodeCount: 1 }, 0);
    await page.getByTestId('tenant-initech').waitFor();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await textMatches(panel.getByTestId('migration-stack-state'), /running/);
    await textMatches(panel.getByTestId('migration-stack-state'), /succeeded/, 30_000);
    await panel.getByTestId('check-blob:blob-weu-1').locator('input').click();
    await expect.poll(() => panel.getByTestId('check-blob:blob-weu-1').locator('input').isChecked()).toBe(true);
    // A reload keeps the tick (the host keeps it per workspace).
    await page.reload();
    await app.expectWorkspace();
    await page.getByTestId('view-provisioning').click();
    await page.getByTestId('move-tenant-select').selectOption('initech');
    await page.getByTestId('move-tenant-start').click();
    await expect.poll(() => page.getByTestId('check-blob:blob-weu-1').locator('input').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('migration-cutover').isDisabled()).toBe(true);
    await app.screenshot('35-migration-checklist');
    await page.getByTestId('check-search:search-weu-1').locator('input').click();
    await expect.poll(() => page.getByTestId('migration-cutover').isEnabled()).toBe(true);
    await page.getByTestId('migration-cutover').click();
    await visible(page.getByTestId('migration-done'));
    expect(git(ws, 'log', '-1', '--format=%s')).toMatch(/^Move initech to its dedicated shard and drop its shared-pool references/);
    const tenant = readFileSync(path.join(ws, 'tenants/initech.yaml'), 'utf8');
    expect(tenant).toMatch(/tier: dedicated/);
    expect(tenant).toMatch(/shard: initech/);
    expect(tenant).not.toMatch(/pools:/);
    expect(git(ws, 'status', '--porcelain', '--', 'tenants', 'shards')).toBe('');
    await app.screenshot('36-migration-done');
  }, 120_000);
});

function* walk(root: string): Generator<[string, string]> {
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'rendered' && e.name !== '.git') stack.push(r);
      } else if (e.name.endsWith('.yaml')) yield [r, readFileSync(path.join(root, r), 'utf8')];
    }
  }
}
