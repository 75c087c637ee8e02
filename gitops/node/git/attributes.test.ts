import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AttributeRules, worktreeFirst, type AttrValue } from './attributes.ts';
import { GitConfig } from './config.ts';
import { cleanTemps, git, tempDir } from './test-helpers.ts';
import { readFileSync } from 'node:fs';

afterAll(cleanTemps);

const shown = (v: AttrValue) => (v === true ? 'set' : v === false ? 'unset' : v);

/** `git check-attr -a` for each path, as sorted "path: attr: value" lines. */
async function gitAttrs(dir: string, paths: string[]): Promise<string[]> {
  const out = await git(dir, 'check-attr', '-a', '--', ...paths);
  return out.split('\n').filter(Boolean).sort();
}

function mine(dir: string, config: GitConfig, paths: string[]): string[] {
  const read = (rel: string) => {
    try {
      return readFileSync(path.join(dir, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  const rules = new AttributeRules(path.join(dir, '.git'), config, worktreeFirst(read, () => undefined));
  const out: string[] = [];
  for (const p of paths) for (const [k, v] of rules.get(p)) if (v !== null) out.push(`${p}: ${k}: ${shown(v)}`);
  return out.sort();
}

function put(dir: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

describe('gitattributes: what git check-attr -a says', () => {
  it('applies root, nested, info and global files with git precedence, anchoring and macros', async () => {
    const dir = tempDir();
    await git(dir, 'init', '-q', '-b', 'main');
    const global = path.join(dir, '..', `${path.basename(dir)}-global-attributes`);
    writeFileSync(global, '*.txt text eol=crlf\n*.glob globalattr\n[attr]gmacro -text myflag=g\n*.gm gmacro\n');
    await git(dir, 'config', 'core.attributesFile', global);
    put(
      dir,
      '.gitattributes',
      [
        '# comment',
        '*.txt eol=lf',
        '*.bin binary',
        '*.both binary text',
        '*.both2 text binary',
        '[attr]mymacro text eol=crlf custom=yes',
        '*.mac mymacro',
        '*.nomac -mymacro',
        '/top.md text',
        'docs/*.md eol=crlf',
        'folder/ text',
        '!neg.txt -text',
        '\\!bang.txt banged',
        '*.auto text=auto',
        '*.un !text',
        'sub/**/deep.c crlf=input',
        '"quoted name.txt" quoted',
        '*.bad text bad@name',
        '*.CASE upper',
        'x.y\teol=crlf\r',
      ].join('\n'),
    );
    put(dir, 'sub/.gitattributes', '*.txt -text\n[attr]nested text\n*.nest nested\nlocal.md eol=crlf\n/anch.md anchored\n');
    put(dir, '.git/info/attributes', 'info.txt infoattr\n*.txt myflag=info\n');
    const paths = [
      'a.txt', 'sub/a.txt', 'info.txt', 'sub/info.txt', 'x.bin', 'x.both', 'x.both2', 'x.mac', 'x.nomac', 'top.md', 'sub/top.md',
      'docs/a.md', 'docs/deep/a.md', 'folder', 'folder/file', 'neg.txt', '!bang.txt', 'x.auto', 'x.un', 'sub/a/b/deep.c', 'sub/deep.c',
      'quoted name.txt', 'x.bad', 'x.case', 'X.CASE', 'x.y', 'sub/x.nest', 'x.nest', 'sub/local.md', 'sub/anch.md', 'sub/deeper/anch.md',
      'a.glob', 'a.gm',
    ];
    const config = new GitConfig(`[core]\n\tattributesFile = ${global}\n`);
    const expected = await gitAttrs(dir, paths);
    // The test means something: several of the rules above decide something.
    expect(expected).toContain('x.bin: text: unset');
    expect(expected).toContain('sub/a.txt: text: unset');
    expect(expected).toContain('a.txt: eol: lf');
    expect(mine(dir, config, paths)).toEqual(expected);
  });

  it('matches case-insensitively with core.ignorecase, as git does', async () => {
    const dir = tempDir();
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'config', 'core.ignorecase', 'true');
    put(dir, '.gitattributes', '*.TXT text\nDocs/*.md eol=crlf\n');
    const paths = ['a.txt', 'A.TXT', 'docs/x.md', 'DOCS/x.MD'];
    expect(mine(dir, new GitConfig('[core]\n\tignorecase = true\n'), paths)).toEqual(await gitAttrs(dir, paths));
  });
});
