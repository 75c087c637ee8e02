import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

/** Bounded waits for every step; nothing sleeps. */
export const STEP = { timeout: 15_000 };
const POLL = { timeout: 15_000, interval: 50 };

/** Waits (bounded) until the locator is visible. */
export function visible(l: Locator, timeout = STEP.timeout): Promise<void> {
  return l.waitFor({ state: 'visible', timeout });
}

/** Waits (bounded) until the locator is gone. */
export function hidden(l: Locator, timeout = STEP.timeout): Promise<void> {
  return l.waitFor({ state: 'hidden', timeout });
}

/** Waits (bounded: 15 s unless told) until the locator's text matches. */
export async function textMatches(l: Locator, want: string | RegExp, timeout = POLL.timeout): Promise<void> {
  // Monaco renders spaces as no-break spaces.
  await expect.poll(async () => ((await l.count()) ? ((await l.first().textContent()) ?? '').replace(/\u00a0/g, ' ') : ''), { ...POLL, timeout }).toMatch(want);
}

/** Waits (bounded) until the locator's attribute has the value. */
export async function attrIs(l: Locator, name: string, value: string): Promise<void> {
  await expect.poll(async () => ((await l.count()) ? await l.first().getAttribute(name) : null), POLL).toBe(value);
}

/** The Gantry app as a person sees it: role and test-id locators only. */
export class GantryApp {
  constructor(readonly page: Page) {}

  // ---------- start screen ----------
  get start(): Locator {
    return this.page.getByTestId('start-screen');
  }

  async createExample(dir: string): Promise<void> {
    await this.page.getByTestId('example-dir').fill(dir);
    await this.page.getByTestId('create-example').click();
    await this.expectWorkspace();
  }

  async openFolder(dir: string): Promise<void> {
    await this.page.getByTestId('open-path').fill(dir);
    await this.page.getByTestId('open-button').click();
    await this.expectWorkspace();
  }

  async fillClone(opts: { url: string; username?: string; token?: string; dir: string }): Promise<void> {
    await this.page.getByTestId('clone-url').fill(opts.url);
    if (opts.username !== undefined) await this.page.getByTestId('clone-username').fill(opts.username);
    if (opts.token !== undefined) await this.page.getByTestId('clone-token').fill(opts.token);
    await this.page.getByTestId('clone-dir').fill(opts.dir);
  }

  async clone(opts: { url: string; username?: string; token?: string; dir: string }): Promise<void> {
    await this.fillClone(opts);
    await this.page.getByTestId('clone-button').click();
    await this.expectWorkspace();
  }

  async expectWorkspace(): Promise<void> {
    await visible(this.page.getByTestId('workspace-name'));
  }

  async switchWorkspace(): Promise<void> {
    await this.page.getByRole('button', { name: /Switch/ }).click();
    await visible(this.start);
  }

  // ---------- workspace ----------
  view(name: 'workspace' | 'changes' | 'capacity'): Locator {
    return this.page.getByTestId(`view-${name}`);
  }

  async showTable(kind: 'tenants' | 'shards' | 'pools' | 'clusters'): Promise<void> {
    await this.view('workspace').click();
    await this.page.getByTestId(`tab-${kind}`).click();
  }

  row(kind: 'tenant' | 'shard' | 'pool' | 'cluster', name: string): Locator {
    return this.page.getByTestId(`row-${kind}-${name}`);
  }

  badge(kind: 'tenant' | 'shard' | 'pool' | 'cluster', name: string): Locator {
    return this.row(kind, name).getByTestId('status-badge');
  }

  async openObject(kind: 'tenant' | 'shard' | 'pool' | 'cluster', name: string): Promise<void> {
    await this.row(kind, name).click();
    await textMatches(this.page.getByTestId('editor-title'), new RegExp(`^${name}$`));
  }

  get problems(): Locator {
    return this.page.getByTestId('problems');
  }

