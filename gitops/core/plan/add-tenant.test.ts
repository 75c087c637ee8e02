import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { poolUsers, workspace, type WorkspaceDef } from '../__fixtures__/plan-workspace.ts';
import { validate } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { planAddTenant, type AddTenantInput } from './add-tenant.ts';
import type { Plan, PlanResult } from './plan-types.ts';

// Choice tests for `gantry plan add-tenant` (SPEC-FORMAT.md, and README "Decisions" on new pool
// names). Each case is named after the sentence it pins and asserts what the user sees: the
// planned files (path, action, content), the notes, or the error message.

const input: AddTenantInput = { name: 'newco', tier: 'shared', region: 'westeurope', gpus: 2, models: ['llama-3-8b'], today: '2026-11-22' };

function plan(def: WorkspaceDef, over: Partial<AddTenantInput> = {}): PlanResult {
  return planAddTenant(WorkspaceModel.fromFiles(workspace(def)), { ...input, ...over });
}

function ok(r: PlanResult): Plan {
  if (!r.ok) throw new Error(r.message);
  return r.plan;
}

function error(r: PlanResult): string {
  if (r.ok) throw new Error(`expected an error, got a plan: ${JSON.stringify(r.plan.files.map((f) => f.path))}`);
  return r.message;
}

function tenantSpec(p: Plan) {
  expect(p.files[0]).toMatchObject({ path: `tenants/${parse(p.files[0]!.content).metadata.name}.yaml`, action: 'create' });
  return parse(p.files[0]!.content).spec;
}

/** The shard the planned tenant is placed on. */
function shardOf(r: PlanResult): string {
  return tenantSpec(ok(r)).placement.shard;
}

function applied(files: Map<string, string>, p: Plan): Map<string, string> {
  const out = new Map(files);
  for (const f of p.files) out.set(f.path, f.content);
  return out;
}

describe('plan add-tenant NAME: invalid names refused', () => {
  const valid: WorkspaceDef = { shards: [{ name: 's1' }] };
  it.each(['NewCo', '1abc', 'abc-', '-abc', 'new_co', 'new.co', '', 'a'.repeat(41)])('refuses %j with the naming rule', (name) => {
    expect(error(plan(valid, { name }))).toBe(`"${name}" is not a valid tenant name: lowercase a-z, 0-9 and "-", starting with a letter, at most 40 characters.`);
  });

  it.each(['a', 'new-co', 'a1', 'a'.repeat(40)])('accepts %j (DNS-1123 label, at most 40 characters)', (name) => {
    expect(ok(plan(valid, { name })).files[0]!.path).toBe(`tenants/${name}.yaml`);
  });

  it('refuses a name an existing tenant already has, naming its file', () => {
    const def: WorkspaceDef = { shards: [{ name: 's1' }], tenants: [{ name: 'acme', shard: 's1' }] };
    expect(error(plan(def, { name: 'acme' }))).toBe('Tenant acme already exists (tenants/acme.yaml).');
    expect(error(plan(def, { name: 'acme', tier: 'dedicated' }))).toBe('Tenant acme already exists (tenants/acme.yaml).');
  });
});

