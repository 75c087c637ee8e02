import { describe, expect, it } from 'vitest';
import { compileRule } from './ignore.ts';

const matches = (pattern: string, path: string, isDir = false) => {
  const r = compileRule(pattern)!;
  if (r.dirOnly && !isDir) return false;
  return r.re.test(r.basename ? path.slice(path.lastIndexOf('/') + 1) : path);
};

describe('gitignore patterns', () => {
  it.each([
    ['*.log', 'a/b/debug.log', true],
    ['*.log', 'debug.log.txt', false],
    ['/build', 'build', true],
    ['/build', 'src/build', false],
    ['build/', 'build', true],
    ['doc/*.txt', 'doc/notes.txt', true],
    ['doc/*.txt', 'doc/server/arch.txt', false],
    ['**/foo', 'a/b/foo', true],
    ['**/foo', 'foo', true],
    ['abc/**', 'abc/x/y', true],
    ['abc/**', 'abc', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['[ab]?.yaml', 'bz.yaml', true],
    ['[!ab]?.yaml', 'az.yaml', false],
    ['\\#hash', '#hash', true],
    ['foo\\ ', 'foo ', true],
  ])('%s against %s: %s', (pattern, path, expected) => {
    expect(matches(pattern, path, pattern.endsWith('/'))).toBe(expected);
  });

  it('skips comments and blank lines, and reads negation', () => {
    expect(compileRule('# comment')).toBeUndefined();
    expect(compileRule('   ')).toBeUndefined();
    expect(compileRule('!keep.log')).toMatchObject({ negate: true });
  });
});

describe('gitignore patterns against git check-ignore', () => {
  const PATTERNS = [
    'trail\t',
    'trail-space   ',
    'esc\\ ',
    '[[:alpha:]]',
    '[[:digit:]]x',
    '[[:upper:]][[:lower:]]*',
    'a[[:space:]]b',
    '[[:alnum:]_]*.tmp',
    '[a-c]',
    '[!a-c]',
    '[]]',
    '[!]]z',
    '*.[oa]',
    '[abc',
    'unclosed[',
    'foo\\',
    '[[:nope:]]',
    'x[\\]]y',
    'n[0-9][0-9]',
  ];
  const PATHS = ['a', 'b', 'd', 'B', 'Z', '1', '1x', 'ax', 'Ab', 'AB', 'a b', 'ab', '_x.tmp', 'q1.tmp', ']', 'z', ']z', 'az', 'x.o', 'x.a', 'x.c', '[abc', 'abc', 'unclosed[', 'unclosed', 'foo\\', 'foo', 'trail\t', 'trail', 'trail-space', 'trail-space   ', 'esc ', 'esc', 'x]y', 'n42', 'n4x'];

  it('ignores exactly what git ignores, pattern by pattern', async () => {
    const { git: runGit, tempDir: tmp, cleanTemps: clean } = await import('./test-helpers.ts');
    const { IgnoreRules } = await import('./ignore.ts');
    const { repoConfig } = await import('./config.ts');
    const { writeFileSync } = await import('node:fs');
    const nodePath = await import('node:path');
    const mismatches: string[] = [];
    try {
      for (const pattern of PATTERNS) {
        const dir = tmp('gantry-ignore-diff-');
        await runGit(dir, 'init', '-q');
        writeFileSync(nodePath.join(dir, '.gitignore'), `${pattern}\n`);
        const { execFile } = await import('node:child_process');
        const out = await new Promise<string>((resolve) => {
          const child = execFile('git', ['-c', 'core.quotepath=false', 'check-ignore', '--no-index', '--stdin', '-z'], { cwd: dir }, (_e, stdout) => resolve(stdout));
          child.stdin!.end(PATHS.join('\0') + '\0');
        });
        const gitIgnored = new Set(out.split('\0').filter(Boolean));
        const rules = new IgnoreRules(dir, nodePath.join(dir, '.git'), repoConfig(nodePath.join(dir, '.git')));
        for (const p of PATHS) {
          const ours = rules.isIgnored(p, false);
          if (ours !== gitIgnored.has(p)) mismatches.push(`${JSON.stringify(pattern)} on ${JSON.stringify(p)}: git ${gitIgnored.has(p)}, Gantry ${ours}`);
        }
      }
    } finally {
      clean();
    }
    expect(mismatches).toEqual([]);
  });
});
