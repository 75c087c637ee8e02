import { describe, expect, it } from 'vitest';
import { exampleFiles } from '../__fixtures__/workspace-files.ts';
import { largeExample } from '../examples/large.ts';
import { placedGpus } from '../model/capacity.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { completeAt, hoverAt, type WorkspaceFacts } from './yaml-assist.ts';

/** The workspace as the app's rows show it, from the model. */
function factsOf(files: Map<string, string>): WorkspaceFacts {
  const m = WorkspaceModel.fromFiles(files);
  return {
    shards: m.objects('Shard').map((s) => ({
      name: s.name, region: s.spec.region, cluster: s.spec.cluster, tenancy: s.spec.tenancy, owner: s.spec.owner, state: s.spec.state,
      gpuType: s.spec.capacity.gpuType, capacityGpus: s.spec.capacity.gpus, placedGpus: placedGpus(m, s.name), models: [...new Set(s.spec.modelServers.map((x) => x.model))].sort(),
    })),
    pools: m.objects('ResourcePool').map((p) => ({ name: p.name, type: p.spec.type, region: p.spec.region, limit: p.spec.limit, used: [...m.referrers('tenantsByPool', p.name)].length })),
    clusters: m.objects('Cluster').map((c) => ({ name: c.name, region: c.spec.region })),
    tenants: m.objects('Tenant').map((t) => ({ name: t.name, shard: t.spec.placement.shard, gpus: t.spec.quotas.gpus })),
  };
}

const files = exampleFiles();
const facts = factsOf(files);
const acme = files.get('tenants/acme.yaml')!;

/** Text with `from` replaced by `to`, and the offset of `‸` (the cursor) in `to` (the files' comments hold `|`). */
function typed(text: string, from: RegExp, to: string) {
  const replaced = text.replace(from, to);
  const offset = replaced.indexOf('‸');
  return { text: replaced.slice(0, offset) + replaced.slice(offset + 1), offset };
}

describe('completeAt: values from the workspace, not words from the file', () => {
  it('spec.region offers the regions where clusters run', () => {
    const { text, offset } = typed(acme, /region: westeurope/, 'region: ‸');
    const c = completeAt('Tenant', 'acme', text, offset, facts)!;
    expect(c.items.map((i) => i.label)).toEqual(['eastus', 'swedencentral', 'westeurope']);
    expect(c.items.find((i) => i.label === 'westeurope')!.documentation).toContain('cluster aks-weu-prod');
    // Not a word of the file (acme, search-weu-1, premium ...).
    expect(c.items.map((i) => i.label)).not.toContain('premium');
  });

  it('typing "ea" keeps the regions that start with it, and the range is the typed token', () => {
    const { text, offset } = typed(acme, /region: westeurope/, 'region: ea‸');
    const c = completeAt('Tenant', 'acme', text, offset, facts)!;
    expect(c.items.map((i) => i.label)).toEqual(['eastus']);
    expect(text.slice(c.from, c.to)).toBe('ea');
  });

  it('spec.placement.shard offers the shards that fit the tenant (region, tenancy, state, GPUs), most free first, with their free GPUs', () => {
    const { text, offset } = typed(acme, /shard: weu-1/, 'shard: ‸');
    const c = completeAt('Tenant', 'acme', text, offset, facts)!;
    // globex is dedicated, eus/sdc are in other regions.
    expect(c.items.map((i) => i.label).sort()).toEqual(['weu-1', 'weu-2']);
    const weu1 = facts.shards.find((s) => s.name === 'weu-1')!;
    const own = 4;
    expect(c.items.find((i) => i.label === 'weu-1')!.detail).toBe(`${weu1.capacityGpus! - weu1.placedGpus! + own} of ${weu1.capacityGpus} GPUs free · westeurope · shared`);
    const free = c.items.map((i) => Number(i.detail.split(' ')[0]));
    expect(free).toEqual([...free].sort((a, b) => b - a));
  });

  it('a tenant asking for more GPUs than any shard has free gets the region\'s shards with the reason', () => {
    const big = acme.replace(/gpus: 4/, 'gpus: 15');
    const { text, offset } = typed(big, /shard: weu-1/, 'shard: ‸');
    const c = completeAt('Tenant', 'acme', text, offset, facts)!;
    expect(c.items.length).toBeGreaterThan(0);
    expect(c.items.every((i) => i.detail.startsWith('does not fit: '))).toBe(true);
    expect(c.items.find((i) => i.label === 'globex')!.detail).toContain('dedicated to globex');
  });

  it('spec.pools.search offers the search pools of the tenant\'s region; spec.models the models its shard serves', () => {
    const p = typed(acme, /search: search-weu-1/, 'search: ‸');
    expect(completeAt('Tenant', 'acme', p.text, p.offset, facts)!.items.map((i) => i.label).sort()).toEqual(['search-weu-1', 'search-weu-2']);
    const m = typed(acme, /models: \[llama-3-8b, mistral-7b\]/, 'models: [llama-3-8b, ‸]');
    expect(completeAt('Tenant', 'acme', m.text, m.offset, facts)!.items.map((i) => i.label)).toEqual(['llama-3-8b', 'mistral-7b']);
  });

  it('a shard\'s failoverShard offers the other shards of its region; cluster the clusters, its region first', () => {
    const weu1 = files.get('shards/weu-1.yaml')!;
    const f = typed(weu1, /failoverShard: weu-2/, 'failoverShard: ‸');
    expect(completeAt('Shard', 'weu-1', f.text, f.offset, facts)!.items.map((i) => i.label).sort()).toEqual(['globex', 'weu-2']);
    const c = typed(weu1, /cluster: aks-weu-prod/, 'cluster: ‸');
    expect(completeAt('Shard', 'weu-1', c.text, c.offset, facts)!.items[0]!.label).toBe('aks-weu-prod');
  });

  it('leaves keys and fields it knows nothing of to the schema (undefined)', () => {
    const k = typed(acme, /region: westeurope/, 'reg‸ion: westeurope');
    expect(completeAt('Tenant', 'acme', k.text, k.offset, facts)).toBeUndefined();
    const d = typed(acme, /displayName: Acme Corp/, 'displayName: ‸');
    expect(completeAt('Tenant', 'acme', d.text, d.offset, facts)).toBeUndefined();
  });

  it('on the large workspace, a shard list holds at most 200 fitting shards of the region', () => {
    const big = largeExample();
    const bf = factsOf(big);
    const file = [...big.keys()].find((f) => f.startsWith('tenants/'))!;
    const { text, offset } = typed(big.get(file)!, /shard: (\S+)/, 'shard: ‸');
    const c = completeAt('Tenant', file.slice(8, -5), text, offset, bf)!;
    expect(c.items.length).toBeGreaterThan(0);
    expect(c.items.length).toBeLessThanOrEqual(200);
    const region = /region: (\S+)/.exec(text)![1];
    for (const i of c.items) expect(bf.shards.find((s) => s.name === i.label)!.region).toBe(region);
  });
});

