import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { attrIs, GantryApp, hidden, textMatches, visible } from '../../pages/gantry-app.ts';
import { freshClone, git, type Remote } from './git-remote.ts';

export const USER = 'alice';
export const TOKEN = 's3cret-token';

function tmp(name: string): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-e2e-')), name);
}

/**
 * The main job, end to end: create the example, publish it as a repository on the test Git
 * server, clone it in the app with a token, add a tenant through the form, watch the badge,
 * break and fix a quota in YAML, review spec and rendered diffs, commit, push, and find the
 * commit with its rendered files in a fresh `git clone`.
 */
export async function mainFlow(page: Page, remote: Remote, opts: { shots: boolean }): Promise<void> {
  page.setDefaultTimeout(15_000);
  const app = new GantryApp(page);
  const shot = async (name: string) => {
    if (opts.shots) await app.screenshot(name);
  };

  // Create a workspace from the example.
  await visible(app.start);
  await shot('01-start');
  const exampleDir = tmp('example');
  await app.createExample(exampleDir);
  await visible(app.row('tenant', 'acme'));
  expect(existsSync(path.join(exampleDir, 'rendered/aks-weu-prod/kustomization.yaml'))).toBe(true);

  // Publish it on the Git server, then clone it in the app (HTTPS, user and token).
  await remote.createRepo('platform', { fromDir: exampleDir });
  await app.switchWorkspace();
  const cloneDir = tmp('platform');
  await app.fillClone({ url: remote.url('platform'), username: USER, token: TOKEN, dir: cloneDir });
  await shot('02-clone');
  await page.getByTestId('clone-button').click();
  await app.expectWorkspace();
  await textMatches(page.getByTestId('status-ahead'), /↑0/);
  await shot('03-workspace');

  // Add a tenant through the form: the planner suggests the shard; its badge turns to a warning.
  await app.showTable('shards');
  await attrIs(app.badge('shard', 'weu-2'), 'data-status', 'ok');
  const { shard } = await app.addTenant({ name: 'contoso', gpus: 7, models: ['llama-3-8b'] });
  expect(shard).toBe('weu-2');
  await shot('04-add-tenant');
  await app.applyPlan();
  await app.showTable('shards');
  await attrIs(app.badge('shard', 'weu-2'), 'data-status', 'warning');
  // Two: contoso's placement leaves weu-2 with little headroom, and weu-2's failover shard weu-1 could not
  // hold contoso's 7 GPUs (failover.capacity).
  await textMatches(app.badge('shard', 'weu-2'), /2 warnings/);
  await shot('05-tenant-form');

  // Break the quota in the YAML tab: the capacity finding appears; fix it: it goes away.
  await app.showTable('tenants');
  await app.openObject('tenant', 'contoso');
  await app.editorTab('yaml');
  await app.replaceInYaml('gpus: 7', 'gpus: 999');
  await visible(app.problem('shard.capacity.exceeded'));
  await textMatches(app.problem('shard.capacity.exceeded'), /shards\/weu-2\.yaml/);
  await attrIs(page.getByTestId('tab-shards').locator('.dot'), 'title', 'has errors');
  await shot('06-yaml-finding');
  await app.replaceInYaml('gpus: 999', 'gpus: 7');
  await hidden(app.problem('shard.capacity.exceeded'));
  await hidden(page.getByTestId('dirty'));

  // A form edit goes through the same text: comments survive, and Save writes it.
  await app.editorTab('form');
  await attrIs(page.getByTestId('field-gpus'), 'value', '7');
  await page.getByTestId('field-displayName').fill('Contoso Ltd');
  await visible(page.getByTestId('dirty'));
  await app.save();
  const saved = readFileSync(path.join(cloneDir, 'tenants/contoso.yaml'), 'utf8');
  expect(saved).toContain('displayName: Contoso Ltd');
  expect(saved).toContain('gpus: 7');
  expect(saved).toMatch(/^# Tenant contoso, planned by gantry plan add-tenant\./);

  // Review: the spec diff, the rendered diff per cluster, and the semantic summary.
  await app.openChanges();
  await visible(page.getByTestId('spec-changes').getByRole('listitem').filter({ hasText: 'tenants/contoso.yaml' }));
  await visible(page.getByTestId('diff-editor').locator('.view-line').first());
  await textMatches(page.getByTestId('diff-path'), 'tenants/contoso.yaml');
  await textMatches(page.getByTestId('semantic-summary'), /contoso/);
  const cluster = page.getByTestId('rendered-aks-weu-prod');
  await visible(cluster);
  await cluster.getByRole('button', { name: /resourcequota-gantry-quota/ }).click();
  await textMatches(page.getByTestId('diff-path'), 'rendered/aks-weu-prod/tenant-contoso/resourcequota-gantry-quota.yaml');
  await visible(page.getByTestId('diff-editor').locator('.view-line').first());
  await shot('07-changes');

  // Commit (the message is prefilled; we write our own), then push.
  await textMatches(page.getByTestId('commit-message'), /./);
  await page.getByTestId('commit-message').fill('Add tenant contoso (7 GPUs on weu-2)');
  await page.getByTestId('commit').click();
  await visible(page.getByTestId('toast-success').filter({ hasText: 'Committed' }));
  await textMatches(app.aheadChip, /1 commit to push/);
  await textMatches(page.getByTestId('status-ahead'), /↑1/);
  await app.push();
  await textMatches(app.aheadChip, /up to date/);
  await textMatches(page.getByTestId('status-ahead'), /↑0/);
  await shot('08-pushed');

  // Someone else's clone has the commit and the rendered files.
  const verify = await freshClone(remote, 'platform');
  expect((await git(['log', '-1', '--format=%s'], verify)).trim()).toBe('Add tenant contoso (7 GPUs on weu-2)');
  expect(readFileSync(path.join(verify, 'tenants/contoso.yaml'), 'utf8')).toContain('shard: weu-2');
  const quota = readFileSync(path.join(verify, 'rendered/aks-weu-prod/tenant-contoso/resourcequota-gantry-quota.yaml'), 'utf8');
  expect(quota).toContain('requests.nvidia.com/gpu');
  expect((await git(['status', '--porcelain'], verify)).trim()).toBe('');

  // Capacity at a glance.
  await app.view('capacity').click();
  await visible(page.getByTestId('cap-shard-weu-2'));
  await shot('09-capacity');
}
