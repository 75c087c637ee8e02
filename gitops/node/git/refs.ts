import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeAll } from './objects.ts';
import { GitError, type GitIdentity } from './types.ts';
import { walkFiles } from '../walk-files.ts';
import { commonDir, commonFile, isPerWorktreeRef, refFile, reflogFile } from './gitdirs.ts';

const OID = /^[0-9a-f]{40}$/;
export const ZERO_OID = '0'.repeat(40);

export interface HeadState {
  /** The branch ref HEAD points at (`refs/heads/main`), undefined when detached. */
  ref: string | undefined;
  /** The commit, undefined on an unborn branch. */
  oid: string | undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** packed-refs as a map (ref -> oid). */
export function readPackedRefs(gitdir: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = readText(commonFile(gitdir, 'packed-refs'));
  if (!text) return out;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('^')) continue;
    const sp = line.indexOf(' ');
    if (sp === 40) out.set(line.slice(41).trim(), line.slice(0, 40));
  }
  return out;
}

/** Reads one ref (following symbolic refs); undefined when it does not exist. */
export function readRef(gitdir: string, ref: string, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  const text = readText(refFile(gitdir, ref));
  if (text !== undefined) {
    const v = text.trim();
    if (v.startsWith('ref: ')) return readRef(gitdir, v.slice(5).trim(), depth + 1);
    return OID.test(v) ? v : undefined;
  }
  return readPackedRefs(gitdir).get(ref);
}

export function readHead(gitdir: string): HeadState {
  const text = (readText(path.join(gitdir, 'HEAD')) ?? '').trim();
  if (text.startsWith('ref: ')) {
    const ref = text.slice(5).trim();
    return { ref, oid: readRef(gitdir, ref) };
  }
  return { ref: undefined, oid: OID.test(text) ? text : undefined };
}

/**
 * Resolves HEAD, a full ref, a short branch/tag/remote name or an object id, in git's order
 * (gitrevisions): `refs/<name>`, then tags before branches, then remotes. Like `git rev-parse`,
 * an annotated tag gives the tag object's id.
 */
export function resolveRev(gitdir: string, rev: string): string | undefined {
  if (OID.test(rev)) return rev;
  if (rev === 'HEAD') return readHead(gitdir).oid;
  const candidates = rev.startsWith('refs/')
    ? [rev]
    : [`refs/${rev}`, `refs/tags/${rev}`, `refs/heads/${rev}`, `refs/remotes/${rev}`, `refs/remotes/${rev}/HEAD`];
  for (const candidate of candidates) {
    const oid = readRef(gitdir, candidate);
    if (oid) return oid;
  }
  return undefined;
}

/** Refs under `prefix` (e.g. `refs/heads/`), loose ones overriding packed ones. */
export function listRefs(gitdir: string, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [ref, oid] of readPackedRefs(gitdir)) if (ref.startsWith(prefix)) out.set(ref, oid);
  const base = isPerWorktreeRef(prefix) ? gitdir : commonDir(gitdir);
  for (const ref of walkFiles(base, prefix.replace(/\/$/, ''), (name, isDir) => !isDir && name.endsWith('.lock'))) {
    const oid = readRef(gitdir, ref);
    if (oid) out.set(ref, oid);
  }
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** The reflog line format: `<old> <new> Name <email> <ts> <tz>\t<message>`. */
function reflogLine(oldOid: string, newOid: string, who: GitIdentity, message: string): string {
  return `${oldOid} ${newOid} ${who.name} <${who.email}> ${Math.floor(Date.now() / 1000)} ${tzOffset(new Date())}\t${message.replace(/\n/g, ' ')}\n`;
}

/** `+0100`-style offset of the local time zone at `d`. */
export function tzOffset(d: Date): string {
  const min = -d.getTimezoneOffset();
  const sign = min < 0 ? '-' : '+';
  const abs = Math.abs(min);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The repository lock, told about every ref lock taken under it (see RepoLock.note). */
export interface LockHolder {
  note(lockFile: string): void;
}

/** Writes `content` to `file` through `<file>.lock` (created exclusively), fsync, rename. */
export function writeLocked(file: string, content: string, opts: { fsync?: boolean; check?: () => void; holder?: LockHolder } = {}): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  opts.holder?.note(lock);
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new GitError('repository-locked', `${path.basename(file)} is locked by another Git process (${lock} exists). If no Git program is running, delete that file and try again.`, { lock });
    }
    throw err;
  }
  try {
    writeAll(fd, Buffer.from(content, 'utf8'));
    if (opts.fsync !== false) fsyncSync(fd);
    closeSync(fd);
    opts.check?.();
    renameSync(lock, file);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(lock, { force: true });
    throw err;
  }
}

/**
 * Moves `ref` to `newOid` atomically, only if it still points at `expected` (undefined: must not
 * exist; null: do not check), then appends to its reflog and HEAD's when HEAD points at it.
 */
export function updateRef(
  gitdir: string,
  ref: string,
  newOid: string,
  opts: { expected?: string | null; who: GitIdentity; message: string; fsync?: boolean; holder?: LockHolder },
): void {
  const before = readRef(gitdir, ref);
  const check = () => {
    if (opts.expected === null) return;
    const now = readRef(gitdir, ref);
    if (now !== opts.expected) {
      throw new GitError('repository-locked', `${ref} changed while Gantry was updating it (another program moved it to ${now ?? 'nothing'}); try again.`, { ref });
    }
  };
  check();
  writeLocked(refFile(gitdir, ref), `${newOid}\n`, { fsync: opts.fsync, check, holder: opts.holder });
  const line = reflogLine(before ?? ZERO_OID, newOid, opts.who, opts.message);
  try {
    mkdirSync(path.dirname(reflogFile(gitdir, ref)), { recursive: true });
    appendFileSync(reflogFile(gitdir, ref), line);
    if (ref !== 'HEAD' && readHead(gitdir).ref === ref) appendFileSync(reflogFile(gitdir, 'HEAD'), line);
  } catch {
    // A reflog is a convenience; the ref update already happened.
  }
}

/** Points HEAD at a branch (symbolic) or, with an object id, detaches it. */
export function writeHead(gitdir: string, target: string, holder?: LockHolder): void {
  writeLocked(path.join(gitdir, 'HEAD'), OID.test(target) ? `${target}\n` : `ref: ${target}\n`, { holder });
}

/** Deletes a loose ref (a packed one stays; Gantry does not rewrite packed-refs). */
export function deleteLooseRef(gitdir: string, ref: string): void {
  rmSync(refFile(gitdir, ref), { force: true });
}

/** Checks a branch name the way `git check-ref-format --branch` would, for the names people type. */
export function isValidBranchName(name: string): boolean {
  if (!name || name.length > 200) return false;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part.length > 0 && !part.startsWith('.'));
}
