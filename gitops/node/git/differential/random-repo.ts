/**
 * Random repositories and random edits for the differential tests, made with the git CLI and
 * plain file operations (never with Gantry). Everything depends only on the seed and on what is
 * on disk (listings are sorted), and every step is written to `log` so a difference can be read
 * and replayed.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { git, gitTry } from '../test-helpers.ts';
import type { Rng } from './prng.ts';

/** Folder and file names git sorts and quotes in different ways: spaces, accents, CJK, above U+FFFF, U+E000-U+FFFF. */
const NAMES = [
  'a', 'b', 'c.txt', 'notes', 'with space', 'café', 'naïve.md', '日本', '😀', 'k\u{1F600}', 'k\uE000', 'k\uFFEE', 'ＡＢ',
  'foo', 'foo.txt', 'foo-bar', 'foo0', 'build', 'debug.log', 'keep.log', 'x.o', 'tmp', 'deep', '9.txt', 'Ab.tmp', 'bb.tmp',
  'top-only.txt', 'keep.txt', 'z 𝄞 z', 'e\u0301', '.hidden', 'run.sh',
];

/** gitignore lines: negations, folder patterns, anchored and ** patterns, classes, escapes, odd trailing characters. */
const PATTERNS = [
  '*.log', '!keep.log', 'build/', 'tmp', '/top-only.txt', '**/deep/', 'notes/*.txt', '!notes/keep.txt', '*.o', 'with space/',
  '[0-9].txt', '[[:digit:]]*.md', '[[:alpha:]]b.tmp', 'k*', '!k\uE000', 'foo/**', 'café', '# a comment', '', '\\#lit', 'unclosed[',
  'trail\\', 'a?', '*.txt\t', 'sp\\ ', 'c.txt   ', '!*.o', 'foo/bar/', '/*/x.o', 'b/**/c.txt', '*', '!*/', '!.gitignore', '日本/', '😀',
];

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'tenant', 'shard', 'pool', 'région', 'ünï', '𝄞 clef', 'x'];

export interface Tree {
  files: string[];
  links: string[];
  dirs: string[];
}

/** Files, symbolic links and folders under `dir` (not `.git` at the top), sorted, never following a link. */
export function listTree(dir: string): Tree {
  const out: Tree = { files: [], links: [], dirs: [] };
  const walk = (rel: string) => {
    const names = readdirSync(rel ? path.join(dir, rel) : dir).sort();
    for (const n of names) {
      if (!rel && n === '.git') continue;
      const p = rel ? `${rel}/${n}` : n;
      const st = lstatSync(path.join(dir, p));
      if (st.isSymbolicLink()) out.links.push(p);
      else if (st.isDirectory()) {
        out.dirs.push(p);
        walk(p);
      } else if (st.isFile()) out.files.push(p);
    }
  };
  walk('');
  return out;
}

/** Some lines of text (sometimes none, sometimes no last newline, sometimes CRLF or NUL bytes). */
export function randomContent(rng: Rng, lines = rng.range(0, 8)): Buffer {
  if (rng.chance(0.06)) return Buffer.from([0x89, 0x50, 0, rng.int(256), 0xff, 0xfe, rng.int(256), 0]);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`${rng.pick(WORDS)} ${rng.int(1000)} ${i}`);
  const eol = rng.chance(0.08) ? '\r\n' : '\n';
  let text = out.join(eol);
  if (out.length && !rng.chance(0.1)) text += eol;
  return Buffer.from(text, 'utf8');
}

/** Lines of text for merges: enough lines that two edits can miss each other. */
export function textLines(rng: Rng): string[] {
  return Array.from({ length: rng.range(4, 14) }, (_, i) => `${rng.pick(WORDS)} ${i}\n`);
}

/** A step log: what was done, in order, readable and enough to redo by hand. */
export type StepLog = string[];

const q = (p: string) => JSON.stringify(p);

