import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { edit, exampleFiles, validate } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { planAddTenant, type AddTenantInput } from './add-tenant.ts';
import { planDrainShard } from './drain-shard.ts';
import type { Plan } from './plan-types.ts';

const base: AddTenantInput = { name: 'newco', tier: 'shared', region: 'westeurope', gpus: 2, models: ['llama-3-8b'], today: '2026-11-22' };

function applied(files: Map<string, string>, plan: Plan): Map<string, string> {
  const out = new Map(files);
  for (const f of plan.files) out.set(f.path, f.content);
  return out;
}

function mustPlan(r: ReturnType<typeof planAddTenant>): Plan {
  if (!r.ok) throw new Error(r.message);
  return r.plan;
}

describe('plan add-tenant', () => {
  it('shared: picks the active shared shard with most free GPUs after placement, and the newest pools under the threshold', () => {
    const files = exampleFiles();
    const plan = mustPlan(planAddTenant(WorkspaceModel.fromFiles(files), base));
    expect(plan.files.map((f) => `${f.action} ${f.path}`)).toEqual(['create tenants/newco.yaml']);
    const t = parse(plan.files[0]!.content);
    // weu-1 has 9/16 placed, weu-2 7/16: weu-2 keeps the most free GPUs; globex is dedicated.
    expect(t.spec.placement.shard).toBe('weu-2');
    expect(t.spec.pools).toEqual({ blob: 'blob-weu-1', search: 'search-weu-2' });
    expect(validate(applied(files, plan)).ok).toBe(true);
  });

  it('shared: ties on free GPUs go to the first shard by name; models and GPU type filter shards', () => {
    const files = edit(exampleFiles(), 'tenants/stark.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 6 }]);
    const m = WorkspaceModel.fromFiles(files);
    expect(parse(mustPlan(planAddTenant(m, base)).files[0]!.content).spec.placement.shard).toBe('weu-1');
    const mistral = mustPlan(planAddTenant(m, { ...base, models: ['mistral-7b'] }));
    expect(parse(mistral.files[0]!.content).spec.placement.shard).toBe('weu-1');
    const wrongType = planAddTenant(m, { ...base, gpuType: 'nvidia-a100' });
    expect(wrongType.ok).toBe(false);
  });

  it('shared: when every pool of a type would cross the threshold, proposes a new pool and uses it', () => {
    const files = exampleFiles();
    edit(files, 'pools/search-weu-2.yaml', [{ op: 'set', path: 'spec.limit', value: 5 }]);
    // search-weu-1: 6/10 -> 7/10 = 70% (not under 70); search-weu-2: 3/5 -> 4/5 = 80%.
    const plan = mustPlan(planAddTenant(WorkspaceModel.fromFiles(files), base));
    expect(plan.files.map((f) => `${f.action} ${f.path}`)).toEqual(['create tenants/newco.yaml', 'create pools/search-westeurope-3.yaml']);
    const pool = parse(plan.files[1]!.content);
    expect(pool.spec).toEqual({ type: 'search', provider: 'azure', region: 'westeurope', limit: 5, createdAt: '2026-11-22' });
    expect(parse(plan.files[0]!.content).spec.pools.search).toBe('search-westeurope-3');
    expect(plan.notes.join('\n')).toMatch(/new pool search-westeurope-3/);
    expect(validate(applied(files, plan)).ok).toBe(true);
  });

  it('shared: exits with a clear message when no shard fits', () => {
    const r = planAddTenant(WorkspaceModel.fromFiles(exampleFiles()), { ...base, gpus: 12 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/No shard fits tenant newco \(12 GPUs.*weu-1: only 7 GPUs free; weu-2: only 9 GPUs free/);
    const nowhere = planAddTenant(WorkspaceModel.fromFiles(exampleFiles()), { ...base, region: 'brazilsouth' });
    expect(!nowhere.ok && nowhere.message).toMatch(/no shard in brazilsouth/);
    const exists = planAddTenant(WorkspaceModel.fromFiles(exampleFiles()), { ...base, name: 'acme' });
    expect(!exists.ok && exists.message).toMatch(/already exists/);
  });

  it('dedicated: proposes its own shard on the region\'s cluster, and the result validates', () => {
    const files = exampleFiles();
    const plan = mustPlan(planAddTenant(WorkspaceModel.fromFiles(files), { ...base, name: 'bigco', tier: 'dedicated', gpus: 8, gpuType: 'nvidia-h100', models: ['llama-3-8b', 'mistral-7b'] }));
    expect(plan.files.map((f) => f.path)).toEqual(['tenants/bigco.yaml', 'shards/bigco.yaml']);
    const shard = parse(plan.files[1]!.content).spec;
    expect(shard).toMatchObject({ cluster: 'aks-weu-prod', tenancy: 'dedicated', owner: 'bigco', zones: ['1', '2', '3'], capacity: { gpus: 8, gpuType: 'nvidia-h100' } });
    expect(shard.modelServers.map((s: { model: string }) => s.model)).toEqual(['llama-3-8b', 'mistral-7b']);
    const tenant = parse(plan.files[0]!.content).spec;
    expect(tenant).toMatchObject({ tier: 'dedicated', placement: { shard: 'bigco' } });
    expect(tenant.pools).toBeUndefined();
    const report = validate(applied(files, plan));
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('plan drain-shard', () => {
  it('sets the shard draining and moves each tenant once, respecting capacity, keeping comments', () => {
    const files = exampleFiles();
    const plan = mustPlan(planDrainShard(WorkspaceModel.fromFiles(files), 'eus-2'));
    expect(plan.files[0]!.path).toBe('shards/eus-2.yaml');
    expect(parse(plan.files[0]!.content).spec.state).toBe('draining');
    expect(plan.files[0]!.content).toContain('  state: draining          # active | draining | cordoned: only active shards take new tenants\n');
    const moved = plan.files.slice(1).map((f) => [f.path, parse(f.content).spec.placement.shard]);
    expect(moved.sort()).toEqual([['tenants/monarch.yaml', 'eus-1'], ['tenants/nakatomi.yaml', 'eus-1'], ['tenants/prestige.yaml', 'eus-1']]);
    expect(plan.notes).toContain('Move monarch (1 GPU) to eus-1.');
    const after = validate(applied(files, plan));
    expect(after.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(after.findings.filter((f) => f.code === 'placement.state')).toEqual([]);
  });

  it('refuses with a clear message when the tenants do not fit', () => {
    const files = edit(exampleFiles(), 'tenants/pied-piper.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 10 }]);
    const r = planDrainShard(WorkspaceModel.fromFiles(files), 'eus-2');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/Cannot drain shard eus-2: .* fits on no other active shared nvidia-h100 shard in eastus/);
    const dedicated = planDrainShard(WorkspaceModel.fromFiles(exampleFiles()), 'globex');
    expect(!dedicated.ok && dedicated.message).toMatch(/globex is dedicated/);
    expect(planDrainShard(WorkspaceModel.fromFiles(exampleFiles()), 'nope')).toEqual({ ok: false, message: 'Shard nope does not exist.' });
  });
});
