import fc from 'fast-check';
import { isMap, isPair, isSeq, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParseYaml } from './fast-yaml.ts';
import { MAX_NESTING_DEPTH, NestingTooDeep, nestingDepth } from './nesting.ts';
import { parseSpecFile } from './parse-file.ts';

const N = 100_000;

/** Parses as the loader does, timed, so a hang or a slow path fails too. */
function parse(text: string, file = 'tenants/deep.yaml') {
  const t0 = performance.now();
  const pf = parseSpecFile(file, 'Tenant', text);
  return { pf, ms: performance.now() - t0 };
}

/** The one finding a file over the cap gets: yaml.syntax, the cap named, where level 101 opens. */
function expectTooDeep(text: string, line: number, column?: number) {
  const { pf, ms } = parse(text);
  expect(pf.spec).toBeUndefined();
  expect(pf.findings).toHaveLength(1);
  const f = pf.findings[0]!;
  expect(f.code).toBe('yaml.syntax');
  expect(f.file).toBe('tenants/deep.yaml');
  expect(f.message).toMatch(/^tenants\/deep\.yaml is nested deeper than 100 levels .*level 101 opens at line \d+/);
  expect(f.line).toBe(line);
  if (column !== undefined) expect(f.column).toBe(column);
  expect(ms).toBeLessThan(1000);
  return f;
}

function noYamlSyntax(text: string) {
  const { pf } = parse(text);
  expect(pf.findings.filter((f) => f.code === 'yaml.syntax')).toEqual([]);
  return pf;
}

