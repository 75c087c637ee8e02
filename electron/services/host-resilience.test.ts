import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import type { RolloutDto } from '../../shared/ipc/schemas.ts';
import { onBackgroundError } from './background.ts';
import { MemoryCredentialStore } from './credentials.ts';
import { EventBus } from './event-bus.ts';
import { createHost, type Host } from './host.ts';
import { RolloutService } from './rollout-service.ts';
import type { WorkspaceService } from './workspace-service.ts';

const hosts: Host[] = [];
const restore: Array<() => void> = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
  for (const r of restore.splice(0)) r();
});

const DEEP = '['.repeat(100_000);

function tmp(prefix: string) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function host(initialWorkspace?: string): Host {
  const h = createHost({ mode: 'browser', version: 't', dataDir: tmp('gantry-data-'), credentials: new MemoryCredentialStore(), initialWorkspace });
  hosts.push(h);
  return h;
}

function example(): string {
  const dir = tmp('gantry-ws-');
  writeExample(dir, 'small');
  return dir;
}

type Finding = { code: string; file: string; message: string; line?: number };
type Change = { reason: string; files: string[]; delta?: { findings: Finding[] } };

function nextExternalChange(h: Host, file: string): Promise<Change> {
  return new Promise((resolve) => {
    const off = h.events.subscribe((event, payload) => {
      const p = payload as Change;
      if (event === 'workspace:onDidChange' && p.reason === 'external' && p.files.includes(file)) {
        off();
        resolve(p);
      }
    });
  });
}

/** Background errors reported while the test runs. */
function captureBackgroundErrors(): Array<{ what: string; err: unknown }> {
  const seen: Array<{ what: string; err: unknown }> = [];
  restore.push(onBackgroundError((what, err) => seen.push({ what, err })));
  return seen;
}

const tooDeep = expect.objectContaining({ code: 'yaml.syntax', file: 'tenants/deep.yaml', line: 1, message: expect.stringMatching(/nested deeper than 100 levels/) });

async function stillAnswers(h: Host) {
  expect(await h.dispatch('app:info', {})).toMatchObject({ ok: true, value: { mode: 'browser' } });
  expect(await h.dispatch('workspace:snapshot', {})).toMatchObject({ ok: true });
}

describe('the host stays up', () => {
  it('when another program writes a file nested 100,000 levels deep into the open workspace', async () => {
    const dir = example();
    const h = host(dir);
    const errors = captureBackgroundErrors();
    const seen = nextExternalChange(h, 'tenants/deep.yaml');
    writeFileSync(path.join(dir, 'tenants/deep.yaml'), DEEP);
    const change = await seen;
    expect(change.delta?.findings).toContainEqual(tooDeep);
    const snap = await h.dispatch('workspace:snapshot', {});
    expect(snap.ok && (snap.value as { findings: Finding[] }).findings).toContainEqual(tooDeep);
    await stillAnswers(h);
    expect(errors).toEqual([]);
  });

  it('opens a folder holding such a file (browser mode: at start with --workspace, and by workspace:open)', async () => {
    const dir = example();
    writeFileSync(path.join(dir, 'tenants/deep.yaml'), DEEP);
    const atStart = host(dir);
    const snap = await atStart.dispatch('workspace:snapshot', {});
    expect(snap.ok && (snap.value as { findings: Finding[] }).findings).toContainEqual(tooDeep);
    const later = host();
    const opened = await later.dispatch('workspace:open', { dir });
    expect(opened).toMatchObject({ ok: true });
    expect(opened.ok && (opened.value as { findings: Finding[] }).findings).toContainEqual(tooDeep);
    await stillAnswers(later);
  });

  it('when reading an external change throws: the error is reported and later calls are answered', async () => {
    const dir = example();
    const h = host(dir);
    const errors = captureBackgroundErrors();
    const validator = h.workspace.current().validator;
    const update = validator.update.bind(validator);
    validator.update = () => {
      throw new Error('validator broke');
    };
    const file = path.join(dir, 'tenants/hooli.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('gpus: 1', 'gpus: 3'));
    await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ what: 'reading external changes', err: expect.objectContaining({ message: 'validator broke' }) });
    await stillAnswers(h);
    // Mended, the next change goes through as usual.
    validator.update = update;
    const seen = nextExternalChange(h, 'tenants/hooli.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('gpus: 3', 'gpus: 2'));
    await expect(seen).resolves.toMatchObject({ reason: 'external' });
  });

  it('when a later rollout poll fails: reported, and the follow ends instead of the host', async () => {
    const errors = captureBackgroundErrors();
    const events = new EventBus();
    const published: RolloutDto[] = [];
    events.subscribe((event, payload) => {
      if (event === 'cluster:onRollout') published.push(payload as RolloutDto);
    });
    let reads = 0;
    const workspace = {
      current: () => ({ model: { objects: () => [{ name: 'c1', spec: { gitops: 'flux' } }], valid: () => undefined } }),
    } as unknown as WorkspaceService;
    const rollouts = new RolloutService({
      workspace,
      events,
      git: async () => ({ commitFacts: async () => ({ oid: 'a'.repeat(40), subject: 'change' }), contains: async () => undefined }),
      reader: {
        contexts: () => {
          if (++reads > 1) throw new Error('kubeconfig is unreadable');
          return ['c1'];
        },
        read: async () => ({ status: {} }),
      },
      intervalMs: 5,
    });
    const first = await rollouts.start();
    expect(first.following).toBe(true);
    await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(errors[0]!.what).toMatch(/^following the rollout of a{12}$/);
    expect(rollouts.snapshot()).toMatchObject({ following: false, clusters: [{ cluster: 'c1', message: expect.stringContaining('kubeconfig is unreadable') }] });
    expect(published.at(-1)?.following).toBe(false);
    rollouts.forget();
  });
});
