import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { writeExample } from '../../../gitops/cli/commands/init.ts';
import { launchChromium } from './browser.ts';
import { startServe, type ServeHost } from './serve-host.ts';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' };

/** The example (small, or large: 5,000 tenants and 500 shards) as a Git repository with one first commit, as a consultant's clone is. */
export function exampleGitWorkspace(example: 'small' | 'large', tmpPrefix = 'gantry-e2e-help-'): string {
  const ws = path.join(mkdtempSync(path.join(os.tmpdir(), tmpPrefix)), 'ws');
  writeExample(ws, example);
  const git = (args: string[]) => execFileSync('git', args, { cwd: ws, env: gitEnv, stdio: 'ignore', maxBuffer: 256 * 1024 * 1024 });
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'Gantry workspace: specs and rendered files']);
  return ws;
}

export interface AppOnWorkspace {
  /** The workspace folder browser mode opened. */
  ws: string;
  host: ServeHost;
  browser: Browser;
}

/**
 * For the tests of the calling describe block: browser mode opened on the workspace `makeWorkspace()`
 * returns (`serve --workspace`, its launch link awaited up to `serveTimeoutMs`) and Chromium, started
 * before the first test (within `hookTimeoutMs`, default vitest's hook timeout) and stopped after the
 * last. Its fields are the running ones, read inside a test.
 */
export function useAppOnWorkspace(makeWorkspace: () => string, opts: { serveTimeoutMs?: number; hookTimeoutMs?: number } = {}): AppOnWorkspace {
  let ws: string | undefined;
  let host: ServeHost | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ws = makeWorkspace();
    [host, browser] = await Promise.all([startServe({ workspace: ws, ...(opts.serveTimeoutMs ? { timeoutMs: opts.serveTimeoutMs } : {}) }), launchChromium()]);
  }, opts.hookTimeoutMs);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });
  const running = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('Browser mode and Chromium are not started yet: use them inside a test.');
    return v;
  };
  return {
    get ws() {
      return running(ws);
    },
    get host() {
      return running(host);
    },
    get browser() {
      return running(browser);
    },
  };
}
