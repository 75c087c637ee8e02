import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git, type Remote } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'erin';
const TOKEN = 'glpat-live-8Vb';

/** A colleague's commit pushed with the git CLI. */
async function colleaguePushes(remote: Remote, repo: string, file: string, from: string, to: string): Promise<void> {
  const dir = await freshClone(remote, repo);
  const f = path.join(dir, file);
  writeFileSync(f, readFileSync(f, 'utf8').replace(from, to));
  await git(['-c', 'user.name=Colleague', '-c', 'user.email=colleague@example.com', 'commit', '-q', '-am', `${file}: ${to}`], dir);
  await git(['push', '-q', 'origin', 'HEAD'], dir);
}

/** What a window coming back to the front does. */
const focusWindow = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

describe('browser mode: the remote state stays true without a click (issue 14, item 3)', () => {
  const env = useAppWithRemote(USER, TOKEN, ['live']);

  it('sees a colleague\'s push on focus, never shows "up to date" beside "1 to pull", says nothing was pushed, and clears the offline banner when the remote is back', async () => {
    const { page, app } = await openAppAndClone(env, 'live');
    await app.openChanges();
    await textMatches(app.aheadChip, /up to date/);

    // A colleague pushes; coming back to the window checks the remote by itself.
    await colleaguePushes(env.remote, 'live', 'tenants/wayne.yaml', 'plan: standard', 'plan: premium');
    await focusWindow(page);
    await textMatches(page.getByTestId('behind'), /1 to pull/);
    await hidden(app.aheadChip);
    await textMatches(page.getByTestId('push-box'), /^(?!.*up to date).*1 to pull/s);
    await app.screenshot('53-behind-after-focus');

    // Pull; then Ctrl+Shift+P with nothing queued says so instead of "Pushed to main.".
    await page.getByTestId('pull').click();
    await textMatches(app.aheadChip, /up to date/);
    await hidden(page.getByTestId('behind'));
    await page.locator('body').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+Shift+P');
    await visible(page.getByTestId('toast-info').filter({ hasText: 'Nothing to push' }));
    expect(await page.getByTestId('toast-success').filter({ hasText: 'Pushed to' }).count()).toBe(0);

    // Offline: the push fails and the banner says so; once the remote answers again it goes by itself.
    await app.setTenantPlan('hooli', 'premium');
    await app.openChanges();
    await app.commit('hooli: premium plan');
    await env.remote.stop();
    await app.push();
    await visible(page.getByTestId('push-error'));
    await textMatches(page.getByTestId('push-error'), /Offline/);
    await env.remote.restart();
    await focusWindow(page);
    await hidden(page.getByTestId('push-error'));
    await textMatches(app.aheadChip, /1 commit to push/);
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Pushed to main' }));
    await page.close();
  }, 120_000);
});
