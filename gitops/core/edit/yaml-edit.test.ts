import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editYamlText, YamlEditError, type YamlEdit } from './yaml-edit.ts';

const COMMENTED = `# Tenant acme: our first customer.
# Owner: platform team (#gpu-capacity)
apiVersion: platform.gantry.dev/v1alpha1
kind: Tenant
metadata:
  name: acme   # keep in sync with the file name

spec:
  displayName: "Acme Corp"
  tier: shared            # shared | dedicated
  plan: premium           # contract 2026-114
  region: westeurope
  latencyTargetMs: 100
  models: [llama-3-8b]    # mistral after the pilot
  quotas:
    gpus: 2               # raised in Q3
    gpuType: nvidia-h100
    cpu: "8"
    memory: 32Gi

  # Placement is reviewed monthly.
  placement:
    shard: weu-1
  pools: { search: search-weu-2, blob: blob-weu-1 }
`;

const comments = (text: string) => text.split('\n').map((l) => l.slice(l.indexOf('#'))).filter((l) => l.startsWith('#'));

describe('round-trip editing keeps comments, blank lines and key order', () => {
  it('changing scalars touches only those lines', () => {
    const out = editYamlText(COMMENTED, [
      { op: 'set', path: 'spec.quotas.gpus', value: 4 },
      { op: 'set', path: 'spec.tier', value: 'dedicated' },
      { op: 'set', path: 'spec.displayName', value: 'Acme Corporation' },
    ]);
    const before = COMMENTED.split('\n');
    const after = out.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.map((l, i) => (l === before[i] ? null : i)).filter((i) => i !== null);
    expect(changed).toHaveLength(3);
    expect(after[15]).toBe('    gpus: 4               # raised in Q3');
    // The comment column stays where the person aligned it.
    expect(after[9]).toBe('  tier: dedicated         # shared | dedicated');
    expect(after[8]).toBe('  displayName: "Acme Corporation"');
    expect(parse(out).spec.quotas.gpus).toBe(4);
  });

  it('adding, appending and deleting keep every other line as written', () => {
    const out = editYamlText(COMMENTED, [
      { op: 'append', path: 'spec.models', value: 'mistral-7b' },
      { op: 'set', path: 'spec.quotas.tokensPerMinute', value: 100000 },
      { op: 'delete', path: 'spec.pools.blob' },
      { op: 'set', path: 'spec.placement', value: { shard: 'weu-2' } },
    ]);
    expect(comments(out)).toEqual(comments(COMMENTED));
    expect(out).toContain('\n\n  # Placement is reviewed monthly.\n');
    expect(out).toContain('    gpus: 2               # raised in Q3\n');
    const doc = parse(out);
    expect(doc.spec.models).toEqual(['llama-3-8b', 'mistral-7b']);
    expect(doc.spec.quotas.tokensPerMinute).toBe(100000);
    expect(doc.spec.pools).toEqual({ search: 'search-weu-2' });
    expect(doc.spec.placement).toEqual({ shard: 'weu-2' });
    expect(Object.keys(doc.spec)).toEqual(['displayName', 'tier', 'plan', 'region', 'latencyTargetMs', 'models', 'quotas', 'placement', 'pools']);
  });

  it('an edit of invalid YAML is refused and the text is not touched', () => {
    expect(() => editYamlText('spec: [broken\n', [{ op: 'set', path: 'spec.a', value: 1 }])).toThrow(YamlEditError);
  });

  it('many edits in a row keep comments (switching form and YAML back and forth)', () => {
    let text = COMMENTED;
    for (let i = 0; i < 30; i++) {
      text = editYamlText(text, [{ op: 'set', path: 'spec.quotas.gpus', value: i % 5 }, { op: 'set', path: 'spec.latencyTargetMs', value: 100 + i }]);
    }
    expect(comments(text)).toEqual(comments(COMMENTED));
    expect(text.split('\n')).toHaveLength(COMMENTED.split('\n').length);
  });
});

