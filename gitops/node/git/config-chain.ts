import { readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitConfig } from './config.ts';
import { commonFile } from './gitdirs.ts';
import { globToRegex } from './ignore.ts';
import { readHead } from './refs.ts';
import { systemConfigFile } from './system-config.ts';
import { GitError } from './types.ts';

/**
 * The whole config chain git reads, in git's order (a later value wins): the system file
 * (GIT_CONFIG_SYSTEM, else /etc/gitconfig, on Windows Git for Windows' own: system-config.ts; none
 * with GIT_CONFIG_NOSYSTEM), the global ones
 * (GIT_CONFIG_GLOBAL, else $XDG_CONFIG_HOME/git/config then ~/.gitconfig), the repository's
 * `config` (the common folder's in a linked worktree), `config.worktree` when
 * extensions.worktreeConfig is on, then GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n.
 * `[include] path` and `[includeIf "<cond>"] path` splice a file in where they stand: relative paths
 * are relative to the including file, `~/` is $HOME, a missing file is skipped, and more than 10
 * nested includes fail as in git. Conditions: `gitdir:` and `gitdir/i:` (wildmatch on the git
 * folder, real and absolute path; `~/`, `./` relative to the including file, `**\/` prepended
 * when not absolute, `**` appended after a trailing `/`), `onbranch:` (the checked-out branch) and
 * `hasconfig:remote.*.url:` (a remote URL anywhere in the chain; an included file may set none).
 *
 * Why our own code: isomorphic-git's GitConfig reads one file and knows no includes, and no
 * maintained npm package does includeIf; the parser follows git's config.c (a whitespace run in a
 * value becomes spaces, `\` continues a line, unknown escapes and unclosed quotes are errors, as
 * is everything git calls a bad config line).
 */

export interface ConfigEntry {
  /** `section.sub.key`: section and key lower-cased, the subsection as written. */
  key: string;
  /** null for a key written without `=` (a boolean true). */
  value: string | null;
  /** The file it came from (absolute), or 'command line'. */
  origin: string;
}

const MAX_INCLUDE_DEPTH = 10;

/** Parses one config file into entries in order (include directives not yet followed). */
export function parseConfigEntries(text: string, origin: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  const s = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let i = 0;
  let line = 1;
  let section: string | undefined;
  const bad = (): never => {
    throw new GitError('unknown', `bad config line ${line} in file ${origin}; git refuses this file too. Fix it (git config --edit, or by hand).`, { file: origin, line });
  };
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '#' || c === ';') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (c === '[') {
      i++;
      let name = '';
      while (i < s.length && /[A-Za-z0-9.-]/.test(s[i]!)) name += s[i++]!;
      if (s[i] === ']') {
        if (!name) bad();
        // `[section.sub]` (old syntax): the whole name is lower-cased.
        section = name.toLowerCase();
        i++;
        continue;
      }
      if (!isSpace(s[i]) || !name || name.includes('.')) bad();
      while (isSpace(s[i])) i++;
      if (s[i] !== '"') bad();
      i++;
      let sub = '';
      for (;;) {
        const d = s[i];
        if (d === undefined || d === '\n') bad();
        i++;
        if (d === '"') break;
        if (d === '\\') {
          const e = s[i++];
          if (e === undefined || e === '\n') bad();
          sub += e;
        } else sub += d;
      }
      if (s[i] !== ']') bad();
      i++;
      section = `${name.toLowerCase()}.${sub}`;
      continue;
    }
    if (!/[A-Za-z]/.test(c) || section === undefined) bad();
    let key = '';
    while (i < s.length && /[A-Za-z0-9-]/.test(s[i]!)) key += s[i++]!;
    while (isSpace(s[i])) i++;
    const full = `${section}.${key.toLowerCase()}`;
    if (s[i] === '\n' || i >= s.length || s[i] === '#' || s[i] === ';') {
      out.push({ key: full, value: null, origin });
      continue;
    }
    if (s[i] !== '=') bad();
    i++;
    // The value, as config.c's parse_value reads it.
    let value = '';
    let spaces = 0;
    let quote = false;
    let comment = false;
    for (;;) {
      const d = s[i];
      if (d === undefined || d === '\n') {
        if (quote) bad();
        break;
      }
      i++;
      if (comment) continue;
      if (isSpace(d) && !quote) {
        if (value.length) spaces++;
        continue;
      }
      if (!quote && (d === ';' || d === '#')) {
        comment = true;
        continue;
      }
      value += ' '.repeat(spaces);
      spaces = 0;
      if (d === '\\') {
        const e = s[i++];
        if (e === '\n') {
          line++;
          continue;
        }
        if (e === 't') value += '\t';
        else if (e === 'b') value += '\b';
        else if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else bad();
        continue;
      }
      if (d === '"') {
        quote = !quote;
        continue;
      }
      value += d;
    }
    out.push({ key: full, value, origin });
  }
  return out;
}

