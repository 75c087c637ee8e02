import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { GantryApp, hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { launchChromium } from './helpers/browser.ts';
import { startServe, type ServeHost } from './helpers/serve-host.ts';

/**
 * Editing help (issue 14, "What was seen" 5 and 6), in browser mode on the example workspace and on
 * the large generated one (5,000 tenants, 500 shards): what a tenant's GPUs do to its shard shows on
 * the tenant, completion and hover come from the workspace, an unknown region says "did you mean",
 * cut names have a tooltip and columns resize, the shard picker filters, Changes loads visibly and
 * its diff opens at the first change.
 */

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' };

/** The example as a Git repository (one first commit), as a consultant's clone is. */
function gitWorkspace(example: 'small' | 'large'): string {
  const ws = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-e2e-help-')), 'ws');
  writeExample(ws, example);
  const git = (args: string[]) => execFileSync('git', args, { cwd: ws, env: gitEnv, stdio: 'ignore', maxBuffer: 256 * 1024 * 1024 });
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'Gantry workspace: specs and rendered files']);
  return ws;
}

/** Monaco's suggestion list labels, once it shows. */
async function suggestions(page: Page): Promise<string[]> {
  const widget = page.locator('.suggest-widget .monaco-list-row');
  await visible(widget.first());
  return widget.evaluateAll((rows) => rows.map((r) => (r.querySelector('.label-name')?.textContent ?? '').trim()));
}

/** Puts the YAML editor's cursor right after `after` (which must occur once), as a click there would. */
async function cursorAfter(app: GantryApp, after: string): Promise<void> {
  const page = app.page;
  await app.yamlEditor.focus();
  await page.keyboard.press('ControlOrMeta+F');
  const find = page.getByRole('textbox', { name: 'Find' });
  await visible(find);
  await find.fill(after);
  await visible(page.getByText(/^1 of 1$/));
  await page.keyboard.press('Escape');
  // The match is selected; End of selection = right after it.
  await page.keyboard.press('ArrowRight');
}

/** Whether the YAML editor draws an error squiggle on the line holding `text`. */
async function squiggleOnLine(page: Page, text: string): Promise<boolean> {
  return page.getByTestId('yaml-editor').evaluate((root, want) => {
    const line = [...root.querySelectorAll<HTMLElement>('.view-lines .view-line')].find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(want));
    if (!line) return false;
    const top = line.style.top;
    return [...root.querySelectorAll<HTMLElement>('.squiggly-error')].some((s) => (s.closest<HTMLElement>('.view-overlays > div')?.style.top ?? s.style.top) === top || s.parentElement?.style.top === top);
  }, text);
}

