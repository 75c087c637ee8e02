import { describe, expect, it } from 'vitest';
import { cluster, findings, pool, seen, shard, tenant, workspace } from '../__fixtures__/validate-workspace.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { Validator } from './validator.ts';

/** region.unknown (an addition to SPEC-FORMAT's table) and the "did you mean" of ref.missing. */
describe('region.unknown: a tenant or pool in a region where no cluster runs', () => {
  const eastus = () => shard(cluster(cluster(workspace(), 'c-eus', 'eastus'), 'c-eus2', 'eastus2'), 's1', { cluster: 'c-eus', region: 'eastus' });

  it('eastuss on a tenant is a warning at spec.region that names the closest region (placement.region stays the error)', () => {
    const files = tenant(eastus(), 't1', { region: 'eastuss' });
    const f = findings(files).filter((x) => x.code === 'region.unknown');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', file: 'tenants/t1.yaml', path: 'spec.region', line: expect.any(Number) });
    expect(f[0]!.message).toBe('Tenant t1 is in region eastuss, where no cluster of this workspace runs (clusters are in eastus, eastus2, westeurope). Did you mean eastus?');
  });

  it('a region far from every known one gets no guess', () => {
    const files = tenant(eastus(), 't1', { region: 'japaneast', shard: 's1' });
    const f = findings(files).find((x) => x.code === 'region.unknown')!;
    expect(f.message).not.toContain('Did you mean');
  });

  it('a known region is quiet, and so is a workspace with no cluster at all (nothing to compare with)', () => {
    expect(seen(tenant(eastus(), 't1', { region: 'eastus' })).filter((x) => x.code === 'region.unknown')).toEqual([]);
    const bare = tenant(shard(workspace({ clusters: false, git: false }), 's1', { region: 'mars' }), 't1', { region: 'mars' });
    expect(seen(bare).filter((x) => x.code === 'region.unknown')).toEqual([]);
  });

  it('a pool in an unknown region is flagged at its spec.region', () => {
    expect(seen(pool(workspace(), 'p1', { region: 'westeuropee' }))).toEqual([{ code: 'region.unknown', severity: 'warning', file: 'pools/p1.yaml', path: 'spec.region' }]);
    expect(findings(pool(workspace(), 'p1', { region: 'westeuropee' }))[0]!.message).toContain('Did you mean westeurope?');
  });

  it('follows the clusters incrementally: a cluster moved to eastuss makes the tenant known, moved back unknown again', () => {
    const files = tenant(eastus(), 't1', { region: 'eastuss' });
    const v = new Validator(WorkspaceModel.fromFiles(files));
    expect(v.findingsOf('tenants/t1.yaml').map((f) => f.code)).toContain('region.unknown');
    const moved = files.get('clusters/c-eus2.yaml')!.replace('region: eastus2', 'region: eastuss');
    v.update('clusters/c-eus2.yaml', moved);
    expect(v.findingsOf('tenants/t1.yaml').map((f) => f.code)).not.toContain('region.unknown');
    v.remove('clusters/c-eus2.yaml');
    expect(v.findingsOf('tenants/t1.yaml').map((f) => f.code)).toContain('region.unknown');
  });
});

describe('ref.missing says "did you mean" when a name is one typo away', () => {
  it('a tenant placed on s-1 when the shard is s1', () => {
    const f = findings(tenant(shard(workspace(), 's1'), 't1', { shard: 's-1' })).find((x) => x.code === 'ref.missing')!;
    expect(f.message).toBe('Tenant t1 is placed on shard s-1, which does not exist; pick a shard from shards/ or create it. Did you mean s1?');
  });

  it('among 500 shards, a typo names a shard one edit away (the first by name when several are)', () => {
    let files = workspace();
    files = cluster(files, 'c-eus', 'eastus');
    for (let i = 0; i < 500; i++) files = shard(files, `aks-eus-${String(i).padStart(3, '0')}`, { cluster: 'c-eus', region: 'eastus' });
    // One 9 too many: only aks-eus-499 is one edit away.
    files = tenant(files, 't1', { region: 'eastus', shard: 'aks-eus-4999' });
    expect(findings(files).find((x) => x.code === 'ref.missing')!.message).toContain('Did you mean aks-eus-499?');
    // l for 1: 0l2 is one edit from 002, 012, 022 …; the first by name is named.
    files = tenant(files, 't1', { region: 'eastus', shard: 'aks-eus-0l2' });
    expect(findings(files).find((x) => x.code === 'ref.missing')!.message).toContain('Did you mean aks-eus-002?');
  });

  it('a cluster and a pool name get the same help; a failover never suggests the shard itself', () => {
    const c = findings(shard(workspace(), 's1', { cluster: 'c-wue' })).find((x) => x.code === 'ref.missing')!;
    expect(c.message).toContain('Did you mean c-weu?');
    const p = findings(tenant(pool(shard(workspace(), 's1'), 'search-weu-1'), 't1', { pools: { search: 'search-weu-2' } })).find((x) => x.code === 'ref.missing')!;
    expect(p.message).toContain('Did you mean search-weu-1?');
    const self = findings(shard(workspace(), 's1', { failover: 's2' })).find((x) => x.code === 'ref.missing')!;
    expect(self.message).toBe('Shard s1 fails over to shard s2, which does not exist.');
  });

  it('the suggestion follows the shards incrementally: a shard created later is suggested', () => {
    const files = tenant(shard(workspace(), 's1'), 't1', { shard: 'weu-3' });
    const v = new Validator(WorkspaceModel.fromFiles(files));
    expect(v.findingsOf('tenants/t1.yaml').find((x) => x.code === 'ref.missing')!.message).not.toContain('Did you mean');
    const withWeu2 = shard(new Map(), 'weu-2');
    v.update('shards/weu-2.yaml', withWeu2.get('shards/weu-2.yaml')!);
    expect(v.findingsOf('tenants/t1.yaml').find((x) => x.code === 'ref.missing')!.message).toContain('Did you mean weu-2?');
  });
});