describe('a document nested too deep to parse safely', () => {
  it('refuses the edit with a message instead of overflowing the stack', () => {
    const deep = `spec:\n  x: ${'['.repeat(100_000)}\n`;
    expect(() => editYamlText(deep, [{ op: 'set', path: 'spec.y', value: 1 }])).toThrow(YamlEditError);
    expect(() => editYamlText(deep, [{ op: 'set', path: 'spec.y', value: 1 }])).toThrow(/nested deeper than 100 levels/);
  });
});

// The file as a person keeps it: aligned comments, quoted and block scalars, a flow map, an empty section.
const STYLED = `spec:
  tier: shared            # shared | dedicated
  name: 'acme'  # quoted
  cpu: "8"      # cores
  notes: |
    line one
    line two
  folded: >
    a b
  pools: { search: search-weu-2, blob: blob-weu-1 }
  quotas:       # filled in later
  models:
    - a
`;

/** STYLED with one line (0-based) replaced by `lines`. */
const styledWith = (index: number, ...lines: string[]) => {
  const out = STYLED.split('\n');
  out.splice(index, 1, ...lines);
  return out.join('\n');
};

describe('scalar edits write the value the way the person would have', () => {
  it.each<[string, string, unknown, string[]]>([
    ['null keeps the comment column', 'spec.tier', null, ['  tier: null              # shared | dedicated']],
    ['a single-quoted string stays single-quoted', 'spec.name', 'bob', ["  name: 'bob'   # quoted"]],
    ['a number replaces a quoted string as a number', 'spec.cpu', 16, ['  cpu: 16       # cores']],
    ['true stays a boolean', 'spec.cpu', true, ['  cpu: true     # cores']],
    // Fixed: NaN and Infinity were written as `NaN` / `Infinity`, which YAML reads back as strings.
    ['NaN is written so that it reads back as a number', 'spec.cpu', Number.NaN, ['  cpu: .nan     # cores']],
    ['Infinity likewise', 'spec.cpu', Number.NEGATIVE_INFINITY, ['  cpu: -.inf    # cores']],
    ['a string that looks like a number stays a string', 'spec.tier', '42', ['  tier: "42"              # shared | dedicated']],
    ['a value longer than the padding pushes the comment one space after it', 'spec.tier', 'dedicated-with-a-long-name', ['  tier: dedicated-with-a-long-name # shared | dedicated']],
  ])('%s', (_, path, value, lines) => {
    const index = path === 'spec.tier' ? 1 : path === 'spec.name' ? 2 : 3;
    expect(editYamlText(STYLED, [{ op: 'set', path, value }])).toBe(styledWith(index, ...lines));
  });

  it('a long value inside a flow map is written on its line, keeping the map as written', () => {
    const long = `${'word '.repeat(20)}end`;
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.pools.search', value: long }])).toBe(styledWith(9, `  pools: { search: ${long}, blob: blob-weu-1 }`));
  });

  it('a literal block stays a literal block', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.notes', value: 'new one\nnew two\n' }])).toBe(styledWith(5, '    new one').replace('    line two', '    new two'));
  });

  it('a one-line value in a literal block stays a literal block', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.notes', value: 'just one' }])).toBe(styledWith(4, '  notes: |-', '    just one').replace('    line one\n    line two\n', ''));
  });

  // Fixed: a number (or true, or null) spliced over a block scalar ate the line break after it
  // (`notes: 5  folded: >`), leaving YAML that no longer parses.
  it('a number replaces a literal block on one line', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.notes', value: 5 }])).toBe(styledWith(4, '  notes: 5').replace('    line one\n    line two\n', ''));
  });

  it('a folded block stays a folded block', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.folded', value: 'x y' }])).toBe(styledWith(7, '  folded: >-').replace('    a b', '    x y'));
  });

  it('a value with a line break keeps the inline comment and reads back as written', () => {
    const out = editYamlText(STYLED, [{ op: 'set', path: 'spec.tier', value: 'a\nb' }]);
    expect(out).toBe(styledWith(1, '  tier: a', '', '    b # shared | dedicated'));
    expect(parse(out).spec.tier).toBe('a\nb');
  });

  it('a mapping replaces a scalar', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.tier', value: { name: 'shared' } }])).toBe(styledWith(1, '  tier:', '    name: shared'));
  });
});

