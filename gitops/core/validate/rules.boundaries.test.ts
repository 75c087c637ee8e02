import { describe, expect, it } from 'vitest';
import { specText } from '../examples/spec-text.ts';
import { cluster, findings, only, pool, poolWith, seen, server, shard, shardWith, tenant, workspace, type Seen } from '../__fixtures__/validate-workspace.ts';
import { validateFiles } from './validator.ts';

/**
 * Boundary and positive/negative cases of the cross-object rules (SPEC-FORMAT.md, "Validation
 * rules"). Each test is named after the sentence of the table it pins. The workspaces are built
 * from scratch (../__fixtures__/validate-workspace.ts) so that every number in a test is the number
 * the rule sees.
 */

describe('the builder', () => {
  it('a workspace built by these helpers has no findings', () => {
    const files = pool(shardWith(10, [2, 1]), 'p1');
    tenant(files, 't3', { pools: { search: 'p1' } });
    expect(seen(files)).toEqual([]);
    expect(validateFiles(files).ok).toBe(true);
  });
});

describe('shard.capacity.threshold: "that sum is at or over thresholds.shardPercent of capacity"', () => {
  const at = (asks: number[], cap = 10, shardPercent = 80) => seen(shardWith(cap, asks, { shardPercent }));
  const warning: Seen = { code: 'shard.capacity.threshold', severity: 'warning', file: 'shards/s1.yaml', path: 'spec.capacity.gpus' };

  it('shard.capacity.threshold: "at or over thresholds.shardPercent of capacity" — exactly at 80% (8 of 10) warns', () => {
    expect(at([8])).toEqual([warning]);
    const f = only(shardWith(10, [8], { shardPercent: 80 }), 'shard.capacity.threshold');
    expect(f.message).toBe('Shard s1 has 8 of 10 GPUs placed (80%), at or over the 80% threshold; plan more capacity.');
  });

  it('shard.capacity.threshold: "at or over thresholds.shardPercent" — one GPU below (7 of 10, 70%) is quiet', () => {
    expect(at([7])).toEqual([]);
  });

  it('shard.capacity.threshold: "at or over thresholds.shardPercent" — one GPU above (9 of 10) warns', () => {
    expect(at([9])).toEqual([warning]);
    expect(only(shardWith(10, [9], { shardPercent: 80 }), 'shard.capacity.threshold').message).toContain('9 of 10 GPUs placed (90%)');
  });

  it('shard.capacity.threshold: "that sum" — the GPUs of every tenant on the shard are added (5 + 3 = 8 of 10 warns, 5 + 2 does not)', () => {
    expect(at([5, 3])).toEqual([warning]);
    expect(at([5, 2])).toEqual([]);
    expect(at([3, 3, 2])).toEqual([warning]);
  });

  it('shard.capacity.threshold: "that sum is at or over" — a fractional bound: 85% of 16 is 13.6, so 13 GPUs are quiet and 14 warn (88%)', () => {
    expect(at([13], 16, 85)).toEqual([]);
    expect(at([14], 16, 85)).toEqual([warning]);
    expect(only(shardWith(16, [14], { shardPercent: 85 }), 'shard.capacity.threshold').message).toContain('14 of 16 GPUs placed (88%), at or over the 85% threshold');
  });

  it('shard.capacity.threshold: "at or over" — a tie at 100%: exactly at capacity is a warning, not an error', () => {
    expect(at([10])).toEqual([warning]);
    expect(at([10], 10, 100)).toEqual([warning]);
    expect(at([9], 10, 100)).toEqual([]);
  });

  it('shard.capacity.threshold: "that sum ... of capacity" — a shard with no GPUs and no GPU asked is not "at 0 of 0"', () => {
    expect(at([], 0)).toEqual([]);
    expect(at([0, 0], 0)).toEqual([]);
    expect(at([0], 10)).toEqual([]);
  });

  it('shard.capacity.threshold: "thresholds.shardPercent" — the threshold comes from gantry.yaml (8 of 10 warns at 80%, not at 81%)', () => {
    expect(at([8], 10, 81)).toEqual([]);
    expect(at([8], 10, 80)).toEqual([warning]);
  });
});

