import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileNoFollow } from '../path-safety.ts';
import { globalConfig, type GitConfig } from './config.ts';
import { commonFile } from './gitdirs.ts';

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** Matches the basename (pattern had no slash) instead of the path relative to the base. */
  basename: boolean;
}

export interface RuleSet {
  base: string;
  rules: Rule[];
}

/**
 * gitignore matching as `git status` applies it: per-directory `.gitignore` files (deeper ones
 * win), `.git/info/exclude`, then `core.excludesFile`; the last matching line of a file decides;
 * nothing inside an ignored directory can be re-included.
 */
export class IgnoreRules {
  private readonly perDir = new Map<string, RuleSet | null>();
  private readonly global: RuleSet[];
  private readonly dirCache = new Map<string, boolean>();
  private readonly flags: string;
  /** The user's global excludes file (core.excludesFile, or the XDG default). */
  readonly globalFile: string;

  constructor(
    private readonly root: string,
    gitdir: string,
    config: GitConfig,
    /**
     * The index's content of a `.gitignore` marked skip-worktree (sparse checkout), which git reads
     * from the index when the file is not in the working tree (dir.c, read_skip_worktree_file_from_index).
     */
    private readonly skipWorktreeFile?: (rel: string) => Buffer | undefined,
  ) {
    this.flags = config.getBool('core.ignorecase', false) ? 'i' : '';
    const excludes = config.get('core.excludesfile') ?? globalConfig().get('core.excludesfile');
    const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
    this.globalFile = excludes ? excludes.replace(/^~(?=\/|$)/, os.homedir()) : path.join(xdg, 'git', 'ignore');
    this.global = [this.parseFile(commonFile(gitdir, 'info', 'exclude'), ''), this.parseFile(this.globalFile, '')].filter((r): r is RuleSet => r !== null);
  }

  /** Forgets what was read, after a `.gitignore` changed. */
  reset(): void {
    this.perDir.clear();
    this.dirCache.clear();
  }

  /** Tells the rules whether a folder has a `.gitignore`, sparing a failed open per folder. */
  noteListing(dir: string, hasGitignore: boolean): void {
    if (!hasGitignore && !this.skipWorktreeFile?.(dir ? `${dir}/.gitignore` : '.gitignore')) this.perDir.set(dir, null);
    else if (this.perDir.get(dir) === null) this.perDir.delete(dir);
  }

  /** `inTree`: a `.gitignore` of the working tree, which git (2.32 and later) never reads through a symbolic link. */
  private parseFile(file: string, base: string, inTree = false): RuleSet | null {
    let text: string;
    try {
      text = (inTree ? readFileNoFollow(file) : readFileSync(file)).toString('utf8');
    } catch (err) {
      const fromIndex = inTree && (err as NodeJS.ErrnoException).code === 'ENOENT' ? this.skipWorktreeFile?.(base ? `${base}/.gitignore` : '.gitignore') : undefined;
      if (!fromIndex) return null;
      text = fromIndex.toString('utf8');
    }
    const rules: Rule[] = [];
    for (const line of text.split(/\r?\n/)) {
      const r = compileRule(line, this.flags);
      if (r) rules.push(r);
    }
    return rules.length ? { base, rules } : null;
  }

  private rulesOf(dir: string): RuleSet | null {
    let set = this.perDir.get(dir);
    if (set === undefined) {
      set = this.parseFile(path.join(this.root, dir, '.gitignore'), dir, true);
      this.perDir.set(dir, set);
    }
    return set;
  }

  /** Whether `rel` is ignored by the rules alone (its parent directories are not checked). */
  matches(rel: string, isDir: boolean): boolean {
    const slash = rel.lastIndexOf('/');
    const name = slash < 0 ? rel : rel.slice(slash + 1);
    // Deepest .gitignore first: the directory of `rel`, then each parent.
    let dir = slash < 0 ? '' : rel.slice(0, slash);
    for (;;) {
      const set = this.rulesOf(dir);
      if (set) {
        const verdict = decide(set, rel, name, isDir);
        if (verdict !== undefined) return verdict;
      }
      if (dir === '') break;
      const s = dir.lastIndexOf('/');
      dir = s < 0 ? '' : dir.slice(0, s);
    }
    for (const set of this.global) {
      const verdict = decide(set, rel, name, isDir);
      if (verdict !== undefined) return verdict;
    }
    return false;
  }

  /** Whether `rel` or any directory above it is ignored. */
  isIgnored(rel: string, isDir: boolean): boolean {
    const slash = rel.lastIndexOf('/');
    if (slash >= 0 && this.isDirIgnored(rel.slice(0, slash))) return true;
    return isDir ? this.isDirIgnored(rel) : this.matches(rel, false);
  }