describe('structure edits', () => {
  it('a new mapping or list at a new key is written in block style at the end of its parent', () => {
    const out = editYamlText(STYLED, [{ op: 'set', path: 'spec.extra', value: { a: 1 } }, { op: 'set', path: 'spec.more.deeply.nested', value: [1] }]);
    expect(out).toBe(`${STYLED}  extra:\n    a: 1\n  more:\n    deeply:\n      nested:\n        - 1\n`);
  });

  it('replacing a flow map or a block list keeps its style', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.pools', value: { search: 'x' } }])).toBe(styledWith(9, '  pools: {search: x}'));
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.models', value: ['b', 'c'] }])).toBe(styledWith(12, '    - b', '    - c'));
  });

  it('an empty document gets its first field', () => {
    expect(editYamlText('', [{ op: 'set', path: 'kind', value: 'Tenant' }])).toBe('kind: Tenant\n');
    expect(editYamlText('~\n', [{ op: 'set', path: 'kind', value: 'Tenant' }])).toBe('kind: Tenant\n');
  });

  it('a mapping replaced by a scalar is written plainly', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.pools', value: 'none' }])).toBe(styledWith(9, '  pools: none'));
  });

  it('appending to a missing list creates it', () => {
    expect(editYamlText(STYLED, [{ op: 'append', path: 'spec.extra', value: 'x' }])).toBe(`${STYLED}  extra:\n    - x\n`);
  });

  // Fixed: a section left empty (`quotas:` is YAML's null) used to refuse the form's edit with
  // "its parent is not a mapping or list" / "is not a list".
  it('an empty section is filled in', () => {
    expect(editYamlText(STYLED, [{ op: 'set', path: 'spec.quotas.gpus', value: 2 }])).toBe(styledWith(10, '  quotas:', '    gpus: 2'));
    expect(editYamlText(STYLED, [{ op: 'append', path: 'spec.quotas', value: 'x' }])).toBe(styledWith(10, '  quotas:', '    - x'));
  });

  it('deleting what is not there changes nothing', () => {
    expect(editYamlText(STYLED, [{ op: 'delete', path: 'spec.nope.deeper' }, { op: 'delete', path: 'spec.nope' }])).toBe(STYLED);
  });

  it('an edit of a document whose layout the printer changes still keeps every value and comment', () => {
    const text = '# c\nspec:\n  models: [a,\n    b]   # two\n  x: 1    # one\n';
    const out = editYamlText(text, [{ op: 'append', path: 'spec.models', value: 'c' }]);
    expect(parse(out)).toEqual({ spec: { models: ['a', 'b', 'c'], x: 1 } });
    expect(comments(out)).toEqual(comments(text));
  });

  it.each<[string, YamlEdit, string]>([
    ['an empty path', { op: 'set', path: '', value: 1 }, 'an edit needs a path'],
    ['appending to a scalar', { op: 'append', path: 'spec.tier', value: 'x' }, 'spec.tier is not a list'],
    ['setting a field under a scalar', { op: 'set', path: 'spec.tier.x', value: 1 }, 'spec.tier.x: its parent is not a mapping or list'],
  ])('refuses %s with a message', (_, edit, message) => {
    expect(() => editYamlText(STYLED, [edit])).toThrow(new YamlEditError(message));
  });

  it('says why invalid YAML cannot be edited, on one line', () => {
    expect(() => editYamlText('spec: [broken\n', [{ op: 'set', path: 'spec.a', value: 1 }])).toThrow(
      new YamlEditError('cannot edit: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:'),
    );
  });
});
