import { describe, expect, it } from 'vitest';
import { valueAt } from './yaml-cursor.ts';

/** `|` marks the cursor. */
function at(src: string) {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  return { text, cursor: valueAt(text, offset) };
}

const tenant = `apiVersion: platform.gantry.dev/v1alpha1
kind: Tenant
metadata:
  name: acme
spec:
  region: |
  quotas:
    gpus: 4
  placement:
    shard: weu-1
  models:
    - llama-3-8b
  pools:
    search: search-weu-1
`;

describe('valueAt', () => {
  it('an empty value after "region: " is spec.region with nothing typed', () => {
    const { cursor } = at(tenant);
    expect(cursor).toMatchObject({ path: ['spec', 'region'], prefix: '', value: '' });
  });

  it('a value being typed: the prefix up to the cursor and the whole token to replace', () => {
    const { text, cursor } = at(tenant.replace('region: |', 'region: eas|tuss # data residency'));
    expect(cursor).toMatchObject({ path: ['spec', 'region'], prefix: 'eas', value: 'eastuss' });
    expect(text.slice(cursor!.from, cursor!.to)).toBe('eastuss');
  });

  it('nested keys, list items and map entries', () => {
    const base = tenant.replace('region: |', 'region: westeurope');
    expect(at(base.replace('shard: weu-1', 'shard: weu|-1')).cursor).toMatchObject({ path: ['spec', 'placement', 'shard'], prefix: 'weu', value: 'weu-1' });
    expect(at(base.replace('- llama-3-8b', '- llama-3-8b\n    - |')).cursor).toMatchObject({ path: ['spec', 'models', 1], prefix: '' });
    expect(at(base.replace('- llama-3-8b', '- lla|ma-3-8b')).cursor).toMatchObject({ path: ['spec', 'models', 0], prefix: 'lla', value: 'llama-3-8b' });
    expect(at(base.replace('search: search-weu-1', 'search: |')).cursor).toMatchObject({ path: ['spec', 'pools', 'search'] });
    expect(at(base.replace('gpus: 4', 'gpus: 4|')).cursor).toMatchObject({ path: ['spec', 'quotas', 'gpus'], value: '4' });
  });

  it('a flow list item: models: [a, |]', () => {
    const { cursor } = at(tenant.replace('region: |', 'region: x').replace('models:\n    - llama-3-8b', 'models: [llama-3-8b, mis|]'));
    expect(cursor).toMatchObject({ path: ['spec', 'models', 1], prefix: 'mis', value: 'mis' });
  });

  it('keys inside list items of mappings (the modelServers of a shard)', () => {
    const shard = `kind: Shard
spec:
  modelServers:
    - name: llama
      model: llama-3-8b
    - name: mistral
      model: mis|
  routing:
    failoverShard: weu-2
`;
    expect(at(shard).cursor).toMatchObject({ path: ['spec', 'modelServers', 1, 'model'], prefix: 'mis' });
    expect(at(shard.replace('model: mis|', 'model: mistral').replace('- name: mistral', '- name: mis|tral')).cursor).toMatchObject({ path: ['spec', 'modelServers', 1, 'name'] });
    expect(at(shard.replace('model: mis|', 'model: m').replace('failoverShard: weu-2', 'failoverShard: w|')).cursor).toMatchObject({ path: ['spec', 'routing', 'failoverShard'], prefix: 'w' });
  });

  it('a flow map entry: pools: { search: p, blob: | }', () => {
    const { text, cursor } = at(tenant.replace('region: |', 'region: x').replace('pools:\n    search: search-weu-1', 'pools: { search: search-weu-1, blob: bl|ob-weu-1 }'));
    expect(cursor).toMatchObject({ path: ['spec', 'pools', 'blob'], prefix: 'bl', value: 'blob-weu-1' });
    expect(text.slice(cursor!.from, cursor!.to)).toBe('blob-weu-1');
    expect(at(tenant.replace('region: |', 'region: x').replace('pools:\n    search: search-weu-1', 'pools: { sea|rch: p }')).cursor).toBeUndefined();
  });

  it('an empty value before a trailing comment goes right after "key: "', () => {
    const { text, cursor } = at(tenant.replace('region: |', 'region: |   # data residency'));
    expect(cursor).toMatchObject({ path: ['spec', 'region'], prefix: '', value: '' });
    expect(cursor!.from).toBe(text.indexOf('region: ') + 'region: '.length);
  });

  it('nothing on a key, a comment or a blank line', () => {
    expect(at(tenant.replace('region: |', 'reg|ion: x')).cursor).toBeUndefined();
    expect(at(tenant.replace('region: |', '# a comment|')).cursor).toBeUndefined();
    expect(at(tenant.replace('region: |', '|')).cursor).toBeUndefined();
  });
});
