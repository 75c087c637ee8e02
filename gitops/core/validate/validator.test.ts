import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editYamlText } from '../edit/yaml-edit.ts';
import { exampleFiles } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { Validator, validateFiles } from './validator.ts';

const files0 = exampleFiles();
const specFiles = [...files0.keys()].filter((f) => f !== 'gantry.yaml');

/** Random edits that users make: quotas, placements, renames, states, limits, deletions. */
const editArb = fc.oneof(
  fc.record({ kind: fc.constant('tenant-gpus' as const), i: fc.nat(19), gpus: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('tenant-shard' as const), i: fc.nat(19), shard: fc.constantFrom('weu-1', 'weu-2', 'globex', 'eus-1', 'sdc-1', 'nope') }),
  fc.record({ kind: fc.constant('rename' as const), i: fc.nat(specFiles.length - 1), name: fc.constantFrom('weu-1', 'acme', 'x1', 'search-weu-1', 'aks-weu-prod') }),
  fc.record({ kind: fc.constant('shard-state' as const), shard: fc.constantFrom('weu-1', 'weu-2', 'eus-1'), state: fc.constantFrom('active', 'draining', 'cordoned') }),
  fc.record({ kind: fc.constant('pool-limit' as const), pool: fc.constantFrom('search-weu-1', 'search-weu-2', 'blob-weu-1'), limit: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), i: fc.nat(specFiles.length - 1) }),
  fc.record({ kind: fc.constant('break' as const), i: fc.nat(specFiles.length - 1) }),
  fc.record({ kind: fc.constant('thresholds' as const), pct: fc.integer({ min: 10, max: 100 }) }),
  // region.unknown and "did you mean" depend on the cluster regions and on which names exist.
  fc.record({ kind: fc.constant('tenant-region' as const), i: fc.nat(19), region: fc.constantFrom('westeurope', 'eastus', 'eastuss', 'japaneast') }),
  fc.record({ kind: fc.constant('cluster-region' as const), cluster: fc.constantFrom('aks-weu-prod', 'aks-eus-prod', 'aks-sdc-prod'), region: fc.constantFrom('westeurope', 'eastuss', 'japaneast') }),
  fc.record({ kind: fc.constant('shard-typo' as const), i: fc.nat(19), shard: fc.constantFrom('weu-3', 'weu-l', 'eus-1x') }),
);

type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function apply(files: Map<string, string>, e: Edit): [string, string | null] {
  const tenants = [...files.keys()].filter((f) => f.startsWith('tenants/'));
  const set = (file: string, path: string, value: unknown): [string, string | null] => {
    const text = files.get(file);
    if (text === undefined) return [file, null];
    try {
      return [file, editYamlText(text, [{ op: 'set', path, value }])];
    } catch {
      return [file, text];
    }
  };
  switch (e.kind) {
    case 'tenant-gpus': return set(tenants[e.i % tenants.length] ?? 'tenants/acme.yaml', 'spec.quotas.gpus', e.gpus);
    case 'tenant-shard': return set(tenants[e.i % tenants.length] ?? 'tenants/acme.yaml', 'spec.placement.shard', e.shard);
    case 'rename': return set(specFiles[e.i]!, 'metadata.name', e.name);
    case 'shard-state': return set(`shards/${e.shard}.yaml`, 'spec.state', e.state);
    case 'pool-limit': return set(`pools/${e.pool}.yaml`, 'spec.limit', e.limit);
    case 'delete': return [specFiles[e.i]!, null];
    case 'break': return [specFiles[e.i]!, 'spec: [broken\n'];
    case 'thresholds': return set('gantry.yaml', 'spec.thresholds.poolPercent', e.pct);
    case 'tenant-region': return set(tenants[e.i % tenants.length] ?? 'tenants/acme.yaml', 'spec.region', e.region);
    case 'cluster-region': return set(`clusters/${e.cluster}.yaml`, 'spec.region', e.region);
    case 'shard-typo': return set(tenants[e.i % tenants.length] ?? 'tenants/acme.yaml', 'spec.placement.shard', e.shard);
  }
}

describe('incremental validation', () => {
  it('after any sequence of edits, gives exactly what a full validation gives', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 12 }), (edits) => {
        const files = new Map(files0);
        const validator = new Validator(WorkspaceModel.fromFiles(files));
        for (const e of edits) {
          const [file, content] = apply(files, e);
          if (content === null) {
            files.delete(file);
            validator.remove(file);
          } else {
            files.set(file, content);
            validator.update(file, content);
          }
          expect(validator.findings()).toEqual(validateFiles(files).findings);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('re-checks only the edited file and its neighbours', () => {
    const validator = new Validator(WorkspaceModel.fromFiles(files0));
    const text = editYamlText(files0.get('tenants/acme.yaml')!, [{ op: 'set', path: 'spec.quotas.gpus', value: 30 }]);
    const rechecked = validator.update('tenants/acme.yaml', text);
    // weu-2 fails over to weu-1, so its failover.capacity counts weu-1's free GPUs.
    expect(rechecked.sort()).toEqual(['pools/blob-weu-1.yaml', 'pools/search-weu-1.yaml', 'shards/weu-1.yaml', 'shards/weu-2.yaml', 'tenants/acme.yaml']);
    // acme's 30 GPUs no longer fit weu-2 either, where weu-1 fails over.
    expect(validator.findingsOf('shards/weu-1.yaml').map((f) => f.code)).toEqual(['shard.capacity.exceeded', 'failover.capacity']);
  });
});