describe('plan add-tenant --tier shared: chooses the shard', () => {
  it('"shared tenancy": a dedicated shard is never chosen, even with more free GPUs', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a-dedicated', tenancy: 'dedicated', owner: 'globex', gpus: 64 }, { name: 'b-shared', gpus: 8 }] };
    expect(shardOf(plan(def))).toBe('b-shared');
  });

  it('"active": draining and cordoned shards are never chosen, even with more free GPUs', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a-draining', state: 'draining', gpus: 64 }, { name: 'b-cordoned', state: 'cordoned', gpus: 64 }, { name: 'c-active', gpus: 8 }] };
    expect(shardOf(plan(def))).toBe('c-active');
  });

  it('"same region": a shard of another region is never chosen, even with more free GPUs', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a-east', region: 'eastus', gpus: 64 }, { name: 'b-west', gpus: 8 }] };
    expect(shardOf(plan(def))).toBe('b-west');
    expect(shardOf(plan(def, { region: 'eastus' }))).toBe('a-east');
  });

  it('"matching gpuType": with --gpu-type only shards of that type; without it any type', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a-a100', gpuType: 'nvidia-a100', gpus: 64 }, { name: 'b-h100', gpuType: 'nvidia-h100', gpus: 8 }] };
    expect(shardOf(plan(def, { gpuType: 'nvidia-h100' }))).toBe('b-h100');
    expect(tenantSpec(ok(plan(def, { gpuType: 'nvidia-h100' }))).quotas.gpuType).toBe('nvidia-h100');
    expect(shardOf(plan(def))).toBe('a-a100');
    // Without --gpu-type the tenant takes the chosen shard's type.
    expect(tenantSpec(ok(plan(def))).quotas.gpuType).toBe('nvidia-a100');
  });

  it('"serving the models": a shard missing one of the models is never chosen', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a-llama', models: ['llama-3-8b'], gpus: 64 }, { name: 'b-both', models: ['llama-3-8b', 'mistral-7b'], gpus: 8 }] };
    expect(shardOf(plan(def, { models: ['llama-3-8b', 'mistral-7b'] }))).toBe('b-both');
    expect(shardOf(plan(def, { models: ['llama-3-8b'] }))).toBe('a-llama');
    expect(shardOf(plan(def, { models: [] }))).toBe('a-llama');
  });

  it('"most free GPUs after placement": the shard with the most GPUs left wins over name order', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 'a', gpus: 16 }, { name: 'b', gpus: 16 }, { name: 'c', gpus: 8 }],
      tenants: [{ name: 't-a', shard: 'a', gpus: 10 }, { name: 't-b', shard: 'b', gpus: 5 }],
    };
    // free: a 6, b 11, c 8.
    const p = ok(plan(def));
    expect(tenantSpec(p).placement.shard).toBe('b');
    expect(p.notes[0]).toBe('Shard b: 11 GPUs free, 9 after placing newco (most free of 3 fitting shards in westeurope).');
  });

  it('"then name order": ties on free GPUs go to the first shard by name', () => {
    const three: WorkspaceDef = { shards: [{ name: 'c', gpus: 8 }, { name: 'a', gpus: 8 }, { name: 'b', gpus: 8 }] };
    expect(shardOf(plan(three))).toBe('a');
    const two: WorkspaceDef = { shards: [{ name: 'b', gpus: 8 }, { name: 'a', gpus: 4 }], tenants: [{ name: 't', shard: 'b', gpus: 4 }] };
    expect(shardOf(plan(two))).toBe('a');
  });

  it('a shard whose free GPUs exactly equal the request fits; one GPU short does not', () => {
    const def: WorkspaceDef = { shards: [{ name: 's1', gpus: 4 }], tenants: [{ name: 't', shard: 's1', gpus: 2 }] };
    const p = ok(plan(def, { gpus: 2 }));
    expect(p.notes[0]).toBe('Shard s1: 2 GPUs free, 0 after placing newco (most free of 1 fitting shard in westeurope).');
    expect(error(plan(def, { gpus: 3 }))).toBe('No shard fits tenant newco (3 GPUs, models llama-3-8b) in westeurope: s1: only 2 GPUs free.');
  });

  it('free GPUs count the GPUs of tenants already placed on the shard (any region tenant, by placement)', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a', gpus: 8 }, { name: 'b', gpus: 6 }], tenants: [{ name: 't1', shard: 'a', gpus: 2 }, { name: 't2', shard: 'a', gpus: 1 }] };
    const p = ok(plan(def, { gpus: 1 }));
    expect(tenantSpec(p).placement.shard).toBe('b');
    expect(p.notes[0]).toBe('Shard b: 6 GPUs free, 5 after placing newco (most free of 2 fitting shards in westeurope).');
  });
});

