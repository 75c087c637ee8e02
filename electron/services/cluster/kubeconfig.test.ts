import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextKubeConfig, kubeconfigFiles, loadKubeconfigs } from './kubeconfig.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-kubeconfig-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

const a = file('a.yaml', `apiVersion: v1
kind: Config
clusters:
- name: weu
  cluster: {server: https://weu.example:443, certificate-authority: ca/weu.crt}
contexts:
- name: aks-weu
  context: {cluster: weu, user: aad}
users:
- name: aad
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --server-id, "6dae42f8"]
      env: [{name: AAD_LOGIN_METHOD, value: devicecode}]
`);
const b = file('b.yaml', `apiVersion: v1
kind: Config
clusters:
- name: weu
  cluster: {server: https://other.example:443}
- name: eus
  cluster: {server: https://eus.example:443}
contexts:
- name: aks-weu
  context: {cluster: eus, user: plain}
- name: aks-eus
  context: {cluster: eus, user: plain, namespace: shard-eus-1}
users:
- name: plain
  user: {token: abc}
`);

describe('kubeconfig', () => {
  it('reads every KUBECONFIG entry (path-list separator, empty ones skipped), else ~/.kube/config', () => {
    expect(kubeconfigFiles({ KUBECONFIG: [a, '', b].join(path.delimiter) }, '/home/x')).toEqual([a, b]);
    expect(kubeconfigFiles({}, '/home/x')).toEqual([path.join('/home/x', '.kube', 'config')]);
    expect(kubeconfigFiles({ KUBECONFIG: '' }, '/home/x')).toEqual([path.join('/home/x', '.kube', 'config')]);
  });

  it('merges as kubectl does: the first file naming a context, cluster or user wins; each user keeps its file', () => {
    const k = loadKubeconfigs([a, b, path.join(dir, 'missing.yaml')]);
    expect(k.problems).toEqual([]);
    const weu = k.contexts.find((c) => c.name === 'aks-weu')!;
    expect(weu.file).toBe(a);
    expect(weu.userFile).toBe(a);
    expect(weu.cluster?.server).toBe('https://weu.example:443');
    // Relative certificate paths resolve against their own file's folder.
    expect(weu.cluster?.caFile).toBe(path.join(dir, 'ca/weu.crt'));
    expect(weu.exec).toEqual({
      command: 'kubelogin',
      args: ['get-token', '--server-id', '6dae42f8'],
      env: [{ name: 'AAD_LOGIN_METHOD', value: 'devicecode' }],
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      provideClusterInfo: false,
    });
    const eus = k.contexts.find((c) => c.name === 'aks-eus')!;
    expect({ file: eus.file, server: eus.cluster?.server, namespace: eus.namespace, exec: eus.exec }).toEqual({ file: b, server: 'https://eus.example:443', namespace: 'shard-eus-1', exec: undefined });
  });

  it('reports a file it cannot parse and keeps the others', () => {
    const bad = file('bad.yaml', 'clusters: [: nope');
    const k = loadKubeconfigs([bad, b]);
    expect(k.problems).toHaveLength(1);
    expect(k.problems[0]).toContain(bad);
    expect(k.contexts.map((c) => c.name).sort()).toEqual(['aks-eus', 'aks-weu']);
  });

  it('builds a one-context KubeConfig without the exec plugin, the issued token in its place', () => {
    const weu = loadKubeconfigs([a]).contexts[0]!;
    const kc = contextKubeConfig(weu, { token: 'issued' });
    expect(kc.getCurrentUser()?.exec).toBeUndefined();
    expect(kc.getCurrentUser()?.token).toBe('issued');
    expect(kc.getContexts().map((c) => c.name)).toEqual(['aks-weu']);
  });
});
