import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { GantryApp, visible } from '../../pages/gantry-app.ts';
import type { Remote } from './git-remote.ts';
import type { ServeHost } from './serve-host.ts';

/** How the tab opens: a laptop's window in dark mode, 15 s for each step, unless a test says otherwise. */
export interface TabOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'dark' | 'light';
  /** Playwright's default timeout for the page's steps. */
  timeoutMs?: number;
  /** The launch link to open (default: the host's newest unused one). */
  url?: string;
  /** Accepts every dialog the page opens (confirm, beforeunload) and records it in `dialogs`; else Playwright dismisses them. */
  acceptDialogs?: boolean;
}

/** What a dialog the page opened said. */
export interface SeenDialog {
  type: string;
  message: string;
}

export interface OpenTab {
  page: Page;
  app: GantryApp;
  /** The dialogs accepted so far, in order (empty unless `acceptDialogs`). */
  dialogs: SeenDialog[];
}

/** Browser mode's page in a new tab of `browser`, on a launch link of `host`, waiting for nothing yet. */
export async function openApp(env: { browser: Browser; host: ServeHost }, opts: TabOptions = {}): Promise<OpenTab> {
  const page = await env.browser.newPage({ viewport: opts.viewport ?? { width: 1440, height: 900 }, colorScheme: opts.colorScheme ?? 'dark' });
  page.setDefaultTimeout(opts.timeoutMs ?? 15_000);
  const app = new GantryApp(page);
  const dialogs: SeenDialog[] = [];
  if (opts.acceptDialogs) {
    page.on('dialog', (d) => {
      dialogs.push({ type: d.type(), message: d.message() });
      void d.accept();
    });
  }
  await page.goto(opts.url ?? env.host.url);
  return { page, app, dialogs };
}

/** The app opened on the host's workspace (`serve --workspace`), once the workspace shows. */
export async function openWorkspace(env: { browser: Browser; host: ServeHost }, opts: TabOptions = {}): Promise<OpenTab> {
  const tab = await openApp(env, opts);
  await tab.app.expectWorkspace();
  return tab;
}

/** The app opened on its start screen (no workspace yet). */
export async function openStartScreen(env: { browser: Browser; host: ServeHost }, opts: TabOptions = {}): Promise<OpenTab> {
  const tab = await openApp(env, opts);
  await visible(tab.app.start);
  return tab;
}

/**
 * The app opened on its start screen, then repository `repo` of the test Git server cloned in it (the
 * token comes from the host's environment) into `<new temp folder>/<repo>`, which is `dir`.
 */
export async function openAppAndClone(
  env: { browser: Browser; host: ServeHost; remote: Remote },
  repo: string,
  opts: TabOptions & { tmpPrefix?: string } = {},
): Promise<OpenTab & { dir: string }> {
  const tab = await openStartScreen(env, opts);
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix ?? 'gantry-e2e-')), repo);
  await tab.app.clone({ url: env.remote.url(repo), dir });
  return { ...tab, dir };
}
