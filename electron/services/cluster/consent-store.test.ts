import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_FILE, ConsentStore, execRequest } from './consent-store.ts';

const spec = { command: 'kubelogin', args: ['get-token', '--server-id', 'abc'], env: [{ name: 'AAD_LOGIN_METHOD', value: 'devicecode' }], apiVersion: 'client.authentication.k8s.io/v1beta1', provideClusterInfo: false };

describe('ConsentStore', () => {
  it('remembers a grant across restarts, for that exact command, arguments and environment only', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-consent-'));
    const req = execRequest('/home/me/.kube/config', 'aks-weu', spec);
    new ConsentStore(dir).allow(req);
    const again = new ConsentStore(dir);
    expect(again.isAllowed(req)).toBe(true);
    expect(again.isAllowed({ ...req, args: [...req.args, '--extra'] })).toBe(false);
    expect(again.isAllowed({ ...req, command: '/tmp/kubelogin' })).toBe(false);
    expect(again.isAllowed({ ...req, env: [] })).toBe(false);
    expect(again.isAllowed({ ...req, context: 'aks-eus' })).toBe(false);
    expect(again.isAllowed({ ...req, kubeconfig: '/home/me/other' })).toBe(false);
  });

  it('revokes per context and file, and the revocation survives a restart', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-consent-'));
    const a = execRequest('/k', 'a', spec);
    const b = execRequest('/k', 'b', spec);
    const s = new ConsentStore(dir);
    s.allow(a);
    s.allow(b);
    expect(s.revoke('/k', 'a')).toBe(1);
    const again = new ConsentStore(dir);
    expect(again.isAllowed(a)).toBe(false);
    expect(again.isAllowed(b)).toBe(true);
    expect(again.list().map((g) => g.context)).toEqual(['b']);
  });

  it('reads a damaged file as no grants, and writes a good one on the next allow', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-consent-'));
    writeFileSync(path.join(dir, CONSENT_FILE), '{"grants": [ oops');
    const s = new ConsentStore(dir);
    expect(s.list()).toEqual([]);
    s.allow(execRequest('/k', 'a', spec));
    expect(JSON.parse(readFileSync(path.join(dir, CONSENT_FILE), 'utf8')).grants).toHaveLength(1);
  });
});