describe('plan add-tenant --tier shared: "Exits 1 with a clear message when no shard fits"', () => {
  it('names every shard of the region and why it does not fit', () => {
    const def: WorkspaceDef = {
      shards: [
        { name: 'a-ded', tenancy: 'dedicated', owner: 'x' },
        { name: 'b-drain', state: 'draining' },
        { name: 'c-cord', state: 'cordoned' },
        { name: 'd-a100', gpuType: 'nvidia-a100' },
        { name: 'e-models', models: ['llama-3-8b', 'qwen-2'] },
        { name: 'f-full', models: ['llama-3-8b', 'mistral-7b', 'phi-3'], gpus: 3 },
        { name: 'g-one', models: ['llama-3-8b', 'mistral-7b', 'phi-3'], gpus: 1 },
        { name: 'z-east', region: 'eastus' },
      ],
      tenants: [{ name: 't', shard: 'f-full', gpus: 1 }],
    };
    expect(error(plan(def, { gpus: 3, gpuType: 'nvidia-h100', models: ['llama-3-8b', 'mistral-7b', 'phi-3'] }))).toBe(
      'No shard fits tenant newco (3 GPUs of nvidia-h100, models llama-3-8b, mistral-7b, phi-3) in westeurope: a-ded: dedicated; b-drain: draining; c-cord: cordoned; d-a100: has nvidia-a100; e-models: does not serve mistral-7b, phi-3; f-full: only 2 GPUs free; g-one: only 1 GPU free.',
    );
  });

  it('says so when the region has no shard at all', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a-east', region: 'eastus' }] };
    expect(error(plan(def, { gpus: 1, models: [] }))).toBe('No shard fits tenant newco (1 GPU, models none) in westeurope: there is no shard in westeurope.');
  });
});

