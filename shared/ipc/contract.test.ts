import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, isEventChannel, isInvokeChannel, NAMESPACES } from './channel-names.ts';
import { createIpcClient, newOpId, type Transport } from './client.ts';
import { CONTRACT } from './contract.ts';
import { resultSchema } from './envelope.ts';

describe('IPC contract', () => {
  // One schema per channel and a declared namespace per name are the compiler's job (the
  // `satisfies` clauses in contract.ts and channel-names.ts); the verb's spelling is not.
  it('names every channel domain:verb with a camelCase verb', () => {
    for (const name of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) {
      expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
    }
    expect(NAMESPACES).toEqual(expect.arrayContaining(['cluster', 'metrics', 'cloud']));
  });

  it('refuses unknown keys and path tricks in inputs', () => {
    expect(CONTRACT['app:info'].input.safeParse({ x: 1 }).success).toBe(false);
    for (const file of ['/etc/passwd', '../x.yaml', 'tenants/../../x.yaml', 'tenants\\a.yaml', 'tenants//a.yaml', 'a\0b']) {
      expect(CONTRACT['workspace:readFile'].input.safeParse({ file }).success, file).toBe(false);
    }
    expect(CONTRACT['workspace:readFile'].input.safeParse({ file: 'tenants/eu/acme.yaml' }).success).toBe(true);
    // Clone addresses are checked by the host, which refuses in words (electron/services/repo-setup.test.ts).
    expect(CONTRACT['git:clone'].input.safeParse({ opId: 'op-123456', url: '', dir: '/tmp/x' }).success).toBe(false);
    expect(CONTRACT['git:clone'].input.safeParse({ opId: 'op-123456', url: 'https://x/y.git', dir: '/tmp/x', extra: 1 }).success).toBe(false);
    expect(CONTRACT['git:push'].input.safeParse({ opId: '../../x' }).success).toBe(false);
    expect(CONTRACT['git:push'].input.safeParse({ opId: newOpId('push') }).success).toBe(true);
  });

  it('narrows untrusted names', () => {
    expect(isInvokeChannel('workspace:open')).toBe(true);
    expect(isInvokeChannel('workspace:rm')).toBe(false);
    expect(isInvokeChannel(42)).toBe(false);
    expect(isEventChannel('op:progress')).toBe(true);
    expect(isEventChannel('constructor')).toBe(false);
  });

  it('client parses answers and events with the schemas, and turns transport errors into envelopes', async () => {
    const listeners: Array<(p: unknown) => void> = [];
    let answer: unknown = { ok: true, value: { closed: true } };
    const transport: Transport = {
      invoke: async () => {
        if (answer instanceof Error) throw answer;
        return answer;
      },
      subscribe: (_e, l) => {
        listeners.push(l);
        return () => undefined;
      },
    };
    const ipc = createIpcClient(transport);
    expect(await ipc.invoke('workspace:close', {})).toEqual({ ok: true, value: { closed: true } });
    answer = { ok: true, value: { closed: 'yes' } };
    expect(await ipc.invoke('workspace:close', {})).toMatchObject({ ok: false, error: { code: 'invalid-output' } });
    answer = new Error('socket hang up');
    expect(await ipc.invoke('workspace:close', {})).toMatchObject({ ok: false, error: { code: 'transport' } });
    const seen: unknown[] = [];
    ipc.on('op:progress', (p) => seen.push(p));
    listeners[0]!({ opId: 'op-123456', phase: 'Receiving objects', loaded: 3, total: 10 });
    listeners[0]!({ opId: 'op-123456', phase: 7 });
    expect(seen).toEqual([{ opId: 'op-123456', phase: 'Receiving objects', loaded: 3, total: 10 }]);
    expect(resultSchema(CONTRACT['app:info'].output).safeParse({ ok: false, error: { code: 'forbidden', message: 'no' } }).success).toBe(true);
  });
});
