import { describe, expect, it } from 'vitest';
import { edit, exampleFiles, validate } from '../__fixtures__/workspace-files.ts';
import type { RuleCode } from '../../../shared/findings.ts';

type Case = {
  code: RuleCode;
  file: string;
  path: string;
  plant: (files: Map<string, string>) => void;
};

const tenantYaml = (name: string, body: string) => `apiVersion: platform.gantry.dev/v1alpha1
kind: Tenant
metadata:
  name: ${name}
spec:
${body}`;

const CASES: Case[] = [
  { code: 'yaml.syntax', file: 'tenants/acme.yaml', path: '', plant: (f) => f.set('tenants/acme.yaml', 'spec: [unclosed\n') },
  { code: 'yaml.syntax', file: 'tenants/hooli.yaml', path: '', plant: (f) => f.set('tenants/hooli.yaml', `${f.get('tenants/hooli.yaml')}---\nkind: Tenant\n`) },
  { code: 'schema.invalid', file: 'tenants/acme.yaml', path: 'spec.quotas.gpus', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: -1 }]) },
  { code: 'schema.invalid', file: 'tenants/acme.yaml', path: 'spec.tier', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.tier', value: 'premium' }]) },
  { code: 'schema.invalid', file: 'tenants/acme.yaml', path: 'spec.quotas.gpuTyp', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpuTyp', value: 'x' }]) },
  { code: 'schema.invalid', file: 'shards/weu-2.yaml', path: 'spec.capacity', plant: (f) => edit(f, 'shards/weu-2.yaml', [{ op: 'delete', path: 'spec.capacity' }]) },
  { code: 'name.mismatch', file: 'tenants/acme.yaml', path: 'metadata.name', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'metadata.name', value: 'acme-corp' }]) },
  {
    code: 'name.duplicate',
    file: 'tenants/eu/acme.yaml',
    path: 'metadata.name',
    plant: (f) => f.set('tenants/eu/acme.yaml', f.get('tenants/acme.yaml')!),
  },
  { code: 'ref.missing', file: 'tenants/acme.yaml', path: 'spec.placement.shard', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.placement.shard', value: 'weu-9' }]) },
  { code: 'ref.missing', file: 'tenants/acme.yaml', path: 'spec.pools.search', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.pools.search', value: 'search-weu-7' }]) },
  { code: 'ref.missing', file: 'shards/weu-1.yaml', path: 'spec.cluster', plant: (f) => edit(f, 'shards/weu-1.yaml', [{ op: 'set', path: 'spec.cluster', value: 'aks-nowhere' }]) },
  { code: 'ref.missing', file: 'shards/weu-1.yaml', path: 'spec.routing.failoverShard', plant: (f) => edit(f, 'shards/weu-1.yaml', [{ op: 'set', path: 'spec.routing.failoverShard', value: 'weu-3' }]) },
  { code: 'ref.missing', file: 'shards/globex.yaml', path: 'spec.owner', plant: (f) => edit(f, 'shards/globex.yaml', [{ op: 'set', path: 'spec.owner', value: 'nobody' }]) },
  { code: 'shard.capacity.exceeded', file: 'shards/weu-1.yaml', path: 'spec.capacity.gpus', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 12 }]) },
  { code: 'shard.capacity.threshold', file: 'shards/weu-1.yaml', path: 'spec.capacity.gpus', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 9 }]) },
  { code: 'pool.limit.exceeded', file: 'pools/search-weu-1.yaml', path: 'spec.limit', plant: (f) => edit(f, 'pools/search-weu-1.yaml', [{ op: 'set', path: 'spec.limit', value: 5 }]) },
  { code: 'pool.limit.threshold', file: 'pools/search-weu-2.yaml', path: 'spec.limit', plant: (f) => edit(f, 'pools/search-weu-2.yaml', [{ op: 'set', path: 'spec.limit', value: 4 }]) },
  { code: 'placement.region', file: 'tenants/acme.yaml', path: 'spec.region', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.region', value: 'eastus' }]) },
  { code: 'placement.tenancy', file: 'tenants/acme.yaml', path: 'spec.placement.shard', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.placement.shard', value: 'globex' }]) },
  { code: 'placement.tenancy', file: 'shards/globex.yaml', path: 'spec.tenancy', plant: (f) => edit(f, 'tenants/hooli.yaml', [{ op: 'set', path: 'spec.placement.shard', value: 'globex' }]) },
  {
    code: 'placement.tenancy',
    file: 'tenants/globex.yaml',
    path: 'spec.placement.shard',
    plant: (f) => edit(f, 'tenants/globex.yaml', [{ op: 'set', path: 'spec.placement.shard', value: 'weu-2' }]),
  },
  { code: 'placement.state', file: 'tenants/acme.yaml', path: 'spec.placement.shard', plant: (f) => edit(f, 'shards/weu-1.yaml', [{ op: 'set', path: 'spec.state', value: 'draining' }]) },
  { code: 'placement.gpuType', file: 'tenants/acme.yaml', path: 'spec.quotas.gpuType', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpuType', value: 'nvidia-a100' }]) },
  { code: 'model.unserved', file: 'tenants/stark.yaml', path: 'spec.models[1]', plant: (f) => edit(f, 'tenants/stark.yaml', [{ op: 'append', path: 'spec.models', value: 'mistral-7b' }]) },
  { code: 'failover.self', file: 'shards/weu-1.yaml', path: 'spec.routing.failoverShard', plant: (f) => edit(f, 'shards/weu-1.yaml', [{ op: 'set', path: 'spec.routing.failoverShard', value: 'weu-1' }]) },
  { code: 'zones.single', file: 'shards/weu-2.yaml', path: 'spec.zones', plant: (f) => edit(f, 'shards/weu-2.yaml', [{ op: 'set', path: 'spec.zones', value: ['1'] }]) },
  { code: 'ref.type', file: 'tenants/acme.yaml', path: 'spec.pools.search', plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.pools.search', value: 'blob-weu-1' }]) },
  {
    code: 'pool.region',
    file: 'tenants/acme.yaml',
    path: 'spec.pools.search',
    plant: (f) => edit(f, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.pools.search', value: 'search-eus-1' }]),
  },
  { code: 'shard.region', file: 'shards/sdc-1.yaml', path: 'spec.region', plant: (f) => edit(f, 'clusters/aks-sdc-prod.yaml', [{ op: 'set', path: 'spec.region', value: 'norwayeast' }]) },
  { code: 'bootstrap.git', file: 'gantry.yaml', path: 'spec', plant: (f) => edit(f, 'gantry.yaml', [{ op: 'delete', path: 'spec.git' }]) },
];

describe('validation rules (SPEC-FORMAT.md codes)', () => {
  it('the example workspace passes every rule but failover.capacity: weu-1 and eus-1 fail over to shards without mistral-7b', () => {
    const report = validate(exampleFiles());
    expect(report.findings.map((f) => `${f.code} ${f.file}`)).toEqual(['failover.capacity shards/eus-1.yaml', 'failover.capacity shards/weu-1.yaml']);
    expect(report.ok).toBe(true);
    expect(report.counts.objects).toMatchObject({ Tenant: 20, Shard: 6, ResourcePool: 6, Cluster: 3, RoutingPolicy: 1 });
  });

  it.each(CASES.map((c) => [`${c.code} in ${c.file} at ${c.path || '(file)'}`, c] as const))('%s', (_label, c) => {
    const files = exampleFiles();
    c.plant(files);
    const report = validate(files);
    const hit = report.findings.find((f) => f.code === c.code && f.file === c.file);
    expect(hit, `findings were: ${JSON.stringify(report.findings, null, 1)}`).toBeDefined();
    expect(hit!.path).toBe(c.path);
    expect(hit!.message.length).toBeGreaterThan(20);
    expect(hit!.severity).toBe(c.code.endsWith('threshold') || ['placement.state', 'zones.single', 'bootstrap.git'].includes(c.code) ? 'warning' : 'error');
    expect(report.ok).toBe(hit!.severity === 'warning' ? report.findings.every((f) => f.severity === 'warning') : false);
  });

  it('reports line and column of the offending field', () => {
    const files = edit(exampleFiles(), 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 40 }]);
    const text = files.get('tenants/acme.yaml')!;
    const expectedLine = text.split('\n').findIndex((l) => l.includes('gpus: 40')) + 1;
    const hit = validate(files).findings.find((f) => f.code === 'shard.capacity.exceeded')!;
    expect(hit.file).toBe('shards/weu-1.yaml');
    const shardLine = files.get('shards/weu-1.yaml')!.split('\n').findIndex((l) => l.includes('capacity:')) + 1;
    expect(hit.line).toBe(shardLine);
    const schema = validate(edit(files, 'tenants/acme.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 'many' }])).findings.find((f) => f.code === 'schema.invalid')!;
    expect(schema.line).toBe(expectedLine);
    expect(schema.message).toContain('spec.quotas.gpus');
  });

  it('a tenant file with kind, apiVersion and name wrong gets one finding each', () => {
    const files = exampleFiles();
    files.set('tenants/zeta.yaml', tenantYaml('zeta', '  displayName: Z\n').replace('kind: Tenant', 'kind: Shard').replace('v1alpha1', 'v2'));
    const found = validate(files).findings.filter((f) => f.file === 'tenants/zeta.yaml').map((f) => `${f.code}@${f.path}`);
    expect(found).toEqual(expect.arrayContaining(['schema.invalid@apiVersion', 'schema.invalid@kind', 'schema.invalid@spec.tier']));
  });
});
