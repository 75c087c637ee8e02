import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { git } from '../../gitops/node/git/test-helpers.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

describe('git:revert through the host', () => {
  it('undoes the drain commit as a new commit, the workspace follows, a second undo is refused in words', async () => {
    const ws = tmp('gantry-ws-');
    writeExample(ws, 'small');
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: ws });
    hosts.push(host);
    expect(await host.dispatch('git:init', {})).toMatchObject({ ok: true });
    const file = path.join(ws, 'tenants/initech.yaml');
    const text = readFileSync(file, 'utf8');
    expect(await host.dispatch('workspace:writeFile', { file: 'tenants/initech.yaml', content: text.replace('shard: weu-1', 'shard: weu-2'), expected: text })).toMatchObject({ ok: true });
    const done = await host.dispatch('git:commit', { message: 'drain weu-1: initech -> weu-2' });
    expect(done.ok).toBe(true);
    const oid = (done as { value: { oid: string } }).value.oid;

    expect(await host.dispatch('git:revert', { commit: 'HEAD' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const r = await host.dispatch('git:revert', { commit: oid, trailers: ['Gantry-Undo: drain weu-1'] });
    expect(r).toMatchObject({ ok: true, value: { reverted: oid, branch: { branch: 'main', ahead: 3 } } });
    expect(await git(ws, 'log', '-1', '--format=%s%n%b')).toBe(`Revert "drain weu-1: initech -> weu-2"\nThis reverts commit ${oid}.\n\nGantry-Undo: drain weu-1\n\n`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    // The open workspace saw the files come back: its model has initech on weu-1 again.
    const snap = await host.dispatch('workspace:readFile', { file: 'tenants/initech.yaml' });
    expect(snap).toMatchObject({ ok: true, value: { content: text } });
    expect(await git(ws, 'status', '--porcelain')).toBe('');

    const again = await host.dispatch('git:revert', { commit: oid });
    expect(again).toMatchObject({ ok: false, error: { code: 'nothing-to-commit' } });
    expect(JSON.stringify(again)).toContain('Nothing was changed.');
  });
});
