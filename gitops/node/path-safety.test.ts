import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentProblem, pathProblem, PathGuard, readFileNoFollow, resolveInside, UnsafePathError } from './path-safety.ts';

const LINK = 0o120000;
const FILE = 0o100644;

/** Paths a hostile tree or a crafted request could name, each with what we expect. */
const REFUSED = [
  '.git/config',
  '.git/hooks/pre-commit',
  '.GIT/config',
  '.Git/hooks/post-checkout',
  'sub/.git/config',
  '.git',
  '.git./config',
  '.git /config',
  '.git. . /config',
  'git~1/config',
  'GIT~1/hooks/pre-commit',
  '.git::$INDEX_ALLOCATION/config',
  '.git:stream',
  '.g\u200cit/config',
  '.\u200dgit/config',
  '.gi\ufefft/hooks/pre-commit',
  '.G\u200eIT/config',
  '..',
  '../outside',
  'a/../../outside',
  'a/./b',
  './a',
  '/etc/passwd',
  'a//b',
  'a/',
  '',
  'C:/Windows/evil',
  'c:evil',
  'a\\..\\..\\evil',
  '.git\\config',
  'a\0b',
];

const ALLOWED = ['tenants/acme.yaml', '.gitignore', '.github/workflows/ci.yml', 'a/.gitkeep', '.gitx/x', 'git/config', 'git~2/x', '.git-credentials-example', 'a.git/b', 'x/.gi/t', 'rendered/c1/_cluster/namespace-x.yaml', '\u00e9t\u00e9.yaml', '..a', 'a..', '.a'];

describe('pathProblem (git verify_path rules)', () => {
  it.each(REFUSED)('refuses %j', (p) => {
    expect(pathProblem(p, FILE)).toBeDefined();
  });

  it.each(ALLOWED)('allows %j', (p) => {
    expect(pathProblem(p, FILE)).toBeUndefined();
  });

  it('refuses .gitmodules (and its NTFS short names) as a symbolic link, but not as a file', () => {
    for (const name of ['.gitmodules', '.GITMODULES', 'gitmod~1', 'GI7EBA~1', '.gitmodules.', '.gitmodules ', '.gitm\u200codules']) {
      expect(componentProblem(name, LINK), name).toMatch(/\.gitmodules a symbolic link/);
      expect(componentProblem(name, FILE), name).toBeUndefined();
    }
    expect(pathProblem('sub/.gitattributes', LINK)).toMatch(/symbolic link/);
    expect(pathProblem('.gitignore', LINK)).toMatch(/symbolic link/);
  });

  it('says why in words a person can act on', () => {
    expect(pathProblem('a/../b')).toBe('has a `..` component');
    expect(pathProblem('.GIT/config')).toMatch(/names `\.git`/);
    expect(new UnsafePathError('x/../y', 'has a `..` component').message).toBe('Refusing "x/../y": it has a `..` component.');
  });
});

describe('pathProblem against the git CLI', () => {
  let repo: string;
  let blob: string;
  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'gantry-verify-path-'));
    spawnSync('git', ['init', '-q', repo]);
    blob = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: 'x\n', encoding: 'utf8' }).stdout.trim();
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  /** Whether `git update-index --cacheinfo` (which runs verify_path, with the HFS and NTFS rules on) takes the path. */
  function gitAccepts(p: string, mode = '100644'): boolean {
    const r = spawnSync('git', ['-c', 'core.protectHFS=true', '-c', 'core.protectNTFS=true', 'update-index', '--add', '--cacheinfo', `${mode},${blob},${p}`], { cwd: repo, encoding: 'utf8' });
    spawnSync('git', ['rm', '-q', '--cached', '-r', '--ignore-unmatch', '--', p], { cwd: repo });
    return r.status === 0;
  }

  it('refuses every path git refuses; what it refuses beyond git is only backslashes and drive letters', () => {
    const candidates = [...REFUSED.filter((p) => !p.includes('\0') && p !== ''), ...ALLOWED];
    const mismatches: string[] = [];
    for (const p of candidates) {
      const git = gitAccepts(p);
      const ours = pathProblem(p, FILE) === undefined;
      if (!git && ours) mismatches.push(`git refuses ${JSON.stringify(p)}, we allow it`);
      if (git && !ours && !/backslash|drive letter/.test(pathProblem(p, FILE)!)) mismatches.push(`we refuse ${JSON.stringify(p)} (${pathProblem(p, FILE)}), git allows it`);
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with git on symlinked .gitmodules', () => {
    expect(gitAccepts('.gitmodules', '120000')).toBe(false);
    expect(pathProblem('.gitmodules', LINK)).toBeDefined();
    expect(gitAccepts('.gitmodules', '100644')).toBe(true);
    expect(pathProblem('.gitmodules', FILE)).toBeUndefined();
  });
});

describe('PathGuard (no symbolic link in a leading component)', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'gantry-guard-'));
    root = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    mkdirSync(path.join(root, 'tenants'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'bashrc'), 'original\n');
    symlinkSync(outside, path.join(root, 'evil'));
    symlinkSync('../outside', path.join(root, 'tenants', 'nested'));
    writeFileSync(path.join(root, 'tenants', 'acme.yaml'), 'a: 1\n');
    symlinkSync(path.join(outside, 'bashrc'), path.join(root, 'tenants', 'link.yaml'));
  });

  it('refuses a path through a symlinked folder, naming the folder', () => {
    expect(() => resolveInside(root, 'evil/bashrc')).toThrow(/passes through evil, which is a symbolic link/);
    expect(() => resolveInside(root, 'tenants/nested/bashrc')).toThrow(/passes through tenants\/nested/);
    expect(() => resolveInside(root, 'tenants/acme.yaml/x')).toThrow(/not a folder/);
  });

  it('allows real folders and folders that do not exist yet', () => {
    expect(resolveInside(root, 'tenants/acme.yaml')).toBe(path.join(root, 'tenants', 'acme.yaml'));
    expect(resolveInside(root, 'rendered/c1/x.yaml')).toBe(path.join(root, 'rendered', 'c1', 'x.yaml'));
  });

  it('treats folders the caller removes first as absent, and forgets folders it is told about', () => {
    const g = new PathGuard(root);
    expect(() => g.resolve('evil/x', FILE)).toThrow(UnsafePathError);
    expect(g.resolve('evil/x', FILE, new Set(['evil']))).toBe(path.join(root, 'evil', 'x'));
    g.resolve('tenants/acme.yaml');
    g.forget('tenants');
    expect(() => g.resolve('tenants/nested/bashrc')).toThrow(UnsafePathError);
  });

  it('reads a file without following a symlink in its last component', () => {
    expect(readFileNoFollow(path.join(root, 'tenants', 'acme.yaml')).toString()).toBe('a: 1\n');
    expect(() => readFileNoFollow(path.join(root, 'tenants', 'link.yaml'))).toThrow(/ELOOP|symbolic/);
  });
});
