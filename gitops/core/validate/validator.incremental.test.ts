import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings.ts';
import { specText } from '../examples/spec-text.ts';
import { cluster, pool, shard, shardWith, tenant, workspace, type Files } from '../__fixtures__/validate-workspace.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { Validator, validateFiles } from './validator.ts';

/**
 * The validator after single edits: what `gantry validate` would say about the edited workspace is
 * what the incremental validator says, and it re-checks the edited file and the files that depend on it.
 */

const brief = (list: Finding[]) => list.map((f) => `${f.code}@${f.file}:${f.path}`);

/** A validator on `files`, and a function that edits one file in both and checks they agree. */
function live(files: Files) {
  const v = new Validator(WorkspaceModel.fromFiles(files));
  const agree = () => expect(v.findings()).toEqual(validateFiles(files).findings);
  return {
    v,
    set(file: string, text: string): string[] {
      files.set(file, text);
      const re = v.update(file, text).sort();
      agree();
      return re;
    },
    del(file: string): string[] {
      files.delete(file);
      const re = v.remove(file).sort();
      agree();
      return re;
    },
  };
}

const tenantText = (name: string, o: Parameters<typeof tenant>[2] = {}) => tenant(new Map(), name, o).get(`tenants/${name}.yaml`)!;
const shardText = (name: string, o: Parameters<typeof shard>[2] = {}) => shard(new Map(), name, o).get(`shards/${name}.yaml`)!;
const poolText = (name: string, o: Parameters<typeof pool>[2] = {}) => pool(new Map(), name, o).get(`pools/${name}.yaml`)!;
const wsText = (o: Parameters<typeof workspace>[0] = {}) => workspace({ ...o, clusters: false }).get('gantry.yaml')!;

