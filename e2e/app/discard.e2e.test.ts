import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { startAppWithRemote, type AppWithRemote } from './helpers/app-with-remote.ts';
import { git, type Remote } from './helpers/git-remote.ts';
import type { ServeHost } from './helpers/serve-host.ts';

const USER = 'hal';
const TOKEN = 'glpat-undo-6Wn';

describe('browser mode: discard a saved change (issue 14, item 5)', () => {
  let env: AppWithRemote;
  let remote: Remote;
  let host: ServeHost;
  let browser: Browser;

  beforeAll(async () => {
    env = await startAppWithRemote(USER, TOKEN, ['undo']);
    ({ remote, host, browser } = env);
  });
  afterAll(() => env?.close());

  it('discards one saved file, then all, after asking; git status of the clone agrees', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
    const app = new GantryApp(page);
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.goto(host.url);
    await visible(app.start);
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-e2e-')), 'undo');
    await app.clone({ url: remote.url('undo'), dir });
    await app.setTenantPlan('hooli', 'premium');
    await app.setTenantPlan('wayne', 'premium');
    await app.openChanges();
    const list = page.getByTestId('spec-changes');
    await textMatches(list, /tenants\/hooli\.yaml.*tenants\/wayne\.yaml/s);
    expect((await git(['status', '--porcelain'], dir)).split('\n').filter(Boolean).sort()).toEqual([' M tenants/hooli.yaml', ' M tenants/wayne.yaml']);
    await app.screenshot('58-discard');

    await page.getByTestId('discard-tenants/hooli.yaml').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Discarded the changes to 1 file' }));
    expect(asked[0]).toMatch(/Discard tenants\/hooli\.yaml\?/);
    await expect.poll(async () => (await list.textContent()) ?? '').not.toMatch(/hooli/);
    expect(readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: standard');
    expect((await git(['status', '--porcelain'], dir)).trim()).toBe('M tenants/wayne.yaml');

    await page.getByTestId('discard-all').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Discarded the changes to 1 file' }).nth(1));
    expect((await git(['status', '--porcelain'], dir)).trim()).toBe('');
    await app.showTable('tenants');
    await textMatches(app.row('tenant', 'wayne'), /standard/);
    await page.close();
  }, 120_000);
});
