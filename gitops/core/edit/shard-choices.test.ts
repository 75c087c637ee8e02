import { describe, expect, it } from 'vitest';
import { shardChoices } from './shard-choices.ts';
import type { ShardFact } from './yaml-assist.ts';

const shard = (name: string, o: Partial<ShardFact> = {}): ShardFact => ({ name, region: 'eastus', cluster: 'aks-eus-01', tenancy: 'shared', state: 'active', gpuType: 'nvidia-h100', capacityGpus: 16, placedGpus: 8, models: [], ...o });

describe('shardChoices', () => {
  const shards = [
    shard('aks-eus-001', { placedGpus: 12 }),
    shard('aks-eus-002', { placedGpus: 2 }),
    shard('aks-eus-003', { tenancy: 'dedicated', owner: 'globex' }),
    shard('aks-eus-004', { state: 'draining' }),
    shard('aks-weu-001', { region: 'westeurope', cluster: 'aks-weu-01', placedGpus: 0 }),
  ];
  const tenant = { name: 'acme', region: 'eastus', tier: 'shared' as const, gpus: 4 };

  it('fitting shards first, most free first; then the region\'s others with the reason; other regions last', () => {
    const c = shardChoices(shards, tenant, undefined, '');
    expect(c.map((x) => [x.name, x.free, x.why ?? 'fits'])).toEqual([
      ['aks-eus-002', 14, 'fits'],
      ['aks-eus-001', 4, 'fits'],
      ['aks-eus-003', 8, 'dedicated to globex'],
      ['aks-eus-004', 8, 'draining'],
      ['aks-weu-001', 16, 'in westeurope'],
    ]);
  });

  it('the tenant\'s own GPUs count as free on the shard it sits on', () => {
    const c = shardChoices(shards, { ...tenant, gpus: 6 }, { name: 'acme', shard: 'aks-eus-001', gpus: 4 }, 'aks-eus-001');
    expect(c).toEqual([{ name: 'aks-eus-001', region: 'eastus', free: 8, capacity: 16, tenancy: 'shared', state: 'active' }]);
  });

  it('filters by every typed term over name, region, cluster and GPU type', () => {
    expect(shardChoices(shards, tenant, undefined, 'weu').map((x) => x.name)).toEqual(['aks-weu-001']);
    expect(shardChoices(shards, tenant, undefined, 'eus 00 3').map((x) => x.name)).toEqual(['aks-eus-003']);
    expect(shardChoices(shards, tenant, undefined, 'westeurope').map((x) => x.name)).toEqual(['aks-weu-001']);
    expect(shardChoices(shards, tenant, undefined, 'nothing-like-this')).toEqual([]);
  });

  it('500 shards: a query narrows to the matching ones, in order', () => {
    const many = Array.from({ length: 500 }, (_, i) => shard(`aks-eus-${String(i).padStart(3, '0')}`, { placedGpus: i % 17 }));
    const c = shardChoices(many, tenant, undefined, 'aks-eus-04');
    expect(c.map((x) => x.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `aks-eus-04${i}`));
    expect(c.filter((x) => !x.why).every((x, i, a) => i === 0 || a[i - 1]!.free >= x.free)).toBe(true);
  });
});