describe('shard.capacity.exceeded: "the tenants placed on a shard ask for more GPUs than it has"', () => {
  const error: Seen = { code: 'shard.capacity.exceeded', severity: 'error', file: 'shards/s1.yaml', path: 'spec.capacity.gpus' };

  it('shard.capacity.exceeded: "ask for more GPUs than it has" — one above capacity (11 of 10) is an error and only that', () => {
    expect(seen(shardWith(10, [11]))).toEqual([error]);
    expect(validateFiles(shardWith(10, [11])).ok).toBe(false);
  });

  it('shard.capacity.exceeded: "ask for more GPUs than it has" — exactly at capacity (10 of 10) is not more', () => {
    expect(seen(shardWith(10, [10], { shardPercent: 100 })).map((f) => f.code)).toEqual(['shard.capacity.threshold']);
    expect(seen(shardWith(10, [6, 4])).map((f) => f.code)).not.toContain('shard.capacity.exceeded');
  });

  it('shard.capacity.exceeded: "the tenants placed on a shard" — the sum over tenants counts (6 + 5 = 11 of 10)', () => {
    expect(seen(shardWith(10, [6, 5]))).toEqual([error]);
    expect(seen(shardWith(0, [1]))).toEqual([error]);
  });

  it('shard.capacity.exceeded: the sentence names the biggest askers first, leaves out tenants asking for none, and says how many more', () => {
    expect(only(shardWith(10, [6, 5]), 'shard.capacity.exceeded').message)
      .toBe('Tenants on shard s1 ask for 11 GPUs but it has 10 (t1 6, t2 5); move a tenant or add capacity.');
    expect(only(shardWith(10, [1, 0, 6, 5]), 'shard.capacity.exceeded').message).toContain('ask for 12 GPUs but it has 10 (t3 6, t4 5, t1 1);');
    // ties keep name order
    expect(only(shardWith(3, [2, 2]), 'shard.capacity.exceeded').message).toContain('(t1 2, t2 2);');
    // exactly 4 askers: all shown; 5 or 6: four shown and the rest counted
    expect(only(shardWith(3, [1, 2, 3, 4]), 'shard.capacity.exceeded').message).toContain('(t4 4, t3 3, t2 2, t1 1);');
    expect(only(shardWith(3, [1, 2, 3, 4, 5]), 'shard.capacity.exceeded').message).toContain('(t5 5, t4 4, t3 3, t2 2, and 1 more);');
    expect(only(shardWith(3, [1, 2, 3, 4, 5, 6]), 'shard.capacity.exceeded').message).toContain('(t6 6, t5 5, t4 4, t3 3, and 2 more);');
    expect(only(shardWith(3, [0, 2, 3, 4, 5, 0]), 'shard.capacity.exceeded').message).toContain('(t5 5, t4 4, t3 3, t2 2);');
  });

  it('shard.capacity.exceeded: only tenants placed on the shard count, not those of another shard', () => {
    const files = shard(shardWith(10, [6]), 's2');
    tenant(files, 'u1', { shard: 's2', gpus: 5 });
    expect(seen(files)).toEqual([]);
  });
});

describe('pool.limit.threshold: "a pool is at or over thresholds.poolPercent of its limit"', () => {
  const warning: Seen = { code: 'pool.limit.threshold', severity: 'warning', file: 'pools/p1.yaml', path: 'spec.limit' };
  const at = (limit: number, count: number, poolPercent = 70) => seen(poolWith(limit, count, { poolPercent }));

  it('pool.limit.threshold: "at or over thresholds.poolPercent of its limit" — exactly at 70% (7 of 10) warns', () => {
    expect(at(10, 7)).toEqual([warning]);
    expect(only(poolWith(10, 7), 'pool.limit.threshold').message)
      .toBe('Pool p1 holds 7 of 10 tenants (70%), at or over the 70% threshold; new tenants should go to a new search pool.');
  });

  it('pool.limit.threshold: "at or over thresholds.poolPercent" — one tenant below (6 of 10) is quiet', () => {
    expect(at(10, 6)).toEqual([]);
  });

  it('pool.limit.threshold: "at or over thresholds.poolPercent" — one tenant above (8 of 10) warns', () => {
    expect(at(10, 8)).toEqual([warning]);
    expect(only(poolWith(10, 8), 'pool.limit.threshold').message).toContain('holds 8 of 10 tenants (80%)');
  });

  it('pool.limit.threshold: "at or over" — a tie at the limit (3 of 3, 100%) warns and is not exceeded', () => {
    expect(at(3, 3)).toEqual([warning]);
    expect(at(3, 3, 100)).toEqual([warning]);
    expect(at(3, 2, 100)).toEqual([]);
  });

  it('pool.limit.threshold: "at or over thresholds.poolPercent" — a fractional bound: 70% of 3 is 2.1, so 2 are quiet and 3 warn; 1 of 3 rounds to 33%', () => {
    expect(at(3, 2)).toEqual([]);
    expect(at(3, 1, 30)).toEqual([warning]);
    expect(only(poolWith(3, 1, { poolPercent: 30 }), 'pool.limit.threshold').message).toContain('holds 1 of 3 tenants (33%), at or over the 30% threshold');
  });

  it('pool.limit.threshold: "a pool is at or over" — an empty pool is quiet even at the lowest threshold', () => {
    expect(at(1, 0, 1)).toEqual([]);
    expect(at(10, 0)).toEqual([]);
  });
});

