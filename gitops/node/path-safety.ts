import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/**
 * The one path-safety check of Gantry: every path the Git layer or the host reads or writes inside
 * a repository passes it. Two halves:
 * - the path's text follows git's `verify_path` rules (read-cache.c), so a tree from someone else
 *   cannot name `.git` (in any case, nor its HFS and NTFS look-alikes), `..`, an absolute path, a
 *   drive letter or a backslash;
 * - no leading component on disk is a symbolic link (git's `has_symlink_leading_path`), so a
 *   symlinked folder cannot make a write or read land outside the repository. The final component
 *   is opened with O_NOFOLLOW where the platform has it, or replaced by rename (which never follows).
 */

/** A path that would leave the repository, touch `.git`, or pass through a symbolic link. */
export class UnsafePathError extends Error {
  /** The IPC error code (shared/ipc/envelope.ts) this maps to. */
  readonly code = 'unsafe-path';

  constructor(
    /** The repository-relative path as given. */
    readonly path: string,
    /** Why, as the end of a sentence ("has a `..` component"). */
    readonly reason: string,
  ) {
    super(`Refusing ${JSON.stringify(path)}: it ${reason}.`);
    this.name = 'UnsafePathError';
  }
}

const MODE_LINK = 0o120000;
const MODE_DIR = 0o040000;

/**
 * Code points HFS+ ignores when it compares names (git's `next_hfs_char`), so `.g\u200cit`
 * opens `.git` on a Mac.
 */
function hfsIgnorable(cp: number): boolean {
  return cp === 0x200c || cp === 0x200d || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x206a && cp <= 0x206f) || cp === 0xfeff;
}

/** `name` equals `want` (lower-case ASCII) on HFS+: case-insensitive, ignorable code points skipped. */
function hfsEquals(name: string, want: string): boolean {
  let i = 0;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (hfsIgnorable(cp)) continue;
    if (i >= want.length || ch.toLowerCase() !== want[i]) return false;
    i++;
  }
  return i === want.length;
}

/**
 * NTFS: a component ends at `:` (an alternate data stream, `.git::$INDEX_ALLOCATION`), and trailing
 * spaces and dots are dropped (`.git.`, `.git `); `git~1` is the 8.3 short name of `.git`.
 */
function ntfsBase(name: string): string {
  const colon = name.indexOf(':');
  const head = colon < 0 ? name : name.slice(0, colon);
  return head.replace(/[ .]+$/, '').toLowerCase();
}

function isNtfsDotGit(name: string): boolean {
  const b = ntfsBase(name);
  return b === '.git' || b === 'git~1';
}

/** Names that are `.gitmodules` on some file system: NTFS short names included (git's `is_ntfs_dotgitmodules`). */
function isDotGitFile(name: string, file: '.gitmodules' | '.gitattributes' | '.gitignore' | '.mailmap'): boolean {
  if (hfsEquals(name, file)) return true;
  const b = ntfsBase(name);
  if (b === file) return true;
  // 8.3 short names: the first six letters without the dot, `~` and a digit; git also knows the hashed form of .gitmodules.
  const short = file.slice(1, 7);
  if (new RegExp(`^${short}~[1-4]$`).test(b)) return true;
  return file === '.gitmodules' && /^gi7eba~[1-9]$/.test(b);
}

/**
 * Why one path component is not allowed (git's `verify_dotfile`, `is_hfs_dotgit`, `is_ntfs_dotgit`
 * and the fsck rules for tree entries), or undefined when it is fine. `mode` is the git mode of
 * the entry the component names, when it is the last one (symlinks have extra rules).
 */
export function componentProblem(name: string, mode?: number): string | undefined {
  if (name === '') return 'has an empty component';
  if (name === '.') return 'has a `.` component';
  if (name === '..') return 'has a `..` component';
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.includes('/')) return 'has a name that contains `/`';
  if (name.includes('\\')) return 'contains a backslash (a folder separator on Windows)';
  if (name.toLowerCase() === '.git' || hfsEquals(name, '.git') || isNtfsDotGit(name)) return 'names `.git` (or a name a file system treats as `.git`)';
  if (mode === MODE_LINK) {
    for (const f of ['.gitmodules', '.gitattributes', '.gitignore', '.mailmap'] as const) {
      if (isDotGitFile(name, f)) return `makes ${f} a symbolic link`;
    }
  }
  return undefined;
}