  problem(code: string): Locator {
    return this.problems.locator(`[data-testid="problem"][data-code="${code}"]`);
  }

  // ---------- add tenant ----------
  async addTenant(opts: { name: string; region?: string; gpus: number; models?: string[] }): Promise<{ shard: string }> {
    await this.page.getByTestId('title-add-tenant').click();
    const dialog = this.page.getByTestId('add-tenant-dialog');
    await visible(dialog);
    await dialog.getByTestId('new-tenant-name').fill(opts.name);
    if (opts.region) await dialog.getByTestId('new-tenant-region').selectOption(opts.region);
    await dialog.getByTestId('new-tenant-gpus').fill(String(opts.gpus));
    for (const m of opts.models ?? []) {
      const box = dialog.getByRole('checkbox', { name: m });
      if (!(await box.isChecked())) await box.check();
    }
    const suggested = dialog.getByTestId('suggested-shard');
    await visible(suggested);
    await visible(dialog.getByTestId('plan-file').first());
    const shard = ((await dialog.getByTestId('suggested-shard-name').textContent()) ?? '').trim();
    return { shard };
  }

  async applyPlan(): Promise<void> {
    await this.page.getByTestId('apply-plan').click();
    await hidden(this.page.getByRole('dialog'));
  }

  // ---------- editor ----------
  async editorTab(tab: 'form' | 'yaml'): Promise<void> {
    await this.page.getByTestId(`tab-${tab}`).click();
    if (tab === 'yaml') await visible(this.page.getByTestId('yaml-editor').locator('.view-line').first());
  }

  get yamlEditor(): Locator {
    return this.page.getByTestId('yaml-editor').getByRole('textbox');
  }

  /** Replaces `from` with `to` in the YAML editor the way a person does: find, then type over the selection. */
  async replaceInYaml(from: string, to: string): Promise<void> {
    const editor = this.page.getByTestId('yaml-editor');
    await visible(editor.locator('.view-line').first());
    await this.yamlEditor.focus();
    await this.page.keyboard.press('ControlOrMeta+F');
    const find = this.page.getByRole('textbox', { name: 'Find' });
    await visible(find);
    await find.fill(from);
    await visible(this.page.getByText(/^1 of 1$/));
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.type(to);
    await textMatches(editor, to.trim());
  }

  async save(): Promise<void> {
    await this.page.getByTestId('save').click();
    await hidden(this.page.getByTestId('dirty'));
  }

  // ---------- changes ----------
  async openChanges(): Promise<void> {
    await this.view('changes').click();
    await visible(this.page.getByTestId('changes-view'));
  }

  get aheadChip(): Locator {
    return this.page.getByTestId('ahead');
  }

  /** Commits from the Changes view; done when the message box empties (another "Committed" toast may still show). */
  async commit(message: string): Promise<void> {
    const box = this.page.getByTestId('commit-message');
    // The review's suggested message can land between fill's focus and its typing (on a busy
    // machine), leaving both in the box; a person's first key press marks the message edited, so only
    // the test needs to check what it typed.
    await expect
      .poll(async () => {
        if ((await box.inputValue()) !== message) await box.fill(message);
        return box.inputValue();
      }, POLL)
      .toBe(message);
    await this.page.getByTestId('commit').click();
    await expect.poll(() => box.inputValue(), POLL).toBe('');
  }

  /** Opens a tenant from the table, picks its plan in the form, and saves. */
  async setTenantPlan(name: string, plan: 'free' | 'standard' | 'premium'): Promise<void> {
    await this.showTable('tenants');
    await this.openObject('tenant', name);
    await this.page.getByTestId('field-plan').selectOption(plan);
    await visible(this.page.getByTestId('dirty'));
    await this.save();
  }

  async push(): Promise<void> {
    await this.page.getByTestId('push').click();
  }

  // ---------- screenshots ----------
  async screenshot(name: string): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await this.page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }
}