describe('hoverAt', () => {
  it('a shard: region, cluster, free GPUs and models, and whether it fits this tenant', () => {
    const i = acme.indexOf('shard: weu-1') + 'shard: we'.length;
    const h = hoverAt('Tenant', 'acme', acme, i, facts)!;
    expect(h.markdown).toContain('**Shard weu-1** — westeurope, cluster aks-weu-prod, shared');
    expect(h.markdown).toContain('serves llama-3-8b, mistral-7b');
    expect(h.markdown).toContain('Fits this tenant.');
    expect(acme.slice(h.from, h.to)).toBe('weu-1');
  });

  it('an unknown region: eastuss, did you mean eastus', () => {
    const { text, offset } = typed(acme, /region: westeurope/, 'region: eastu‸ss');
    expect(hoverAt('Tenant', 'acme', text, offset, facts)!.markdown).toBe('**Unknown region eastuss** — did you mean **eastus**?');
  });

  it('a region, a pool and a model', () => {
    const r = hoverAt('Tenant', 'acme', acme, acme.indexOf('region: westeurope') + 10, facts)!;
    expect(r.markdown).toMatch(/^\*\*Region westeurope\*\* — cluster aks-weu-prod · 3 shards · \d+ GPUs free on active shared shards$/);
    const p = hoverAt('Tenant', 'acme', acme, acme.indexOf('search-weu-1') + 2, facts)!;
    expect(p.markdown).toMatch(/^\*\*Pool search-weu-1\*\* — search in westeurope · \d+ of 10 tenants$/);
    const m = hoverAt('Tenant', 'acme', acme, acme.indexOf('mistral-7b]') + 4, facts)!;
    expect(m.markdown).toContain('**Model mistral-7b** — served by');
  });

  it('nothing on a key or a plain field', () => {
    expect(hoverAt('Tenant', 'acme', acme, acme.indexOf('region:') + 2, facts)).toBeUndefined();
    expect(hoverAt('Tenant', 'acme', acme, acme.indexOf('Acme Corp') + 2, facts)).toBeUndefined();
  });
});
