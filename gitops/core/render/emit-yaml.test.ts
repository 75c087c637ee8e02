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
    for (const files of [smallExample(), largeExample({ tenants: 60, shards: 8, pools: 4, clusters: 4 })]) {
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

describe('fast YAML emitter on its own', () => {
  // The rendered manifests are printed by emitYaml itself: every value here must come out as the yaml package prints it.
  const handled: unknown[] = [
    { a: 'plain', b: 'A_b.c/d=e+f-g', c: 'two words', d: 'k:v', e: 'x y:z', f: '/health', g: '_x', h: '.x', i: '1.2.3', j: 'nvidia.com/gpu', k: 'llama-3-8b', l: 'a=b', m: 'a+b', n: 'v0.8.5' },
    { quoted: ['', '123', '-12', '+3', '1.5', '12.5', '.55', '1e10', '2.5e+10', '.5', '1.', '1e3', '2E-4', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~', '0x1F', '0o17', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN'] },
    { n: 0, m: -7, f: 0.25, g: -0.5, t: true, u: false, z: null, e: [], o: {} },
    { list: [1, 'x', null, true, [], {}, { a: 1, b: { c: [2, 3] } }], deep: { deeper: { deepest: 'x' } } },
    { text: '{\n"a": 1\n}\n', noEnd: 'first\nsecond', blank: 'a\n\nb\n' },
    { 'apps/v1': 1, 'gantry.dev/x': 'y', 'we ird': 2 },
    { skipped: undefined, kept: 1 },
    [{ name: 'a', value: 'b' }, 'x', 3],
    [],
    {},
    { only: undefined },
  ];
  for (const v of handled) {
    it(`prints ${JSON.stringify(v)?.slice(0, 60)} itself, as the yaml package does`, () => {
      expect(emitYaml(v)).toBe(reference(v));
    });
  }

  it('prints command-line flags (a leading - or -- before a letter) plain, and every short string it prints itself as the yaml package does', () => {
    const flags = { args: ['--model-repository=/models', '--load-model=llama-3-8b', '--model', '-x', '--port', '-a:b', '--x -y', '-e1', '-nan', '-inf'] };
    expect(emitYaml(flags)).toBe(reference(flags));
    expect(emitYaml(flags)).toContain('  - --model-repository=/models\n');
    // Every string of up to 4 characters over these letters, as a key, a value and a list item.
    const alphabet = ['-', 'a', '1', ' ', ':', '.', '=', 'e'];
    let strings = [''];
    let checked = 0;
    for (let len = 1; len <= 4; len++) {
      strings = strings.flatMap((s) => alphabet.map((c) => s + c));
      for (const s of strings) {
        for (const v of [{ a: s }, { [s]: 1 }, { a: [s] }]) {
          let fast: string;
          try {
            fast = emitYaml(v);
          } catch {
            continue;
          }
          checked++;
          expect(fast, JSON.stringify(v)).toBe(reference(v));
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('leaves values that are not maps or lists to the yaml package', () => {
    for (const v of ['x', 1, null, true]) expect(emitYaml(v)).toBe(reference(v));
  });

  // Anything it cannot print for sure goes to the yaml package: the bytes still match.
  const unusual: unknown[] = [
    { a: '-x' }, { a: 'a  b' }, { a: 'a b ' }, { a: 'a:' }, { a: 'a: b' }, { a: '@x' }, { a: '`x' }, { a: 'a,b' }, { a: '[x' }, { a: '{x' }, { a: '*x' }, { a: '&x' },
    { a: '!x' }, { a: '%x' }, { a: '|x' }, { a: '>x' }, { a: "'x" }, { a: '"x' }, { a: '?x' }, { a: 'x?' }, { a: 'a#b' }, { a: 'tab\tx' }, { a: ':x' }, { a: 'x :y' },
    { a: Infinity, b: -Infinity, c: Number.NaN }, { a: [undefined, 1] }, { a: [['x'], 'y'] }, { a: ['multi\nline'] }, { 'k: v': 1 }, { '': 1 }, { 'x:': 1 },
    { a: 'ü\nx' }, { a: ' x\ny' }, { a: 'x\n y' }, { a: 'x \ny' }, { a: '\nx' }, { a: 'x\n\n' }, { a: 'x\ty\nz' }, { a: 'x\r\ny' }, { a: () => 1 }, { a: 10n },
    { nested: { deeper: [{ a: 'yes: no' }] } },
  ];
  it('hands unusual values to the yaml package, with the same bytes', () => {
    for (const v of unusual) {
      let expected: string;
      try {
        expected = reference(v);
      } catch {
        continue;
      }
      expect(toYaml(v), JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))).toBe(expected);
    }
  });

  it('prints an object met twice in full both times, with no anchors', () => {
    const shared = { key: 'x', values: ['1'] };
    const v = { a: shared, b: [shared], c: 'yes: no', d: 'x'.repeat(120) };
    expect(toYaml(v)).toBe(reference(v));
    expect(toYaml(v)).not.toContain('&');
    expect(toYaml(v)).toContain(`d: ${'x'.repeat(120)}\n`);
    expect(toYaml({ list: [shared, shared], text: '- odd' })).toBe('list:\n  - key: x\n    values:\n      - "1"\n  - key: x\n    values:\n      - "1"\ntext: "- odd"\n');
  });
});
