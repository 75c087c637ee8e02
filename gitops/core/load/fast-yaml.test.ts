import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { largeExample } from '../examples/large.ts';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { fastParseYaml } from './fast-yaml.ts';

/** What the full `yaml` parser gives, or undefined where it reports an error. */
function reference(text: string): unknown {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, merge: false, strict: true });
  if (doc.errors.length || doc.warnings.length) return undefined;
  return doc.toJS();
}

const plainWord = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.\/-]{0,10}$/);
const scalarText = fc.oneof(
  plainWord,
  fc.constantFrom('true', 'False', 'NULL', '~', '', 'null', '0', '-1', '+7', '012', '0o17', '0x1F', '1.5', '.5', '1.', '1e3', '-2.5E-3', '.inf', '-.Inf', '.NaN', 'yes', 'no', 'on', '2026-01-10', '8Gi', '500m', 'a b', 'x#y', 'nvidia.com/gpu', '-', '-x', 'a, b', '--model-repository=/models', '--a-b', '-x=1', '---', '--', '---x', '-[a]', '-#x', '-.5', '--1', '-- x'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/'/g, "''")}'`),
);

/** Random YAML in and around the fast subset (block maps, sequences, flow, comments). */
const yamlText: fc.Arbitrary<string> = fc.letrec<{ node: string; map: string; seq: string; flow: string }>((tie) => ({
  flow: fc.oneof(
    { depthSize: 'small' },
    scalarText,
    fc.array(tie('flow'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(plainWord, tie('flow')), { maxLength: 3 }).map((kv) => `{ ${kv.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(plainWord, fc.oneof(tie('flow'), tie('node')), fc.boolean()), { minLength: 1, maxLength: 4 }).map((entries) =>
    entries
      .map(([k, v, comment]) => (v.includes('\n') || v.startsWith('-') ? `${k}:${comment ? ' # c' : ''}\n${indent(v)}` : `${k}: ${v}${comment ? '   # note' : ''}`))
      .join('\n'),
  ),
  seq: fc.array(fc.oneof(tie('flow'), tie('map')), { minLength: 1, maxLength: 3 }).map((items) =>
    items.map((v) => (v.includes('\n') ? `- ${indent(v).trimStart()}` : `- ${v}`)).join('\n'),
  ),
})).node;

function indent(s: string): string {
  return s.split('\n').map((l) => `  ${l}`).join('\n');
}

describe('fast YAML path agrees with the yaml package', () => {
  it('on every file of the examples', () => {
    for (const files of [smallExample(), largeExample({ tenants: 200, shards: 20, pools: 10, clusters: 5 })]) {
      for (const [file, text] of files) {
        const fast = fastParseYaml(text);
        expect(fast, `${file} should take the fast path`).toBeDefined();
        expect(fast, file).toEqual(reference(text));
      }
    }
  });

  it('on random documents: same value, or it declines', () => {
    let taken = 0;
    fc.assert(
      fc.property(yamlText, fc.boolean(), (text, marker) => {
        const source = `${marker ? '---\n' : ''}${text}\n`;
        const fast = fastParseYaml(source);
        if (fast === undefined) return;
        taken++;
        expect(fast).toEqual(reference(source));
      }),
      { numRuns: Number(process.env.FAST_YAML_RUNS ?? 3000) },
    );
    expect(taken).toBeGreaterThan(1000);
  });

  it('reads rendered manifests the same way, container args such as --model-repository=/models included', () => {
    const rendered = renderWorkspace(WorkspaceModel.fromFiles(smallExample()));
    let withFlags = 0;
    for (const [file, text] of rendered) {
      const fast = fastParseYaml(text);
      if (/\/deployment-/.test(file)) {
        expect(fast, `${file} should take the fast path`).toBeDefined();
        if (/^ +- --[a-z-]+=/m.test(text)) withFlags++;
      }
      if (fast !== undefined) expect(fast, file).toEqual(reference(text));
    }
    expect(withFlags).toBeGreaterThan(0);
  });

  it('declines what it does not handle', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  text\n', 'a: b\na: c\n', 'a:\n\tb: 1\n', 'a: "x\n  y"\n', '%YAML 1.2\n---\na: 1\n', 'a: 1\n---\nb: 2\n', '? a\n: b\n', 'a: b\n  c\n', 'a: - x\n', 'a: ---\n', 'a: -- x\n']) {
      expect(fastParseYaml(text), text).toBeUndefined();
    }
  });

  it('reads the repository fixtures the same way', () => {
    const dir = path.resolve(__dirname, '../../../../shared/fixtures/kserve/examples');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const fast = fastParseYaml(text);
      if (fast !== undefined) expect(fast).toEqual(reference(text));
    }
  });
});