/** `k0:` / `  k1:` / ... `levels` block mappings inside each other, the innermost holding `value`. */
function blockMaps(levels: number, value = '1', step = 2): string {
  const lines: string[] = [];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(i * step)}k${i}:${i === levels - 1 ? ` ${value}` : ''}`);
  return `${lines.join('\n')}\n`;
}

const flowSeqs = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const flowMaps = (levels: number) => `${'{a: '.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

describe(`nesting cap: ${MAX_NESTING_DEPTH} levels are read, level ${MAX_NESTING_DEPTH + 1} is a yaml.syntax finding`, () => {
  it('100,000 [ (open, closed, as a value) is one finding, not a RangeError', () => {
    expectTooDeep('['.repeat(N), 1, 101);
    expectTooDeep(flowSeqs(N), 1, 101);
    expectTooDeep(`${'['.repeat(N)}\n`, 1, 101);
    // After `spec: ` the fast path takes it (and stops at its own cap); the top-level mapping is level 1.
    expectTooDeep(`apiVersion: platform.gantry.dev/v1alpha1\nspec: ${'['.repeat(N)}\n`, 2, 106);
    expectTooDeep(`spec: ${flowSeqs(N)}\n`, 1, 106);
  });

  it('100,000 { is one finding', () => {
    expectTooDeep('{'.repeat(N), 1, 101);
    expectTooDeep(`spec: ${'{'.repeat(N)}\n`, 1, 106);
    expectTooDeep(`spec: ${'{a: '.repeat(N)}\n`, 1, 6 + 4 * 99 + 1);
    expectTooDeep(`spec: ${'[{a: '.repeat(N)}\n`, 1);
  });

  it('150 levels of block mapping or sequence are one finding at the line of level 101', () => {
    expectTooDeep(blockMaps(150), 101, 201);
    expectTooDeep(blockMaps(150, '1', 1), 101, 101);
    // With an anchor the fast path declines, so the scan before the yaml package answers.
    expectTooDeep(blockMaps(150).replace('k0:', 'k0: &x'), 101, 201);
    expectTooDeep(`${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n')} x\n`, 101, 201);
    expectTooDeep(`${'- '.repeat(N)}x\n`, 1, 201);
    expectTooDeep(`${'? '.repeat(N)}x\n`, 1, 201);
    expectTooDeep(`${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i * 2)}- k${i}:`).join('\n')} x\n`, 51, 101);
  });

  it(`exactly ${MAX_NESTING_DEPTH} levels are read as usual, by both paths`, () => {
    // [text, whether the fast path reads it] (it reads no top-level flow collection).
    const at100: Array<[string, boolean]> = [[flowSeqs(100), false], [flowMaps(100), false], [`spec: ${flowSeqs(99)}`, true], [`spec: ${flowMaps(99)}`, true], [blockMaps(100), true], [`a:\n${blockMaps(99).replace(/^/gm, '  ')}`, true], [`${'- '.repeat(99)}[]\n`, true]];
    for (const [text, fastReads] of at100) {
      expect(nestingDepth(text).depth, text).toBe(100);
      expect(referenceDepth(text), text).toBe(100);
      expect(fastParseYaml(text) !== undefined, text).toBe(fastReads);
      // The file is valid YAML (a spec it is not): its findings are the schema's.
      const pf = noYamlSyntax(text);
      expect(pf.findings.length).toBeGreaterThan(0);
      // The same depth outside the fast subset (an anchor) goes through the yaml package.
      const anchored = text.replace(/1$|\[\]|\{\}/m, (m) => `&anchor ${m}`);
      expect(fastParseYaml(anchored)).toBeUndefined();
      noYamlSyntax(anchored);
      noYamlSyntax(text.replace(/\n/g, '\r\n'));
    }
    const at101: Array<[string, boolean]> = [[flowSeqs(101), false], [flowMaps(101), false], [`spec: ${flowSeqs(100)}`, true], [`spec: ${flowMaps(100)}`, true], [blockMaps(101), true], [`a:\n${blockMaps(100).replace(/^/gm, '  ')}`, true], [`${'- '.repeat(100)}[]\n`, true]];
    for (const [text, fastReads] of at101) {
      expect(referenceDepth(text), text).toBe(101);
      if (fastReads) expect(() => fastParseYaml(text), text).toThrow(NestingTooDeep);
      expect(nestingDepth(text).tooDeep, text).toBeInstanceOf(NestingTooDeep);
      expect(parse(text).pf.findings.map((f) => f.code)).toEqual(['yaml.syntax']);
      expect(parse(text.replace(/\n/g, '\r\n')).pf.findings.map((f) => f.code)).toEqual(['yaml.syntax']);
    }
  });

  it('a real spec with a deep value is refused, and the same spec within the cap is valid YAML', () => {
    const spec = (levels: number) =>
      `apiVersion: platform.gantry.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: deep\n  labels: ${flowSeqs(levels - 2)}\nspec: {}\n`;
    noYamlSyntax(spec(100));
    expectTooDeep(spec(101), 5, 10 + 99);
  });

  it('quotes, comments and block scalars do not count', () => {
    const text = [
      `a: "${'['.repeat(500)}"`,
      `b: '${'{'.repeat(500)}'`,
      `c: x${'['.repeat(500)}`,
      `# ${'['.repeat(500)}`,
      'd: |',
      `  ${'['.repeat(500)}`,
      `  ${'- '.repeat(500)}`,
      'e: >-',
      ...Array.from({ length: 150 }, (_, i) => `  ${' '.repeat(i)}k${i}:`),
      `f: [a, "${']'.repeat(50)}", '${'['.repeat(500)}', {g: "#"}]`,
      `h: "multi-line ${'['.repeat(200)}`,
      `  ${'{'.repeat(200)} still quoted"`,
      '',
    ].join('\n');
    expect(nestingDepth(text)).toEqual({ depth: 3 });
    expect(nestingDepth(text).depth).toBe(referenceDepth(text));
    noYamlSyntax(text);
  });

  it('the scan gives the depth the yaml package builds, on random documents', () => {
    let compared = 0;
    fc.assert(
      fc.property(yamlDoc, (text) => {
        const ref = referenceDepth(text);
        if (ref === undefined) return;
        compared++;
        expect(nestingDepth(text, Infinity).depth).toBe(ref);
        // Where the fast path reads the text, it counts the same levels.
        const fast = fastParseYaml(text);
        if (fast !== undefined) expect(valueDepth(fast)).toBe(ref);
      }),
      { numRuns: Number(process.env.NESTING_RUNS ?? 1500) },
    );
    expect(compared).toBeGreaterThan(1000);
  });

  it('random text near the cap never throws and finds too deep only past it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('[', ']', '{', '}', 'a', ': ', ', ', '\n', '- ', '  ', '"', "'", '#', '|', '? '), { maxLength: 400 }), (parts) => {
        const text = parts.join('');
        const { pf } = parse(text);
        const deep = pf.findings.find((f) => /nested deeper/.test(f.message));
        if (deep) expect(nestingDepth(text, Infinity).depth).toBeGreaterThan(MAX_NESTING_DEPTH);
      }),
      { numRuns: 300 },
    );
  });
});

