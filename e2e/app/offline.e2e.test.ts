import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'bob';
const TOKEN = 'glpat-offline-7Qx';

describe('browser mode: offline commits wait in the queue', () => {
  const env = useAppWithRemote(USER, TOKEN, ['tenants']);

  it('clones with a token, commits while the server is down (ahead 1), and pushes once it is back', async () => {
    const { page, app, dir } = await openAppAndClone(env, 'tenants', { colorScheme: 'light' });

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
    await env.remote.stop();
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
    await env.remote.restart();
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    await hidden(page.getByTestId('offline-queue'));
    await textMatches(page.getByTestId('status-ahead'), /↑0/);

    const verify = await freshClone(env.remote, 'tenants');
    expect((await git(['log', '-1', '--format=%s'], verify)).trim()).toBe('hooli: premium plan');
    expect(readFileSync(path.join(verify, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: premium');
    expect(readFileSync(path.join(verify, 'rendered/aks-weu-prod/_cluster/namespace-tenant-hooli.yaml'), 'utf8')).toContain('gantry.dev/plan: premium');
  }, 90_000);
});
