import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { clusterOfRenderedPath, diffRenderedFiles } from './rendered-diff.ts';

describe('diffRenderedFiles', () => {
  const before = smallExample();
  const after = new Map(before);
  after.set('tenants/initech.yaml', before.get('tenants/initech.yaml')!.replace('shard: weu-1', 'shard: weu-2'));
  after.delete('tenants/wonka.yaml');
  const diff = diffRenderedFiles(renderWorkspace(WorkspaceModel.fromFiles(before)), renderWorkspace(WorkspaceModel.fromFiles(after)));

  it('groups changes by cluster', () => {
    expect(diff.map((d) => d.cluster)).toEqual(['aks-sdc-prod', 'aks-weu-prod']);
  });

  it('lists changed files and the Kubernetes objects they add, remove or modify', () => {
    const weu = diff.find((d) => d.cluster === 'aks-weu-prod')!;
    expect(weu.files).toEqual({
      added: [],
      removed: [],
      modified: ['rendered/aks-weu-prod/_cluster/namespace-tenant-initech.yaml', 'rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml'],
    });
    expect(weu.objects.modified).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'tenant-initech' },
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'gantry-system', name: 'gantry-routing' },
    ]);
    expect(weu.patches['rendered/aks-weu-prod/_cluster/namespace-tenant-initech.yaml']).toContain('+    gantry.dev/shard: weu-2');
    const sdc = diff.find((d) => d.cluster === 'aks-sdc-prod')!;
    expect(sdc.objects.removed.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`)).toEqual([
      'Namespace//tenant-wonka',
      'NetworkPolicy/tenant-wonka/gantry-isolation',
      'ResourceQuota/tenant-wonka/gantry-quota',
    ]);
    expect(sdc.files.modified).toContain('rendered/aks-sdc-prod/kustomization.yaml');
  });

  it('finds the cluster of bootstrap files too', () => {
    expect(clusterOfRenderedPath('rendered/_bootstrap/aks-weu-prod.yaml')).toBe('aks-weu-prod');
    expect(clusterOfRenderedPath('rendered/aks-weu-prod/kustomization.yaml')).toBe('aks-weu-prod');
    expect(clusterOfRenderedPath('tenants/acme.yaml')).toBeUndefined();
  });
});

describe('a rendered file from someone else nested 100,000 levels deep', () => {
  it('is listed as changed, with no object read from it, and the diff does not throw', () => {
    const file = 'rendered/aks-weu-prod/gantry-system/configmap-x.yaml';
    const hostile = new Map([[file, `${'['.repeat(100_000)}\n`]]);
    const [d] = diffRenderedFiles(hostile, new Map());
    expect(d!.files.removed).toEqual([file]);
    expect(d!.objects.removed).toEqual([]);
  });
});
