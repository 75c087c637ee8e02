import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { writeExample } from '../../../gitops/cli/commands/init.ts';
import { launchChromium } from './browser.ts';
import { startRemote, type Remote } from './git-remote.ts';
import { startServe, type ServeHost } from './serve-host.ts';

export interface AppWithRemote {
  remote: Remote;
  host: ServeHost;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The test Git server with one repository per name, each seeded with the small example, plus
 * browser mode and Chromium. The token reaches the host through the environment, as a CI user
 * would give it: browser mode keeps it in host memory only. The tests clone without typing a
 * token, so GANTRY_GIT_TOKEN_ORIGIN names the server (else the token serves only the open
 * workspace's remote, never a URL typed for a clone).
 */
export async function startAppWithRemote(user: string, token: string, repos: readonly string[]): Promise<AppWithRemote> {
  const seed = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-seed-')), 'ws');
  writeExample(seed, 'small');
  const remote = await startRemote({ [user]: token });
  for (const name of repos) await remote.createRepo(name, { fromDir: seed });
  const [host, browser] = await Promise.all([startServe({ env: { GANTRY_GIT_TOKEN: token, GANTRY_GIT_USERNAME: user, GANTRY_GIT_TOKEN_ORIGIN: new URL(remote.url('x')).origin } }), launchChromium()]);
  return {
    remote,
    host,
    browser,
    async close() {
      await browser.close();
      await host.stop();
      await remote.close();
    },
  };
}

/**
 * startAppWithRemote for the tests of the calling describe block: started before its first test (within
 * `hookTimeoutMs`, default vitest's hook timeout) and closed after its last. Its fields are the running
 * ones, read inside a test or a later hook.
 */
export function useAppWithRemote(user: string, token: string, repos: readonly string[], opts: { hookTimeoutMs?: number } = {}): AppWithRemote {
  let env: AppWithRemote | undefined;
  beforeAll(async () => {
    env = await startAppWithRemote(user, token, repos);
  }, opts.hookTimeoutMs);
  afterAll(() => env?.close());
  const running = (): AppWithRemote => {
    if (!env) throw new Error('The Git server, browser mode and Chromium are not started yet: use them inside a test or a later hook.');
    return env;
  };
  return {
    get remote() {
      return running().remote;
    },
    get host() {
      return running().host;
    },
    get browser() {
      return running().browser;
    },
    close: () => running().close(),
  };
}