export interface ChainOptions {
  /** Environment to read GIT_CONFIG_* and HOME/XDG_CONFIG_HOME from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** `~/x` and `~` expanded with $HOME (git's interpolate_path; `~user/` is not supported). */
function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p === '~' ? home(env) : p.startsWith('~/') ? path.join(home(env), p.slice(2)) : p;
}

const envBool = (v: string | undefined) => v !== undefined && ['true', 'yes', 'on', '1'].includes(v.toLowerCase());

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

interface IncludeContext {
  gitdir: string;
  env: NodeJS.ProcessEnv;
  /** Whether `hasconfig:remote.*.url:<pattern>` holds. */
  remoteUrlMatches: (pattern: string) => boolean;
}

/** Whether an includeIf condition holds [include_condition_is_true]. */
function conditionHolds(cond: string, from: string, ctx: IncludeContext): boolean {
  const { gitdir, env } = ctx;
  const remote = /^hasconfig:remote\.\*\.url:(.*)$/s.exec(cond);
  if (remote) return ctx.remoteUrlMatches(remote[1]!);
  let m = /^gitdir(\/i)?:(.*)$/s.exec(cond);
  if (m) {
    const icase = m[1] !== undefined;
    let pat = expandHome(m[2]!, env);
    let prefix = 0;
    if (pat.startsWith('./')) {
      if (from === 'command line') return false;
      const dir = path.dirname(realOrSelf(from));
      pat = `${dir}${pat.slice(1)}`;
      prefix = dir.length + 1;
    } else if (!path.isAbsolute(pat)) pat = `**/${pat}`;
    if (pat.endsWith('/')) pat += '**';
    const re = globToRegex(pat.slice(prefix));
    if (re === undefined) return false;
    const rx = new RegExp(`^${re}$`, icase ? 'is' : 's');
    for (const text of [realOrSelf(gitdir), path.resolve(gitdir)]) {
      if (text.length < prefix) continue;
      const head = pat.slice(0, prefix);
      const same = icase ? text.slice(0, prefix).toLowerCase() === head.toLowerCase() : text.slice(0, prefix) === head;
      if (same && rx.test(text.slice(prefix))) return true;
    }
    return false;
  }
  m = /^onbranch:(.*)$/s.exec(cond);
  if (m) {
    const ref = readHead(gitdir).ref;
    if (!ref?.startsWith('refs/heads/')) return false;
    let pat = m[1]!;
    if (pat.endsWith('/')) pat += '**';
    const re = globToRegex(pat);
    return re !== undefined && new RegExp(`^${re}$`, 's').test(ref.slice('refs/heads/'.length));
  }
  return false;
}

/**
 * The entries of `file` with its includes followed (nothing when it does not exist). `viaRemoteUrl`:
 * the file is included by a hasconfig:remote.*.url condition, where git forbids remote URLs.
 */
function readWithIncludes(file: string, ctx: IncludeContext, depth: number, out: ConfigEntry[], from?: string, viaRemoteUrl = false): void {
  const { env } = ctx;
  const text = readText(file);
  if (text === undefined) return;
  for (const e of parseConfigEntries(text, file)) {
    if (viaRemoteUrl && /^remote\..*\.url$/s.test(e.key)) {
      throw new GitError('unknown', `remote URLs cannot be configured in file directly or indirectly included by includeIf.hasconfig:remote.*.url (${file}); git refuses this too.`, { file });
    }
    out.push(e);
    let target: string | undefined;
    let byRemoteUrl = viaRemoteUrl;
    if (e.key === 'include.path') target = e.value ?? undefined;
    else {
      const m = /^includeif\.(.*)\.path$/s.exec(e.key);
      if (m && e.value !== null && conditionHolds(m[1]!, file, ctx)) {
        target = e.value;
        if (m[1]!.startsWith('hasconfig:')) byRemoteUrl = true;
      }
    }
    if (target === undefined || target === '') continue;
    let p = expandHome(target, env);
    if (!path.isAbsolute(p)) p = path.join(path.dirname(file), p);
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      throw new GitError('unknown', `exceeded maximum include depth (${MAX_INCLUDE_DEPTH}) while including ${target} from ${from ?? file}; this might be due to circular includes (git refuses it too).`, { file });
    }
    readWithIncludes(p, ctx, depth + 1, out, file, byRemoteUrl);
  }
}