describe('plan add-tenant --tier shared: the tenant file', () => {
  it('creates tenants/NAME.yaml first, with quotas from --gpus, placement on the chosen shard and the chosen pools', () => {
    const def: WorkspaceDef = { shards: [{ name: 's1' }], pools: [{ name: 'search-1', type: 'search' }, { name: 'blob-1', type: 'blob' }] };
    const p = ok(plan(def, { displayName: 'New Co', plan: 'premium' }));
    expect(p.files.map((f) => `${f.action} ${f.path}`)).toEqual(['create tenants/newco.yaml']);
    expect(p.files[0]!.content).toBe(`# Tenant New Co, planned by gantry plan add-tenant.
apiVersion: platform.gantry.dev/v1alpha1
kind: Tenant
metadata:
  name: newco
spec:
  displayName: New Co
  tier: shared
  plan: premium
  region: westeurope
  latencyTargetMs: 100
  models:
    - llama-3-8b
  quotas:
    gpus: 2
    gpuType: nvidia-h100
    cpu: "16"
    memory: 64Gi
  placement:
    shard: s1
  pools:
    blob: blob-1
    search: search-1
`);
  });

  it('defaults: plan standard (250 ms), display name = NAME; free plan 1000 ms; 0 GPUs has no gpuType and the minimum cpu/memory', () => {
    const def: WorkspaceDef = { shards: [{ name: 's1' }] };
    const std = tenantSpec(ok(plan(def)));
    expect(std).toMatchObject({ displayName: 'newco', plan: 'standard', latencyTargetMs: 250 });
    expect(std.pools).toBeUndefined();
    expect(tenantSpec(ok(plan(def, { plan: 'free' })))).toMatchObject({ plan: 'free', latencyTargetMs: 1000 });
    const zero = tenantSpec(ok(plan(def, { gpus: 0 })));
    expect(zero.quotas).toEqual({ gpus: 0, cpu: '2', memory: '8Gi' });
    expect(ok(plan(def, { gpus: 0 })).files[0]!.content).toMatch(/^# Tenant newco, planned by gantry plan add-tenant\.\n/);
  });

  it('the planned workspace validates', () => {
    const def: WorkspaceDef = { shards: [{ name: 's1' }], pools: [{ name: 'search-1', type: 'search' }] };
    const files = workspace(def);
    const p = ok(planAddTenant(WorkspaceModel.fromFiles(files), input));
    expect(validate(applied(files, p)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('plan add-tenant --tier shared: "for each pool type present in the region, the newest pool (by createdAt) that stays under the threshold with the tenant added"', () => {
  // poolPercent 70, limit 10: with the tenant added, 6/10 = 60% is under, 7/10 = 70% is at, 8/10 = 80% is over.
  const pools = (used: number): WorkspaceDef => ({
    shards: [{ name: 's1' }],
    pools: [{ name: 'search-weu-1', type: 'search', createdAt: '2025-01-01' }, { name: 'search-weu-2', type: 'search', createdAt: '2026-01-01' }],
    tenants: poolUsers('u', used, 's1', { search: 'search-weu-2' }),
  });

  it('one below the threshold (60% with the tenant): the newest pool takes it', () => {
    const p = ok(plan(pools(5)));
    expect(tenantSpec(p).pools).toEqual({ search: 'search-weu-2' });
    expect(p.files).toHaveLength(1);
    expect(p.notes[1]).toBe('Pool search: search-weu-2 (6 of 10 tenants with newco).');
  });

  it('exactly at the threshold (70% with the tenant) is not under it: the next newest pool takes it', () => {
    const p = ok(plan(pools(6)));
    expect(tenantSpec(p).pools).toEqual({ search: 'search-weu-1' });
    expect(p.notes[1]).toBe('Pool search: search-weu-1 (1 of 10 tenants with newco).');
  });

  it('one above the threshold (80% with the tenant): the next newest pool takes it', () => {
    expect(tenantSpec(ok(plan(pools(7)))).pools).toEqual({ search: 'search-weu-1' });
  });

  it('the threshold is the workspace\'s poolPercent', () => {
    expect(tenantSpec(ok(plan({ ...pools(6), poolPercent: 80 }))).pools).toEqual({ search: 'search-weu-2' });
    expect(tenantSpec(ok(plan({ ...pools(5), poolPercent: 60 }))).pools).toEqual({ search: 'search-weu-1' });
  });

  it('newest by createdAt, not by name or file order', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 's1' }],
      pools: [
        { name: 'search-a', type: 'search', createdAt: '2026-05-01' },
        { name: 'search-b', type: 'search', createdAt: '2026-03-01' },
        { name: 'search-c', type: 'search', createdAt: '2025-12-31' },
      ],
    };
    expect(tenantSpec(ok(plan(def))).pools).toEqual({ search: 'search-a' });
    def.pools![0]!.createdAt = '2025-01-01';
    expect(tenantSpec(ok(plan(def))).pools).toEqual({ search: 'search-b' });
  });

  it('pools created the same day: the later instance (highest name) counts as newest', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 's1' }],
      pools: [{ name: 'search-b', type: 'search' }, { name: 'search-c', type: 'search' }, { name: 'search-a', type: 'search' }],
    };
    expect(tenantSpec(ok(plan(def))).pools).toEqual({ search: 'search-c' });
  });

  it('only pools of the region count, each type on its own, types in name order', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 's1' }],
      pools: [
        { name: 'a-search', type: 'search', createdAt: '2025-01-01' },
        { name: 'b-blob', type: 'blob', createdAt: '2025-01-01' },
        { name: 'c-search-east', type: 'search', region: 'eastus', createdAt: '2026-06-01' },
        { name: 'd-cache-east', type: 'cache', region: 'eastus' },
      ],
    };
    const p = ok(plan(def));
    expect(tenantSpec(p).pools).toEqual({ blob: 'b-blob', search: 'a-search' });
    expect(p.files[0]!.content).toContain('  pools:\n    blob: b-blob\n    search: a-search\n');
    expect(p.notes.slice(1)).toEqual(['Pool blob: b-blob (1 of 10 tenants with newco).', 'Pool search: a-search (1 of 10 tenants with newco).']);
  });
});

