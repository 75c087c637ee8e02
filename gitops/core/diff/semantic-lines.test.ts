import { describe, expect, it } from 'vitest';
import { edit } from '../__fixtures__/workspace-files.ts';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { flattenSpec, formatSemanticDiff, semanticDiff } from './semantic.ts';

// The lines of the semantic summary a reviewer reads, one edit at a time on the small example.

function replace(files: Map<string, string>, file: string, from: string, to: string): Map<string, string> {
  const text = files.get(file);
  if (text === undefined || !text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  files.set(file, text.replace(from, to));
  return files;
}

/** The summary lines from the small example to the example after `change`. */
function summary(change: (files: Map<string, string>) => void): string[] {
  const before = smallExample();
  const after = new Map(before);
  change(after);
  return formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)));
}

const POOL = (name: string, type: string, region: string, limit: number) => `apiVersion: platform.gantry.dev/v1alpha1
kind: ResourcePool
metadata:
  name: ${name}
spec:
  type: ${type}
  provider: azure
  region: ${region}
  limit: ${limit}
  createdAt: "2026-05-01"
`;

describe('semantic summary of tenant edits', () => {
  it('names a region change', () => {
    expect(summary((f) => replace(f, 'tenants/hooli.yaml', 'region: westeurope', 'region: eastus'))).toEqual(['tenant hooli: region westeurope -> eastus']);
  });

  it('says none for a tenant that no longer lists models', () => {
    expect(summary((f) => replace(f, 'tenants/hooli.yaml', 'models: [llama-3-8b]', 'models: []'))).toEqual(['tenant hooli: models llama-3-8b -> none']);
  });

  it('says none for a tenant that lists models for the first time', () => {
    const lines = summary((f) => {
      replace(f, 'tenants/hooli.yaml', 'models: [llama-3-8b]', 'models: []');
    });
    expect(lines).toHaveLength(1);
    const back = (() => {
      const before = replace(smallExample(), 'tenants/hooli.yaml', 'models: [llama-3-8b]', 'models: []');
      const after = smallExample();
      return formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)));
    })();
    expect(back).toEqual(['tenant hooli: models none -> llama-3-8b']);
  });

  it('names a pool the tenant starts using, and counts it in the pool', () => {
    expect(summary((f) => replace(f, 'tenants/aperture.yaml', 'pools: { search: search-sdc-1 }', 'pools: { search: search-sdc-1, blob: blob-eus-1 }'))).toEqual([
      'tenant aperture: blob pool added: blob-eus-1',
      'pool blob-eus-1: tenants 7/50 -> 8/50',
    ]);
  });

  it('counts a tenant once in a pool it names for two types', () => {
    expect(summary((f) => replace(f, 'tenants/aperture.yaml', 'pools: { search: search-sdc-1 }', 'pools: { search: search-sdc-1, vector: search-sdc-1 }'))).toEqual([
      'tenant aperture: vector pool added: search-sdc-1',
    ]);
  });

  it('lists any other field as set, changed or removed', () => {
    expect(
      summary((f) => {
        replace(f, 'tenants/hooli.yaml', 'displayName: Hooli', 'displayName: Hooli XYZ');
        replace(f, 'tenants/hooli.yaml', '    tokensPerMinute: 100000\n', '');
        replace(f, 'tenants/dunder.yaml', 'memory: 8Gi', 'memory: 8Gi\n    tokensPerMinute: 5000');
      }),
    ).toEqual(['tenant dunder: quotas.tokensPerMinute set to 5000', 'tenant hooli: displayName Hooli -> Hooli XYZ', 'tenant hooli: quotas.tokensPerMinute 100000 removed']);
  });

  it('reports the GPUs placed on a shard when a tenant asks for more', () => {
    expect(summary((f) => replace(f, 'tenants/hooli.yaml', 'gpus: 1', 'gpus: 3'))).toEqual(['tenant hooli: GPUs 1 -> 3', 'shard weu-1: GPUs placed 9/16 -> 11/16']);
  });

  it('says from which shard a removed tenant goes', () => {
    expect(summary((f) => f.delete('tenants/wonka.yaml'))).toEqual(['tenant wonka: removed from sdc-1', 'pool search-sdc-1: tenants 3/20 -> 2/20']);
  });

  it('uses GPU in the singular for one', () => {
    expect(summary((f) => f.set('tenants/solo.yaml', f.get('tenants/hooli.yaml')!.replace('name: hooli', 'name: solo').replace('pools: { search: search-weu-1, blob: blob-weu-1 }\n', '')))).toEqual([
      'tenant solo: added on weu-1 (1 GPU, standard)',
      'shard weu-1: GPUs placed 9/16 -> 10/16',
    ]);
  });

  it('a second file for a tenant does not replace the object the first file holds', () => {
    const lines = summary((f) => f.set('tenants/zz/hooli.yaml', replace(new Map(f), 'tenants/hooli.yaml', 'plan: standard', 'plan: free').get('tenants/hooli.yaml')!));
    expect(lines.filter((l) => l.startsWith('tenant hooli:'))).toEqual([]);
  });
});

