import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

function start(dataDir: string, dir: string) {
  const host = createHost({ mode: 'browser', version: 't', dataDir, credentials: new MemoryCredentialStore(), initialWorkspace: dir });
  hosts.push(host);
  return async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await host.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r)}`);
    return r.value as T;
  };
}

type Drafts = { items: Array<{ file: string; text: string; base: string | null; disk: string | null }> };

describe('drafts kept by the host', () => {
  it('keeps unsaved text across a host restart (a crash) and forgets it once saved', async () => {
    const dir = tmp('gantry-ws-');
    writeExample(dir, 'small');
    const data = tmp('gantry-data-');
    let call = start(data, dir);
    const { content } = await call<{ content: string }>('workspace:readFile', { file: 'tenants/hooli.yaml' });
    const edited = content.replace('plan: standard', 'plan: premium');
    expect(edited).not.toBe(content);
    await call('workspace:validate', { file: 'tenants/hooli.yaml', content: edited });
    // Written atomically into the state folder, no temp file left.
    expect(readdirSync(path.join(data, 'drafts')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    hosts.splice(0).forEach((h) => h.dispose());
    call = start(data, dir);
    const after = await call<Drafts>('workspace:drafts', {});
    expect(after.items).toEqual([expect.objectContaining({ file: 'tenants/hooli.yaml', text: edited, base: content, disk: content })]);
    // The file on disk was never touched.
    expect(readFileSync(path.join(dir, 'tenants/hooli.yaml'), 'utf8')).toBe(content);

    await call('workspace:writeFile', { file: 'tenants/hooli.yaml', content: edited, expected: content });
    expect((await call<Drafts>('workspace:drafts', {})).items).toEqual([]);
    call = start(data, dir);
    expect((await call<Drafts>('workspace:drafts', {})).items).toEqual([]);
  });

  it('tells a draft whose file changed on disk since (base differs from disk), per workspace', async () => {
    const a = tmp('gantry-ws-');
    const b = tmp('gantry-ws-');
    writeExample(a, 'small');
    writeExample(b, 'small');
    const data = tmp('gantry-data-');
    const call = start(data, a);
    const { content } = await call<{ content: string }>('workspace:readFile', { file: 'tenants/hooli.yaml' });
    await call('workspace:validate', { file: 'tenants/hooli.yaml', content: `${content}# mine\n` });
    const theirs = `${content}# theirs\n`;
    writeFileSync(path.join(a, 'tenants/hooli.yaml'), theirs);
    const [d] = (await call<Drafts>('workspace:drafts', {})).items;
    expect(d).toMatchObject({ base: content, disk: theirs, text: `${content}# mine\n` });

    // Another workspace has no drafts; the first one's come back when it is opened again.
    await call('workspace:open', { dir: b });
    expect((await call<Drafts>('workspace:drafts', {})).items).toEqual([]);
    await call('workspace:open', { dir: a });
    expect((await call<Drafts>('workspace:drafts', {})).items).toHaveLength(1);

    // Reverting (the editor validates the disk text again) drops the draft.
    await call('workspace:validate', { file: 'tenants/hooli.yaml', content: theirs });
    expect((await call<Drafts>('workspace:drafts', {})).items).toEqual([]);
  });
});
