import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GantryApp, hidden, textMatches, visible } from '../pages/gantry-app.ts';
import { exampleGitWorkspace, useAppOnWorkspace } from './helpers/app-on-workspace.ts';
import { openApp, openWorkspace } from './helpers/open-app.ts';

/**
 * Editing help (issue 14, "What was seen" 5 and 6), in browser mode on the example workspace and on
 * the large generated one (5,000 tenants, 500 shards): what a tenant's GPUs do to its shard shows on
 * the tenant, completion and hover come from the workspace, an unknown region says "did you mean",
 * cut names have a tooltip and columns resize, the shard picker filters, Changes loads visibly and
 * its diff opens at the first change.
 */

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
  const env = useAppOnWorkspace(() => exampleGitWorkspace('small'));

  it('a tenant\'s GPUs over its shard\'s capacity show on the tenant: under GPUs and as a squiggle in its YAML', async () => {
    const { page, app } = await openWorkspace(env);
    await app.openObject('tenant', 'acme');
    await textMatches(page.getByTestId('editor-title').locator('..').getByTestId('status-badge'), /OK|^$/i);

    await page.getByTestId('field-gpus').fill('40');
    // The shard has the error (SPEC-FORMAT) and the tenant being edited shows it on the field.
    const gpusField = page.getByTestId('field-gpus').locator('..');
    const message = gpusField.locator('[data-testid="field-finding"][data-code="shard.capacity.exceeded"]');
    await visible(message);
    await textMatches(message, /^With this tenant's 40 GPUs \(shard weu-1\): Tenants on shard weu-1 ask for \d+ GPUs but it has 16/);
    await textMatches(page.getByTestId('editor-title').locator('..').getByTestId('status-badge'), /1 error/);
    await app.screenshot('100-related-finding-form');

    await app.editorTab('yaml');
    await expect.poll(() => squiggleOnLine(page, 'gpus: 40'), { timeout: 15_000 }).toBe(true);
    await app.screenshot('101-related-finding-yaml');

    // Back under capacity: the message and the squiggle go.
    await app.editorTab('form');
    await page.getByTestId('field-gpus').fill('4');
    await hidden(message);
    // 4 was acme's count: the text is as on disk again.
    await hidden(page.getByTestId('dirty'));
    await page.close();
  });

  it('typing eastuss as the region: an error that says "Did you mean eastus?"; completion offers the workspace\'s regions and shards, hover tells a shard\'s free GPUs', async () => {
    const { page, app } = await openWorkspace(env);
    await app.openObject('tenant', 'acme');
    await app.editorTab('yaml');

    await app.replaceInYaml('region: westeurope', 'region: eastuss');
    const finding = page.getByTestId('editor-findings').getByText(/region eastuss, where no cluster of this workspace runs .*Did you mean eastus\?/);
    await visible(finding);
    await expect.poll(() => squiggleOnLine(page, 'region: eastuss')).toBe(true);
    await app.screenshot('102-unknown-region');

    // Completion for the region's value: the regions of the clusters, not words of the file.
    await cursorAfter(app, 'region: eastuss');
    for (let i = 0; i < 'eastuss'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const regions = await suggestions(page);
    expect(regions).toEqual(expect.arrayContaining(['eastus', 'swedencentral', 'westeurope']));
    expect(regions).not.toContain('premium');
    expect(regions).not.toContain('acme');
    await app.screenshot('103-completion-regions');
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
    await app.screenshot('104-completion-shards');
    await page.keyboard.press('Escape');
    await page.keyboard.type('weu-1');
    await page.keyboard.press('Escape');

    // Hover over the shard's name.
    const word = page.getByTestId('yaml-editor').locator('.view-line').filter({ hasText: 'shard: weu-1' }).getByText('weu-1');
    await word.hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Shard weu-1' });
    await visible(hover);
    await textMatches(hover, /westeurope, cluster aks-weu-prod, shared.*of 16 GPUs free.*Fits this tenant/s);
    await app.screenshot('105-hover-shard');
    await hidden(page.getByTestId('dirty'));
    await page.close();
  });

  it('the shard picker filters as you type, moves with the arrow keys and shows free GPUs per shard', async () => {
    const { page, app } = await openWorkspace(env);
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
  }, 120_000);
});

