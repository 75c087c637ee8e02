import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, type BigIntStats, type Stats } from 'node:fs';
import path from 'node:path';
import { O_NOFOLLOW, readOpenFile } from '../path-safety.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { copyEntry, type IndexEntry } from './index-file.ts';
import { isDirMode, type ScanStat, type ScanStatRecord } from './scan-stat.ts';

export const MODE_FILE = 0o100644;
export const MODE_EXEC = 0o100755;
export const MODE_LINK = 0o120000;
export const MODE_GITLINK = 0o160000;

const TWO32 = 4294967296;

/** Whether a file's stat data still equals what the index recorded (git's ce_match_stat_basic). */
export function statMatches(e: IndexEntry, st: ScanStatRecord): boolean {
  if (e.size !== st.size % TWO32) return false;
  const mt = st.mtimeMs;
  const msec = Math.floor(mt / 1000);
  if (e.mtimeSec !== msec % TWO32) return false;
  if (e.mtimeNsec !== 0 && Math.abs(e.mtimeNsec - (mt - msec * 1000) * 1e6) > 1000) return false;
  const ct = st.ctimeMs;
  const csec = Math.floor(ct / 1000);
  if (e.ctimeSec !== csec % TWO32) return false;
  if (e.ctimeNsec !== 0 && Math.abs(e.ctimeNsec - (ct - csec * 1000) * 1e6) > 1000) return false;
  if (e.ino !== 0 && e.ino !== st.ino % TWO32) return false;
  if (e.uid !== st.uid % TWO32 || e.gid !== st.gid % TWO32) return false;
  return true;
}

/**
 * Racily clean: the file may have changed in the same clock tick the index recorded, so equal
 * stat data proves nothing and the content must be compared.
 */
export function isRacy(e: IndexEntry, indexMtimeMs: number): boolean {
  // Without nanoseconds (written by a git built without them) only whole seconds can be compared.
  if (e.mtimeNsec === 0) return e.mtimeSec >= Math.floor(indexMtimeMs / 1000);
  return e.mtimeSec * 1000 + e.mtimeNsec / 1e6 >= indexMtimeMs - 0.01;
}

/** The stat fields of an index entry from exact (bigint) stat data. */
export function statFields(st: BigIntStats): Pick<IndexEntry, 'ctimeSec' | 'ctimeNsec' | 'mtimeSec' | 'mtimeNsec' | 'dev' | 'ino' | 'uid' | 'gid' | 'size'> {
  const B = 1_000_000_000n;
  const M = 4294967296n;
  return {
    ctimeSec: Number((st.ctimeNs / B) % M),
    ctimeNsec: Number(st.ctimeNs % B),
    mtimeSec: Number((st.mtimeNs / B) % M),
    mtimeNsec: Number(st.mtimeNs % B),
    dev: Number(st.dev % M),
    ino: Number(st.ino % M),
    uid: Number(st.uid % M),
    gid: Number(st.gid % M),
    size: Number(st.size % M),
  };
}

/** What a working-tree file holds, read so that the stat data precedes the bytes (race-safe). */
export interface FileSnapshot {
  content: Buffer;
  oid: string;
  mode: number;
  stat: BigIntStats;
}

/**
 * Reads a working-tree file (or symlink target) and its blob id. The stat is taken before the
 * read, so a change during the read makes the recorded stat stale and the next status rehash it.
 */
export function snapshotFile(abs: string, filemode: boolean, oldMode?: number): FileSnapshot | undefined {
  let lst: BigIntStats | undefined;
  try {
    lst = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!lst) return undefined;
  if (lst.isSymbolicLink()) {
    const content = readlinkSync(abs, { encoding: 'buffer' });
    return { content, oid: blobId(content), mode: MODE_LINK, stat: lst };
  }
  if (!lst.isFile()) return undefined;
  // O_NOFOLLOW: the lstat above saw a file; if a link was swapped in since, fail rather than read through it.
  const fd = openSync(abs, constants.O_RDONLY | O_NOFOLLOW);
  try {
    const st = fstatSync(fd, { bigint: true });
    const data = readOpenFile(fd, Number(st.size));
    const exec = filemode ? (Number(st.mode) & 0o100) !== 0 : oldMode === MODE_EXEC;
    return { content: data, oid: blobId(data), mode: exec ? MODE_EXEC : MODE_FILE, stat: st };
  } finally {
    closeSync(fd);
  }
}

