import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'gus';
const TOKEN = 'glpat-branch-4Tq';

describe('browser mode: branches and review (issue 14, item 4)', () => {
  const env = useAppWithRemote(USER, TOKEN, ['review']);

  it('creates a branch, commits and pushes it with upstream (main untouched), says the clusters follow main, switches back, and deletes only what is safe', async () => {
    const { page, app, dir } = await openAppAndClone(env, 'review');

    await app.openChanges();
    await page.getByTestId('branch-new').click();
    await page.getByTestId('branch-name').fill('gantry/hooli-premium');
    await page.getByTestId('branch-create').click();
    await expect.poll(() => page.getByTestId('branch-select').inputValue()).toBe('gantry/hooli-premium');
    await textMatches(page.getByTestId('branch-not-watched'), /clusters follow main/);

    await app.setTenantPlan('hooli', 'premium');
    await app.openChanges();
    await app.commit('hooli: premium plan');
    await textMatches(app.aheadChip, /1 commit to push/);
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    // A loopback server is none of the three hosts: no link, the words say what to do.
    await textMatches(page.getByTestId('pull-request-none'), /Open a pull request from gantry\/hooli-premium into main/);
    await app.screenshot('57-branch-pushed');

    // The remote has the branch with the commit; main is untouched; the branch tracks its upstream.
    const heads = await git(['ls-remote', '--heads', env.remote.authUrl('review')]);
    expect(heads).toMatch(/refs\/heads\/gantry\/hooli-premium/);
    const verify = await freshClone(env.remote, 'review');
    expect((await git(['log', '-1', '--format=%s', 'origin/gantry/hooli-premium'], verify)).trim()).toBe('hooli: premium plan');
    expect((await git(['log', '-1', '--format=%s', 'origin/main'], verify)).trim()).toBe('Initial commit');
    expect((await git(['rev-parse', '--abbrev-ref', 'gantry/hooli-premium@{upstream}'], dir)).trim()).toBe('origin/gantry/hooli-premium');

    // Back to main: the files and the table are main's again.
    await page.getByTestId('branch-select').selectOption('main');
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Switched to main' }));
    expect(readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: standard');
    await app.showTable('tenants');
    await textMatches(app.row('tenant', 'hooli'), /standard/);

    // A branch with a commit no one else has is kept; the pushed one can go.
    await app.openChanges();
    await page.getByTestId('branch-new').click();
    await page.getByTestId('branch-name').fill('scratch');
    await page.getByTestId('branch-create').click();
    await expect.poll(() => page.getByTestId('branch-select').inputValue()).toBe('scratch');
    await app.setTenantPlan('wayne', 'premium');
    await app.openChanges();
    await app.commit('wayne: premium plan');
    await page.getByTestId('branch-select').selectOption('main');
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Switched to main' }));
    await page.getByTestId('branch-picker').locator('summary').click();
    await page.getByTestId('branch-delete-scratch').click();
    await visible(page.getByTestId('toast-error').filter({ hasText: 'scratch has 1 commit that no other branch and no remote has' }));
    await page.getByTestId('branch-delete-gantry/hooli-premium').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Deleted the branch gantry/hooli-premium' }));
    const local = await git(['branch', '--list', '--format=%(refname:short)'], dir);
    expect(local.split('\n').filter(Boolean).sort()).toEqual(['main', 'scratch']);
    await page.close();
  }, 150_000);
});
