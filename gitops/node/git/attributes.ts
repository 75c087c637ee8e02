import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitConfig } from './config.ts';
import { commonFile } from './gitdirs.ts';
import { globToRegex } from './ignore.ts';

/**
 * gitattributes as git's attr.c reads them (no maintained npm package does: the gitignore ones
 * know negation and folder rules that attributes do not have).
 *
 * Sources, lowest precedence first: the system file (/etc/gitattributes unless GIT_ATTR_NOSYSTEM),
 * the global one (core.attributesFile, else $XDG_CONFIG_HOME/git/attributes), `.gitattributes` of
 * the root and of each folder down to the file's (deeper wins), then `$GIT_DIR/info/attributes`.
 * Within a file a later line wins. Rules that differ from gitignore: a pattern starting with `!`
 * is ignored (git warns), a pattern ending in `/` matches folders only, so never a file, and
 * attributes do not pass from a folder to its files; a pattern with a slash is anchored to the
 * file's folder, one without matches the base name. `[attr]name ...` defines a macro, only in the
 * root `.gitattributes`, info/attributes and the global and system files; the built-in macro is
 * `binary` = `-diff -merge -text`. A macro set to true expands where it is set, filling only
 * attributes nothing more specific decided. A line with an invalid attribute name, or longer than
 * 2048 bytes, is ignored as a whole (git 2.39's limits).
 */

/** true (set), false (unset, `-attr`), a string (`attr=value`) or null (`!attr`: explicitly unspecified). */
export type AttrValue = true | false | string | null;

interface AttrLine {
  re: RegExp;
  /** Pattern without a slash: matched against the base name. */
  basename: boolean;
  /** Pattern ended in `/`: matches folders only (never a file). */
  dirOnly: boolean;
  states: Array<[string, AttrValue]>;
}

interface AttrFile {
  /** Folder of the file relative to the root ('' for root-level and non-tree files). */
  base: string;
  lines: AttrLine[];
  macros: Array<[string, Array<[string, AttrValue]>]>;
}

const MAX_LINE = 2048;
const NAME = /^[A-Za-z0-9._][-A-Za-z0-9._]*$/;
const BUILTIN_MACROS: Array<[string, Array<[string, AttrValue]>]> = [['binary', [['diff', false], ['merge', false], ['text', false]]]];

/** Parses one attributes file. `macrosOk`: whether `[attr]` lines count (top-level files only). */
export function parseAttributes(text: string, base: string, macrosOk: boolean, ignoreCase = false): AttrFile {
  const file: AttrFile = { base, lines: [], macros: [] };
  for (const raw of text.split('\n')) {
    if (Buffer.byteLength(raw) > MAX_LINE) continue;
    const line = raw.replace(/^[ \t\r\n]+/, '');
    if (!line || line.startsWith('#')) continue;
    let pattern: string;
    let rest: string;
    if (line.startsWith('"')) {
      const q = unquote(line);
      if (!q) continue;
      pattern = q.value;
      rest = line.slice(q.end);
    } else {
      const m = /^[^ \t\r\n]+/.exec(line)!;
      pattern = m[0];
      rest = line.slice(pattern.length);
    }
    const states = parseStates(rest);
    if (!states) continue;
    if (pattern.startsWith('[attr]')) {
      const name = pattern.slice(6);
      if (!macrosOk || !NAME.test(name)) continue;
      file.macros.push([name, states]);
      continue;
    }
    // "Negative patterns are ignored in git attributes".
    if (pattern.startsWith('!')) continue;
    let p = pattern;
    let dirOnly = false;
    if (p.endsWith('/') && p.length > 1) {
      dirOnly = true;
      p = p.slice(0, -1);
    }
    const basename = !p.includes('/');
    if (p.startsWith('/')) p = p.slice(1);
    const body = globToRegex(p);
    if (body === undefined) continue;
    file.lines.push({ re: new RegExp(`^${body}$`, ignoreCase ? 'is' : 's'), basename, dirOnly, states });
  }
  return file;
}

function parseStates(rest: string): Array<[string, AttrValue]> | undefined {
  const states: Array<[string, AttrValue]> = [];
  for (const tok of rest.split(/[ \t\r\n]+/)) {
    if (!tok) continue;
    let name = tok;
    let value: AttrValue = true;
    if (tok.startsWith('-')) {
      name = tok.slice(1);
      value = false;
    } else if (tok.startsWith('!')) {
      name = tok.slice(1);
      value = null;
    } else {
      const eq = tok.indexOf('=');
      if (eq >= 0) {
        name = tok.slice(0, eq);
        value = tok.slice(eq + 1);
      }
    }
    // One invalid name drops the whole line, as git does.
    if (!NAME.test(name)) return undefined;
    states.push([name, value]);
  }
  return states;
}

