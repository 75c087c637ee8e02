import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { largeExample } from '../examples/large.ts';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { Renderer } from './renderer.ts';
import { canonical } from './serialize.ts';
import { emitYaml, toYaml } from './emit-yaml.ts';
import { parseAllDocuments } from 'yaml';

const reference = (v: unknown) => stringify(v, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false });

describe('fast YAML emitter', () => {
  it('prints every rendered object exactly as the yaml package does, and handles nearly all of them itself', () => {
    let fast = 0;
    let total = 0;
    for (const files of [smallExample(), largeExample({ tenants: 400, shards: 40, pools: 10, clusters: 5 })]) {
      for (const [, content] of new Renderer(WorkspaceModel.fromFiles(files)).renderAll()) {
        for (const doc of parseAllDocuments(content)) {
          const obj = canonical(doc.toJS());
          total++;
          expect(toYaml(obj)).toBe(reference(obj));
          try {
            emitYaml(obj);
            fast++;
          } catch {
            // Falls back to the yaml package: still identical (checked above).
          }
        }
      }
    }
    expect(fast / total).toBeGreaterThan(0.9);
  });

  it('hands unusual values to the yaml package', () => {
    for (const v of [
      { a: 'yes: no' }, { a: '' }, { a: '123' }, { a: 'true' }, { a: ' lead' }, { a: '#x' }, { a: 'x #y' }, { a: 'a\n b' }, { a: 'ünïcode' },
      { a: [['nested']] }, { a: '~' }, { a: 'null' }, { a: '0x1F' }, { a: '.inf' }, { a: '1e3' }, { a: '0o17' }, { a: 'False' }, { a: '-12' }, { a: '1.' }, { a: 'multi\nline\n' }, { a: 'no-newline\nend' }, { a: -0.5 }, { a: null }, { a: { b: [] } }, { 'we ird': 1 },
    ]) {
      expect(toYaml(v)).toBe(reference(v));
    }
  });
});