function write(dir: string, rel: string, data: Buffer | string, log: StepLog, exec = false): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), data);
  if (exec) chmodSync(path.join(dir, rel), 0o755);
  log.push(`write ${q(rel)} ${Buffer.byteLength(data)} bytes${exec ? ' +x' : ''}: ${q(data.toString().slice(0, 40))}`);
}

async function gitStep(dir: string, log: StepLog, ...args: string[]): Promise<boolean> {
  const r = await gitTry(dir, ...args);
  log.push(`git ${args.map((a) => (/^[\w./=-]+$/.test(a) ? a : q(a))).join(' ')}${r.code ? ` (exit ${r.code})` : ''}`);
  return r.code === 0;
}

function randomPath(rng: Rng, tree: Tree, fresh = true): string {
  const parent = rng.chance(0.35) || !tree.dirs.length ? '' : rng.pick(tree.dirs);
  let name = rng.pick(NAMES);
  if (fresh && rng.chance(0.5)) name = `${name}${rng.int(10)}`;
  return parent ? `${parent}/${name}` : name;
}

/** A free path (nothing there, no file in the way of its folders). */
function freePath(rng: Rng, dir: string, tree: Tree): string | undefined {
  for (let k = 0; k < 8; k++) {
    const p = randomPath(rng, tree);
    if (isFree(dir, p)) return p;
  }
  return undefined;
}

function isFree(dir: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const st = lstatSync(path.join(dir, ...parts.slice(0, i)), { throwIfNoEntry: false });
    if (!st) return true;
    if (i === parts.length || !st.isDirectory()) return false;
  }
  return false;
}

function randomGitignore(rng: Rng): string {
  const lines = Array.from({ length: rng.range(1, 5) }, () => rng.pick(PATTERNS.filter((p) => p !== '*' || rng.chance(0.2))));
  return `${lines.join('\n')}\n`;
}

/**
 * A repository at `dir` (created with the git CLI, branch main) holding a random tree: nested
 * folders, odd names, executable files, symbolic links, empty files, `.gitignore` files at several
 * levels, and some ignored files added with `git add -f`; committed once.
 */
