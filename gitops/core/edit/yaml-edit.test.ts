import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editYamlText, YamlEditError } from './yaml-edit.ts';

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
