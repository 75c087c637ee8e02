import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { mainFlow, TOKEN, USER } from './helpers/flows.ts';
import { startRemote, type Remote } from './helpers/git-remote.ts';
import { startServe, type ServeHost } from './helpers/serve-host.ts';

describe('browser mode: edit -> review -> commit -> push', () => {
  let remote: Remote;
  let host: ServeHost;
  let browser: Browser;

  beforeAll(async () => {
    [remote, host, browser] = await Promise.all([startRemote({ [USER]: TOKEN }), startServe(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await remote?.close();
  });

  it('creates the example, adds a tenant, breaks and fixes a quota, reviews, commits and pushes', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    try {
      await mainFlow(page, remote, { shots: true });
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\npage errors: ${errors.join('\n') || 'none'}\nhost output:\n${host.output()}`, { cause: err });
    }
  }, 90_000);
});
