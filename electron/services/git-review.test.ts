import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { largeExample } from '../../gitops/core/examples/large.ts';
import { renderWorkspace } from '../../gitops/core/render/renderer.ts';
import { git } from '../../gitops/node/git/test-helpers.ts';
import { openRepository } from '../../gitops/node/git/open.ts';
import { diffWorkspace } from '../../gitops/node/sync/diff-workspace.ts';
import { readModel } from '../../gitops/node/workspace-io.ts';
import type { Review } from '../../shared/ipc/schemas.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

function writeFiles(root: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

function renderedOnDisk(root: string, dir = 'rendered', out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) renderedOnDisk(root, rel, out);
    else out.set(rel, readFileSync(path.join(root, rel), 'utf8'));
  }
  return out;
}

/**
 * The review as the full path computes it: both sides read and rendered from scratch (HEAD from the
 * object store, the working tree from disk), each rendered file's text before (HEAD's file) and after
 * (the full render of the files on disk).
 */
async function fullReview(root: string): Promise<Omit<Review, 'errors'>> {
  const repo = await openRepository(root);
  try {
    const wd = await diffWorkspace(repo, {});
    const after = renderWorkspace(readModel(root));
    const head = async (p: string) => (await git(root, 'cat-file', '-p', `HEAD:${p}`).catch(() => null)) ?? null;
    const rendered: Review['rendered'] = [];
    for (const c of wd.rendered) {
      const entries = [
        ...c.files.added.map((p) => [p, 'added'] as const),
        ...c.files.modified.map((p) => [p, 'modified'] as const),
        ...c.files.removed.map((p) => [p, 'deleted'] as const),
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      const files = [];
      for (const [p, change] of entries) files.push({ path: p, change, before: change === 'added' ? null : await head(p), after: change === 'deleted' ? null : (after.get(p) ?? null) });
      if (files.length) rendered.push({ cluster: c.cluster, files });
    }
    return {
      changes: wd.files.filter((f) => !f.path.startsWith('rendered/')).map(({ path: p, change }) => ({ path: p, change })),
      rendered,
      summary: wd.summary.map((s) => s.text),
      suggestedMessage: wd.message,
    };
  } finally {
    repo.close();
  }
}

describe('git:review after edits (the render kept in step, HEAD kept per commit)', () => {
  it('equals the review of a full render of both sides after a tenant, shard, pool edit, a deletion, a rename and a commit', async () => {
    const ws = tmp('gantry-review-');
    writeFiles(ws, largeExample({ tenants: 60, shards: 8, pools: 4, clusters: 4 }));
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: ws });
    hosts.push(host);
    expect(await host.dispatch('git:init', {})).toMatchObject({ ok: true });
    // Opened again as a Git workspace: the host renders it ahead.
    expect(await host.dispatch('workspace:open', { dir: ws })).toMatchObject({ ok: true });

    let lastErrors = -1;
    const review = async () => {
      const r = await host.dispatch('git:review', {});
      if (!r.ok) throw new Error(JSON.stringify(r));
      const { errors, ...rest } = r.value as Review;
      lastErrors = errors;
      return rest;
    };
    const write = async (file: string, fn: (t: string) => string) => {
      const text = readFileSync(path.join(ws, file), 'utf8');
      const next = fn(text);
      expect(next).not.toBe(text);
      expect(await host.dispatch('workspace:writeFile', { file, content: next, expected: text })).toMatchObject({ ok: true });
    };

    // No review before the first edit: HEAD's side is derived while the working tree differs from it.
    const steps: Array<[string, () => Promise<void> | void, RegExp]> = [
      ['tenant', () => write('tenants/tenant-00001.yaml', (t) => t.replace('plan: free', 'plan: premium')), /tenant tenant-00001: plan free -> premium/],
      ['shard', () => write('shards/aks-weu-1-s001.yaml', (t) => t.replace('max: 8', 'max: 6')), /shard aks-weu-1-s001: model server llama: replicas 2-8 -> 2-6/],
      ['pool', () => write('pools/search-weu-1.yaml', (t) => t.replace('limit: 400', 'limit: 300')), /pool search-weu-1/],
      [
        'deletion',
        () => {
          rmSync(path.join(ws, 'tenants/tenant-00003.yaml'));
          host.workspace.syncFromDisk(['tenants/tenant-00003.yaml']);
        },
        /tenant tenant-00003: removed/,
      ],
      [
        'rename',
        () => {
          const text = readFileSync(path.join(ws, 'tenants/tenant-00004.yaml'), 'utf8');
          renameSync(path.join(ws, 'tenants/tenant-00004.yaml'), path.join(ws, 'tenants/tenant-renamed.yaml'));
          writeFileSync(path.join(ws, 'tenants/tenant-renamed.yaml'), text.replace('name: tenant-00004', 'name: tenant-renamed'));
          host.workspace.syncFromDisk(['tenants/tenant-00004.yaml', 'tenants/tenant-renamed.yaml']);
        },
        /tenant tenant-renamed: added/,
      ],
    ];
    for (const [what, apply, shows] of steps) {
      await apply();
      const got = await review();
      expect(got.summary.join('\n'), what).toMatch(shows);
      expect(got, what).toEqual(await fullReview(ws));
      expect(lastErrors, what).toBe(0);
    }
    expect(host.workspace.renderOf().stats.renderAll).toBe(1);

    // The commit takes the render kept in step: rendered/ on disk is then the full render of the specs.
    expect(await host.dispatch('git:commit', { message: 'five edits' })).toMatchObject({ ok: true });
    expect(await git(ws, 'status', '--porcelain')).toBe('');
    expect(renderedOnDisk(ws)).toEqual(renderWorkspace(readModel(ws)));

    // HEAD moved: its side is derived again from the new commit. (The tenant is now in the wrong region: an error, still reviewed.)
    await write('tenants/tenant-00002.yaml', (t) => t.replace(/shard: \S+/, 'shard: aks-eus-1-s002'));
    const moved = await review();
    expect(moved).toEqual(await fullReview(ws));
    expect(moved.rendered.map((c) => c.cluster).length).toBe(2);
    expect(moved.changes).toEqual([{ path: 'tenants/tenant-00002.yaml', change: 'modified' }]);
    expect(host.workspace.renderOf().stats.renderAll).toBe(1);
  });
});