/** Every config entry git sees for the repository whose git folder is `gitdir`, in order. */
export function configEntries(gitdir: string, opts: ChainOptions = {}): ConfigEntry[] {
  const env = opts.env ?? process.env;
  let urls: string[] | undefined;
  const ctx: IncludeContext = {
    gitdir,
    env,
    // As git: the remote URLs of the whole chain, read with every hasconfig include followed; wildmatch with WM_PATHNAME.
    remoteUrlMatches: (pattern) => {
      urls ??= readSequence({ gitdir, env, remoteUrlMatches: () => true })
        .filter((e) => /^remote\..*\.url$/s.test(e.key) && e.value !== null)
        .map((e) => e.value!);
      const re = globToRegex(pattern);
      return re !== undefined && urls.some((u) => new RegExp(`^${re}$`, 's').test(u));
    },
  };
  return readSequence(ctx);
}

function readSequence(ctx: IncludeContext): ConfigEntry[] {
  const { gitdir, env } = ctx;
  const out: ConfigEntry[] = [];
  const system = systemConfigFile(env);
  if (system) readWithIncludes(system, ctx, 0, out);
  if (env.GIT_CONFIG_GLOBAL !== undefined) {
    if (env.GIT_CONFIG_GLOBAL) readWithIncludes(expandHome(env.GIT_CONFIG_GLOBAL, env), ctx, 0, out);
  } else {
    const xdg = env.XDG_CONFIG_HOME ? path.join(env.XDG_CONFIG_HOME, 'git', 'config') : path.join(home(env), '.config', 'git', 'config');
    readWithIncludes(xdg, ctx, 0, out);
    readWithIncludes(path.join(home(env), '.gitconfig'), ctx, 0, out);
  }
  const localStart = out.length;
  readWithIncludes(commonFile(gitdir, 'config'), ctx, 0, out);
  const local = out.slice(localStart).filter((e) => e.origin === commonFile(gitdir, 'config'));
  const worktreeConfig = local.filter((e) => e.key === 'extensions.worktreeconfig').pop();
  const version = Number(local.filter((e) => e.key === 'core.repositoryformatversion').pop()?.value ?? '0');
  if (version >= 1 && worktreeConfig && (worktreeConfig.value === null || envBool(worktreeConfig.value))) {
    readWithIncludes(path.join(gitdir, 'config.worktree'), ctx, 0, out);
  }
  const count = Number(env.GIT_CONFIG_COUNT ?? '0');
  for (let n = 0; Number.isInteger(count) && n < count; n++) {
    const key = env[`GIT_CONFIG_KEY_${n}`];
    if (!key) continue;
    const dot = key.indexOf('.');
    const last = key.lastIndexOf('.');
    const norm = dot === last ? key.toLowerCase() : `${key.slice(0, dot).toLowerCase()}${key.slice(dot, last)}.${key.slice(last + 1).toLowerCase()}`;
    out.push({ key: norm, value: env[`GIT_CONFIG_VALUE_${n}`] ?? '', origin: 'command line' });
  }
  return out;
}

/** The effective config of the repository (every level, includes followed) for lookups. */
export function effectiveConfig(gitdir: string, opts: ChainOptions = {}): GitConfig {
  return GitConfig.fromEntries(configEntries(gitdir, opts).map((e) => [e.key, e.value ?? 'true']));
}

/** `user.name` and `user.email` as git would pick them (the whole chain; a later level wins). */
export function configuredIdentity(gitdir: string): { name?: string; email?: string } {
  const config = effectiveConfig(gitdir);
  const name = config.get('user.name');
  const email = config.get('user.email');
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
