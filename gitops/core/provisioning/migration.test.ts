import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { validateFiles } from '../validate/validator.ts';
import { checklistOf, cutover, planMigration } from './migration.ts';
import { parameterChanges, parameterFields, readField } from './parameters.ts';
import { azureTargetOf } from './resource-group.ts';

const files = (edit?: (files: Map<string, string>) => void) => {
  const f = smallExample();
  edit?.(f);
  return f;
};
const model = (edit?: (files: Map<string, string>) => void) => WorkspaceModel.fromFiles(files(edit));
const errors = (edit: (files: Map<string, string>) => void) => validateFiles(files(edit)).findings.filter((f) => f.severity === 'error');

describe('tier migration shared -> dedicated', () => {
  it('step 1 is the planner\'s dedicated shard; the tenant file waits for the cut-over', () => {
    const r = planMigration(model(), 'initech', '2026-12-01');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.stage).toBe('add-shard');
    expect(r.plan.shardFiles.map((f) => [f.path, f.action])).toEqual([['shards/initech.yaml', 'create']]);
    expect(r.plan.shardFiles[0]!.content).toMatch(/tenancy: dedicated\n\s+owner: initech/);
    expect(r.plan.checklist.map((i) => [i.id, i.what])).toEqual([
      ['blob:blob-weu-1', 'Blob folder initech/ in blob-weu-1'],
      ['search:search-weu-1', 'Search index initech in search-weu-1'],
    ]);
  });

  it('the workspace with the shard added still validates; the cut-over waits for every tick, then moves the tenant and drops its pools', () => {
    const r = planMigration(model(), 'initech', '2026-12-01');
    if (!r.ok) throw new Error(r.message);
    const m = model((f) => f.set('shards/initech.yaml', r.plan.shardFiles[0]!.content));
    expect(errors((f) => f.set('shards/initech.yaml', r.plan.shardFiles[0]!.content))).toEqual([]);
    expect(planMigration(m, 'initech', '2026-12-01')).toMatchObject({ ok: true, plan: { stage: 'move-data', shardFiles: [] } });
    expect(cutover(m, 'initech', new Set(['blob:blob-weu-1']))).toEqual({ ok: false, message: '1 data item is not ticked yet: Search index initech in search-weu-1.' });
    const done = cutover(m, 'initech', new Set(['blob:blob-weu-1', 'search:search-weu-1']));
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.file.content).toContain('tier: dedicated');
    expect(done.file.content).toContain('shard: initech');
    expect(done.file.content).not.toContain('pools:');
    expect(done.file.content).toContain('# Tenant Initech.');
    const both = (f: Map<string, string>) => {
      f.set('shards/initech.yaml', r.plan.shardFiles[0]!.content);
      f.set('tenants/initech.yaml', done.file.content);
    };
    const after = model(both);
    expect(errors(both)).toEqual([]);
    expect(planMigration(after, 'initech', '2026-12-01')).toMatchObject({ ok: true, plan: { stage: 'done' } });
  });

  it('refuses the cut-over before the shard is committed', () => {
    expect(cutover(model(), 'initech', new Set(checklistOf(model(), 'initech').map((i) => i.id)))).toEqual({ ok: false, message: 'Commit the dedicated shard initech first (step 1).' });
  });
});

describe('where a tenant\'s stack lives', () => {
  it('rg-gantry-<tenant> by default, the workspace pattern, then the tenant\'s own', () => {
    expect(azureTargetOf(model(), 'globex')).toMatchObject({ resourceGroup: 'rg-gantry-globex', subscriptionId: undefined, from: { resourceGroup: 'default' } });
    const ws = model((f) => f.set('gantry.yaml', `${f.get('gantry.yaml')!}  azure: { resourceGroup: 'rg-{tenant}-prod', subscriptionId: 00000000-0000-0000-0000-000000000001 }\n`));
    expect(azureTargetOf(ws, 'globex')).toMatchObject({ resourceGroup: 'rg-globex-prod', subscriptionId: '00000000-0000-0000-0000-000000000001', from: { resourceGroup: 'gantry.yaml' } });
    const own = model((f) => f.set('tenants/globex.yaml', `${f.get('tenants/globex.yaml')!}  azure: { resourceGroup: globex-stack }\n`));
    expect(azureTargetOf(own, 'globex')).toMatchObject({ resourceGroup: 'globex-stack', from: { resourceGroup: 'tenants/globex.yaml' } });
  });
});

describe('the re-run form', () => {
  const template = {
    parameters: {
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      gpuNodeCount: { type: 'int', minValue: 1, maxValue: 8, defaultValue: 2 },
      gpuNodeVmSize: { type: 'string', allowedValues: ['Standard_NC40ads_H100_v5', 'Standard_NC24ads_A100_v4'] },
      adminPassword: { type: 'securestring' },
    },
  };
  const fields = parameterFields(template, { gpuNodeCount: { value: 4 }, gpuNodeVmSize: { value: 'Standard_NC40ads_H100_v5' } }, { code: 'QuotaExceeded', summary: '', fix: '', parameterHints: ['count', 'vmsize'] });
  it('has a field per parameter with the last run\'s value, and marks the ones the error is about', () => {
    expect(fields.map((f) => [f.name, f.type, f.current, f.suspect])).toEqual([
      ['location', 'string', undefined, false], ['gpuNodeCount', 'int', 4, true], ['gpuNodeVmSize', 'string', 'Standard_NC40ads_H100_v5', true], ['adminPassword', 'securestring', undefined, false],
    ]);
  });
  it('checks values against the definition and previews what changes', () => {
    const count = fields[1]!;
    expect(readField(count, '9')).toEqual({ ok: false, message: 'gpuNodeCount must be at most 8.' });
    expect(readField(count, 'two')).toEqual({ ok: false, message: 'gpuNodeCount must be a whole number.' });
    expect(readField(fields[2]!, 'Standard_D4')).toEqual({ ok: false, message: 'gpuNodeVmSize must be one of Standard_NC40ads_H100_v5, Standard_NC24ads_A100_v4.' });
    expect(readField(fields[3]!, '')).toEqual({ ok: false, message: 'adminPassword is required.' });
    expect(parameterChanges(fields, { gpuNodeCount: 2, gpuNodeVmSize: 'Standard_NC40ads_H100_v5', adminPassword: 'x' })).toEqual([
      { name: 'gpuNodeCount', before: '4', after: '2', secure: false },
      { name: 'adminPassword', before: '******', after: '****** (new value)', secure: true },
    ]);
  });
});
