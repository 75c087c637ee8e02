import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { attrIs, GantryApp, hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { launchChromium } from './helpers/browser.ts';
import { startServe, type ServeHost } from './helpers/serve-host.ts';

describe('browser mode: serve --workspace, keyboard, problems, drain, external edits', () => {
  let host: ServeHost;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-ws-')), 'demo');
    writeExample(dir, 'small');
    // A problem to find: a tenant asks for a model its shard does not serve.
    const f = path.join(dir, 'tenants/wonka.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('models: [llama-3-8b]', 'models: [llama-3-8b, phi-3-mini]'));
    [host, browser] = await Promise.all([startServe({ workspace: dir }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function open(colorScheme: 'dark' | 'light'): Promise<{ page: Page; app: GantryApp }> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
    page.setDefaultTimeout(15_000);
    await page.goto(host.url);
    const app = new GantryApp(page);
    await app.expectWorkspace();
    return { page, app };
  }

  it('opens the --workspace folder, and moves by keyboard: Ctrl+K search, arrows, Enter', async () => {
    const { page, app } = await open('light');
    await textMatches(page.getByTestId('workspace-name'), 'demo-platform');
    // The token left the address bar; a reload keeps working from this tab's session.
    expect(new URL(page.url()).search).toBe('');
    await page.reload();
    await app.expectWorkspace();

    await page.keyboard.press('Control+K');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');
    await page.keyboard.type('westeurope premium');
    await visible(app.row('tenant', 'acme'));
    await hidden(app.row('tenant', 'hooli'));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('table-tenants');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await textMatches(page.getByTestId('editor-title'), /^(globex|stark|umbrella)$/);
    await app.screenshot('11-light-keyboard');
    await page.getByTestId('search').fill('');
    await visible(app.row('tenant', 'hooli'));
    await page.close();
  }, 60_000);

  it('jumps from a finding in the Problems panel to its line in the YAML editor', async () => {
    const { page, app } = await open('dark');
    const problem = app.problem('model.unserved');
    await visible(problem);
    await problem.click();
    await textMatches(page.getByTestId('editor-title'), /^wonka$/);
    await visible(page.getByTestId('yaml-editor').locator('.view-line').first());
    // The cursor sits on the models line (Monaco shows the line number in its cursor position).
    await expect
      .poll(() => page.getByTestId('yaml-editor').locator('.current-line ~ .line-numbers.active-line-number, .line-numbers.active-line-number').first().textContent())
      .toBe(String(readFileSync(path.join(dir, 'tenants/wonka.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('models:')) + 1));
    await app.screenshot('12-problem-jump');
    await page.close();
  }, 60_000);

  it('drains a shard after a preview, and follows an edit made outside the app', async () => {
    const { page, app } = await open('dark');
    await app.showTable('shards');
    await app.openObject('shard', 'weu-1');
    await page.getByRole('button', { name: 'Drain…', exact: true }).click();
    const dialog = page.getByTestId('drain-dialog');
    // weu-1's mistral tenants fit nowhere else in westeurope: the planner says so and nothing is written.
    await textMatches(dialog.getByTestId('plan-error'), /Cannot drain shard weu-1: .*mistral-7b/);
    await dialog.getByTestId('drain-shard').selectOption('eus-2');
    await visible(dialog.getByTestId('plan-preview'));
    await textMatches(dialog.getByTestId('plan-preview'), /Shard eus-2 is set to draining/);
    await app.screenshot('13-drain-preview');
    expect(readFileSync(path.join(dir, 'shards/eus-2.yaml'), 'utf8')).toContain('state: active');
    await app.applyPlan();
    await textMatches(app.row('shard', 'eus-2'), /draining/);
    await textMatches(app.row('shard', 'eus-1'), /13\/16/);
    expect(readFileSync(path.join(dir, 'shards/eus-2.yaml'), 'utf8')).toMatch(/state: draining\s+# active \| draining \| cordoned/);
    expect(readFileSync(path.join(dir, 'tenants/nakatomi.yaml'), 'utf8')).toMatch(/shard: eus-1/);

    // Another program edits a file: the table follows.
    const f = path.join(dir, 'shards/sdc-1.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('capacity: { gpus: 8,', 'capacity: { gpus: 2,'));
    await textMatches(app.row('shard', 'sdc-1'), /4\/2/);
    await attrIs(app.badge('shard', 'sdc-1'), 'data-status', 'error');
    await page.close();
  }, 60_000);
});
