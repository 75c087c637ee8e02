import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { editYamlText } from './yaml-edit.ts';
import { exampleFiles } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { Validator } from '../validate/validator.ts';
import { locatePath, relatedFindings, tenantRefs } from './related-findings.ts';

/** The small example, acme edited (unsaved) to `gpus`, validated as the host validates a draft. */
function editAcme(gpus: number) {
  const files = exampleFiles();
  const v = new Validator(WorkspaceModel.fromFiles(files));
  const text = editYamlText(files.get('tenants/acme.yaml')!, [{ op: 'set', path: 'spec.quotas.gpus', value: gpus }]);
  v.update('tenants/acme.yaml', text);
  const fileOf = (kind: 'Shard' | 'ResourcePool', name: string) => v.model.get(kind, name)?.file;
  const refs = tenantRefs(parseDocument(text).toJS() as Record<string, unknown>);
  return { v, text, refs, related: relatedFindings('tenants/acme.yaml', text, refs, v.findings(), fileOf) };
}

describe('relatedFindings: what a tenant edit causes on its shard, shown on the tenant', () => {
  it('acme at 60 GPUs takes weu-1 over capacity: the shard has the error, and the tenant gets it at spec.quotas.gpus, on the gpus line', () => {
    const { v, text, related } = editAcme(60);
    // The rule puts the error on the shard only (as SPEC-FORMAT says)…
    expect(v.findingsOf('tenants/acme.yaml').map((f) => f.code)).not.toContain('shard.capacity.exceeded');
    expect(v.findingsOf('shards/weu-1.yaml').map((f) => f.code)).toContain('shard.capacity.exceeded');
    // …and the editor shows it on the field that caused it.
    const over = related.find((f) => f.code === 'shard.capacity.exceeded')!;
    expect(over).toMatchObject({ severity: 'error', file: 'tenants/acme.yaml', path: 'spec.quotas.gpus', from: { file: 'shards/weu-1.yaml' } });
    expect(over.message).toMatch(/^With this tenant's 60 GPUs \(shard weu-1\): Tenants on shard weu-1 ask for \d+ GPUs but it has \d+/);
    const line = text.split('\n')[over.line! - 1]!;
    expect(line.trim()).toBe('gpus: 60');
    expect(over.column).toBe(line.indexOf('gpus') + 1);
  });

  it('acme back to its own GPUs: nothing related', () => {
    const files = exampleFiles();
    const gpus = (parseDocument(files.get('tenants/acme.yaml')!).toJS() as { spec: { quotas: { gpus: number } } }).spec.quotas.gpus;
    const { related } = editAcme(gpus);
    expect(related.filter((f) => f.code === 'shard.capacity.exceeded')).toEqual([]);
  });

  it('a tenant with no GPUs is not blamed for its shard being full', () => {
    const { v, text } = editAcme(60);
    const fileOf = (kind: 'Shard' | 'ResourcePool', name: string) => v.model.get(kind, name)?.file;
    expect(relatedFindings('tenants/acme.yaml', text, { shard: 'weu-1', gpus: 0 }, v.findings(), fileOf)).toEqual([]);
  });

  it('a pool over its limit shows at spec.pools.<type> of a tenant in it', () => {
    const findings = [{ code: 'pool.limit.exceeded' as const, severity: 'error' as const, file: 'pools/search-weu-1.yaml', path: 'spec.limit', message: 'Pool search-weu-1 holds 9 tenants but its limit is 8; move tenants.', line: 7 }];
    const text = 'apiVersion: gantry.dev/v1\nkind: Tenant\nmetadata:\n  name: t\nspec:\n  pools:\n    search: search-weu-1\n';
    const got = relatedFindings('tenants/t.yaml', text, { pools: { search: 'search-weu-1' } }, findings, (k, n) => (k === 'ResourcePool' && n === 'search-weu-1' ? 'pools/search-weu-1.yaml' : undefined));
    expect(got).toEqual([{ ...findings[0], file: 'tenants/t.yaml', path: 'spec.pools.search', message: `With this tenant (pool search-weu-1): ${findings[0]!.message}`, line: 7, column: 5, from: { file: 'pools/search-weu-1.yaml', line: 7 } }]);
  });
});

describe('tenantRefs and locatePath', () => {
  it('reads shard, GPUs and pools, and ignores malformed values', () => {
    expect(tenantRefs({ spec: { placement: { shard: 'weu-1' }, quotas: { gpus: 4 }, pools: { search: 'p', blob: 3 } } })).toEqual({ shard: 'weu-1', gpus: 4, pools: { search: 'p' } });
    expect(tenantRefs({ spec: 'x' })).toEqual({});
    expect(tenantRefs(undefined)).toEqual({});
  });

  it('finds a key in flow style through the parser, and says undefined for text that does not parse', () => {
    expect(locatePath('spec: { quotas: { gpus: 3 } }\n', ['spec', 'quotas', 'gpus'])).toEqual({ line: 1, column: 19 });
    expect(locatePath('spec: [\n', ['spec', 'quotas'])).toBeUndefined();
  });
});