describe('plan add-tenant --tier shared: "where every pool of a type is at or over the threshold, it proposes a new pool file"', () => {
  const full = (pools: WorkspaceDef['pools'], users = 7): WorkspaceDef => ({
    shards: [{ name: 's1' }],
    pools,
    tenants: (pools ?? []).flatMap((p) => poolUsers(p.name, users, 's1', { [p.type]: p.name })),
  });

  it('`pools/<type>-<region>-<n>.yaml` with the same limit (and provider) as the newest, createdAt today, and uses it', () => {
    const def = full([
      { name: 'search-weu-1', type: 'search', limit: 10, createdAt: '2025-01-01', provider: 'aws' },
      { name: 'search-weu-2', type: 'search', limit: 10, createdAt: '2026-01-01', provider: 'azure' },
    ]);
    def.tenants!.push(...poolUsers('more', 1, 's1', { search: 'search-weu-1' }));
    const p = ok(plan(def));
    expect(p.files.map((f) => `${f.action} ${f.path}`)).toEqual(['create tenants/newco.yaml', 'create pools/search-westeurope-3.yaml']);
    expect(p.files[1]!.content).toBe(`# New search pool in westeurope: every existing one is at or over 70% of its limit.
apiVersion: platform.gantry.dev/v1alpha1
kind: ResourcePool
metadata:
  name: search-westeurope-3
spec:
  type: search
  provider: azure
  region: westeurope
  limit: 10
  createdAt: 2026-11-22
`);
    expect(tenantSpec(p).pools).toEqual({ search: 'search-westeurope-3' });
    expect(p.notes[1]).toBe('Pool search: every search pool in westeurope would be at or over 70%, so a new pool search-westeurope-3 (limit 10) is proposed.');
    const files = workspace(def);
    expect(validate(applied(files, p)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('same limit as the newest pool, not the oldest', () => {
    const def = full([
      { name: 'search-weu-1', type: 'search', limit: 10, createdAt: '2025-01-01' },
      { name: 'search-weu-2', type: 'search', limit: 5, createdAt: '2026-01-01' },
    ], 0);
    def.tenants = [...poolUsers('x', 7, 's1', { search: 'search-weu-1' }), ...poolUsers('y', 4, 's1', { search: 'search-weu-2' })];
    const p = ok(plan(def));
    expect(parse(p.files[1]!.content).spec).toMatchObject({ limit: 5 });
    expect(p.notes[1]).toMatch(/\(limit 5\) is proposed\.$/);
  });

  it('"n one more than the highest in use" (trailing number of that type\'s pools in the region, README Decisions)', () => {
    const def = full([
      { name: 'search-weu-12', type: 'search', createdAt: '2025-01-01' },
      { name: 'search-20x-3', type: 'search', createdAt: '2025-02-01' },
      { name: 'search-main', type: 'search', createdAt: '2026-01-01' },
      { name: 'blob-weu-40', type: 'blob', createdAt: '2026-01-01' },
      { name: 'search-east-50', type: 'search', region: 'eastus', createdAt: '2026-01-01' },
    ]);
    const p = ok(plan(def));
    expect(p.files.map((f) => f.path)).toEqual(['tenants/newco.yaml', 'pools/blob-westeurope-41.yaml', 'pools/search-westeurope-13.yaml']);
  });

  it('skips a name another pool already has', () => {
    const def = full([
      { name: 'search-weu-1', type: 'search' },
      { name: 'search-westeurope-2', type: 'search', region: 'eastus' },
      { name: 'search-westeurope-3', type: 'blob', region: 'eastus' },
    ], 0);
    def.tenants = poolUsers('u', 7, 's1', { search: 'search-weu-1' });
    const p = ok(plan(def));
    expect(p.files.map((f) => f.path)).toEqual(['tenants/newco.yaml', 'pools/search-westeurope-4.yaml']);
  });

  it('a region with no pool of any type gets no pools', () => {
    const p = ok(plan({ shards: [{ name: 's1' }], pools: [{ name: 'search-east-1', type: 'search', region: 'eastus' }] }));
    expect(p.files).toHaveLength(1);
    expect(tenantSpec(p).pools).toBeUndefined();
    expect(p.notes).toHaveLength(1);
  });
});

describe('plan add-tenant --tier dedicated: "a new Shard named NAME (tenancy dedicated, owner NAME, capacity of --gpus GPUs of the type, a modelServer per model, three zones) on the Cluster of that region, and the tenant on it"', () => {
  const ded: Partial<AddTenantInput> = { name: 'bigco', tier: 'dedicated', gpus: 4, gpuType: 'nvidia-a100', models: ['llama-3-8b', 'Org/Phi-3.5'] };
  const def: WorkspaceDef = {
    clusters: [['aks-east', 'eastus'], ['aks-west', 'westeurope']],
    shards: [
      { name: 'east-1', region: 'eastus', cluster: 'aks-east', models: ['llama-3-8b'] },
      { name: 'west-1', cluster: 'aks-west', models: ['llama-3-8b'] },
    ],
  };

  it('the shard file and the tenant file', () => {
    const p = ok(plan(def, ded));
    expect(p.files.map((f) => `${f.action} ${f.path}`)).toEqual(['create tenants/bigco.yaml', 'create shards/bigco.yaml']);
    expect(p.files[1]!.content).toBe(`# Dedicated shard of tenant bigco.
apiVersion: platform.gantry.dev/v1alpha1
kind: Shard
metadata:
  name: bigco
spec:
  cluster: aks-west
  region: westeurope
  zones:
    - "1"
    - "2"
    - "3"
  tenancy: dedicated
  owner: bigco
  state: active
  capacity:
    gpus: 4
    gpuType: nvidia-a100
    cpu: "64"
    memory: 512Gi
  modelServers:
    - name: llama-3-8b
      model: llama-3-8b
      runtime: triton
      gpusPerReplica: 1
      replicas:
        min: 2
        max: 4
    - name: m-rg--hi-3-5
      model: Org/Phi-3.5
      runtime: vllm
      gpusPerReplica: 1
      replicas:
        min: 1
        max: 4
  routing:
    weight: 100
    priority: 1
`);
    const t = tenantSpec(p);
    expect(t).toMatchObject({ tier: 'dedicated', region: 'westeurope', placement: { shard: 'bigco' }, quotas: { gpus: 4, gpuType: 'nvidia-a100', cpu: '32', memory: '128Gi' } });
    expect(t.pools).toBeUndefined();
    expect(p.notes).toEqual([
      'Dedicated shard bigco on cluster aks-west (westeurope): 4 GPUs of nvidia-a100, three zones, 2 model servers.',
      'Tenant bigco runs alone on it; no shared pools.',
    ]);
    const files = workspace(def);
    expect(validate(applied(files, p)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('on the Cluster of that region', () => {
    expect(parse(ok(plan(def, { ...ded, region: 'eastus' })).files[1]!.content).spec).toMatchObject({ cluster: 'aks-east', region: 'eastus' });
    expect(error(plan(def, { ...ded, region: 'brazilsouth' }))).toBe('No cluster in brazilsouth can host a dedicated shard for bigco; add a Cluster in brazilsouth first.');
  });

  it('refuses when a shard already has the name', () => {
    expect(error(plan(def, { ...ded, name: 'west-1' }))).toBe('A shard named west-1 already exists; a dedicated tenant\'s shard takes the tenant\'s name.');
  });

  it('a modelServer per model: copied from a shard that serves it, replicas capped by the GPUs', () => {
    const d: WorkspaceDef = { shards: [{ name: 'a', models: ['mistral-7b'] }, { name: 'b', models: ['llama-3-8b', 'mistral-7b'] }] };
    const one = parse(ok(plan(d, { ...ded, gpus: 1, models: ['llama-3-8b', 'mistral-7b', 'phi-3'] })).files[1]!.content).spec;
    expect(one.modelServers).toEqual([
      { name: 'llama-3-8b', model: 'llama-3-8b', runtime: 'triton', gpusPerReplica: 1, replicas: { min: 1, max: 1 } },
      { name: 'mistral-7b', model: 'mistral-7b', runtime: 'triton', gpusPerReplica: 1, replicas: { min: 1, max: 1 } },
      { name: 'phi-3', model: 'phi-3', runtime: 'vllm', gpusPerReplica: 1, replicas: { min: 1, max: 1 } },
    ]);
    const many = parse(ok(plan(d, { ...ded, gpus: 20, models: ['llama-3-8b'] })).files[1]!.content).spec;
    expect(many.modelServers[0].replicas).toEqual({ min: 2, max: 8 });
    const none = parse(ok(plan(d, { ...ded, gpus: 0, models: ['llama-3-8b', 'phi-3'] })).files[1]!.content).spec;
    expect(none.modelServers.map((s: { replicas: unknown }) => s.replicas)).toEqual([{ min: 1, max: 1 }, { min: 1, max: 1 }]);
  });

  it('a model no shard serves gets a vLLM server with a valid name (at most 40 characters, no trailing "-")', () => {
    const model = `42${'x'.repeat(36)}-/-y`;
    const s = parse(ok(plan({ shards: [{ name: 'a' }] }, { ...ded, models: [model] })).files[1]!.content).spec;
    expect(s.modelServers).toEqual([{ name: `m-${'x'.repeat(36)}`, model, runtime: 'vllm', gpusPerReplica: 1, replicas: { min: 1, max: 4 } }]);
  });

  it('"of the type": --gpu-type, else the type most shards of the region have (ties by name)', () => {
    const d: WorkspaceDef = {
      shards: [
        { name: 'a', gpuType: 'nvidia-l4' },
        { name: 'b', gpuType: 'nvidia-a100' },
        { name: 'c', gpuType: 'nvidia-a100' },
        { name: 'e1', gpuType: 'nvidia-l4', region: 'eastus' },
        { name: 'e2', gpuType: 'nvidia-l4', region: 'eastus' },
      ],
    };
    const typeOf = (x: WorkspaceDef, over: Partial<AddTenantInput> = {}) => parse(ok(plan(x, { ...ded, gpuType: undefined, ...over })).files[1]!.content).spec.capacity.gpuType;
    expect(typeOf(d)).toBe('nvidia-a100');
    expect(typeOf(d, { gpuType: 'nvidia-h200' })).toBe('nvidia-h200');
    expect(typeOf({ shards: [{ name: 'a', gpuType: 'nvidia-l4' }, { name: 'b', gpuType: 'nvidia-a100' }] })).toBe('nvidia-a100');
    expect(typeOf({ shards: [{ name: 'a', gpuType: 'nvidia-a100' }, { name: 'b', gpuType: 'nvidia-l4' }] })).toBe('nvidia-a100');
    expect(typeOf({ shards: [{ name: 'a', gpuType: 'nvidia-l4' }, { name: 'b', gpuType: 'nvidia-a100' }, { name: 'c', gpuType: 'nvidia-l4' }] })).toBe('nvidia-l4');
    const p = ok(plan(d, { ...ded, gpuType: undefined }));
    expect(tenantSpec(p).quotas.gpuType).toBe('nvidia-a100');
  });

  it('needs --gpu-type when the region has no shard to take it from (unless 0 GPUs)', () => {
    const d: WorkspaceDef = { clusters: [['aks-west', 'westeurope']], shards: [{ name: 'e', region: 'eastus' }] };
    expect(error(plan(d, { ...ded, gpuType: undefined }))).toBe('--gpu-type is needed: no shard in westeurope shows which GPU type to use.');
    const p = ok(plan(d, { ...ded, gpuType: undefined, gpus: 0, models: [] }));
    const s = parse(p.files[1]!.content).spec;
    expect(s.capacity).toEqual({ gpus: 0, gpuType: 'none', cpu: '8', memory: '32Gi' });
    expect(s.modelServers).toEqual([]);
    expect(tenantSpec(p).quotas).toEqual({ gpus: 0, cpu: '2', memory: '8Gi' });
    expect(p.notes[0]).toBe('Dedicated shard bigco on cluster aks-west (westeurope): 0 GPUs, three zones, 0 model servers.');
  });

  it('with 0 GPUs and a known type, the tenant has no gpuType; one model server is singular', () => {
    const p = ok(plan(def, { ...ded, gpus: 0, models: ['llama-3-8b'] }));
    expect(tenantSpec(p).quotas).toEqual({ gpus: 0, cpu: '2', memory: '8Gi' });
    expect(parse(p.files[1]!.content).spec.capacity).toEqual({ gpus: 0, gpuType: 'nvidia-a100', cpu: '8', memory: '32Gi' });
    expect(p.notes[0]).toBe('Dedicated shard bigco on cluster aks-west (westeurope): 0 GPUs of nvidia-a100, three zones, 1 model server.');
    expect(ok(plan(def, { ...ded, gpus: 1 })).notes[0]).toBe('Dedicated shard bigco on cluster aks-west (westeurope): 1 GPU of nvidia-a100, three zones, 2 model servers.');
  });
});
