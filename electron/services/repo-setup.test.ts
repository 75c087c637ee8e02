import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { createHost, type Host } from './host.ts';

const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

describe('the host refuses clone and remote addresses in words', () => {
  it('file://, ssh and plain http elsewhere: a sentence, no folder made, no request sent', async () => {
    const ws = tmp('gantry-ws-');
    writeExample(ws, 'small');
    const host = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace: ws });
    hosts.push(host);
    const dir = path.join(tmp('gantry-clone-'), 'c');
    const clone = (url: string, extra = {}) => host.dispatch('git:clone', { opId: 'op-123456', url, dir, ...extra });
    // A folder is cloned from when it is a repository (handoff-service.test.ts); /etc is not one.
    const file = await clone('file:///etc');
    expect(file).toMatchObject({ ok: false, error: { code: 'not-a-repository' } });
    expect(JSON.stringify(file)).toMatch(/\/etc is not a Git repository/);
    const ssh = await clone('git@github.com:acme/platform.git');
    expect(ssh).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(ssh)).toContain('Use the https form instead: https://github.com/acme/platform.git');
    const http = await clone('http://git.corp.example/p.git');
    expect(JSON.stringify(http)).toMatch(/plain http:\/\/.*Clone over plain http anyway/);
    for (const r of [file, ssh, http]) expect(JSON.stringify(r)).not.toMatch(/must be an|git:clone/);

    // A plain folder: no remote can be set before it is a repository; after git:init it can, never ssh.
    expect(await host.dispatch('git:setRemote', { url: 'https://example.com/p.git' })).toMatchObject({ ok: false, error: { code: 'not-a-repository' } });
    const init = await host.dispatch('git:init', {});
    expect(init).toMatchObject({ ok: true, value: { snapshot: { isGitRepo: true }, branch: { branch: 'main', ahead: 1 } } });
    expect(JSON.stringify(await host.dispatch('git:setRemote', { url: 'ssh://git@gitlab.com/acme/p.git' }))).toContain('https://gitlab.com/acme/p.git');
    expect(JSON.stringify(await host.dispatch('git:setRemote', { url: 'https://bob:tok@example.com/p.git' }))).toMatch(/Leave the user name and token out/);
    expect(await host.dispatch('git:setRemote', { url: 'https://example.com/p.git' })).toMatchObject({ ok: true, value: { branch: { remoteUrl: 'https://example.com/p.git' } } });
    expect(await host.dispatch('git:init', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
