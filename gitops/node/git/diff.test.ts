import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../sync/commit-workspace.ts';
import { diffWorkspace } from '../sync/diff-workspace.ts';
import { changedFiles, diffFile, readFileAt } from './diff.ts';
import { openRepository } from './open.ts';
import { ALICE, cleanTemps, edit, git, tempDir, workspaceRepo } from './test-helpers.ts';

afterAll(cleanTemps);

describe('diff', () => {
  it('diffs one file between HEAD, the working tree and any commit', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    const first = (await git(dir, 'rev-parse', 'HEAD')).trim();
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('latencyTargetMs: 100', 'latencyTargetMs: 50'));
    const d = await diffFile(repo, 'tenants/acme.yaml');
    expect(d.before).toContain('latencyTargetMs: 100');
    expect(d.after).toContain('latencyTargetMs: 50');
    expect(d).toMatchObject({ added: 1, removed: 1, binary: false });
    expect(d.patch).toMatch(/^--- a\/tenants\/acme.yaml\n\+\+\+ b\/tenants\/acme.yaml\n@@ /m);
    expect(d.hunks).toHaveLength(1);
    const c = await commit(repo, { author: ALICE, message: 'latency' });
    // The same change as git shows it, between two commits.
    const between = await diffFile(repo, 'tenants/acme.yaml', { from: first, to: c.oid });
    expect(between.patch.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(
      (await git(dir, 'diff', first, c.oid, '--', 'tenants/acme.yaml')).split('\n').filter((l) => /^[-+] /.test(l)),
    );
    expect((await readFileAt(repo, 'tenants/acme.yaml', first))!.toString()).toContain('latencyTargetMs: 100');
    expect(await readFileAt(repo, 'tenants/nobody.yaml', 'HEAD')).toBeNull();
    const added = await diffFile(repo, 'NEW.md', { from: 'HEAD', to: 'WORKTREE' });
    expect(added.before).toBeNull();
    expect(added.after).toBeNull();
    writeFileSync(path.join(dir, 'NEW.md'), 'hello\n');
    expect((await diffFile(repo, 'NEW.md')).patch).toContain('--- /dev/null');
    const files = await changedFiles(repo, { from: first, to: 'HEAD' });
    expect(files.map((f) => f.path)).toEqual(
      (await git(dir, 'diff', '--name-only', first, 'HEAD')).split('\n').filter(Boolean),
    );
  });

  it('summarizes a workspace change and renders both sides per cluster', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    edit(path.join(dir, 'shards/weu-1.yaml'), (t) => t.replace('state: active', 'state: draining'));
    const d = await diffWorkspace(repo);
    expect(d.summary.map((s) => s.text)).toEqual([
      'tenant initech: moved weu-1 -> weu-2',
      'shard weu-1: state active -> draining',
      'shard weu-1: GPUs placed 9/16 -> 7/16',
      'shard weu-2: GPUs placed 7/16 -> 9/16',
    ]);
    expect(d.message.split('\n')[0]).toBe('Update tenant initech; shard weu-1');
    expect(d.files.map((f) => f.path)).toEqual(['shards/weu-1.yaml', 'tenants/initech.yaml']);
    const weu = d.rendered.find((c) => c.cluster === 'aks-weu-prod')!;
    expect(weu.objects.modified.map((o) => `${o.kind}/${o.name}`)).toEqual(['Namespace/shard-weu-1', 'Namespace/tenant-initech', 'ConfigMap/gantry-routing']);
    // After the commit, the same review between the two commits.
    const c = await commit(repo, { author: ALICE, message: d.message });
    const again = await diffWorkspace(repo, { from: (await git(dir, 'rev-parse', 'HEAD~1')).trim(), to: c.oid });
    expect(again.summary.map((s) => s.text)).toEqual(d.summary.map((s) => s.text));
    expect(again.rendered).toEqual(d.rendered);
    expect((await diffWorkspace(repo)).summary).toEqual([]);
  });
});
