import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../gitops/cli/run.ts';
import { textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git } from './helpers/git-remote.ts';
import { openAppAndClone } from './helpers/open-app.ts';

const USER = 'hana';
const TOKEN = 'glpat-handoff-4Rt';
const quiet = { out: () => undefined, err: () => undefined };
const SHOTS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../docs/screenshots');

/**
 * Air-gapped handoff (issue 14) in browser mode against the real git http-backend: the app's
 * commit exported as a bundle that the git CLI verifies and fetches into a clone of the remote
 * (same ids, byte for byte), its HTML report read in Chromium, a bundle made by the CLI imported
 * in the app after a preview, and a clone from a file:// mirror.
 */
describe('browser mode: handoff without a network', () => {
  const env = useAppWithRemote(USER, TOKEN, ['handoff']);

  it('exports a bundle the CLI fetches byte for byte, shows its report, imports a CLI bundle after a preview, and clones from file://', async () => {
    const { page, app, dir } = await openAppAndClone(env, 'handoff', { tmpPrefix: 'gantry-e2e-handoff-' });
    const parent = path.dirname(dir);
    await app.setTenantPlan('hooli', 'premium');
    await app.openChanges();
    await textMatches(page.getByTestId('semantic-summary'), /hooli/);
    await app.commit('hooli: premium plan');
    await textMatches(app.aheadChip, /1 commit to push/);

    // Export, opened with the keyboard; a folder inside the workspace is refused in words.
    await page.keyboard.press('Control+Shift+H');
    const dialog = page.getByTestId('handoff-dialog');
    await visible(dialog);
    await page.getByTestId('handoff-folder').fill(path.join(dir, 'out'));
    await page.getByTestId('handoff-folder').press('Enter');
    await textMatches(page.getByTestId('handoff-export-error'), /Choose a folder outside the workspace/);
    const usb = path.join(parent, 'usb');
    await page.getByTestId('handoff-folder').fill(usb);
    await page.getByTestId('handoff-export-go').click();
    await textMatches(page.getByTestId('handoff-exported'), /Wrote 1 commit/);
    await textMatches(page.getByTestId('handoff-exported-commits'), /hooli: premium plan[\s\S]*tenant hooli: plan standard -> premium/);
    await page.screenshot({ path: path.join(SHOTS, '65-handoff-export.png') });
    const bundlePath = ((await page.getByTestId('handoff-bundle-path').textContent()) ?? '').trim();
    const reportPath = ((await page.getByTestId('handoff-report-path').textContent()) ?? '').trim();
    expect(path.dirname(bundlePath)).toBe(usb);

    // The other side: a clone of the remote verifies and fetches it; the commit is the app's, byte for byte.
    const other = await freshClone(env.remote, 'handoff');
    const verify = await git(['bundle', 'verify', bundlePath], other);
    expect(verify).toBeDefined();
    await git(['fetch', '--quiet', bundlePath, 'main:refs/remotes/handoff/main'], other);
    const appHead = (await git(['rev-parse', 'HEAD'], dir)).trim();
    expect((await git(['rev-parse', 'handoff/main'], other)).trim()).toBe(appHead);
    expect(await git(['cat-file', 'commit', 'handoff/main'], other)).toBe(await git(['cat-file', 'commit', 'HEAD'], dir));
    expect(await git(['ls-tree', '-r', 'handoff/main'], other)).toBe(await git(['ls-tree', '-r', 'HEAD'], dir));
    await git(['fsck', '--strict', '--no-dangling'], other);

    // The report, as the reviewer reads it in a browser: no network, the change in words, the commit id.
    const reviewer = await env.browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: 'light' });
    const requests: string[] = [];
    reviewer.on('request', (r) => requests.push(r.url()));
    await reviewer.goto(`file://${reportPath}`);
    await textMatches(reviewer.locator('h1'), /Changes to/);
    await textMatches(reviewer.locator('article').first(), new RegExp(`${appHead}[\\s\\S]*tenant hooli: plan standard -> premium[\\s\\S]*Cluster aks-weu-prod`));
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await reviewer.screenshot({ path: path.join(SHOTS, '66-handoff-report.png') });
    await reviewer.close();

    // The reviewer takes it, adds a commit (CLI and gantry render) and sends a bundle back.
    await git(['merge', '--quiet', '--ff-only', 'handoff/main'], other);
    const wayne = path.join(other, 'tenants/wayne.yaml');
    writeFileSync(wayne, readFileSync(wayne, 'utf8').replace('plan: standard', 'plan: premium'));
    expect(runCli(['render', other], quiet)).toBe(0);
    await git(['add', '-A'], other);
    await git(['-c', 'user.name=Reviewer', '-c', 'user.email=reviewer@example.com', 'commit', '-q', '-m', 'wayne: premium plan (reviewed)'], other);
    const back = path.join(parent, 'back.bundle');
    await git(['bundle', 'create', back, `${appHead}..main`], other);
    const reviewerTip = (await git(['rev-parse', 'main'], other)).trim();

    // Import in the app, reached from the command palette this time: a preview first (nothing moves), then a fast-forward.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.keyboard.press('F1');
    await visible(page.getByTestId('command-palette'));
    await page.keyboard.type('import bundle');
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('handoff-import'));
    await expect.poll(() => page.getByTestId('handoff-tab-import').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('handoff-file').fill(path.join(parent, 'missing.bundle'));
    await page.getByTestId('handoff-preview-go').click();
    await textMatches(page.getByTestId('handoff-import-error'), /There is no file .*missing\.bundle/);
    await page.getByTestId('handoff-file').fill(back);
    await page.getByTestId('handoff-preview-go').click();
    await textMatches(page.getByTestId('handoff-kind'), /fast-forward[\s\S]*moves forward to the bundle's 1 commit/);
    await textMatches(page.getByTestId('handoff-incoming'), /wayne: premium plan \(reviewed\)[\s\S]*Reviewer/);
    await textMatches(page.getByTestId('handoff-preview-files'), /tenants\/wayne\.yaml/);
    expect((await git(['rev-parse', 'HEAD'], dir)).trim()).toBe(appHead);
    await page.screenshot({ path: path.join(SHOTS, '67-handoff-import-preview.png') });
    await page.getByTestId('handoff-import-go').click();
    await textMatches(page.getByText(/Imported the bundle's commits/), /Imported/);
    expect((await git(['rev-parse', 'HEAD'], dir)).trim()).toBe(reviewerTip);
    expect(await git(['status', '--porcelain'], dir)).toBe('');
    await textMatches(app.aheadChip, /up to date/);

    // Clone from a mirror on a "drive": file://, no server involved.
    const mirror = path.join(parent, 'drive', 'platform.git');
    await git(['clone', '--quiet', '--mirror', env.remote.authUrl('handoff'), mirror]);
    await app.switchWorkspace();
    const fromMirror = path.join(parent, 'from-mirror');
    await app.fillClone({ url: `file://${mirror}`, dir: fromMirror });
    await page.screenshot({ path: path.join(SHOTS, '68-clone-from-folder.png') });
    await page.getByTestId('clone-button').click();
    await app.expectWorkspace();
    expect((await git(['rev-parse', 'HEAD'], fromMirror)).trim()).toBe((await git(['rev-parse', 'main'], mirror)).trim());
    expect(await git(['status', '--porcelain'], fromMirror)).toBe('');
    expect((await git(['config', 'remote.origin.url'], fromMirror)).trim()).toBe(`file://${mirror}`);
    await page.close();
  }, 180_000);
});