describe('pool.limit.exceeded: "more tenants reference a pool than its limit"', () => {
  const error: Seen = { code: 'pool.limit.exceeded', severity: 'error', file: 'pools/p1.yaml', path: 'spec.limit' };

  it('pool.limit.exceeded: "more tenants reference a pool than its limit" — one above the limit (4 of 3) is an error and only that', () => {
    expect(seen(poolWith(3, 4))).toEqual([error]);
    expect(only(poolWith(3, 4), 'pool.limit.exceeded').message)
      .toBe('Pool p1 holds 4 tenants but its limit is 3; move tenants to another search pool or add one.');
  });

  it('pool.limit.exceeded: "more tenants ... than its limit" — exactly at the limit (3 of 3) is not more', () => {
    expect(seen(poolWith(3, 3)).map((f) => f.code)).toEqual(['pool.limit.threshold']);
    expect(seen(poolWith(1, 1)).map((f) => f.code)).toEqual(['pool.limit.threshold']);
  });

  it('pool.limit.exceeded: "more tenants reference a pool" — a tenant that names the pool twice counts once; other pools do not count', () => {
    const files = pool(poolWith(1, 0, { poolPercent: 100 }), 'p2', { limit: 1 });
    tenant(files, 't1', { pools: { search: 'p1', vectors: 'p1' } });
    tenant(files, 't2', { pools: { search: 'p2' } });
    expect(seen(files).map((f) => `${f.code}@${f.file}:${f.path}`)).toEqual([
      'pool.limit.threshold@pools/p1.yaml:spec.limit',
      'pool.limit.threshold@pools/p2.yaml:spec.limit',
      'ref.type@tenants/t1.yaml:spec.pools.vectors',
    ]);
  });
});