/** Collections inside each other in what `yaml` builds; undefined where it reports an error. */
function referenceDepth(text: string): number | undefined {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) return undefined;
  const depth = (node: unknown): number => {
    if (isPair(node)) return Math.max(depth(node.key), depth(node.value));
    if (isMap(node) || isSeq(node)) return 1 + Math.max(0, ...(node.items as unknown[]).map(depth));
    return 0;
  };
  return depth(doc.contents);
}

function valueDepth(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(v as object).map(valueDepth));
}

type Tree = { t: 'scalar'; text: string } | { t: 'block'; text: string } | { t: 'map' | 'seq'; flow: boolean; items: Tree[]; sameIndent: boolean };

const scalar = fc.constantFrom('x', 'a b', '"q: [x"', "'it''s {y'", '"#"', 'x#y', 'url://h', '1', '~', '"]"', "'- z'", '!!str t', '&an v', '"multi\n  line ["');
const blockScalar = fc.constantFrom('|\n  - [x\n  k: {', '>-\n  a: b\n\n  c: [d', '|2\n    [[[\n  x');

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'medium', maxDepth: 12 },
    scalar.map((text): Tree => ({ t: 'scalar', text })),
    fc.record({
      t: fc.constantFrom('map' as const, 'seq' as const),
      flow: fc.boolean(),
      sameIndent: fc.boolean(),
      items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
    }),
    blockScalar.map((text): Tree => ({ t: 'block', text })),
  ),
})).node;

/** A document for the tree: block collections indented, flow ones inline, comments sprinkled. */
const yamlDoc = fc.tuple(tree, fc.boolean()).map(([t, comments]) => {
  const root: Tree = t.t === 'map' || t.t === 'seq' ? { ...t, flow: t.flow && t.t === 'seq' ? t.flow : false } : { t: 'map', flow: false, sameIndent: false, items: [t] };
  return `${block(root, 0, comments).join('\n')}\n`;
});

function flowText(t: Tree): string {
  if (t.t === 'scalar') return t.text.includes('\n') ? '"flat"' : t.text;
  if (t.t === 'block') return '"b"';
  if (t.t === 'seq') return `[${t.items.map(flowText).join(', ')}]`;
  return `{${t.items.map((v, i) => `k${i}: ${flowText(v)}`).join(', ')}}`;
}

/** Lines of `t` as a block node at `indent`. */
function block(t: Tree, indent: number, comments: boolean): string[] {
  const pad = ' '.repeat(indent);
  if (t.t !== 'map' && t.t !== 'seq') return [`${pad}${inline(t, indent)}`];
  if (t.flow) return [`${pad}${flowText(t)}`];
  const out: string[] = [];
  t.items.forEach((v, i) => {
    const head = t.t === 'map' ? `${pad}k${i}:` : `${pad}-`;
    if (v.t === 'scalar' || v.t === 'block' || (v.t !== 'map' && v.t !== 'seq') || v.flow) {
      out.push(`${head} ${v.t === 'map' || v.t === 'seq' ? flowText(v) : inline(v, indent)}${comments && i === 0 ? ' # c [' : ''}`);
    } else if (t.t === 'seq') {
      // `- k0: v` / `- - x`: the item's collection starts on the dash's line.
      const inner = block(v, indent + 2, comments);
      out.push(`${head} ${inner[0]!.trimStart()}`, ...inner.slice(1));
    } else {
      // A sequence may sit at its key's indent.
      const childIndent = v.t === 'seq' && v.sameIndent ? indent : indent + 2;
      if (comments) out.push(`${pad}# about k${i} {`);
      out.push(head, ...block(v, childIndent, comments));
    }
  });
  return out;
}

/** A scalar as a value on its key's line; block scalar and multi-line lines indented under `indent`. */
function inline(t: Tree, indent: number): string {
  if (t.t === 'scalar') return t.text.replace(/\n/g, `\n${' '.repeat(indent + 2)}`);
  if (t.t === 'block') return t.text.replace(/\n/g, `\n${' '.repeat(indent)}`);
  return flowText(t);
}
