import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLocked } from './refs.ts';
import { commonFile } from './gitdirs.ts';

/**
 * The parts of git's config format Gantry reads: `[section]` and `[section "sub"]` headers,
 * `key = value` lines with quotes, escapes and comments. Keys are `section.sub.key`, with section
 * and key lower-cased as git does.
 */
export class GitConfig {
  private readonly values = new Map<string, string[]>();

  constructor(text = '') {
    let section = '';
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(.*)$/.exec(line);
      if (header) {
        const [name, ...dotted] = header[1]!.split('.');
        const sub = header[2] !== undefined ? header[2].replace(/\\(.)/g, '$1') : dotted.length ? dotted.join('.') : undefined;
        section = sub !== undefined ? `${name!.toLowerCase()}.${sub}` : name!.toLowerCase();
        continue;
      }
      const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
      if (!kv || !section) continue;
      const key = `${section}.${kv[1]!.toLowerCase()}`;
      const value = kv[2] === undefined ? 'true' : parseValue(kv[2]);
      const list = this.values.get(key);
      if (list) list.push(value);
      else this.values.set(key, [value]);
    }
  }

  static read(file: string): GitConfig {
    try {
      return new GitConfig(readFileSync(file, 'utf8'));
    } catch {
      return new GitConfig();
    }
  }

  /** A config from `[key, value]` pairs in git's order (keys normalized as `keys()` gives them). */
  static fromEntries(entries: Iterable<readonly [string, string]>): GitConfig {
    const out = new GitConfig();
    for (const [k, v] of entries) {
      const list = out.values.get(k);
      if (list) list.push(v);
      else out.values.set(k, [v]);
    }
    return out;
  }

  /** Configs in order of precedence, lowest first (a later value wins, as in git). */
  static merge(...list: GitConfig[]): GitConfig {
    const out = new GitConfig();
    for (const c of list) for (const [k, v] of c.values) out.values.set(k, [...(out.values.get(k) ?? []), ...v]);
    return out;
  }

  /** Every key set (lower-cased section and name, subsection as written). */
  keys(): string[] {
    return [...this.values.keys()];
  }

  get(key: string): string | undefined {
    const list = this.values.get(normalizeKey(key));
    return list?.[list.length - 1];
  }

  getBool(key: string, fallback: boolean): boolean {
    const v = this.get(key)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['true', 'yes', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'off', '0', ''].includes(v)) return false;
    return fallback;
  }
}

function normalizeKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}.${key.slice(last + 1).toLowerCase()}`;
}

function parseValue(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && i + 1 < raw.length) {
      const n = raw[++i]!;
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (!quoted && (c === '#' || c === ';')) break;
    else out += c;
  }
  return quoted ? out : out.trim();
}

/** The repository's config (`.git/config`). */
export function repoConfig(gitdir: string): GitConfig {
  return GitConfig.read(commonFile(gitdir, 'config'));
}

/** The user's global config (`~/.gitconfig`, then `$XDG_CONFIG_HOME/git/config`). */
export function globalConfig(): GitConfig {
  if (process.env.GIT_CONFIG_GLOBAL) return GitConfig.read(process.env.GIT_CONFIG_GLOBAL);
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  return GitConfig.merge(GitConfig.read(path.join(xdg, 'git', 'config')), GitConfig.read(path.join(home, '.gitconfig')));
}

/**
 * Sets `section.sub.key = value` in `.git/config` (atomically, through config.lock). Only plain
 * values: Gantry uses it for remote and branch tracking settings, never for credentials.
 */
export function setRepoConfig(gitdir: string, key: string, value: string): void {
  const file = commonFile(gitdir, 'config');
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // A new file.
  }
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  const section = key.slice(0, first).toLowerCase();
  const sub = first === last ? undefined : key.slice(first + 1, last);
  const name = key.slice(last + 1);
  const header = sub === undefined ? `[${section}]` : `[${section} "${sub.replace(/["\\]/g, '\\$&')}"]`;
  const quoted = /^[A-Za-z0-9_./:@+-]*$/.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let inSection = false;
  let sectionEnd = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith('[')) {
      inSection = sameHeader(t, section, sub);
      if (inSection) sectionEnd = i;
      continue;
    }
    if (!inSection) continue;
    sectionEnd = i;
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*(=|$)/.exec(t);
    if (m && m[1]!.toLowerCase() === name.toLowerCase()) {
      lines[i] = `\t${name} = ${quoted}`;
      writeLocked(file, `${lines.join('\n')}\n`);
      return;
    }
  }
  if (sectionEnd >= 0) lines.splice(sectionEnd + 1, 0, `\t${name} = ${quoted}`);
  else lines.push(header, `\t${name} = ${quoted}`);
  writeLocked(file, `${lines.join('\n')}\n`);
}

function sameHeader(line: string, section: string, sub: string | undefined): boolean {
  const m = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
  if (!m) return false;
  const [name, ...dotted] = m[1]!.split('.');
  const s = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : dotted.length ? dotted.join('.') : undefined;
  return name!.toLowerCase() === section && s === sub;
}

// `user.name` / `user.email` over the whole config chain: configuredIdentity in config-chain.ts.
