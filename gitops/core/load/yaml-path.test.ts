import { parseAllDocuments, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { largeExample } from '../examples/large.ts';
import { smallExample } from '../examples/small.ts';
import { offsetOfPath, quickOffsetOfPath, type PathSegments } from './yaml-path.ts';

/** The paths findings name, and some that are not there. */
const PATHS: PathSegments[] = [
  ['metadata', 'name'],
  ['spec', 'routing', 'failoverShard'],
  ['spec', 'capacity', 'gpus'],
  ['spec', 'capacity', 'gpuType'],
  ['spec', 'zones'],
  ['spec', 'quotas', 'gpus'],
  ['spec', 'placement', 'shard'],
  ['spec', 'region'],
  ['spec', 'owner'],
  ['spec', 'nothing', 'here'],
  ['spec', 'modelServers', 0, 'model'],
];

function fullOffset(text: string, path: PathSegments): number | undefined {
  const doc = (parseAllDocuments(text) as unknown as Document[]).find((d) => d.contents !== null)!;
  return offsetOfPath(doc, path);
}

describe('quickOffsetOfPath', () => {
  it('gives what offsetOfPath gives on every spec file of the examples, or leaves it to it', () => {
    const files = [...smallExample(), ...[...largeExample({ tenants: 200, shards: 40, pools: 10, clusters: 3 })].slice(0, 300)];
    let quick = 0;
    for (const [file, text] of files) {
      if (!file.endsWith('.yaml') || file.startsWith('rendered/')) continue;
      for (const path of PATHS) {
        const q = quickOffsetOfPath(text, path);
        if (q === undefined) continue;
        quick++;
        expect(q, `${file} ${path.join('.')}`).toBe(fullOffset(text, path));
      }
    }
    expect(quick).toBeGreaterThan(500);
  });

  it('leaves flow style, sequences, quoted keys it cannot be sure of and several documents to the parser', () => {
    expect(quickOffsetOfPath('spec: { a: 1 }\n', ['spec', 'a'])).toBeUndefined();
    expect(quickOffsetOfPath('spec:\n  - a: 1\n', ['spec', 'a'])).toBeUndefined();
    expect(quickOffsetOfPath('a: 1\n---\nb: 2\n', ['b'])).toBeUndefined();
    expect(quickOffsetOfPath('spec:\n  other:\n    a: 1\n  a: 2\n', ['spec', 'a'])).toBe(fullOffset('spec:\n  other:\n    a: 1\n  a: 2\n', ['spec', 'a']));
    expect(quickOffsetOfPath('spec:\n  # note\n  "a": 1\n', ['spec', 'a'])).toBe(fullOffset('spec:\n  # note\n  "a": 1\n', ['spec', 'a']));
    expect(quickOffsetOfPath('other:\n  a: 1\nspec:\n  b: 2\n', ['spec', 'a'])).toBeUndefined();
  });
});