export async function buildRandomRepo(rng: Rng, dir: string, log: StepLog): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await git(dir, 'init', '-q', '-b', 'main');
  log.push('git init -b main');
  const tree: Tree = { files: [], links: [], dirs: [] };
  for (let i = rng.range(1, 5); i > 0; i--) {
    const d = randomPath(rng, tree);
    if (!isFree(dir, d)) continue;
    mkdirSync(path.join(dir, d), { recursive: true });
    tree.dirs.push(d);
  }
  for (let i = rng.range(6, 16); i > 0; i--) {
    const p = freePath(rng, dir, tree);
    if (p) write(dir, p, randomContent(rng), log, rng.chance(0.15));
  }
  for (const d of ['', ...tree.dirs]) {
    if (rng.chance(d ? 0.35 : 0.6)) write(dir, d ? `${d}/.gitignore` : '.gitignore', randomGitignore(rng), log);
  }
  const files = listTree(dir).files;
  for (let i = rng.int(3); i > 0 && files.length; i--) {
    const p = freePath(rng, dir, tree);
    if (!p) continue;
    const target = rng.chance(0.2) ? 'missing-target' : path.posix.relative(path.posix.dirname(p), rng.pick(files));
    symlinkSync(target, path.join(dir, p));
    log.push(`symlink ${q(p)} -> ${q(target)}`);
  }
  await gitStep(dir, log, 'add', '-A');
  // Tracked although ignored now: git add -f of files `add -A` skipped.
  const ignored = (await git(dir, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard')).split('\0').filter(Boolean).sort();
  for (const p of ignored) if (rng.chance(0.5)) await gitStep(dir, log, 'add', '-f', '--', p);
  await gitStep(dir, log, 'commit', '-q', '--allow-empty', '-m', 'base');
}

export type EditKind = 'modify' | 'same-size' | 'delete' | 'add' | 'rename' | 'chmod' | 'file-to-folder' | 'folder-to-file' | 'symlink' | 'link-to-file' | 'ignore' | 'git-add' | 'rm-cached' | 'add-N' | 'folder-to-link';

const WORKTREE_EDITS: EditKind[] = ['modify', 'modify', 'same-size', 'delete', 'add', 'add', 'rename', 'chmod', 'file-to-folder', 'folder-to-file', 'symlink', 'link-to-file', 'ignore', 'ignore', 'folder-to-link'];
const INDEX_EDITS: EditKind[] = ['git-add', 'rm-cached', 'add-N'];

/** Tracked paths (stage 0 or not), sorted. */
async function trackedPaths(dir: string): Promise<string[]> {
  return (await git(dir, 'ls-files', '-z')).split('\0').filter(Boolean).sort();
}

/**
 * Random edits of the working tree (and with `index`, of the index through the git CLI), `count`
 * of them, each written to `log`.
 */
export async function randomEdits(rng: Rng, dir: string, log: StepLog, opts: { count: number; index?: boolean; kinds?: readonly EditKind[] }): Promise<void> {
  const kinds = opts.kinds ?? (opts.index ? [...WORKTREE_EDITS, ...INDEX_EDITS] : WORKTREE_EDITS);
  for (let n = 0; n < opts.count; n++) {
    const tree = listTree(dir);
    const kind = rng.pick(kinds);
    const file = tree.files.length ? rng.pick(tree.files) : undefined;
    const abs = (p: string) => path.join(dir, p);
    switch (kind) {
      case 'modify':
        if (file) write(dir, file, Buffer.concat([readFileSync(abs(file)), randomContent(rng, rng.range(1, 2))]), log);
        break;
      case 'same-size': {
        // Same size, probably the same second as the index: only hashing can tell (racy git).
        if (!file) break;
        const b = readFileSync(abs(file));
        if (!b.length) break;
        const i = rng.int(b.length);
        b[i] = b[i] === 0x41 ? 0x42 : 0x41;
        write(dir, file, b, log);
        break;
      }
      case 'delete':
        if (file) {
          rmSync(abs(file));
          log.push(`rm ${q(file)}`);
        }
        break;
      case 'add': {
        const p = freePath(rng, dir, tree);
        if (p) write(dir, p, randomContent(rng), log, rng.chance(0.1));
        break;
      }
      case 'rename': {
        const p = freePath(rng, dir, tree);
        if (!file || !p) break;
        mkdirSync(path.dirname(abs(p)), { recursive: true });
        renameSync(abs(file), abs(p));
        log.push(`mv ${q(file)} ${q(p)}`);
        break;
      }
      case 'chmod':
        if (file) {
          const exec = (lstatSync(abs(file)).mode & 0o100) !== 0;
          chmodSync(abs(file), exec ? 0o644 : 0o755);
          log.push(`chmod ${exec ? '-x' : '+x'} ${q(file)}`);
        }
        break;
      case 'file-to-folder':
        if (file && path.posix.basename(file) !== '.gitignore') {
          rmSync(abs(file));
          log.push(`rm ${q(file)}`);
          write(dir, `${file}/${rng.pick(NAMES)}`, randomContent(rng), log);
        }
        break;
      case 'folder-to-file':
        if (tree.dirs.length) {
          const d = rng.pick(tree.dirs);
          rmSync(abs(d), { recursive: true });
          log.push(`rm -r ${q(d)}`);
          write(dir, d, randomContent(rng), log);
        }
        break;
      case 'folder-to-link':
        if (tree.dirs.length) {
          const d = rng.pick(tree.dirs);
          rmSync(abs(d), { recursive: true });
          symlinkSync('.', abs(d));
          log.push(`rm -r ${q(d)}; symlink ${q(d)} -> "."`);
        }
        break;
      case 'symlink': {
        const p = rng.chance(0.5) && file ? file : freePath(rng, dir, tree);
        if (!p) break;
        rmSync(abs(p), { force: true });
        const target = rng.chance(0.3) ? `nowhere-${rng.int(9)}` : file ? path.posix.relative(path.posix.dirname(p), file) || '.' : '.';
        mkdirSync(path.dirname(abs(p)), { recursive: true });
        symlinkSync(target, abs(p));
        log.push(`ln -sf ${q(target)} ${q(p)}`);
        break;
      }
      case 'link-to-file':
        if (tree.links.length) {
          const l = rng.pick(tree.links);
          rmSync(abs(l));
          log.push(`rm ${q(l)}`);
          write(dir, l, randomContent(rng), log);
        }
        break;
      case 'ignore': {
        const where = rng.chance(0.5) || !tree.dirs.length ? '' : rng.pick(tree.dirs);
        const f = where ? `${where}/.gitignore` : '.gitignore';
        const st = lstatSync(abs(f), { throwIfNoEntry: false });
        if (st && !st.isFile()) break;
        if (st && rng.chance(0.3)) {
          rmSync(abs(f));
          log.push(`rm ${q(f)}`);
        } else write(dir, f, `${st ? readFileSync(abs(f), 'utf8') : ''}${randomGitignore(rng)}`, log);
        break;
      }
      case 'git-add': {
        const others = (await git(dir, 'ls-files', '-z', '--others', '--exclude-standard', '--modified')).split('\0').filter(Boolean).sort();
        if (others.length) await gitStep(dir, log, 'add', '-A', '--', rng.pick(others));
        break;
      }
      case 'rm-cached': {
        const tracked = await trackedPaths(dir);
        if (tracked.length) await gitStep(dir, log, 'rm', '-q', '--cached', '--', rng.pick(tracked));
        break;
      }
      case 'add-N': {
        const others = (await git(dir, 'ls-files', '-z', '--others', '--exclude-standard')).split('\0').filter(Boolean).sort();
        if (others.length) await gitStep(dir, log, 'add', '-N', '--', rng.pick(others));
        break;
      }
    }
  }
}

/** `count` commits of random edits (git add -A, git commit) on the checked-out branch. */
export async function randomCommits(rng: Rng, dir: string, log: StepLog, opts: { count: number; edits: number; kinds?: readonly EditKind[]; message: string }): Promise<void> {
  for (let i = 0; i < opts.count; i++) {
    await randomEdits(rng, dir, log, { count: opts.edits, ...(opts.kinds ? { kinds: opts.kinds } : {}) });
    await gitStep(dir, log, 'add', '-A');
    await gitStep(dir, log, 'commit', '-q', '--allow-empty', '-m', `${opts.message} ${i + 1}`);
  }
}

/**
 * Line edits of text files for merges (change, insert or delete a line; sometimes a new file, a
 * deleted file or a binary file), so both sides of a pull can touch the same files.
 */
export async function lineEdits(rng: Rng, dir: string, log: StepLog, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const { files } = listTree(dir);
    const texts = files.filter((f) => !path.posix.basename(f).startsWith('.git'));
    const op = rng.next();
    if (op < 0.12 || !texts.length) {
      const p = freePath(rng, dir, listTree(dir));
      if (p) write(dir, p, textLines(rng).join(''), log);
      continue;
    }
    const f = rng.pick(texts);
    const abs = path.join(dir, f);
    if (op < 0.2) {
      rmSync(abs);
      log.push(`rm ${q(f)}`);
      continue;
    }
    if (op < 0.25) {
      write(dir, f, randomContent(rng), log);
      continue;
    }
    const lines = readFileSync(abs, 'utf8').split(/(?<=\n)/);
    const i = rng.int(lines.length + 1);
    const r = rng.next();
    if (r < 0.45 && i < lines.length) lines[i] = `changed ${rng.int(100)}\n`;
    else if (r < 0.8 || lines.length < 2) lines.splice(i, 0, `added ${rng.int(100)}\n`);
    else lines.splice(Math.min(i, lines.length - 1), 1);
    write(dir, f, lines.join(''), log);
  }
}