describe('browser mode: editing help on the example workspace (issue 14, items 5 and 6)', () => {
  let host: ServeHost;
  let browser: Browser;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startServe({ workspace: gitWorkspace('small') }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('a tenant\'s GPUs over its shard\'s capacity show on the tenant: under GPUs and as a squiggle in its YAML', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
    const app = new GantryApp(page);
    await page.goto(host.url);
    await app.expectWorkspace();
    await app.openObject('tenant', 'acme');
    await textMatches(page.getByTestId('editor-title').locator('..').getByTestId('status-badge'), /OK|^$/i);

    await page.getByTestId('field-gpus').fill('40');
    // The shard has the error (SPEC-FORMAT) and the tenant being edited shows it on the field.
    const gpusField = page.getByTestId('field-gpus').locator('..');
    const message = gpusField.locator('[data-testid="field-finding"][data-code="shard.capacity.exceeded"]');
    await visible(message);
    await textMatches(message, /^With this tenant's 40 GPUs \(shard weu-1\): Tenants on shard weu-1 ask for \d+ GPUs but it has 16/);
    await textMatches(page.getByTestId('editor-title').locator('..').getByTestId('status-badge'), /1 error/);
    await app.screenshot('60-related-finding-form');

    await app.editorTab('yaml');
    await expect.poll(() => squiggleOnLine(page, 'gpus: 40'), { timeout: 15_000 }).toBe(true);
    await app.screenshot('61-related-finding-yaml');

    // Back under capacity: the message and the squiggle go.
    await app.editorTab('form');
    await page.getByTestId('field-gpus').fill('4');
    await hidden(message);
    // 4 was acme's count: the text is as on disk again.
    await hidden(page.getByTestId('dirty'));
    await page.close();
  });

  it('typing eastuss as the region: an error that says "Did you mean eastus?"; completion offers the workspace\'s regions and shards, hover tells a shard\'s free GPUs', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
    const app = new GantryApp(page);
    await page.goto(host.url);
    await app.expectWorkspace();
    await app.openObject('tenant', 'acme');
    await app.editorTab('yaml');

    await app.replaceInYaml('region: westeurope', 'region: eastuss');
    const finding = page.getByTestId('editor-findings').getByText(/region eastuss, where no cluster of this workspace runs .*Did you mean eastus\?/);
    await visible(finding);
    await expect.poll(() => squiggleOnLine(page, 'region: eastuss')).toBe(true);
    await app.screenshot('62-unknown-region');

    // Completion for the region's value: the regions of the clusters, not words of the file.
    await cursorAfter(app, 'region: eastuss');
    for (let i = 0; i < 'eastuss'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const regions = await suggestions(page);
    expect(regions).toEqual(expect.arrayContaining(['eastus', 'swedencentral', 'westeurope']));
    expect(regions).not.toContain('premium');
    expect(regions).not.toContain('acme');
    await app.screenshot('63-completion-regions');
    await page.keyboard.type('west');
    await expect.poll(() => suggestions(page)).toEqual(['westeurope']);
    await page.keyboard.press('Enter');
    await textMatches(page.getByTestId('yaml-editor'), /region: westeurope/);
    await hidden(finding);

    // The shard: the shards that fit acme, with the GPUs free for it.
    await cursorAfter(app, 'shard: weu-1');
    for (let i = 0; i < 'weu-1'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    expect((await suggestions(page)).sort()).toEqual(['weu-1', 'weu-2']);
    await textMatches(page.locator('.suggest-widget .monaco-list-row').first(), /of 16 GPUs free · westeurope · shared/);
    await app.screenshot('64-completion-shards');
    await page.keyboard.press('Escape');
    await page.keyboard.type('weu-1');
    await page.keyboard.press('Escape');

    // Hover over the shard's name.
    const word = page.getByTestId('yaml-editor').locator('.view-line').filter({ hasText: 'shard: weu-1' }).getByText('weu-1');
    await word.hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Shard weu-1' });
    await visible(hover);
    await textMatches(hover, /westeurope, cluster aks-weu-prod, shared.*of 16 GPUs free.*Fits this tenant/s);
    await app.screenshot('65-hover-shard');
    await hidden(page.getByTestId('dirty'));
    await page.close();
  });

  it('the shard picker filters as you type, moves with the arrow keys and shows free GPUs per shard', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
    const app = new GantryApp(page);
    await page.goto(host.url);
    await app.expectWorkspace();
    await app.openObject('tenant', 'hooli');
    const input = page.getByTestId('shard-picker-input');
    await input.click();
    await visible(page.getByTestId('shard-picker-list'));
    await input.fill('eus');
    const options = page.getByTestId('shard-picker-list').getByRole('option');
    await expect.poll(() => options.allTextContents()).toHaveLength(2);
    await textMatches(page.getByTestId('shard-picker-list'), /2 of 6 shards/);
    await textMatches(page.getByTestId('shard-option-eus-1'), /of 16 free.*in eastus/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await hidden(page.getByTestId('shard-picker-list'));
    await expect.poll(() => input.inputValue()).toMatch(/^eus-[12]$/);
    await visible(page.getByTestId('dirty'));
    await page.getByRole('button', { name: /Revert/ }).click();
    await hidden(page.getByTestId('dirty'));
    await page.close();
  });
});