/**
 * Why a repository-relative path (`/`-separated) is not allowed, or undefined when it is: git's
 * `verify_path` rules on every component, no absolute path, no drive letter. `mode` is the git
 * mode of what the path names (100644, 120000, ...), when known.
 */
export function pathProblem(rel: string, mode?: number): string | undefined {
  if (rel === '') return 'is empty';
  if (rel.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(rel)) return 'starts with a drive letter';
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    // A trailing slash is allowed only for a folder.
    if (last && parts[i] === '' && i > 0 && mode === MODE_DIR) break;
    const p = componentProblem(parts[i]!, last ? mode : MODE_DIR);
    if (p) return p;
  }
  return undefined;
}

/** Throws UnsafePathError when `rel` breaks git's path rules. */
export function assertSafePath(rel: string, mode?: number): void {
  const p = pathProblem(rel, mode);
  if (p) throw new UnsafePathError(rel, p);
}

/**
 * Checks paths below one repository folder and remembers the folders it has seen to be real
 * (not symbolic links), so a checkout of 20,000 files does not lstat the same folders 20,000 times.
 * Call `forget` after removing or replacing a folder.
 */
export class PathGuard {
  private readonly realDirs = new Set<string>();
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /**
   * The absolute path of `rel`, after checking git's path rules and that no leading component is
   * a symbolic link (or a file). Components that do not exist yet are fine: whatever creates them
   * (mkdir) makes real folders, and so are those in `removed` (the caller deletes them first).
   * Throws UnsafePathError.
   */
  resolve(rel: string, mode?: number, removed?: ReadonlySet<string>): string {
    assertSafePath(rel, mode);
    return this.recheck(rel, removed);
  }

  /**
   * For a path resolve() already accepted: only the leading folders are checked again (an earlier
   * write or removal may have changed what they are); git's path rules cannot have changed.
   */
  recheck(rel: string, removed?: ReadonlySet<string>): string {
    const parts = rel.split('/');
    let dir = '';
    for (let i = 0; i < parts.length - 1; i++) {
      dir = dir ? `${dir}/${parts[i]}` : parts[i]!;
      if (this.realDirs.has(dir)) continue;
      if (removed?.has(dir)) break;
      const st = lstatSync(path.join(this.root, dir), { throwIfNoEntry: false });
      if (!st) break;
      if (st.isSymbolicLink()) throw new UnsafePathError(rel, `passes through ${dir}, which is a symbolic link`);
      if (!st.isDirectory()) throw new UnsafePathError(rel, `passes through ${dir}, which is not a folder`);
      this.realDirs.add(dir);
    }
    return path.join(this.root, ...parts);
  }

  /**
   * Like resolve, for reading a file that may be gone: undefined (nothing there, as git sees it)
   * when a leading component is a symbolic link or not a folder. Path-rule breaks still throw.
   */
  resolveExisting(rel: string, mode?: number): string | undefined {
    try {
      return this.resolve(rel, mode);
    } catch (err) {
      if (err instanceof UnsafePathError && pathProblem(rel, mode) === undefined) return undefined;
      throw err;
    }
  }

  /** Forget what was learnt about `relDir` and everything below it (it was removed or replaced). */
  forget(relDir: string): void {
    const prefix = `${relDir}/`;
    for (const d of this.realDirs) if (d === relDir || d.startsWith(prefix)) this.realDirs.delete(d);
  }
}

/** The absolute path of `rel` inside `root` after every check of PathGuard.resolve (one-off use). */
export function resolveInside(root: string, rel: string, mode?: number): string {
  return new PathGuard(root).resolve(rel, mode);
}

/** O_NOFOLLOW where the platform has it (not Windows, where symlinks need privileges to make). */
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens `abs` for reading without following a symbolic link in its last component (ELOOP then),
 * and checks it is a regular file. Returns the descriptor and its size; the caller closes it.
 */
function openRegularNoFollow(abs: string): { fd: number; size: number } {
  const fd = openSync(abs, constants.O_RDONLY | O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`${abs} is not a regular file`), { code: 'EISDIR' });
    return { fd, size: st.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Reads a whole regular file without following a symlink in its last component. */
export function readFileNoFollow(abs: string): Buffer {
  const { fd, size } = openRegularNoFollow(abs);
  try {
    return readOpenFile(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `size` bytes of an open file from its start (less if it shrank meanwhile). */
export function readOpenFile(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  while (off < size) {
    const n = readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return off === size ? buf : buf.subarray(0, off);
}