describe('browser mode: editing help at 5,000 tenants and 500 shards (issue 14, item 6)', () => {
  const env = useAppOnWorkspace(() => exampleGitWorkspace('large'), { serveTimeoutMs: 120_000, hookTimeoutMs: 300_000 });

  it('a cut shard name shows in full on hover; the column resizes; the shard picker filters 500 shards', async () => {
    // Wide enough that the Shard column has room for a whole name beside the others at their narrowest.
    const { page, app } = await openApp(env, { viewport: { width: 1920, height: 1000 }, timeoutMs: 60_000 });
    const row = app.row('tenant', 'tenant-00001');
    await visible(row, 60_000);
    const shardName = readFileSync(path.join(env.ws, 'tenants/tenant-00001.yaml'), 'utf8').match(/shard: (\S+)/)![1]!;
    const cell = row.getByRole('gridcell').nth(4);
    await textMatches(cell, shardName);

    // Narrow the Shard column until the name is cut, by dragging the edge of its header.
    const handle = page.getByTestId('resize-shard').first();
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 300, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const cut = () => cell.evaluate((el) => el.scrollWidth > el.clientWidth);
    await expect.poll(cut).toBe(true);
    await cell.hover();
    const tip = page.getByTestId('cell-tooltip');
    await visible(tip);
    await textMatches(tip, new RegExp(`^${shardName}$`));
    await app.screenshot('106-cut-name-tooltip');

    // Wider again: the whole name fits and no tooltip comes.
    const box2 = (await handle.boundingBox())!;
    await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
    await page.mouse.down();
    await page.mouse.move(box2.x + 160, box2.y + box2.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(cut).toBe(false);
    await page.mouse.move(10, 10);
    await hidden(tip);
    await cell.hover();
    await page.waitForTimeout(600); // the tooltip's hover delay is 300 ms: it would be there by now
    expect(await tip.count()).toBe(0);

    // The picker: 500 shards, typed down to one cluster's, arrow keys move, free GPUs on each row.
    await row.click();
    await textMatches(page.getByTestId('editor-title'), /^tenant-00001$/);
    const input = page.getByTestId('shard-picker-input');
    await input.click();
    const list = page.getByTestId('shard-picker-list');
    await textMatches(list, /^500 shards/);
    const cluster = shardName.replace(/-s\d+$/, '');
    await input.fill(`${cluster}-s00`);
    await textMatches(list, /^9 of 500 shards/);
    const options = list.getByRole('option');
    const names = await options.evaluateAll((els) => els.map((e) => e.querySelector('.name')?.textContent ?? ''));
    expect(names.every((n) => n.startsWith(`${cluster}-s00`))).toBe(true);
    await textMatches(options.first(), /\d+ of \d+ free/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.nth(2).getAttribute('aria-selected')).toBe('true');
    await app.screenshot('107-shard-picker');
    await page.keyboard.press('Escape');
    await hidden(list);
    await page.close();
  }, 120_000);

  it('Changes shows a loading state, never the old list, and the routing diff opens at the changed tenant', async () => {
    const { page, app } = await openWorkspace(env, { timeoutMs: 60_000 });
    // Changes once before the edit: it knows "no changes" and would show that list again.
    await app.openChanges();
    await visible(page.getByText('No spec changes.', { exact: false }), 60_000);

    const name = 'tenant-02500';
    await app.showTable('tenants');
    await page.getByPlaceholder(/Search tenants/).fill(name);
    await app.openObject('tenant', name);
    const plan = page.getByTestId('field-plan');
    const was = await plan.inputValue();
    await plan.selectOption(was === 'premium' ? 'standard' : 'premium');
    await app.save();

    // Watch what Changes shows from the click on: a loading state first, and the first list shown holds the edit.
    await page.evaluate(() => {
      const w = window as unknown as { seen: { loading: boolean; firstList?: string } };
      w.seen = { loading: false };
      const look = () => {
        if (document.querySelector('[data-testid="changes-loading"]')) w.seen.loading = true;
        const list = document.querySelector('[data-testid="spec-changes"]');
        const empty = [...document.querySelectorAll('.changes .pane-sub')].some((e) => (e.textContent ?? '').startsWith('No spec changes'));
        if (w.seen.firstList === undefined && (list?.textContent || empty)) w.seen.firstList = empty ? 'No spec changes' : (list!.textContent ?? '');
      };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await app.view('changes').click();
    await visible(page.getByTestId('changes-loading').or(page.getByTestId('spec-changes')));
    await app.screenshot('108-changes-loading');
    await textMatches(page.getByTestId('spec-changes'), new RegExp(`tenants/${name}\\.yaml`), 60_000);
    const seen = await page.evaluate(() => (window as unknown as { seen: { loading: boolean; firstList?: string } }).seen);
    expect(seen.loading).toBe(true);
    expect(seen.firstList).toContain(`tenants/${name}.yaml`);

    // The routing ConfigMap of its cluster: thousands of lines; the diff opens where the tenant changed.
    const shard = readFileSync(path.join(env.ws, `tenants/${name}.yaml`), 'utf8').match(/shard: (\S+)/)![1]!;
    const cluster = readFileSync(path.join(env.ws, `shards/${shard}.yaml`), 'utf8').match(/cluster: (\S+)/)![1]!;
    const routing = page.getByTestId(`rendered-${cluster}`).getByRole('button', { name: /configmap-gantry-routing/ });
    await routing.click();
    await textMatches(page.getByTestId('diff-path'), /configmap-gantry-routing/);
    const diff = page.getByTestId('diff-editor');
    // The changed line is drawn (Monaco draws only the lines in view) and the view is not at line 1.
    await visible(diff.locator('.editor.modified .line-insert').first(), 30_000);
    const topLine = await diff.locator('.editor.modified .line-numbers').first().textContent();
    expect(Number(topLine)).toBeGreaterThan(1);
    await textMatches(diff.locator('.editor.modified .view-lines'), new RegExp(name));
    await app.screenshot('109-diff-first-change');
    await page.close();
  });
});

describe('browser mode: one GPU count in the add-tenant dialog (issue 14, item 6)', () => {
  const env = useAppOnWorkspace(() => exampleGitWorkspace('small'));

  it('the suggested shard\'s card and the planner\'s bullet give the same GPUs free after placing', async () => {
    const { page, app } = await openWorkspace(env);
    const { shard } = await app.addTenant({ name: 'contoso', region: 'westeurope', gpus: 3 });
    const dialog = page.getByTestId('add-tenant-dialog');
    const card = dialog.getByTestId('suggested-shard-free');
    await textMatches(card, /^\d+ of \d+ GPUs free after$/);
    const bullet = dialog.locator('.notes li').filter({ hasText: `Shard ${shard}:` });
    await textMatches(bullet, /GPUs? free, \d+ after placing contoso/);
    const cardFree = Number(/^(\d+)/.exec((await card.textContent()) ?? '')![1]);
    const bulletFree = Number(/, (\d+) after placing/.exec((await bullet.textContent()) ?? '')![1]);
    expect(cardFree).toBe(bulletFree);
    await page.keyboard.press('Escape');
    await page.close();
  });
});
