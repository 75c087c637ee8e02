import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { git } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'hal';
const TOKEN = 'glpat-undo-6Wn';

describe('browser mode: discard a saved change (issue 14, item 5)', () => {
  const env = useAppWithRemote(USER, TOKEN, ['undo']);

  it('discards one saved file, then all, after asking; git status of the clone agrees', async () => {
    const { page, app, dir, dialogs } = await openAppAndClone(env, 'undo', { acceptDialogs: true });
    await app.setTenantPlan('hooli', 'premium');
    await app.setTenantPlan('wayne', 'premium');
    await app.openChanges();
    const list = page.getByTestId('spec-changes');
    await textMatches(list, /tenants\/hooli\.yaml.*tenants\/wayne\.yaml/s);
    expect((await git(['status', '--porcelain'], dir)).split('\n').filter(Boolean).sort()).toEqual([' M tenants/hooli.yaml', ' M tenants/wayne.yaml']);
    await app.screenshot('58-discard');

    await page.getByTestId('discard-tenants/hooli.yaml').click();
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Discarded the changes to 1 file' }));
    expect(dialogs[0]?.message).toMatch(/Discard tenants\/hooli\.yaml\?/);
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
