import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'dana';
const TOKEN = 'glpat-drafts-5Rk';

describe('browser mode: unsaved edits survive a reload and a switch (issue 14, item 1)', () => {
  const env = useAppWithRemote(USER, TOKEN, ['drafts']);

  it('restores an unsaved edit after a reload (asked first), saves and commits it; Switch asks; a draft over a changed file offers compare / keep mine / take theirs', async () => {
    const { page, app, dir, dialogs } = await openAppAndClone(env, 'drafts', { acceptDialogs: true });
    const file = path.join(dir, 'tenants/hooli.yaml');
    const original = readFileSync(file, 'utf8');

    // An unsaved edit in the form: the table shows it once the host validated it.
    await app.openObject('tenant', 'hooli');
    await page.getByTestId('field-plan').selectOption('premium');
    await visible(page.getByTestId('dirty'));
    await textMatches(app.row('tenant', 'hooli'), /premium/);

    // Reload: the page asks first, then the edit comes back, marked, with Save enabled.
    await page.reload();
    await app.expectWorkspace();
    expect(dialogs.map((d) => d.type)).toContain('beforeunload');
    await visible(page.getByTestId('restored-draft'));
    await textMatches(page.getByTestId('restored-draft'), /Restored unsaved changes to tenants\/hooli\.yaml/);
    await expect.poll(() => page.getByTestId('field-plan').inputValue()).toBe('premium');
    expect(await page.getByTestId('save').isEnabled()).toBe(true);
    await textMatches(app.row('tenant', 'hooli'), /premium/);
    expect(readFileSync(file, 'utf8')).toBe(original);
    await app.screenshot('50-restored-draft');

    // Save, then the commit goes through and reaches the remote.
    await app.save();
    await hidden(page.getByTestId('restored-draft'));
    expect(readFileSync(file, 'utf8')).toContain('plan: premium');
    await app.openChanges();
    await textMatches(page.getByTestId('semantic-summary'), /hooli/);
    await app.commit('hooli: premium plan');
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    const verify = await freshClone(env.remote, 'drafts');
    expect((await git(['log', '-1', '--format=%s'], verify)).trim()).toBe('hooli: premium plan');

    // Another unsaved edit, then Switch: it asks; keep as drafts.
    await app.showTable('tenants');
    await app.openObject('tenant', 'hooli');
    await page.getByTestId('field-plan').selectOption('free');
    await visible(page.getByTestId('dirty'));
    await textMatches(app.row('tenant', 'hooli'), /free/);
    await page.getByRole('button', { name: /Switch/ }).click();
    await visible(page.getByTestId('leave-dialog'));
    await textMatches(page.getByTestId('leave-files'), /tenants\/hooli\.yaml/);
    await app.screenshot('51-leave-dialog');
    await page.getByTestId('leave-keep').click();
    await visible(app.start);

    // Meanwhile someone else changes the file on disk.
    const theirs = readFileSync(file, 'utf8').replace('plan: premium', 'plan: standard');
    writeFileSync(file, theirs);
    await app.openFolder(dir);
    await visible(page.getByTestId('draft-conflict'));
    await textMatches(page.getByTestId('draft-conflict'), /changed on disk since/);
    await page.getByTestId('draft-compare').click();
    await visible(page.getByTestId('draft-compare-view').locator('.monaco-diff-editor'));
    await textMatches(page.getByTestId('draft-compare-view'), /plan: standard/);
    await textMatches(page.getByTestId('draft-compare-view'), /plan: free/);
    await app.screenshot('52-draft-compare');

    // Take theirs: the disk text, no unsaved edit, and the draft is gone after another reload.
    await page.getByTestId('draft-take-theirs').click();
    await hidden(page.getByTestId('draft-conflict'));
    await hidden(page.getByTestId('dirty'));
    await expect.poll(() => page.getByTestId('field-plan').inputValue()).toBe('standard');
    expect(readFileSync(file, 'utf8')).toBe(theirs);
    await page.reload();
    await app.expectWorkspace();
    await textMatches(app.row('tenant', 'hooli'), /standard/);
    await hidden(page.getByTestId('restored-draft'));
    await page.close();
  }, 120_000);
});
