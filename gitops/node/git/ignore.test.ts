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