  private isDirIgnored(dir: string): boolean {
    let v = this.dirCache.get(dir);
    if (v === undefined) {
      const slash = dir.lastIndexOf('/');
      v = (slash >= 0 && this.isDirIgnored(dir.slice(0, slash))) || this.matches(dir, true);
      this.dirCache.set(dir, v);
    }
    return v;
  }
}

/** The verdict of a rule list on `rel` (relative to the repository): the last matching line decides; undefined when none matches. */
export function decide(set: RuleSet, rel: string, name: string, isDir: boolean): boolean | undefined {
  const sub = set.base ? rel.slice(set.base.length + 1) : rel;
  for (let i = set.rules.length - 1; i >= 0; i--) {
    const r = set.rules[i]!;
    if (r.dirOnly && !isDir) continue;
    if (r.re.test(r.basename ? name : sub)) return !r.negate;
  }
  return undefined;
}

/** One gitignore line to a rule (undefined for blank lines and comments). */
export function compileRule(line: string, flags = ''): Rule | undefined {
  let p = line;
  // Trailing spaces (not tabs, as git's trim_trailing_spaces) are dropped unless escaped.
  p = p.replace(/(?<!\\) +$/, '');
  if (!p || p.startsWith('#')) return undefined;
  let negate = false;
  if (p.startsWith('!')) {
    negate = true;
    p = p.slice(1);
  } else if (p.startsWith('\\!') || p.startsWith('\\#')) {
    p = p.slice(1);
  }
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.slice(0, -1);
  }
  if (!p) return undefined;
  const basename = !p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const body = globToRegex(p);
  // A pattern git's wildmatch cannot read (an unclosed `[`, a trailing `\`) never matches there.
  return { re: body === undefined ? NEVER : new RegExp(`^${body}$`, flags), negate, dirOnly, basename };
}

/** Matches nothing: what git does with a pattern it cannot read. */
const NEVER = /(?!)/;

/** POSIX classes wildmatch knows inside brackets, as regex class bodies. */
const CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9a-fA-F',
};

/**
 * wildmatch with WM_PATHNAME: `*` and `?` stop at `/`, `**` spans directories, brackets with
 * ranges, `!`/`^` negation and POSIX classes. Undefined when the pattern is malformed (an unclosed
 * bracket, an unknown class, a trailing backslash): git never matches such a pattern.
 */
export function globToRegex(glob: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        let j = i + 2;
        while (glob[j] === '*') j++;
        const atEnd = j === glob.length || glob[j] === '/';
        if (atStart && atEnd) {
          if (j === glob.length) {
            out += '.*';
            i = j;
          } else {
            out += '(?:.*/)?';
            i = j + 1;
          }
          continue;
        }
        out += '[^/]*';
        i = j;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const bracket = readBracket(glob, i);
      if (!bracket) return undefined;
      out += bracket.re;
      i = bracket.end;
    } else if (c === '\\') {
      if (i + 1 >= glob.length) return undefined;
      out += escapeRe(glob[i + 1]!);
      i += 2;
    } else {
      out += escapeRe(c);
      i++;
    }
  }
  return out;
}

/** The bracket expression at `start` (`[`) as a regex class and the index after its `]`; undefined when unclosed. */
function readBracket(glob: string, start: number): { re: string; end: number } | undefined {
  let i = start + 1;
  let neg = false;
  if (glob[i] === '!' || glob[i] === '^') {
    neg = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === ']' && !first) return { re: `[${neg ? '^/' : ''}${body}]`, end: i + 1 };
    first = false;
    if (c === '[' && glob[i + 1] === ':') {
      const close = glob.indexOf(':]', i + 2);
      if (close < 0) return undefined;
      const cls = CLASSES[glob.slice(i + 2, close)];
      if (cls === undefined) return undefined;
      body += cls;
      i = close + 2;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= glob.length) return undefined;
      body += escapeClass(glob[i + 1]!);
      i += 2;
      continue;
    }
    if (glob[i + 1] === '-' && glob[i + 2] !== undefined && glob[i + 2] !== ']') {
      const hi = glob[i + 2] === '\\' ? glob[i + 3] : glob[i + 2];
      if (hi === undefined) return undefined;
      body += `${escapeClass(c)}-${escapeClass(hi)}`;
      i += glob[i + 2] === '\\' ? 4 : 3;
      continue;
    }
    body += escapeClass(c);
    i++;
  }
  return undefined;
}

function escapeClass(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
