import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { CONTRACT } from '../../shared/ipc/contract.ts';
import { resultSchema } from '../../shared/ipc/envelope.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

function tmp(prefix: string) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function exampleHost() {
  const dir = tmp('gantry-ws-');
  writeExample(dir, 'small');
  const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: dir });
  hosts.push(host);
  const call = async <C extends keyof typeof CONTRACT>(channel: C, input: unknown) => {
    const r = await host.dispatch(channel, input);
    // Every answer fits the contract's envelope for its channel.
    expect(resultSchema(CONTRACT[channel].output).safeParse(r).success, `${channel} answer fits the contract`).toBe(true);
    return r;
  };
  return { dir, host, call };
}

const value = <T>(r: { ok: boolean; value?: unknown }): T => {
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r)}`);
  return r.value as T;
};

describe('host dispatcher', () => {
  it('refuses unknown channels and bad payloads with codes', async () => {
    const { call, host } = exampleHost();
    expect(await host.dispatch('nope:nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await call('workspace:readFile', { file: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('workspace:readFile', { file: 'README.md' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('workspace:open', { dir: '/nonexistent/gantry' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('workspace:open', { dir: tmp('gantry-empty-') })).toMatchObject({ ok: false, error: { code: 'not-a-workspace' } });
  });

  it('validates unsaved text incrementally and reports the finding on the shard', async () => {
    const { call } = exampleHost();
    const snap = value<{ rows: { tenants: unknown[] }; findings: unknown[] }>(await call('workspace:snapshot', {}));
    expect(snap.rows.tenants).toHaveLength(20);
    // The example's only findings: weu-1 and eus-1 fail over to shards without mistral-7b (failover.capacity).
    expect(snap.findings.filter((f) => (f as { code: string }).code !== 'failover.capacity')).toEqual([]);
    const { content } = value<{ content: string }>(await call('workspace:readFile', { file: 'tenants/stark.yaml' }));
    const delta = value<{ files: string[]; findings: Array<{ code: string; file: string }>; rows: { shards: Array<{ name: string; placedGpus: number }> } }>(
      await call('workspace:validate', { file: 'tenants/stark.yaml', content: content.replace('gpus: 4', 'gpus: 999') }),
    );
    expect(delta.files).toContain('shards/weu-2.yaml');
    expect(delta.findings).toContainEqual(expect.objectContaining({ code: 'shard.capacity.exceeded', file: 'shards/weu-2.yaml' }));
    expect(delta.rows.shards.find((s) => s.name === 'weu-2')?.placedGpus).toBe(7 - 4 + 999);
    const fixed = value<{ findings: unknown[] }>(await call('workspace:validate', { file: 'tenants/stark.yaml', content }));
    expect(fixed.findings.filter((f) => (f as { code: string }).code !== 'failover.capacity')).toEqual([]);
  });

  it('writes with comments kept, and refuses to overwrite an external change', async () => {
    const { call, dir } = exampleHost();
    const file = 'tenants/acme.yaml';
    const { content } = value<{ content: string }>(await call('workspace:readFile', { file }));
    const edited = content.replace('plan: premium', 'plan: standard');
    expect(await call('workspace:writeFile', { file, content: edited, expected: content })).toMatchObject({ ok: true });
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(edited);
    writeFileSync(path.join(dir, file), `${edited}# someone else\n`);
    expect(await call('workspace:writeFile', { file, content: content, expected: edited })).toMatchObject({ ok: false, error: { code: 'external-change' } });
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(`${edited}# someone else\n`);
    // Deleted by another program while open: refused too, and nothing is recreated behind their back.
    rmSync(path.join(dir, file));
    const refused = await call('workspace:writeFile', { file, content, expected: edited });
    expect(refused).toMatchObject({ ok: false, error: { code: 'external-change', message: expect.stringContaining('was deleted on disk') } });
    expect(existsSync(path.join(dir, file))).toBe(false);
    // Keeping one's version (no `expected`) writes it back.
    expect(await call('workspace:writeFile', { file, content })).toMatchObject({ ok: true });
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(content);
  });

  it('clears the temp files a crashed save left beside the specs when a workspace opens, and nothing else', async () => {
    const dir = tmp('gantry-ws-');
    writeExample(dir, 'small');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // a process that has exited
    const stamp = Date.now().toString(36);
    const crashed = `.acme.yaml.${gone}.${stamp}.tmp`;
    const old = `.hooli.yaml.${process.pid}.${(Date.now() - 3_600_000).toString(36)}.tmp`;
    const live = `.wayne.yaml.${process.pid}.${stamp}.tmp`;
    for (const name of [crashed, old, live, 'notes.tmp', '.keep.tmp']) writeFileSync(path.join(dir, 'tenants', name), 'half a file');
    writeFileSync(path.join(dir, `.gantry.yaml.${gone}.${stamp}.tmp`), 'half');
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: dir });
    hosts.push(host);
    const left = readdirSync(path.join(dir, 'tenants')).filter((n) => n.endsWith('.tmp')).sort();
    expect(left).toEqual(['.keep.tmp', live, 'notes.tmp'].sort());
    expect(readdirSync(dir).some((n) => n.endsWith('.tmp'))).toBe(false);
    expect(existsSync(path.join(dir, 'tenants/acme.yaml'))).toBe(true);
  });

  it('previews a plan without changing the workspace, then applies it', async () => {
    const { call, dir } = exampleHost();
    const preview = value<{ files: Array<{ path: string; action: string; content: string }>; suggestion: { shard: string; pools: Record<string, string> }; findings: Array<{ code: string }> }>(
      await call('plan:addTenant', { name: 'contoso', tier: 'shared', region: 'westeurope', gpus: 7, models: ['llama-3-8b'] }),
    );
    expect(preview.suggestion.shard).toBe('weu-2');
    expect(preview.suggestion.pools).toMatchObject({ search: 'search-weu-2', blob: 'blob-weu-1' });
    expect(preview.findings.map((f) => f.code)).toContain('shard.capacity.threshold');
    const after = value<{ findings: unknown[]; rows: { tenants: unknown[] } }>(await call('workspace:snapshot', {}));
    expect(after.findings.filter((f) => (f as { code: string }).code !== 'failover.capacity')).toEqual([]);
    expect(after.rows.tenants).toHaveLength(20);
    const delta = value<{ rows: { tenants: Array<{ name: string }> } }>(await call('plan:apply', { files: preview.files }));
    expect(delta.rows.tenants.map((t) => t.name)).toContain('contoso');
    expect(readFileSync(path.join(dir, 'tenants/contoso.yaml'), 'utf8')).toContain('shard: weu-2');
    expect(await call('plan:addTenant', { name: 'contoso', tier: 'shared', region: 'westeurope', gpus: 1, models: [] })).toMatchObject({ ok: false, error: { code: 'plan-failed' } });
  });

  it('refuses plan files outside the spec folders', async () => {
    const { call } = exampleHost();
    expect(await call('plan:apply', { files: [{ path: '.git/hooks/pre-commit', action: 'create', content: 'x' }] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('plan:apply', { files: [{ path: '../outside.yaml', action: 'create', content: 'x' }] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('reports external edits as a delta event', async () => {
    const { host, dir } = exampleHost();
    const seen = new Promise<{ reason: string; files: string[] }>((resolve) => {
      host.events.subscribe((event, payload) => {
        if (event === 'workspace:onDidChange') resolve(payload as { reason: string; files: string[] });
      });
    });
    const file = path.join(dir, 'tenants/hooli.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('gpus: 1', 'gpus: 3'));
    await expect(seen).resolves.toMatchObject({ reason: 'external', files: ['tenants/hooli.yaml'] });
  });
});
