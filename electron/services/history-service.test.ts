import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { git } from '../../gitops/node/git/test-helpers.ts';
import type { OutputOf } from '../../shared/ipc/contract.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

async function value<T>(p: Promise<{ ok: boolean }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as unknown as { value: T }).value;
}

describe('git:history and git:commitDiff through the host', () => {
  it('lists the branch as git log does, with summaries from the trailers, and gives a commit its diffs and revert trailers', async () => {
    const ws = tmp('gantry-ws-');
    writeExample(ws, 'small');
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: ws });
    hosts.push(host);
    await value(host.dispatch('git:init', {}));
    const file = 'tenants/initech.yaml';
    for (const [from, to, msg] of [
      [/shard: weu-1/, 'shard: weu-2', 'Move initech to weu-2'],
      [/plan: \w+/, 'plan: premium', 'initech premium'],
    ] as const) {
      const text = readFileSync(path.join(ws, file), 'utf8');
      await value(host.dispatch('workspace:writeFile', { file, content: text.replace(from, to), expected: text }));
      await value(host.dispatch('git:commit', { message: msg }));
    }
    const first = await value<OutputOf<'git:history'>>(host.dispatch('git:history', { offset: 0, limit: 2 }));
    expect(first.branch).toBe('main');
    expect(first.more).toBe(true);
    expect(first.rows.map((r) => r.subject)).toEqual(['initech premium', 'Move initech to weu-2']);
    expect(first.rows[1]!.summary).toMatch(/^tenant edited · tenant initech · shards weu-1, weu-2$/);
    const rest = await value<OutputOf<'git:history'>>(host.dispatch('git:history', { offset: 2, limit: 50, head: first.head }));
    expect(rest.more).toBe(false);
    expect([...first.rows, ...rest.rows].map((r) => r.oid).join('\n')).toBe((await git(ws, 'log', '--format=%H')).trim());
    expect(rest.rows[0]!.subject).toBe('Gantry workspace: specs and rendered files');

    const moved = first.rows[1]!;
    const d = await value<OutputOf<'git:commitDiff'>>(host.dispatch('git:commitDiff', { oid: moved.oid }));
    expect(d.files.map((f) => `${f.change} ${f.path}`)).toEqual(['modified tenants/initech.yaml']);
    expect(d.files[0]!.before).toContain('shard: weu-1');
    expect(d.files[0]!.after).toContain('shard: weu-2');
    expect(d.rendered.length).toBeGreaterThan(0);
    for (const g of d.rendered) for (const f of g.files) expect(f.path.startsWith(`rendered/${g.cluster}/`)).toBe(true);
    expect(d.rendered.flatMap((g) => g.files.map((f) => f.path))).toEqual((await git(ws, 'diff', '--name-only', `${moved.oid}^`, moved.oid, '--', 'rendered/')).trim().split('\n'));
    expect(d.summary).toContain('tenant initech: moved weu-1 -> weu-2');
    expect(d.trailers).toEqual(expect.arrayContaining([{ key: 'Gantry-Change', value: 'edit-tenant' }, { key: 'Gantry-Tenants', value: 'initech' }]));
    expect(d.revertTrailers[0]).toBe('Gantry-Change: revert, edit-tenant');
    expect(d.revertBlocked).toBeUndefined();
    const root = await value<OutputOf<'git:commitDiff'>>(host.dispatch('git:commitDiff', { oid: rest.rows[0]!.oid }));
    expect(root.revertBlocked).toMatch(/first commit/);
    expect(await host.dispatch('git:commitDiff', { oid: '0'.repeat(40) })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
