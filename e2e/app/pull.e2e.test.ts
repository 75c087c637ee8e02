import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../gitops/cli/run.ts';
import { GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { startAppWithRemote, type AppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git, type Remote } from './helpers/git-remote.ts';
import type { ServeHost } from './helpers/serve-host.ts';

const USER = 'carol';
const TOKEN = 'glpat-pull-9Zq';
const quiet = { out: () => undefined, err: () => undefined };

/** A colleague's change made with the git CLI and the gantry CLI (edit, render, commit, push). */
async function colleaguePushes(remote: Remote, repo: string, edit: (dir: string) => void, message: string): Promise<void> {
  const dir = await freshClone(remote, repo);
  edit(dir);
  expect(runCli(['render', dir], quiet)).toBe(0);
  await git(['add', '-A'], dir);
  await git(['-c', 'user.name=Colleague', '-c', 'user.email=colleague@example.com', 'commit', '-q', '-m', message], dir);
  await git(['push', '-q', 'origin', 'main'], dir);
}

const setPlan = (file: string, from: string, to: string) => (dir: string) => {
  const p = path.join(dir, file);
  writeFileSync(p, readFileSync(p, 'utf8').replace(`plan: ${from}`, `plan: ${to}`));
};

/**
 * Clones `repo` in the app (leaving the open workspace first when `switching`), sets hooli's plan
 * to premium in the form, saves and commits.
 */
async function cloneEditCommit(page: Page, url: string, remote: Remote, repo: string, switching = false): Promise<{ app: GantryApp; dir: string }> {
  page.setDefaultTimeout(15_000);
  const app = new GantryApp(page);
  await page.goto(url);
  if (switching) {
    await app.expectWorkspace();
    await app.switchWorkspace();
  }
  await visible(app.start);
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-e2e-')), repo);
  await app.clone({ url: remote.url(repo), dir });
  await app.setTenantPlan('hooli', 'premium');
  await app.openChanges();
  await textMatches(page.getByTestId('semantic-summary'), /hooli/);
  await app.commit('hooli: premium plan');
  await textMatches(app.aheadChip, /1 commit to push/);
  return { app, dir };
}

describe('browser mode: a colleague pushed first', () => {
  let env: AppWithRemote;
  let remote: Remote;
  let host: ServeHost;
  let browser: Browser;

  beforeAll(async () => {
    env = await startAppWithRemote(USER, TOKEN, ['replay', 'clash']);
    ({ remote, host, browser } = env);
  });
  afterAll(() => env?.close());

  it('the rejected push offers Pull, which replays the commit on top of theirs; then the push goes through', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const { app, dir } = await cloneEditCommit(page, host.url, remote, 'replay');
    await colleaguePushes(remote, 'replay', setPlan('tenants/wayne.yaml', 'standard', 'premium'), 'wayne: premium plan');

    // Checking the remote shows the colleague's commit waiting.
    await page.getByTestId('fetch').click();
    await textMatches(page.getByTestId('behind'), /1 to pull/);

    // The push is refused; nothing is lost and the box says what to do.
    await app.push();
    const problem = page.getByTestId('push-error');
    await textMatches(problem, /The remote has new commits: 1 commit still queued/);
    await textMatches(app.aheadChip, /1 commit to push/);
    await app.screenshot('14-push-rejected');

    // Pull replays the queued commit on top of the colleague's.
    await problem.getByTestId('pull-after-reject').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: 'your 1 commit now sits on top' }));
    await textMatches(app.aheadChip, /1 commit to push/);
    // The colleague's change is in the files and in the open workspace.
    expect(readFileSync(path.join(dir, 'tenants/wayne.yaml'), 'utf8')).toContain('plan: premium');
    expect(readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: premium');
    await app.showTable('tenants');
    await textMatches(app.row('tenant', 'wayne'), /premium/);

    await app.openChanges();
    await app.push();
    await textMatches(app.aheadChip, /up to date/);

    // A fresh clone: both commits, ours on top, rendered/ equal to what the merged specs render.
    const verify = await freshClone(remote, 'replay');
    expect((await git(['log', '--format=%s', '-3'], verify)).trim().split('\n')).toEqual(['hooli: premium plan', 'wayne: premium plan', expect.any(String)]);
    expect(runCli(['render', '--check', verify], quiet)).toBe(0);
    expect(readFileSync(path.join(verify, 'rendered/aks-weu-prod/_cluster/namespace-tenant-wayne.yaml'), 'utf8')).toContain('gantry.dev/plan: premium');
    expect(readFileSync(path.join(verify, 'rendered/aks-weu-prod/_cluster/namespace-tenant-hooli.yaml'), 'utf8')).toContain('gantry.dev/plan: premium');
    expect((await git(['fsck', '--full', '--no-progress'], verify)).trim()).toBe('');
  }, 120_000);

  it('a pull that conflicts names the file and changes nothing; taking the remote keeps our commit aside to redo', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const { app, dir } = await cloneEditCommit(page, host.url, remote, 'clash', true);
    // The rollout followed in the other workspace does not follow us here.
    await textMatches(page.getByTestId('rollout-panel'), /After a push, each cluster/);
    const head = (await git(['rev-parse', 'HEAD'], dir)).trim();
    await colleaguePushes(remote, 'clash', setPlan('tenants/hooli.yaml', 'standard', 'free'), 'hooli: free plan');

    await page.getByTestId('pull').click();
    const problem = page.getByTestId('pull-error');
    await textMatches(problem, /Pull stopped.[\s\S]*Nothing was changed; your commits are still queued/);
    await textMatches(problem, /tenants\/hooli\.yaml/);
    await app.screenshot('15-pull-conflict');
    await textMatches(app.aheadChip, /1 commit to push/);
    expect((await git(['rev-parse', 'HEAD'], dir)).trim()).toBe(head);
    expect(readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: premium');
    expect((await git(['status', '--porcelain'], dir)).trim()).toBe('');

    // The way out: take the remote's version, keep ours aside, and see what it changed.
    await problem.getByTestId('set-aside').click();
    const note = page.getByTestId('set-aside-note');
    await textMatches(note, /Set aside: "hooli: premium plan"/);
    await textMatches(note, /tenant hooli: plan standard -> premium/);
    await app.screenshot('16-set-aside');
    await textMatches(app.aheadChip, /up to date/);
    expect(readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8')).toContain('plan: free');
    expect((await git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/gantry/'], dir)).trim()).toMatch(new RegExp(`^refs/gantry/set-aside/main/\\d{8}T\\d{6}Z ${head}$`));

    // Redo the change on top of the colleague's, and ship it.
    await app.setTenantPlan('hooli', 'premium');
    await app.openChanges();
    await app.commit('hooli: premium plan, again');
    await textMatches(app.aheadChip, /1 commit to push/);
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    const verify = await freshClone(remote, 'clash');
    expect((await git(['log', '--format=%s', '-2'], verify)).trim().split('\n')).toEqual(['hooli: premium plan, again', 'hooli: free plan']);
    expect(runCli(['render', '--check', verify], quiet)).toBe(0);
  }, 120_000);
});
