import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { suggestCommitMessage } from './commit-message.ts';
import { formatSemanticDiff, semanticDiff } from './semantic.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, actual: string): void {
  const file = path.join(fixtures, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function mutate(files: Map<string, string>, file: string, from: string, to: string): void {
  const text = files.get(file)!;
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  files.set(file, text.replace(from, to));
}

const TENANT = (name: string, shard: string, gpus: number, plan: string, pools: string) => `apiVersion: platform.gantry.dev/v1alpha1
kind: Tenant
metadata:
  name: ${name}
spec:
  displayName: ${name}
  tier: shared
  plan: ${plan}
  region: westeurope
  latencyTargetMs: 250
  models: [llama-3-8b]
  quotas: { gpus: ${gpus}, gpuType: nvidia-h100, cpu: "16", memory: 64Gi }
  placement: { shard: ${shard} }
  pools: { ${pools} }
`;

describe('semanticDiff', () => {
  const before = smallExample();
  const after = new Map(before);
  // acme gets its own shard: tier dedicated, no shared pools, on a new dedicated shard.
  mutate(after, 'tenants/acme.yaml', 'tier: shared', 'tier: dedicated');
  mutate(after, 'tenants/acme.yaml', 'shard: weu-1', 'shard: acme');
  mutate(after, 'tenants/acme.yaml', '  pools: { search: search-weu-1, blob: blob-weu-1 }\n', '');
  after.set('shards/acme.yaml', after.get('shards/globex.yaml')!.replace(/globex/g, 'acme'));
  mutate(after, 'tenants/initech.yaml', 'shard: weu-1', 'shard: weu-2');
  mutate(after, 'tenants/umbrella.yaml', 'gpus: 2', 'gpus: 4');
  mutate(after, 'tenants/umbrella.yaml', 'models: [mistral-7b]', 'models: [mistral-7b, llama-3-8b]');
  mutate(after, 'tenants/cyberdyne.yaml', 'search: search-weu-2', 'search: search-weu-1');
  mutate(after, 'shards/weu-1.yaml', 'state: active', 'state: draining');
  mutate(after, 'shards/eus-2.yaml', 'capacity: { gpus: 8', 'capacity: { gpus: 16');
  mutate(after, 'shards/eus-2.yaml', 'replicas: { min: 2, max: 8 }', 'replicas: { min: 3, max: 8 }');
  mutate(after, 'pools/search-weu-1.yaml', 'limit: 10', 'limit: 12');
  mutate(after, 'clusters/aks-sdc-prod.yaml', 'gitops: argocd', 'gitops: flux');
  mutate(after, 'routing/default.yaml', 'method: performance', 'method: geographic');
  mutate(after, 'gantry.yaml', 'poolPercent: 70', 'poolPercent: 80');
  after.set('tenants/newco.yaml', TENANT('newco', 'weu-2', 2, 'standard', 'search: search-weu-2, blob: blob-weu-1'));
  after.delete('tenants/hooli.yaml');

  it('describes edits and their consequences (golden)', () => {
    const changes = semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after));
    golden('semantic-summary.golden.txt', `${formatSemanticDiff(changes).join('\n')}\n`);
  });

  it('says the examples of the architecture in their words', () => {
    const lines = formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(after)));
    expect(lines).toEqual(
      expect.arrayContaining([
        'tenant acme: tier shared -> dedicated',
        'tenant initech: moved weu-1 -> weu-2',
        'tenant newco: added on weu-2 (2 GPUs, standard)',
        'shard weu-1: state active -> draining',
        'shard weu-1: GPUs placed 9/16 -> 4/16',
        'pool search-weu-1: tenants 6/10 -> 5/12',
      ]),
    );
  });

  it('is empty for identical workspaces and ignores comments and formatting', () => {
    const same = new Map(before);
    mutate(same, 'tenants/acme.yaml', '# Tenant Acme Corp.', '# Our best customer.');
    expect(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(same))).toEqual([]);
  });

  it('reports a spec that became invalid', () => {
    const broken = new Map(before);
    mutate(broken, 'tenants/acme.yaml', 'plan: premium', 'plan: platinum');
    expect(formatSemanticDiff(semanticDiff(WorkspaceModel.fromFiles(before), WorkspaceModel.fromFiles(broken)))).toEqual([
      'tenant acme: has errors (fix them before committing)',
    ]);
  });
});

describe('suggestCommitMessage', () => {
  const base = smallExample();
  const diff = (edits: Array<[string, string, string]>) => {
    const next = new Map(base);
    for (const [f, a, b] of edits) mutate(next, f, a, b);
    return semanticDiff(WorkspaceModel.fromFiles(base), WorkspaceModel.fromFiles(next));
  };

  it('uses the one change as the subject', () => {
    expect(suggestCommitMessage(diff([['shards/weu-2.yaml', 'state: active', 'state: draining']]))).toBe('shard weu-2: state active -> draining');
  });

  it('joins the changes of one object, and lists every line in the body', () => {
    const msg = suggestCommitMessage(diff([['tenants/initech.yaml', 'shard: weu-1', 'shard: weu-2'], ['tenants/initech.yaml', 'plan: standard', 'plan: premium']]));
    golden('commit-message-one-tenant.golden.txt', msg);
  });

  it('names the objects of a larger change, within 72 characters', () => {
    const msg = suggestCommitMessage(
      diff([
        ['tenants/initech.yaml', 'shard: weu-1', 'shard: weu-2'],
        ['tenants/wayne.yaml', 'plan: standard', 'plan: premium'],
        ['shards/weu-1.yaml', 'state: active', 'state: draining'],
      ]),
    );
    expect(msg.split('\n')[0]).toBe('Update tenants initech, wayne; shard weu-1');
    expect(msg.split('\n')[0]!.length).toBeLessThanOrEqual(72);
    golden('commit-message-several.golden.txt', msg);
  });

  it('has a neutral subject when nothing semantic changed', () => {
    expect(suggestCommitMessage([])).toBe('Update workspace');
  });
});
