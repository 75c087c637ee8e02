import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GantryApp, hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { startAppWithRemote, type AppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git, type Remote } from './helpers/git-remote.ts';
import type { ServeHost } from './helpers/serve-host.ts';

const USER = 'bob';
const TOKEN = 'glpat-offline-7Qx';

describe('browser mode: offline commits wait in the queue', () => {
  let env: AppWithRemote;
  let remote: Remote;
  let host: ServeHost;
  let browser: Browser;

  beforeAll(async () => {
    env = await startAppWithRemote(USER, TOKEN, ['tenants']);
    ({ remote, host, browser } = env);
  });
  afterAll(() => env?.close());

  it('clones with a token, commits while the server is down (ahead 1), and pushes once it is back', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page.setDefaultTimeout(15_000);
    const app = new GantryApp(page);
    await page.goto(host.url);
    await visible(app.start);

    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-e2e-')), 'tenants');
    await app.clone({ url: remote.url('tenants'), dir });
    await textMatches(page.getByTestId('status-ahead'), /↑0/);

    // Edit in the form: plan standard -> premium; the comments of the file survive.
    await app.openObject('tenant', 'hooli');
    await page.getByTestId('field-plan').selectOption('premium');
    await visible(page.getByTestId('dirty'));
    await app.save();
    const saved = readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8');
    expect(saved).toMatch(/plan: premium\s+# free \| standard \| premium/);
    expect(saved).toContain('# Tenant Hooli.');

    // The server goes away; the commit still works and waits in the queue.
    await remote.stop();
    await app.openChanges();
    await textMatches(page.getByTestId('semantic-summary'), /hooli/);
    await page.getByTestId('commit-message').fill('hooli: premium plan');
    await page.getByTestId('commit').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Committed' }));
    await textMatches(app.aheadChip, /1 commit to push/);
    await textMatches(page.getByTestId('offline-queue'), /1 commit queued/);
    await app.push();
    await visible(page.getByTestId('push-error'));
    await textMatches(app.aheadChip, /1 commit to push/);
    await app.screenshot('10-offline-queue');

    // Back online on the same port: the queued commit goes out.
    await remote.restart();
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    await hidden(page.getByTestId('offline-queue'));
    await textMatches(page.getByTestId('status-ahead'), /↑0/);

    const verify = await freshClone(remote, 'tenants');
    expect((await git(['log', '-1', '--format=%s'], verify)).trim()).toBe('hooli: premium plan');
    expect(readFileSync(path.join(verify, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: premium');
    expect(readFileSync(path.join(verify, 'rendered/aks-weu-prod/_cluster/namespace-tenant-hooli.yaml'), 'utf8')).toContain('gantry.dev/plan: premium');
  }, 90_000);
});
