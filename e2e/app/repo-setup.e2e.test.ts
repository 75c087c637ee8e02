import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { useAppWithRemote } from './helpers/app-with-remote.ts';
import { freshClone, git } from './helpers/git-remote.ts';
import { openStartScreen } from './helpers/open-app.ts';

const USER = 'fay';
const TOKEN = 'glpat-setup-2Lm';

describe('browser mode: repository setup (issue 14, item 2 of What was seen)', () => {
  const env = useAppWithRemote(USER, TOKEN, []);
  beforeAll(async () => {
    await env.remote.createRepo('fresh');
  });

  it('refuses ssh and unknown clone addresses in words, warns before plain http; initializes the example, adds the remote and pushes the first commit', async () => {
    const { page, app } = await openStartScreen(env);
    const parent = mkdtempSync(path.join(os.tmpdir(), 'gantry-e2e-'));

    // Clone: ssh is refused, naming the https form; no raw schema message.
    await app.fillClone({ url: 'git@github.com:acme/platform.git', dir: path.join(parent, 'p1') });
    await page.getByTestId('clone-button').click();
    await textMatches(page.getByTestId('clone-error'), /cannot use SSH.*Use the https form instead: https:\/\/github\.com\/acme\/platform\.git/);
    await app.screenshot('54-clone-ssh-refused');
    await app.fillClone({ url: 'platform', dir: path.join(parent, 'p2') });
    await page.getByTestId('clone-button').click();
    await textMatches(page.getByTestId('clone-error'), /neither a web address nor a full path/);
    expect(await page.getByTestId('clone-error').textContent()).not.toMatch(/git:clone|must be an/);
    // Plain http to another machine: a warning first, and Clone waits for the tick.
    await app.fillClone({ url: 'http://git.corp.example/platform.git', dir: path.join(parent, 'p3') });
    await textMatches(page.getByTestId('clone-http-warning'), /plain http:\/\/.*Gantry sends no token there/);
    expect(await page.getByTestId('clone-button').isDisabled()).toBe(true);
    await page.getByTestId('clone-allow-http').check();
    expect(await page.getByTestId('clone-button').isEnabled()).toBe(true);

    // The example is a plain folder: Changes offers to initialize a repository.
    const dir = path.join(parent, 'example');
    await app.createExample(dir);
    await app.view('changes').click();
    await visible(page.getByTestId('git-init'));
    await app.screenshot('55-not-a-repository');
    await page.getByTestId('git-init').click();
    await visible(page.getByTestId('changes-view'));
    await visible(page.getByTestId('toast-success').filter({ hasText: 'Initialized a Git repository' }));
    await textMatches(app.aheadChip, /no remote yet/);
    expect(await page.getByTestId('push').isDisabled()).toBe(true);
    expect((await git(['log', '--format=%s'], dir)).trim()).toBe('Gantry workspace: specs and rendered files');
    expect((await git(['status', '--porcelain'], dir)).trim()).toBe('');

    // An ssh remote is refused with the https form; the real one is taken and the first commit pushed.
    await page.getByTestId('remote-url').fill('git@ssh.dev.azure.com:v3/acme/Platform/tenants');
    await page.getByTestId('remote-save').click();
    await textMatches(page.getByTestId('remote-error'), /https:\/\/dev\.azure\.com\/acme\/Platform\/_git\/tenants/);
    await app.screenshot('56-add-remote');
    await page.getByTestId('remote-url').fill(env.remote.url('fresh'));
    await page.getByTestId('remote-save').click();
    await textMatches(app.aheadChip, /1 commit to push/);
    await textMatches(page.getByTestId('remote-line'), /fresh\.git/);
    await app.push();
    await textMatches(app.aheadChip, /up to date/);
    await hidden(page.getByTestId('remote-form'));

    const verify = await freshClone(env.remote, 'fresh');
    expect((await git(['log', '--format=%s'], verify)).trim()).toBe('Gantry workspace: specs and rendered files');
    expect(readdirSync(verify).sort()).toEqual(expect.arrayContaining(['gantry.yaml', 'rendered', 'shards', 'tenants']));
    expect((await git(['ls-files', 'rendered'], verify)).split('\n').filter(Boolean).length).toBeGreaterThan(10);
    await page.close();
  }, 120_000);
});
