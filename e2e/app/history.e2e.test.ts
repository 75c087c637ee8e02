import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { git } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'ines';
const TOKEN = 'glpat-history-7Qd';

describe('browser mode: history and revert (issue 14, part A)', () => {
  const env = useAppWithRemote(USER, TOKEN, ['hist'], { hookTimeoutMs: 300_000 });

  it('a commit made in the app shows in history with its summary and trailers; its revert reaches a clone of the remote', async () => {
    const { page, app, dir, dialogs } = await openAppAndClone(env, 'hist', { acceptDialogs: true });
    const before = readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8');
    expect(before).toContain('plan: standard');

    await app.setTenantPlan('hooli', 'premium');
    await app.openChanges();
    await app.commit('Hooli moves to premium');
    // git reads the trailers the app wrote.
    const trailers = await git(['log', '-1', '--format=%(trailers:only,unfold)'], dir);
    expect(trailers).toContain('Gantry-Change: edit-tenant');
    expect(trailers).toContain('Gantry-Tenants: hooli');

    // History: the commit on top with the summary from its trailers, then the example's first commit.
    await page.getByTestId('view-history').click();
    await visible(page.getByTestId('history-view'));
    const rows = page.getByTestId('history-row');
    await expect.poll(() => rows.count()).toBe(2);
    await textMatches(rows.nth(0), /tenant edited.*tenant hooli.*Hooli moves to premium/s);
    const oid = (await git(['rev-parse', 'HEAD'], dir)).trim();
    expect(await rows.nth(0).getAttribute('data-oid')).toBe(oid);
    await textMatches(page.getByTestId('history-trailers'), /Gantry-Change\s*edit-tenant.*Gantry-Tenants\s*hooli/s);
    await textMatches(page.getByTestId('history-what'), /tenant hooli: plan standard -> premium/);
    await textMatches(page.getByTestId('history-diff-path'), /tenants\/hooli\.yaml/);
    // The diff shows the changed line (Monaco marks it once its diff is computed).
    await visible(page.locator('[data-testid="diff-editor"] .line-insert, [data-testid="diff-editor"] .char-insert').first());
    await textMatches(page.getByTestId('history-rendered'), /aks-weu-prod/);
    await app.screenshot('59-history');

    // Keyboard: down to the first commit (its diff follows), up again.
    await page.getByTestId('history-list').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await page.getByTestId('history-revert').getAttribute('title')) ?? '').toMatch(/first commit/);
    await page.keyboard.press('Home');
    await expect.poll(() => rows.nth(0).getAttribute('aria-selected')).toBe('true');
    await textMatches(page.getByTestId('history-subject'), /Hooli moves to premium/);

    // Revert from history, push, and read the result with the git CLI from a fresh clone.
    await page.getByTestId('history-revert').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: `Reverted ${oid.slice(0, 7)}` }));
    expect(dialogs.some((d) => d.message.includes('Revert "Hooli moves to premium"?'))).toBe(true);
    await expect.poll(() => rows.count()).toBe(3);
    await textMatches(rows.nth(0), /revert.*tenant hooli.*Revert "Hooli moves to premium"/s);
    expect((await git(['status', '--porcelain'], dir)).trim()).toBe('');
    await app.openChanges();
    await app.push();
    await textMatches(app.aheadChip, /up to date/);

    const clone = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-cli-')), 'c');
    await git(['clone', '-q', env.remote.authUrl('hist'), clone]);
    const log = await git(['log', '--format=%s', '-n', '3'], clone);
    expect(log.split('\n').slice(0, 2)).toEqual(['Revert "Hooli moves to premium"', 'Hooli moves to premium']);
    expect(await git(['log', '-1', '--format=%b'], clone)).toContain(`This reverts commit ${oid}.`);
    const revertTrailers = await git(['log', '-1', '--format=%(trailers:only,unfold)'], clone);
    expect(revertTrailers).toContain('Gantry-Change: revert, edit-tenant');
    expect(revertTrailers).toContain('Gantry-Tenants: hooli');
    expect(readFileSync(path.join(clone, 'tenants/hooli.yaml'), 'utf8')).toBe(before);
    // rendered/ went back with the spec: the clone's rendered files equal the first commit's.
    expect((await git(['diff', '--stat', 'HEAD~2', 'HEAD', '--', 'rendered/', 'tenants/'], clone)).trim()).toBe('');
    await page.close();
  }, 180_000);
});