describe('Validator.update and remove', () => {
  it('a tenant edit re-checks the tenant, its shard and its pools, and the shard\'s capacity findings follow', () => {
    const files = pool(shardWith(10, [2]), 'p1');
    const { v, set } = live(files);
    expect(set('tenants/t1.yaml', tenantText('t1', { gpus: 11, pools: { search: 'p1' } }))).toEqual(['pools/p1.yaml', 'shards/s1.yaml', 'tenants/t1.yaml']);
    expect(brief(v.findingsOf('shards/s1.yaml'))).toEqual(['shard.capacity.exceeded@shards/s1.yaml:spec.capacity.gpus']);
    // moving the tenant away re-checks the shard it left as well as the one it went to
    files.set('shards/s2.yaml', shardText('s2'));
    v.update('shards/s2.yaml', files.get('shards/s2.yaml')!);
    expect(set('tenants/t1.yaml', tenantText('t1', { gpus: 9, shard: 's2', pools: { search: 'p1' } }))).toEqual(['pools/p1.yaml', 'shards/s1.yaml', 'shards/s2.yaml', 'tenants/t1.yaml']);
    expect(v.findingsOf('shards/s1.yaml')).toEqual([]);
    expect(brief(v.findingsOf('shards/s2.yaml'))).toEqual(['shard.capacity.threshold@shards/s2.yaml:spec.capacity.gpus']);
  });

  it('a new tenant that is the owner of a dedicated shard clears the shard\'s ref.missing', () => {
    const files = shard(workspace(), 'd1', { tenancy: 'dedicated', owner: 'own' });
    const { v, set, del } = live(files);
    expect(brief(v.findings())).toEqual(['ref.missing@shards/d1.yaml:spec.owner']);
    expect(set('tenants/own.yaml', tenantText('own', { tier: 'dedicated', shard: 'd1' }))).toEqual(['shards/d1.yaml', 'tenants/own.yaml']);
    expect(v.findings()).toEqual([]);
    expect(del('tenants/own.yaml')).toEqual(['shards/d1.yaml']);
    expect(brief(v.findings())).toEqual(['ref.missing@shards/d1.yaml:spec.owner']);
  });

  it('a new tenant re-checks the shards that name it as owner, even when it is placed elsewhere', () => {
    const files = shard(shard(workspace(), 's1'), 'd1', { tenancy: 'dedicated', owner: 'own' });
    shard(files, 's2', { owner: 'own' });
    const { v, set } = live(files);
    expect(brief(v.findings())).toEqual(['ref.missing@shards/d1.yaml:spec.owner', 'ref.missing@shards/s2.yaml:spec.owner']);
    expect(set('tenants/own.yaml', tenantText('own', { shard: 's1' }))).toEqual(['shards/d1.yaml', 'shards/s1.yaml', 'shards/s2.yaml', 'tenants/own.yaml']);
    expect(v.findings()).toEqual([]);
  });

  it('update() returns the edited file first, then the files re-checked because of it', () => {
    const files = tenant(shard(workspace(), 's1'), 't1');
    files.set('tenants/a/t1.yaml', files.get('tenants/t1.yaml')!);
    const v = new Validator(WorkspaceModel.fromFiles(files));
    const re = v.update('tenants/t1.yaml', tenantText('t1', { gpus: 1 }));
    expect(re[0]).toBe('tenants/t1.yaml');
    expect([...re].sort()).toEqual(['shards/s1.yaml', 'tenants/a/t1.yaml', 'tenants/t1.yaml']);
  });

  it('a new shard re-checks the tenants placed on it and the shards that fail over to it', () => {
    const files = tenant(shard(workspace(), 's1', { failover: 's2' }), 't1', { shard: 's2' });
    const { v, set, del } = live(files);
    expect(brief(v.findings())).toEqual(['ref.missing@shards/s1.yaml:spec.routing.failoverShard', 'ref.missing@tenants/t1.yaml:spec.placement.shard']);
    expect(set('shards/s2.yaml', shardText('s2'))).toEqual(['shards/s1.yaml', 'shards/s2.yaml', 'tenants/t1.yaml']);
    expect(v.findings()).toEqual([]);
    expect(del('shards/s2.yaml')).toEqual(['shards/s1.yaml', 'tenants/t1.yaml']);
    expect(v.findings().length).toBe(2);
  });

  it('a shard edit re-checks exactly its tenants, the shards that fail over to it and its owner, not objects of other kinds that share a referenced name', () => {
    const files = shard(shard(workspace(), 's1'), 's2', { failover: 's1' });
    tenant(files, 'own', { tier: 'dedicated', shard: 'd1' });
    tenant(files, 't1');
    // a pool and a tenant named like the shard's cluster and failover shard: their findings cannot change
    pool(files, 'c-weu');
    tenant(files, 's2', { shard: 's2' });
    const { set } = live(files);
    expect(set('shards/s1.yaml', shardText('s1', { owner: 'own', failover: 's2' }))).toEqual(['shards/s1.yaml', 'shards/s2.yaml', 'tenants/own.yaml', 'tenants/t1.yaml']);
    expect(set('shards/d1.yaml', shardText('d1', { tenancy: 'dedicated', owner: 'own' }))).toEqual(['shards/d1.yaml', 'tenants/own.yaml']);
  });

  it('a new pool re-checks the tenants that use it', () => {
    const files = tenant(shard(workspace(), 's1'), 't1', { pools: { search: 'p1' } });
    const { v, set } = live(files);
    expect(brief(v.findings())).toEqual(['ref.missing@tenants/t1.yaml:spec.pools.search']);
    expect(set('pools/p1.yaml', poolText('p1', { limit: 1 }))).toEqual(['pools/p1.yaml', 'tenants/t1.yaml']);
    expect(brief(v.findings())).toEqual(['pool.limit.threshold@pools/p1.yaml:spec.limit']);
  });

  it('a cluster edit re-checks its shards and gantry.yaml (bootstrap.git counts clusters)', () => {
    const files = workspace({ git: false, clusters: false });
    shard(files, 's1');
    const { v, set, del } = live(files);
    expect(brief(v.findings())).toEqual(['ref.missing@shards/s1.yaml:spec.cluster']);
    expect(set('clusters/c-weu.yaml', cluster(new Map(), 'c-weu', 'eastus').get('clusters/c-weu.yaml')!)).toEqual(['clusters/c-weu.yaml', 'gantry.yaml', 'shards/s1.yaml']);
    expect(brief(v.findings())).toEqual(['bootstrap.git@gantry.yaml:spec', 'shard.region@shards/s1.yaml:spec.region']);
    expect(del('clusters/c-weu.yaml')).toEqual(['gantry.yaml', 'shards/s1.yaml']);
    expect(brief(v.findings())).toEqual(['ref.missing@shards/s1.yaml:spec.cluster']);
  });

  it('a cluster edit in a folder without gantry.yaml re-checks only the cluster and its shards', () => {
    const files = shard(new Map(), 's1');
    const { set } = live(files);
    expect(set('clusters/c-weu.yaml', cluster(new Map(), 'c-weu', 'westeurope').get('clusters/c-weu.yaml')!)).toEqual(['clusters/c-weu.yaml', 'shards/s1.yaml']);
  });

  it('an edit of gantry.yaml re-checks every file: new thresholds apply at once', () => {
    const files = pool(shardWith(10, [8], { shardPercent: 80 }), 'p1', { limit: 2 });
    tenant(files, 't2', { pools: { search: 'p1' } });
    const { v, set } = live(files);
    expect(brief(v.findings())).toEqual(['shard.capacity.threshold@shards/s1.yaml:spec.capacity.gpus']);
    expect(set('gantry.yaml', wsText({ shardPercent: 90, poolPercent: 50 }))).toEqual([...files.keys()].sort());
    expect(brief(v.findings())).toEqual(['pool.limit.threshold@pools/p1.yaml:spec.limit']);
  });

  it('removing gantry.yaml drops its own findings and falls back to the default thresholds', () => {
    const files = shardWith(10, [8], { git: false, shardPercent: 80 });
    const { v, del } = live(files);
    expect(brief(v.findings())).toEqual(['bootstrap.git@gantry.yaml:spec', 'shard.capacity.threshold@shards/s1.yaml:spec.capacity.gpus']);
    expect(del('gantry.yaml')).toEqual([...files.keys()].sort());
    expect(v.findings()).toEqual([]);
  });

  it('a second file with the same name makes both duplicates; removing it clears the first', () => {
    const files = shard(workspace(), 's1');
    const { v, set, del } = live(files);
    expect(set('shards/eu/s1.yaml', shardText('s1'))).toEqual(['shards/eu/s1.yaml', 'shards/s1.yaml']);
    expect(brief(v.findings())).toEqual(['name.duplicate@shards/eu/s1.yaml:metadata.name', 'name.duplicate@shards/s1.yaml:metadata.name']);
    expect(del('shards/eu/s1.yaml')).toEqual(['shards/s1.yaml']);
    expect(v.findings()).toEqual([]);
  });

  it('removing a file drops its findings; a file that becomes unreadable keeps only its parse finding', () => {
    const files = tenant(shard(workspace(), 's1', { failover: 's1' }), 't1', { region: 'eastus' });
    const { v, set, del } = live(files);
    expect(del('tenants/t1.yaml')).toEqual(['shards/s1.yaml']);
    expect(brief(v.findings())).toEqual(['failover.self@shards/s1.yaml:spec.routing.failoverShard']);
    set('shards/s1.yaml', 'spec: [broken\n');
    expect(brief(v.findings())).toEqual(['yaml.syntax@shards/s1.yaml:']);
    expect(v.findingsOf('shards/s1.yaml').map((f) => f.code)).toEqual(['yaml.syntax']);
  });

  it('a file outside the spec folders is not a spec: updating it re-checks nothing it could affect', () => {
    const files = shard(workspace(), 's1');
    const v = new Validator(WorkspaceModel.fromFiles(files));
    expect(v.update('README.md', '# hello\n')).toEqual([]);
    expect(v.findings()).toEqual([]);
  });
});