/** A C-quoted pattern (`"a b"`, with \t \n \" \\ and octal escapes) and where it ends. */
function unquote(line: string): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const esc: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (c !== '\\') {
      for (const b of Buffer.from(c)) bytes.push(b);
      continue;
    }
    const n = line[++i];
    if (n === undefined) return undefined;
    if (esc[n] !== undefined) bytes.push(esc[n]);
    else if (/[0-3]/.test(n) && /^[0-7]{2}$/.test(line.slice(i + 1, i + 3))) {
      bytes.push(parseInt(line.slice(i, i + 3), 8));
      i += 2;
    } else return undefined;
  }
  return undefined;
}

/** Where the in-tree `.gitattributes` of folder `dir` ('' for the root) is read from. */
export type AttributesSource = (dir: string) => string | undefined;

/** Attribute lookups for one repository, with the per-folder files read once. */
export class AttributeRules {
  private readonly perDir = new Map<string, AttrFile | null>();
  private readonly outer: AttrFile[];
  private readonly info: AttrFile | undefined;
  private readonly macros = new Map<string, Array<[string, AttrValue]>>();
  private readonly ignoreCase: boolean;

  constructor(
    gitdir: string,
    config: GitConfig,
    private readonly source: AttributesSource,
  ) {
    this.ignoreCase = config.getBool('core.ignorecase', false);
    const read = (f: string | undefined) => {
      if (!f) return undefined;
      try {
        return parseAttributes(readFileSync(f, 'utf8'), '', true, this.ignoreCase);
      } catch {
        return undefined;
      }
    };
    const system = process.env.GIT_ATTR_NOSYSTEM ? undefined : read('/etc/gitattributes');
    const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
    const globalName = config.get('core.attributesfile');
    const global = read(globalName ? globalName.replace(/^~(?=\/|$)/, os.homedir()) : path.join(xdg, 'git', 'attributes'));
    this.outer = [global, system].filter((f): f is AttrFile => f !== undefined);
    this.info = read(commonFile(gitdir, 'info', 'attributes'));
    // Macros: the most specific definition wins (info, root .gitattributes, global, system, built-in).
    const defs = [this.info, this.dirFile(''), ...this.outer, { base: '', lines: [], macros: BUILTIN_MACROS }];
    for (const f of defs) {
      if (!f) continue;
      for (let i = f.macros.length - 1; i >= 0; i--) if (!this.macros.has(f.macros[i]![0])) this.macros.set(f.macros[i]![0], f.macros[i]![1]);
    }
  }

  private dirFile(dir: string): AttrFile | null {
    let f = this.perDir.get(dir);
    if (f === undefined) {
      const text = this.source(dir);
      f = text === undefined ? null : parseAttributes(text, dir, dir === '', this.ignoreCase);
      this.perDir.set(dir, f);
    }
    return f;
  }

  /** Every attribute decided for file `rel` (what `git check-attr -a` lists, plus `!attr` as null). */
  get(rel: string): Map<string, AttrValue> {
    const out = new Map<string, AttrValue>();
    const slash = rel.lastIndexOf('/');
    const name = rel.slice(slash + 1);
    const files: AttrFile[] = [];
    if (this.info) files.push(this.info);
    const dirs: string[] = [];
    for (let s = rel.indexOf('/'); s >= 0; s = rel.indexOf('/', s + 1)) dirs.push(rel.slice(0, s));
    for (let i = dirs.length - 1; i >= 0; i--) {
      const f = this.dirFile(dirs[i]!);
      if (f) files.push(f);
    }
    const root = this.dirFile('');
    if (root) files.push(root);
    files.push(...this.outer);
    const fill = (states: ReadonlyArray<[string, AttrValue]>, depth: number) => {
      for (let j = states.length - 1; j >= 0; j--) {
        const [attr, value] = states[j]!;
        if (out.has(attr)) continue;
        out.set(attr, value);
        const macro = value === true ? this.macros.get(attr) : undefined;
        if (macro && depth < 100) fill(macro, depth + 1);
      }
    };
    for (const f of files) {
      const sub = f.base ? rel.slice(f.base.length + 1) : rel;
      for (let i = f.lines.length - 1; i >= 0; i--) {
        const l = f.lines[i]!;
        if (l.dirOnly) continue;
        if (l.re.test(l.basename ? name : sub)) fill(l.states, 0);
      }
    }
    return out;
  }
}

/** In-tree `.gitattributes` read from the working tree first, else from the index (git's check-in direction). */
export function worktreeFirst(readWorktree: (rel: string) => string | undefined, readIndex: (rel: string) => string | undefined): AttributesSource {
  return (dir) => {
    const rel = dir ? `${dir}/.gitattributes` : '.gitattributes';
    return readWorktree(rel) ?? readIndex(rel);
  };
}

/** From the index being checked out first, else the working tree (git's checkout direction). */
export function indexFirst(readWorktree: (rel: string) => string | undefined, readIndex: (rel: string) => string | undefined): AttributesSource {
  return (dir) => {
    const rel = dir ? `${dir}/.gitattributes` : '.gitattributes';
    return readIndex(rel) ?? readWorktree(rel);
  };
}
