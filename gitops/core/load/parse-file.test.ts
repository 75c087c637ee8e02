import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpecFile } from './parse-file.ts';

const VALID = `apiVersion: platform.gantry.dev/v1alpha1
kind: Cluster
metadata:
  name: c1
spec:
  region: westeurope
  provider: aks
  gitops: flux
`;

/** Parses as the loader would and reports how long it took, so a hang shows up as a failure. */
function parse(content: Uint8Array | string | { tooLarge: number }, file = 'clusters/c1.yaml') {
  const t0 = performance.now();
  const pf = parseSpecFile(file, 'Cluster', content);
  return { pf, ms: performance.now() - t0 };
}

function onlyYamlSyntax(pf: ReturnType<typeof parse>['pf'], messagePart: RegExp) {
  expect(pf.spec).toBeUndefined();
  expect(pf.findings).toHaveLength(1);
  expect(pf.findings[0]!.code).toBe('yaml.syntax');
  expect(pf.findings[0]!.file).toBe('clusters/c1.yaml');
  expect(pf.findings[0]!.message).toMatch(messagePart);
}

describe('loader on hostile input: a clear finding, never a crash or a hang', () => {
  it('reads a valid file', () => {
    const { pf } = parse(VALID);
    expect(pf.findings).toEqual([]);
    expect(pf.spec).toEqual({ region: 'westeurope', provider: 'aks', gitops: 'flux' });
  });

  it('alias bomb (billion laughs)', () => {
    let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    const { pf, ms } = parse(`${VALID}${bomb}`);
    onlyYamlSyntax(pf, /alias|resource exhaustion|could not be read/i);
    expect(ms).toBeLessThan(2000);
  });

  it('a 20 MB file is refused by size before parsing', () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 0x61);
    const { pf, ms } = parse(big);
    onlyYamlSyntax(pf, /20\.0 MiB, over the 1 MiB limit/);
    expect(ms).toBeLessThan(500);
    onlyYamlSyntax(parse({ tooLarge: 20 * 1024 * 1024 }).pf, /20\.0 MiB/);
  });

  it('binary bytes', () => {
    onlyYamlSyntax(parse(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])).pf, /binary file \(NUL byte at offset 8\)/);
  });

  it('invalid UTF-8 names the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: x\nname: caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    onlyYamlSyntax(parse(bytes).pf, /not valid UTF-8 \(first bad byte at offset 23\)/);
  });

  it('deep nesting', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const { pf, ms } = parse(deep);
    expect(pf.findings[0]!.code === 'yaml.syntax' || pf.findings[0]!.code === 'schema.invalid').toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('custom tags are refused', () => {
    onlyYamlSyntax(parse(`${VALID}extra: !!python/object:os.system "rm -rf /"\n`).pf, /tag/i);
  });

  it('two documents, or none', () => {
    onlyYamlSyntax(parse(`${VALID}---\n${VALID}`).pf, /holds 2 YAML documents/);
    onlyYamlSyntax(parse('# only a comment\n').pf, /holds no YAML document/);
  });

  it('duplicate keys', () => {
    onlyYamlSyntax(parse(VALID.replace('  provider: aks\n', '  provider: aks\n  provider: eks\n')).pf, /unique|duplicate/i);
  });

  it('random bytes and random text always give findings, never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const { pf } = parse(bytes);
        expect(Array.isArray(pf.findings)).toBe(true);
        if (pf.spec === undefined) expect(pf.findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (text) => {
        const { pf } = parse(text);
        if (pf.spec === undefined) expect(pf.findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('mutated valid specs give findings with a code, file and readable message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VALID.length - 1 }), fc.string({ maxLength: 8 }), (at, insert) => {
        const { pf } = parse(VALID.slice(0, at) + insert + VALID.slice(at + 1));
        for (const f of pf.findings) {
          expect(f.file).toBe('clusters/c1.yaml');
          expect(f.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });
});