export function blobId(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** A directory's entries with their types (f file, d directory, l symlink, o other). */
export interface Listing {
  mtimeMs: number;
  ctimeMs: number;
  /** Entry names, '/'-joined as stored (split on first use); undefined until loaded or read. */
  raw?: string;
  parsed?: string[];
  types?: string;
  /** Whether the listing may be reused by a later process (its folder was not changing while read). */
  trusted: boolean;
  /**
   * What the walk found here under the cache key (index checksum + ignore rules): the subfolders
   * to descend into and the untracked entries of this folder (full paths).
   */
  derived?: { subdirs: string[]; untracked: string[] };
}

/** The entry names of a listing that has them. */
export function namesOf(l: Listing): string[] {
  if (!l.parsed) l.parsed = !l.raw ? [] : l.raw.split('/');
  return l.parsed;
}

/** Fast file, one record per folder of the walk: [folder, mtime, ctime, subfolder names, untracked names, nested repository]. */
type StoredWalk = [string, number, number, string, string, number];
const WALK_VERSION = 4;

const isStoredWalk = (v: unknown): v is StoredWalk => Array.isArray(v) && v.length === 6 && typeof v[0] === 'string';
/** Listings file: [mtime, ctime, names, types]. */
type StoredNames = [number, number, string, string];

const split = (s: string) => (s === '' ? [] : s.split('/'));

/**
 * Directory listings kept between runs in `.git/gantry/`, each checked against the folder's mtime
 * and ctime, so a status in a fresh process stats folders instead of reading them (what git's
 * untracked cache does). A folder modified less than two seconds before it was read is not
 * trusted, because a later change within the same clock tick would not move its mtime. While the
 * index and the ignore rules are unchanged (the cache `key`), the walk's results per folder are
 * reused as well, so an unchanged folder costs one lstat. The entry names live in a second file,
 * read only when some folder changed.
 */
export class ListingCache {
  private readonly listings = new Map<string, Listing>();
  private namesLoaded = false;
  private namesChanged = false;
  /** Index checksum and ignore-rule fingerprint the `derived` results belong to. */
  key = '';
  /** Folders holding a .gitignore, as of the last walk (their contents feed the key). */
  gitignoreDirs: string[] = [];
  /** The folders of the last whole walk (or replay), in the order walked: what the fast file stores. */
  walkOrder: string[] = [];
  changed = false;

  private readonly walkFile: string;
  private readonly namesFile: string;

  constructor(dir: string) {
    this.walkFile = path.join(dir, 'status-cache.json');
    this.namesFile = path.join(dir, 'status-listings.json');
  }

  /** Raw walk records as loaded, turned into Listing objects only when something needs them. */
  private stored: StoredWalk[] | undefined;

  load(): void {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.walkFile, 'utf8'));
    } catch {
      return;
    }
    const d = data as { v?: number; key?: string; gitignores?: string[]; walk?: unknown };
    if (d.v !== WALK_VERSION || !Array.isArray(d.walk)) return;
    this.key = typeof d.key === 'string' ? d.key : '';
    this.gitignoreDirs = Array.isArray(d.gitignores) ? d.gitignores : [];
    this.stored = d.walk as StoredWalk[];
  }

  /**
   * Replays the walk cached under the current key: true when every folder of the last walk is
   * unchanged (one lstat each), with the folders walked in `visited` and the untracked paths found
   * in `found`; false (nothing decided) when any changed. An unchanged folder has the same entries,
   * so the set of folders a new walk would reach is the stored one: the records are checked in a
   * flat loop, with no folder-by-folder descent and no path built, which is the fast path of a
   * status in a fresh process.
   */
  replay(root: string, stat: ScanStat, visited: string[], found: string[]): boolean {
    if (this.stored) {
      for (const v of this.stored) {
        if (!isStoredWalk(v)) return false;
        const dir = v[0];
        const st = stat.lstat(dir ? `${root}/${dir}` : root);
        if (!st || !isDirMode(st.mode) || st.mtimeMs !== v[1] || st.ctimeMs !== v[2]) return false;
        visited.push(dir);
        if (v[5]) found.push(`${dir}/`);
        else if (v[4] !== '') for (const n of v[4].split('/')) found.push(dir ? `${dir}/${n}` : n);
      }
      this.walkOrder = visited.slice();
      return visited.length > 0;
    }
    // Within one process: the listings' own walk results, folder by folder from the root.
    const stack = [''];
    while (stack.length) {
      const dir = stack.pop()!;
      const l = this.listings.get(dir);
      if (!l?.trusted || !l.derived) return false;
      const st = stat.lstat(dir ? `${root}/${dir}` : root);
      if (!st || !isDirMode(st.mode) || st.mtimeMs !== l.mtimeMs || st.ctimeMs !== l.ctimeMs) return false;
      visited.push(dir);
      for (const s of l.derived.subdirs) stack.push(s);
      for (const u of l.derived.untracked) found.push(u);
    }
    this.walkOrder = visited.slice();
    return true;
  }

  /** Turns the loaded records into Listing objects (before any change to the cache). */
  private materialize(): void {
    if (!this.stored) return;
    for (const v of this.stored) {
      if (!isStoredWalk(v) || this.listings.has(v[0])) continue;
      const dir = v[0];
      const prefix = dir ? `${dir}/` : '';
      this.listings.set(dir, {
        mtimeMs: v[1],
        ctimeMs: v[2],
        trusted: true,
        derived: { subdirs: split(v[3]).map((n) => prefix + n), untracked: v[5] ? [`${dir}/`] : split(v[4]).map((n) => prefix + n) },
      });
    }
    this.stored = undefined;
  }

  /** Brings in the stored entry names (once), for folders whose listing is still the cached one. */
  private loadNames(): void {
    if (this.namesLoaded) return;
    this.namesLoaded = true;
    this.materialize();
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.namesFile, 'utf8'));
    } catch {
      return;
    }
    const d = data as { v?: number; dirs?: Record<string, StoredNames> };
    if (d.v !== 3 || !d.dirs || typeof d.dirs !== 'object') return;
    for (const [dir, v] of Object.entries(d.dirs)) {
      if (!Array.isArray(v) || v.length !== 4) continue;
      const l = this.listings.get(dir);
      if (l && l.raw === undefined && l.mtimeMs === v[0] && l.ctimeMs === v[1]) {
        l.raw = v[2];
        l.types = v[3];
      } else if (!l) this.listings.set(dir, { mtimeMs: v[0], ctimeMs: v[1], raw: v[2], types: v[3], trusted: true });
    }
  }

  save(): void {
    if (!this.changed && !this.namesChanged) return;
    this.materialize();
    if (this.namesChanged) this.loadNames();
    const names: Record<string, StoredNames> = {};
    for (const [dir, l] of this.listings) {
      if (l.trusted && l.raw !== undefined && l.types !== undefined) names[dir] = [l.mtimeMs, l.ctimeMs, l.raw, l.types];
    }
    // The folders of the last walk, each with what it found; none at all when one of them has no
    // trusted result (a replay would stop there and walk anyway).
    let walk: StoredWalk[] = [];
    for (const dir of this.walkOrder) {
      const l = this.listings.get(dir);
      if (!l?.trusted || !l.derived) {
        walk = [];
        break;
      }
      const cut = dir ? dir.length + 1 : 0;
      const nested = l.derived.untracked.length === 1 && l.derived.untracked[0] === `${dir}/` ? 1 : 0;
      walk.push([dir, l.mtimeMs, l.ctimeMs, l.derived.subdirs.map((p) => p.slice(cut)).join('/'), nested ? '' : l.derived.untracked.map((p) => p.slice(cut)).join('/'), nested]);
    }
    try {
      mkdirSync(path.dirname(this.walkFile), { recursive: true });
      if (this.namesChanged) writeFileAtomic(this.namesFile, JSON.stringify({ v: 3, dirs: names }), { durable: false });
      writeFileAtomic(this.walkFile, JSON.stringify({ v: WALK_VERSION, key: this.key, gitignores: this.gitignoreDirs, walk }), { durable: false });
      this.changed = false;
      this.namesChanged = false;
    } catch {
      // A cache; failing to save only makes the next run slower.
    }
  }

  /** The listing of `dir` (repository-relative), from the cache when the folder did not change. */
  get(dir: string, abs: string, scanStart: number): Listing | undefined {
    let st: Stats | undefined;
    try {
      st = lstatSync(abs, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st || !st.isDirectory()) {
      if (this.listings.delete(dir)) this.changed = true;
      return undefined;
    }
    this.loadNames();
    const hit = this.listings.get(dir);
    if (hit && hit.trusted && hit.raw !== undefined && hit.mtimeMs === st.mtimeMs && hit.ctimeMs === st.ctimeMs) return hit;
    return this.read(dir, abs, st, scanStart);
  }

  /** Reads a folder afresh (after a watcher event, or when the cached listing is stale). */
  read(dir: string, abs: string, st: Stats, scanStart: number): Listing | undefined {
    this.materialize();
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const names: string[] = [];
    let types = '';
    for (const e of entries) {
      names.push(e.name);
      types += e.isDirectory() ? 'd' : e.isFile() ? 'f' : e.isSymbolicLink() ? 'l' : 'o';
    }
    const listing: Listing = { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, raw: names.join('/'), parsed: names, types, trusted: Math.max(st.mtimeMs, st.ctimeMs) < scanStart - 2000 };
    this.listings.set(dir, listing);
    this.changed = true;
    this.namesChanged = true;
    return listing;
  }

  forget(dir: string): void {
    this.materialize();
    for (const key of [...this.listings.keys()]) {
      if (key === dir || key.startsWith(`${dir}/`)) this.listings.delete(key);
    }
    this.changed = true;
  }
}

/**
 * A copy of `entries` where racily clean entries that were not verified by hashing get size 0, so
 * that a newer index mtime cannot make them look clean (git's ce_smudge_racily_clean_entry). The
 * test is git's coarsest one (whole seconds): a git built without nanosecond timestamps trusts an
 * entry whose mtime second equals the file's, so anything written in the old index's second or
 * later must be re-checked by content, whatever finer clock Gantry used when reading.
 */
export function smudgeRacy(entries: readonly IndexEntry[], oldIndexMtimeMs: number, verified: (path: string) => boolean): IndexEntry[] {
  const sec = Math.floor(oldIndexMtimeMs / 1000);
  return entries.map((e) => (e.size !== 0 && e.mtimeSec >= sec && !verified(e.path) ? copyEntry(e, { size: 0, srcOff: undefined }) : e));
}