describe('semantic summary of invalid specs', () => {
  it('a second, invalid file for a tenant does not count the tenant twice', () => {
    expect(summary((f) => f.set('tenants/zz/hooli.yaml', f.get('tenants/hooli.yaml')!.replace('plan: standard', 'plan: gold')))).toEqual([]);
  });

  it('says once that a tenant has errors and does not count its GPUs or pool seats as gone', () => {
    expect(summary((f) => replace(f, 'tenants/hooli.yaml', 'plan: standard', 'plan: gold'))).toEqual(['tenant hooli: has errors (fix them before committing)']);
  });

  it('says nothing about a file that was invalid before and is unchanged', () => {
    const before = replace(smallExample(), 'tenants/hooli.yaml', 'plan: standard', 'plan: gold');
    const after = new Map(before);
    replace(after, 'tenants/wayne.yaml', 'plan: standard', 'plan: premium');
    expect(formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)))).toEqual(['tenant wayne: plan standard -> premium']);
  });

  it('says again that a file has errors when it changes while still invalid', () => {
    const before = replace(smallExample(), 'tenants/hooli.yaml', 'plan: standard', 'plan: gold');
    const after = replace(new Map(before), 'tenants/hooli.yaml', 'plan: gold', 'plan: silver');
    expect(formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)))).toEqual(['tenant hooli: has errors (fix them before committing)']);
  });

  it('a new file with errors has errors', () => {
    expect(summary((f) => f.set('tenants/newco.yaml', f.get('tenants/hooli.yaml')!.replace('name: hooli', 'name: newco').replace('plan: standard', 'plan: gold')))).toEqual([
      'tenant newco: has errors (fix them before committing)',
    ]);
  });

  it('a tenant fixed again reads as its edit only, with its GPUs counted on both sides', () => {
    const before = replace(smallExample(), 'tenants/hooli.yaml', 'plan: standard', 'plan: gold');
    const after = smallExample();
    replace(after, 'tenants/hooli.yaml', 'gpus: 1', 'gpus: 2');
    expect(formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)))).toEqual([
      'tenant hooli: added on weu-1 (2 GPUs, standard)',
    ]);
  });
});

describe('semantic summary of shard edits', () => {
  it('names cluster, capacity and other fields of a shard', () => {
    expect(
      summary((f) => {
        replace(f, 'shards/sdc-1.yaml', 'cluster: aks-sdc-prod', 'cluster: aks-weu-prod');
        replace(f, 'shards/sdc-1.yaml', 'capacity: { gpus: 8', 'capacity: { gpus: 1');
        replace(f, 'shards/sdc-1.yaml', 'cpu: "64"', 'cpu: "96"');
        replace(f, 'shards/sdc-1.yaml', 'zones: ["1", "2", "3"]', 'zones: ["1", "2"]');
      }),
    ).toEqual([
      'shard sdc-1: capacity 8 -> 1 GPU',
      'shard sdc-1: cluster aks-sdc-prod -> aks-weu-prod',
      'shard sdc-1: capacity.cpu 64 -> 96',
      'shard sdc-1: zones 1, 2, 3 -> 1, 2',
      'shard sdc-1: GPUs placed 4/8 -> 4/1',
    ]);
  });

  it('names a tenancy change', () => {
    expect(summary((f) => replace(f, 'shards/globex.yaml', /tenancy: dedicated.*\n.*\n/.exec(f.get('shards/globex.yaml')!)![0], 'tenancy: shared\n'))).toEqual([
      'shard globex: tenancy dedicated -> shared',
      'shard globex: owner globex removed',
    ]);
  });

  it('names model servers added and removed, and replica changes once', () => {
    expect(
      summary((f) => {
        const s = f.get('shards/sdc-1.yaml')!;
        f.set('shards/sdc-1.yaml', s.replace('name: mistral-kserve', 'name: mistral-k2').replace('replicas: { min: 2, max: 8 }', 'replicas: { min: 1, max: 6 }'));
      }),
    ).toEqual([
      'shard sdc-1: model server mistral-k2 added (mistral-7b on kserve, 1-2 replicas)',
      'shard sdc-1: model server mistral-kserve removed',
      'shard sdc-1: model server llama: replicas 2-8 -> 1-6',
    ]);
  });

  it('names a change of replicas.max alone', () => {
    expect(summary((f) => replace(f, 'shards/sdc-1.yaml', 'replicas: { min: 2, max: 8 }', 'replicas: { min: 2, max: 6 }'))).toEqual(['shard sdc-1: model server llama: replicas 2-8 -> 2-6']);
  });

  it('lists other model server fields by server name', () => {
    expect(summary((f) => replace(f, 'shards/sdc-1.yaml', 'gpusPerReplica: 1\n      replicas: { min: 1', 'gpusPerReplica: 2\n      replicas: { min: 1'))).toEqual([
      'shard sdc-1: modelServers[mistral-kserve].gpusPerReplica 1 -> 2',
    ]);
  });

  it('says removed for a removed shard and added for a new one, with its cluster, GPUs and tenancy', () => {
    expect(
      summary((f) => {
        const s = f.get('shards/eus-2.yaml')!;
        f.set('shards/eus-3.yaml', s.replace('name: eus-2', 'name: eus-3').replace('capacity: { gpus: 8', 'capacity: { gpus: 1'));
        f.delete('shards/weu-2.yaml');
      }),
    ).toEqual(['shard eus-3: added on aks-eus-prod (1 GPU, shared)', 'shard weu-2: removed']);
  });
});