describe('Validator.findings, findingsOf and report', () => {
  const layoutFinding = (file: string): Finding => ({ code: 'path.symlink', severity: 'error', file, path: '', message: `${file} is a symbolic link; replace it with a folder.` });

  it('findings() holds the layout findings, each file\'s own findings and the rule findings, sorted by file, line and code', () => {
    const files = tenant(shard(cluster(workspace(), 'c-eus', 'eastus'), 's1'), 't1', { region: 'eastus', gpus: 1, gpuType: 'nvidia-a100', models: ['x'] });
    files.set('pools/bad.yaml', specText('ResourcePool', 'bad', { type: 'search' }));
    const v = new Validator(WorkspaceModel.fromFiles(files));
    v.model.layout = [layoutFinding('tenants'), layoutFinding('rendered')];
    const all = v.findings();
    const bad = all.filter((f) => f.file === 'pools/bad.yaml').length;
    expect(bad).toBeGreaterThan(0);
    expect(all.map((f) => f.file)).toEqual([...Array<string>(bad).fill('pools/bad.yaml'), 'rendered', 'tenants', 'tenants/t1.yaml', 'tenants/t1.yaml', 'tenants/t1.yaml']);
    expect(brief(all.filter((f) => f.file === 'tenants/t1.yaml'))).toEqual([
      'placement.region@tenants/t1.yaml:spec.region',
      'model.unserved@tenants/t1.yaml:spec.models[0]',
      'placement.gpuType@tenants/t1.yaml:spec.quotas.gpuType',
    ]);
    const lines = all.filter((f) => f.file === 'tenants/t1.yaml').map((f) => f.line!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(v.report().ok).toBe(false);
    expect(v.report().counts).toMatchObject({ errors: bad + 5, warnings: 0 });
  });

  it('findingsOf(file) holds that file\'s layout, own and rule findings only', () => {
    const files = tenant(shard(cluster(workspace(), 'c-eus', 'eastus'), 's1'), 't1', { region: 'eastus', models: ['x'], gpus: 1, gpuType: 'nvidia-a100' });
    files.set('pools/bad.yaml', specText('ResourcePool', 'bad', { type: 'search' }));
    const v = new Validator(WorkspaceModel.fromFiles(files));
    v.model.layout = [layoutFinding('tenants/t1.yaml'), layoutFinding('rendered')];
    // sorted by line: the rule checks gpuType before models, the file lists models first
    expect(v.findingsOf('tenants/t1.yaml').map((f) => f.code)).toEqual(['path.symlink', 'placement.region', 'model.unserved', 'placement.gpuType']);
    expect(v.findingsOf('pools/bad.yaml').map((f) => f.code)).toEqual(expect.arrayContaining(['schema.invalid']));
    expect(v.findingsOf('pools/bad.yaml').every((f) => f.code === 'schema.invalid' && f.file === 'pools/bad.yaml')).toBe(true);
    expect(v.findingsOf('rendered').map((f) => f.code)).toEqual(['path.symlink']);
    expect(v.findingsOf('shards/s1.yaml')).toEqual([]);
    expect(v.findingsOf('tenants/none.yaml')).toEqual([]);
  });

  it('report(): ok with warnings only, not ok with one error; objects counts every kind, zero included, and not the Workspace', () => {
    const warned = new Validator(WorkspaceModel.fromFiles(shardWith(10, [9]))).report();
    expect(warned.ok).toBe(true);
    expect(warned.counts).toEqual({ errors: 0, warnings: 1, objects: { Tenant: 1, Shard: 1, ResourcePool: 0, Cluster: 1, RoutingPolicy: 0 } });
    const failed = validateFiles(shardWith(10, [11]));
    expect(failed.ok).toBe(false);
    expect(failed.counts).toEqual({ errors: 1, warnings: 0, objects: { Tenant: 1, Shard: 1, ResourcePool: 0, Cluster: 1, RoutingPolicy: 0 } });
    const files = tenant(tenant(shardWith(10, []), 'a'), 'b');
    files.set('tenants/eu/a.yaml', files.get('tenants/a.yaml')!);
    expect(validateFiles(files).counts.objects).toEqual({ Tenant: 3, Shard: 1, ResourcePool: 0, Cluster: 1, RoutingPolicy: 0 });
    expect(validateFiles(new Map()).counts).toEqual({ errors: 0, warnings: 0, objects: { Tenant: 0, Shard: 0, ResourcePool: 0, Cluster: 0, RoutingPolicy: 0 } });
  });

  it('report() findings are findings(), in the shape of gantry validate --format json', () => {
    const v = new Validator(WorkspaceModel.fromFiles(shardWith(10, [9])));
    const r = v.report();
    expect(r.findings).toEqual(v.findings());
    expect(Object.keys(r).sort()).toEqual(['counts', 'findings', 'ok']);
  });
});
