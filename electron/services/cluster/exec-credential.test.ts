import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecCredentialError, ExecCredentialRunner } from './exec-credential.ts';
import type { ExecSpec } from './kubeconfig.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-exec-'));
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
const spec = (command: string, args: string[] = []): ExecSpec => ({ command, args, env: [], apiVersion: 'client.authentication.k8s.io/v1', provideClusterInfo: false });
const run = (command: string, args: string[] = [], onPrompt?: (l: string) => void) => ({ label: 'context t', spec: spec(command, args), kubeconfigFile: path.join(dir, 'kubeconfig'), ...(onPrompt ? { onPrompt } : {}) });

describe('ExecCredentialRunner', () => {
  it('passes argv as is (no shell), hands the plugin KUBERNETES_EXEC_INFO and reads its token', async () => {
    const log = path.join(dir, 'argv.log');
    const plugin = script('token.sh', `printf '%s\\n' "$@" > ${log}\necho "$KUBERNETES_EXEC_INFO" >> ${log}\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t-1"}}'`);
    const r = new ExecCredentialRunner();
    const cred = await r.get('k', run(plugin, ['get-token', '$(touch /tmp/gantry-pwned)', 'a b']));
    expect(cred).toEqual({ token: 't-1' });
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['get-token', '$(touch /tmp/gantry-pwned)', 'a b']);
    expect(JSON.parse(lines[3]!)).toMatchObject({ kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('runs the plugin once for concurrent requests and reuses the credential until it expires', async () => {
    const count = path.join(dir, 'count');
    writeFileSync(count, '');
    const future = new Date(Date.now() + 3600_000).toISOString();
    const plugin = script('slow.sh', `echo x >> ${count}\nsleep 0.3\necho '{"kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"${future}"}}'`);
    const r = new ExecCredentialRunner();
    const all = await Promise.all(Array.from({ length: 10 }, () => r.get('k', run(plugin))));
    expect(all.every((c) => c.token === 't')).toBe(true);
    await r.get('k', run(plugin));
    expect(readFileSync(count, 'utf8').trim().split('\n')).toHaveLength(1);
    r.invalidate('k');
    await r.get('k', run(plugin));
    expect(readFileSync(count, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('kills a plugin that hangs after the timeout, saying so with its last words', async () => {
    const plugin = script('hang.sh', `echo 'To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-EFGH' >&2\nexec sleep 60`);
    const prompts: string[] = [];
    const r = new ExecCredentialRunner({ timeoutMs: 700 });
    const started = Date.now();
    const err = await r.get('k', run(plugin, [], (l) => prompts.push(l))).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err).toBeInstanceOf(ExecCredentialError);
    expect((err as ExecCredentialError).kind).toBe('timeout');
    expect((err as Error).message).toMatch(/hang\.sh for context t did not answer within 0\.7 s and was stopped; it last said: To sign in/);
    expect(prompts).toEqual(['To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-EFGH']);
  });

  it('reports a failing plugin in its own words (klog header removed), a missing one with its install hint', async () => {
    const plugin = script('fail.sh', `echo 'F1123 02:27:58.976117   16157 cred.go:145] print credential failed with error: Failed to retrieve access token' >&2\nexit 1`);
    const r = new ExecCredentialRunner();
    await expect(r.get('k', run(plugin))).rejects.toThrow(/fail\.sh for context t failed \(exit code 1\): print credential failed with error: Failed to retrieve access token$/);
    const missing = { ...run('gantry-no-such-plugin'), spec: { ...spec('gantry-no-such-plugin'), installHint: 'Install it with brew.' } };
    await expect(r.get('k2', missing)).rejects.toThrow('The credential plugin gantry-no-such-plugin for context t was not found. Install it with brew.');
    const junk = script('junk.sh', 'echo hello');
    await expect(r.get('k3', run(junk))).rejects.toThrow(/printed no ExecCredential JSON/);
  });
});