describe('semantic summary of pools, clusters, routing policies and the workspace', () => {
  it('says where a new pool is, its type and limit', () => {
    expect(summary((f) => f.set('pools/vec-weu-1.yaml', POOL('vec-weu-1', 'vectorstore', 'westeurope', 30)))).toEqual(['pool vec-weu-1: added in westeurope (vectorstore, limit 30)']);
  });

  it('a pool whose limit changes shows its tenants against the new limit, as a consequence', () => {
    const before = smallExample();
    const after = replace(new Map(before), 'pools/search-sdc-1.yaml', 'limit: 20', 'limit: 30');
    expect(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after))).toEqual([
      { kind: 'ResourcePool', name: 'search-sdc-1', change: 'limit 20 -> 30', text: 'pool search-sdc-1: limit 20 -> 30' },
      { kind: 'ResourcePool', name: 'search-sdc-1', change: 'tenants 3/20 -> 3/30', derived: true, text: 'pool search-sdc-1: tenants 3/20 -> 3/30' },
    ]);
  });

  it('counts tenants only for pools, not for other objects of the same name', () => {
    const p = smallExample().get('routing/default.yaml')!.replace('name: default', 'name: search-sdc-1');
    const before = smallExample();
    before.set('routing/search-sdc-1.yaml', p);
    const after = new Map(before);
    after.delete('tenants/wonka.yaml');
    expect(formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)))).toEqual([
      'tenant wonka: removed from sdc-1',
      'pool search-sdc-1: tenants 3/20 -> 2/20',
    ]);
  });

  it('says where a new cluster is, its provider and controller', () => {
    const c = smallExample().get('clusters/aks-sdc-prod.yaml')!.replace('name: aks-sdc-prod', 'name: gke-x').replace('provider: aks', 'provider: gke');
    expect(summary((f) => f.set('clusters/gke-x.yaml', c))).toEqual(['cluster gke-x: added in swedencentral (gke, argocd)']);
  });

  it('says added and removed for routing policies', () => {
    const p = smallExample().get('routing/default.yaml')!.replace('name: default', 'name: eu');
    expect(
      summary((f) => {
        f.set('routing/eu.yaml', p);
        f.delete('routing/default.yaml');
      }),
    ).toEqual(['routing policy default: removed', 'routing policy eu: added']);
  });

  it('says removed for a removed pool, and a field removed from a routing policy', () => {
    expect(
      summary((f) => {
        f.delete('pools/search-sdc-1.yaml');
        edit(f, 'routing/default.yaml', [{ op: 'delete', path: 'spec.healthProbe' }]);
      }),
    ).toEqual(['pool search-sdc-1: removed', 'routing policy default: healthProbe.intervalSeconds 10 removed', 'routing policy default: healthProbe.path /health removed']);
  });
});

describe('flattenSpec', () => {
  it('joins lists of scalars, keys lists of objects by name (else by index) and skips undefined', () => {
    expect([
      ...flattenSpec({ zones: ['1', 2, null], servers: [{ name: 'a', x: 1 }, { y: true }, { name: 3 }], nested: { deep: { v: 'x' }, gone: undefined }, empty: [], none: null, mixed: [null, { name: 'm' }] }),
    ]).toEqual([
      ['zones', '1, 2, null'],
      ['servers[a].name', 'a'],
      ['servers[a].x', '1'],
      ['servers[1].y', 'true'],
      ['servers[2].name', '3'],
      ['nested.deep.v', 'x'],
      ['empty', ''],
      ['none', 'null'],
      ['mixed[0]', 'null'],
      ['mixed[m].name', 'm'],
    ]);
  });

  it('keeps a top-level scalar under the prefix it is given', () => {
    expect([...flattenSpec('v', 'p')]).toEqual([['p', 'v']]);
  });
});