describe('ref.missing: "a reference (shard, cluster, pool, failoverShard, owner) names nothing"', () => {
  it('ref.missing: "a reference (shard ...) names nothing" — a tenant placed on a shard that does not exist', () => {
    const files = tenant(workspace(), 't1', { shard: 'nope' });
    expect(seen(files)).toEqual([{ code: 'ref.missing', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.placement.shard' }]);
    expect(findings(files)[0]!.message).toBe('Tenant t1 is placed on shard nope, which does not exist; pick a shard from shards/ or create it.');
  });

  it('ref.missing: "a reference (cluster) names nothing" — and a shard on an existing cluster is fine', () => {
    const files = shard(workspace(), 's1', { cluster: 'c-nope' });
    expect(seen(files)).toEqual([{ code: 'ref.missing', severity: 'error', file: 'shards/s1.yaml', path: 'spec.cluster' }]);
    expect(findings(files)[0]!.message).toContain('cluster c-nope, which does not exist');
    expect(seen(shard(workspace(), 's1'))).toEqual([]);
  });

  it('ref.missing: "a reference (pool) names nothing" — each missing pool is its own finding at spec.pools.<type>', () => {
    const files = pool(shard(workspace(), 's1'), 'p1');
    tenant(files, 't1', { pools: { search: 'gone', blob: 'gone-too', db: 'p1' } });
    expect(seen(files)).toEqual([
      { code: 'ref.missing', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.pools.search' },
      { code: 'ref.missing', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.pools.blob' },
      { code: 'ref.type', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.pools.db' },
    ]);
    expect(findings(files).find((f) => f.path === 'spec.pools.blob')!.message).toBe('Tenant t1 uses blob pool gone-too, which does not exist; pick a pool from pools/ or create it.');
  });

  it('ref.missing: "a reference (failoverShard) names nothing" — an existing failover shard is fine', () => {
    const files = shard(workspace(), 's1', { failover: 's9' });
    expect(seen(files)).toEqual([{ code: 'ref.missing', severity: 'error', file: 'shards/s1.yaml', path: 'spec.routing.failoverShard' }]);
    expect(findings(files)[0]!.message).toBe('Shard s1 fails over to shard s9, which does not exist.');
    expect(seen(shard(shard(workspace(), 's1', { failover: 's2' }), 's2', { failover: 's1' }))).toEqual([]);
  });

  it('ref.missing: "a reference (owner) names nothing" — a dedicated shard whose owner tenant does not exist; an existing owner is fine', () => {
    const files = shard(workspace(), 'd1', { tenancy: 'dedicated', owner: 'ghost' });
    expect(seen(files)).toEqual([{ code: 'ref.missing', severity: 'error', file: 'shards/d1.yaml', path: 'spec.owner' }]);
    expect(findings(files)[0]!.message).toBe('Shard d1 is dedicated to tenant ghost, which does not exist.');
    const owned = tenant(shard(workspace(), 'd1', { tenancy: 'dedicated', owner: 'd1' }), 'd1', { tier: 'dedicated', shard: 'd1' });
    expect(seen(owned)).toEqual([]);
  });

  it('ref.missing: "a reference (owner) names nothing" — also on a shared shard, which needs no owner but must not name a tenant that does not exist', () => {
    const files = shard(workspace(), 's1', { owner: 'ghost' });
    expect(seen(files)).toEqual([{ code: 'ref.missing', severity: 'error', file: 'shards/s1.yaml', path: 'spec.owner' }]);
    expect(findings(files)[0]!.message).toBe('Shard s1 names tenant ghost as its owner, which does not exist; a shared shard needs no owner, so remove it or fix the name.');
    expect(seen(tenant(files, 'ghost'))).toEqual([]);
  });

  it('ref.missing: a reference to a file that exists but does not validate is not "names nothing": only that file\'s schema.invalid is reported', () => {
    const files = workspace();
    files.set('shards/s1.yaml', specText('Shard', 's1', { cluster: 'c-weu' }));
    files.set('pools/p1.yaml', specText('ResourcePool', 'p1', { type: 'search' }));
    files.set('clusters/c-bad.yaml', specText('Cluster', 'c-bad', { region: 'westeurope' }));
    shard(files, 's2', { cluster: 'c-bad' });
    tenant(files, 't1', { gpus: 2, pools: { search: 'p1' } });
    tenant(files, 't2', { shard: 's2', gpus: 2 });
    expect(seen(files).filter((f) => f.code !== 'schema.invalid')).toEqual([]);
    expect(new Set(seen(files).map((f) => f.file))).toEqual(new Set(['shards/s1.yaml', 'pools/p1.yaml', 'clusters/c-bad.yaml']));
  });
});

describe('placement.region: "a tenant\'s region differs from its shard\'s region"', () => {
  it('placement.region: "differs from its shard\'s region" — flagged at the tenant\'s spec.region', () => {
    // A cluster runs in eastus, so the region itself is known (no region.unknown).
    const files = tenant(shard(cluster(workspace(), 'c-eus', 'eastus'), 's1'), 't1', { region: 'eastus' });
    expect(seen(files)).toEqual([{ code: 'placement.region', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.region' }]);
    expect(findings(files)[0]!.message).toBe('Tenant t1 must stay in eastus (data residency) but its shard s1 is in westeurope; place it on a shard in eastus.');
  });

  it('placement.region: the same region is fine', () => {
    expect(seen(tenant(shard(workspace(), 's1'), 't1', { region: 'westeurope' }))).toEqual([]);
  });
});

describe('placement.tenancy: "a shared tenant on a dedicated shard, a dedicated tenant on a shard it does not own, or a dedicated shard with another tenant on it"', () => {
  const dedicatedShard = (owner: string) => shard(workspace(), 'd1', { tenancy: 'dedicated', owner });

  it('placement.tenancy: "a shared tenant on a dedicated shard" — flagged on the tenant and on the shard', () => {
    const files = tenant(tenant(dedicatedShard('own'), 'own', { tier: 'dedicated', shard: 'd1' }), 't1', { shard: 'd1' });
    expect(seen(files)).toEqual([
      { code: 'placement.tenancy', severity: 'error', file: 'shards/d1.yaml', path: 'spec.tenancy' },
      { code: 'placement.tenancy', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.placement.shard' },
    ]);
    const [onShard, onTenant] = findings(files);
    expect(onTenant!.message).toBe('Tenant t1 is shared but shard d1 is dedicated to own; place it on a shared shard.');
    expect(onShard!.message).toBe('Shard d1 is dedicated to own but tenant t1 (tenants/t1.yaml) is placed on it; move t1 to a shared shard.');
  });

  it('placement.tenancy: "a dedicated tenant on a shard it does not own" — a shared shard', () => {
    const files = tenant(shard(workspace(), 's1'), 't1', { tier: 'dedicated' });
    expect(seen(files)).toEqual([{ code: 'placement.tenancy', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.placement.shard' }]);
    expect(findings(files)[0]!.message).toBe('Tenant t1 is dedicated but shard s1 is a shared shard; a dedicated tenant runs on its own shard (tenancy dedicated, owner t1).');
  });

  it('placement.tenancy: "a dedicated tenant on a shard it does not own" — a shard dedicated to another tenant', () => {
    const files = tenant(tenant(dedicatedShard('own'), 'own', { tier: 'dedicated', shard: 'd1' }), 't1', { tier: 'dedicated', shard: 'd1' });
    expect(seen(files)).toEqual([
      { code: 'placement.tenancy', severity: 'error', file: 'shards/d1.yaml', path: 'spec.tenancy' },
      { code: 'placement.tenancy', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.placement.shard' },
    ]);
    expect(findings(files)[1]!.message).toBe('Tenant t1 is dedicated but shard d1 is dedicated to own; a dedicated tenant runs on its own shard (tenancy dedicated, owner t1).');
  });

  it('placement.tenancy: "a dedicated tenant on a shard it does not own" — a shared shard that names the tenant as owner is still not its own', () => {
    const files = tenant(shard(workspace(), 's1', { owner: 't1' }), 't1', { tier: 'dedicated' });
    expect(seen(files)).toEqual([{ code: 'placement.tenancy', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.placement.shard' }]);
    expect(findings(files)[0]!.message).toContain('shard s1 is a shared shard;');
  });

  it('placement.tenancy: "a dedicated shard with another tenant on it" — one finding per other tenant; the owner itself is fine', () => {
    const files = tenant(tenant(tenant(dedicatedShard('own'), 'own', { tier: 'dedicated', shard: 'd1' }), 'a', { shard: 'd1' }), 'b', { shard: 'd1' });
    const onShard = findings(files).filter((f) => f.file === 'shards/d1.yaml');
    expect(onShard.map((f) => `${f.code}@${f.path}`)).toEqual(['placement.tenancy@spec.tenancy', 'placement.tenancy@spec.tenancy']);
    expect(onShard.map((f) => f.message)).toEqual([
      'Shard d1 is dedicated to own but tenant a (tenants/a.yaml) is placed on it; move a to a shared shard.',
      'Shard d1 is dedicated to own but tenant b (tenants/b.yaml) is placed on it; move b to a shared shard.',
    ]);
  });

  it('placement.tenancy: negatives — a dedicated tenant on its own dedicated shard, a shared tenant on a shared shard', () => {
    expect(seen(tenant(dedicatedShard('own'), 'own', { tier: 'dedicated', shard: 'd1' }))).toEqual([]);
    expect(seen(tenant(shard(workspace(), 's1'), 't1', { tier: 'shared' }))).toEqual([]);
  });
});

describe('placement.state: "a tenant is placed on a shard that is not active"', () => {
  it.each(['draining', 'cordoned'])('placement.state: "a shard that is not active" — %s warns on the tenant', (state) => {
    const files = tenant(shard(workspace(), 's1', { state }), 't1');
    expect(seen(files)).toEqual([{ code: 'placement.state', severity: 'warning', file: 'tenants/t1.yaml', path: 'spec.placement.shard' }]);
    expect(findings(files)[0]!.message).toBe(`Tenant t1 is placed on shard s1, which is ${state}; move it to an active shard.`);
    expect(validateFiles(files).ok).toBe(true);
  });

  it('placement.state: an active shard is fine', () => {
    expect(seen(tenant(shard(workspace(), 's1', { state: 'active' }), 't1'))).toEqual([]);
  });
});

describe('placement.gpuType: "a tenant\'s quotas.gpuType differs from its shard\'s capacity.gpuType"', () => {
  it('placement.gpuType: "differs from its shard\'s capacity.gpuType" — flagged at spec.quotas.gpuType', () => {
    const files = tenant(shard(workspace(), 's1'), 't1', { gpus: 1, gpuType: 'nvidia-a100' });
    expect(seen(files)).toEqual([{ code: 'placement.gpuType', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.quotas.gpuType' }]);
    expect(findings(files)[0]!.message).toBe('Tenant t1 asks for nvidia-a100 GPUs but shard s1 has nvidia-h100; change the GPU type or the shard.');
  });

  it('placement.gpuType: the same type is fine, and a tenant without quotas.gpuType (0 GPUs) has nothing to differ', () => {
    expect(seen(tenant(shard(workspace(), 's1'), 't1', { gpus: 1, gpuType: 'nvidia-h100' }))).toEqual([]);
    expect(seen(tenant(shard(workspace(), 's1'), 't1', { gpus: 0, gpuType: null }))).toEqual([]);
  });
});

describe('model.unserved: "a tenant uses a model that no modelServer of its shard serves"', () => {
  it('model.unserved: "no modelServer of its shard serves" — flagged at the model\'s index', () => {
    const files = tenant(shard(workspace(), 's1', { modelServers: [server('llama', 'llama-3-8b'), server('qwen', 'qwen-7b')] }), 't1', {
      models: ['llama-3-8b', 'mistral-7b', 'qwen-7b', 'phi-3'],
    });
    expect(seen(files)).toEqual([
      { code: 'model.unserved', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.models[1]' },
      { code: 'model.unserved', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.models[3]' },
    ]);
    expect(findings(files)[0]!.message).toBe(
      'Tenant t1 uses model mistral-7b but no model server of shard s1 serves it (it serves llama-3-8b, qwen-7b); add a modelServer or choose another shard.',
    );
  });

  it('model.unserved: a shard with no modelServers serves nothing', () => {
    const files = tenant(shard(workspace(), 's1', { modelServers: [] }), 't1', { models: ['llama-3-8b'] });
    expect(seen(files)).toEqual([{ code: 'model.unserved', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.models[0]' }]);
    expect(findings(files)[0]!.message).toContain('(it serves nothing)');
  });

  it('model.unserved: served models and no models at all are fine', () => {
    expect(seen(tenant(shard(workspace(), 's1'), 't1', { models: ['llama-3-8b'] }))).toEqual([]);
    expect(seen(tenant(shard(workspace(), 's1', { modelServers: [] }), 't1', { models: [] }))).toEqual([]);
  });
});

describe('failover.self: "a shard\'s failoverShard is itself"', () => {
  it('failover.self: "failoverShard is itself" — an error, not a ref.missing', () => {
    const files = shard(workspace(), 's1', { failover: 's1' });
    expect(seen(files)).toEqual([{ code: 'failover.self', severity: 'error', file: 'shards/s1.yaml', path: 'spec.routing.failoverShard' }]);
    expect(findings(files)[0]!.message).toBe('Shard s1 fails over to itself, which gives no failover; name another shard in the same region.');
  });

  it('failover.self: no failoverShard at all is fine', () => {
    expect(seen(shard(workspace(), 's1'))).toEqual([]);
  });
});

describe('zones.single: "a shard whose modelServers have replicas.min >= 2 lists fewer than 2 zones"', () => {
  const zones = (list: string[], mins: number[]) => seen(shard(workspace(), 's1', { zones: list, modelServers: mins.map((min, i) => server(`m${i}`, `model-${i}`, min)) }));
  const warning: Seen = { code: 'zones.single', severity: 'warning', file: 'shards/s1.yaml', path: 'spec.zones' };

  it('zones.single: "replicas.min >= 2 ... fewer than 2 zones" — min exactly 2 in 1 zone warns', () => {
    expect(zones(['1'], [2])).toEqual([warning]);
    expect(findings(shard(workspace(), 's1', { zones: ['1'], modelServers: [server('m', 'x', 2)] }))[0]!.message).toBe(
      'Shard s1 runs model servers with at least 2 replicas in only 1 zone; list 2 or more zones so a zone outage does not take them all.',
    );
  });

  it('zones.single: "replicas.min >= 2" — one below (min 1) is quiet, one above (min 3) warns', () => {
    expect(zones(['1'], [1])).toEqual([]);
    expect(zones(['1'], [3])).toEqual([warning]);
  });

  it('zones.single: "fewer than 2 zones" — exactly 2 zones is enough', () => {
    expect(zones(['1', '2'], [2])).toEqual([]);
  });

  it('zones.single: "whose modelServers have" — one such server among others is enough; none at all is quiet', () => {
    expect(zones(['1'], [1, 2])).toEqual([warning]);
    expect(zones(['1'], [])).toEqual([]);
  });
});

describe('name.duplicate: "two objects of one kind share a name"', () => {
  it('name.duplicate: "share a name" — each file names the others', () => {
    const files = shard(workspace(), 's1');
    files.set('shards/eu/s1.yaml', files.get('shards/s1.yaml')!);
    files.set('shards/us/s1.yaml', files.get('shards/s1.yaml')!);
    expect(seen(files)).toEqual([
      { code: 'name.duplicate', severity: 'error', file: 'shards/eu/s1.yaml', path: 'metadata.name' },
      { code: 'name.duplicate', severity: 'error', file: 'shards/s1.yaml', path: 'metadata.name' },
      { code: 'name.duplicate', severity: 'error', file: 'shards/us/s1.yaml', path: 'metadata.name' },
    ]);
    expect(findings(files).find((f) => f.file === 'shards/s1.yaml')!.message).toBe(
      'Shard s1 is also defined in shards/eu/s1.yaml, shards/us/s1.yaml; names must be unique per kind, so rename or delete one.',
    );
  });

  it('name.duplicate: "of one kind" — a tenant and a shard may share a name', () => {
    expect(seen(tenant(shard(workspace(), 's1'), 's1'))).toEqual([]);
  });

  it('name.duplicate: a file whose spec does not validate still takes part', () => {
    const files = shard(workspace(), 's1');
    files.set('shards/eu/s1.yaml', specText('Shard', 's1', { cluster: 'c-weu' }));
    expect(seen(files).map((f) => `${f.code}@${f.file}`)).toEqual(
      expect.arrayContaining(['name.duplicate@shards/eu/s1.yaml', 'name.duplicate@shards/s1.yaml']),
    );
  });
});

describe('additions: ref.type, pool.region, shard.region, bootstrap.git', () => {
  it('ref.type: a tenant lists a pool under a type the pool is not', () => {
    const files = tenant(pool(shard(workspace(), 's1'), 'p1', { type: 'blob' }), 't1', { pools: { search: 'p1' } });
    expect(seen(files)).toEqual([{ code: 'ref.type', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.pools.search' }]);
    expect(findings(files)[0]!.message).toBe('Tenant t1 lists p1 as its search pool, but p1 is a blob pool.');
  });

  it('pool.region: a tenant keeps its data in a pool of another region', () => {
    const files = tenant(pool(shard(cluster(workspace(), 'c-eus', 'eastus'), 's1'), 'p1', { region: 'eastus' }), 't1', { pools: { search: 'p1' } });
    expect(seen(files)).toEqual([{ code: 'pool.region', severity: 'error', file: 'tenants/t1.yaml', path: 'spec.pools.search' }]);
    expect(findings(files)[0]!.message).toBe('Tenant t1 must keep its data in westeurope but pool p1 is in eastus; choose a pool in westeurope.');
  });

  it('shard.region: a shard in another region than its cluster', () => {
    const files = shard(workspace(), 's1', { region: 'eastus' });
    expect(seen(files)).toEqual([{ code: 'shard.region', severity: 'error', file: 'shards/s1.yaml', path: 'spec.region' }]);
    expect(findings(files)[0]!.message).toBe('Shard s1 is in eastus but its cluster c-weu is in westeurope; they must match.');
  });

  it('bootstrap.git: no spec.git with clusters warns on gantry.yaml; without clusters there is nothing to bootstrap', () => {
    expect(seen(workspace({ git: false }))).toEqual([{ code: 'bootstrap.git', severity: 'warning', file: 'gantry.yaml', path: 'spec' }]);
    expect(findings(workspace({ git: false }))[0]!.message).toContain('spec.git (url, branch) is not set');
    expect(seen(workspace({ git: false, clusters: false }))).toEqual([]);
    expect(seen(workspace({ git: true }))).toEqual([]);
  });
});
