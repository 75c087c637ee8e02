import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { effectiveConfig } from './config-chain.ts';
import { cleanSnapshot, Conversions } from './convert.ts';
import { IgnoreRules } from './ignore.ts';
import { cacheTreeRoot, copyEntry, EntryCursor, EXT_SKIP_WORKTREE, FLAG_ASSUME_VALID, emptyIndex, lowerBound, parseIndex, rawEntries, serializeIndex, stageOf, type GitIndex, type IndexEntry } from './index-file.ts';
import { RepoLock } from './lock.ts';
import { readHead } from './refs.ts';
import type { Repository } from './repository.ts';
import { ScanStat, isDirMode, isFileMode, isLinkMode, type ScanStatRecord } from './scan-stat.ts';
import { headIndexDiff, porcelainChanges, type WtChange } from './status-parts.ts';
import { buildIndexTrees, type TreeFile } from './tree.ts';
import type { FileChange } from './types.ts';
import { isRacy, MODE_GITLINK, MODE_LINK, smudgeRacy, snapshotFile, statFields, statMatches } from './worktree-files.ts';
import { UntrackedWalk } from './untracked-walk.ts';
import { sharedIndexReader } from './split-index.ts';
import { submoduleChanged } from './submodule-status.ts';

/** compare()'s answer when stat data cannot decide and the file must be hashed. */
const HASH = Symbol('hash');

/**
 * Status of a working tree against HEAD, fast on large repositories: git's own algorithm.
 * The index is read directly, each tracked file is lstat'ed and hashed only when its stat data
 * differs (or is racily clean), untracked files come from folder listings that are cached across
 * runs by folder mtime, and HEAD is compared through the index's cache-tree. With a watcher
 * attached (watch.ts), later calls re-check only the paths that changed.
 */
export class StatusEngine {
  private index: GitIndex = emptyIndex();
  private indexSig = '';
  private indexMtimeMs = 0;
  private indexChecksum = '';
  private byPathMap: Map<string, IndexEntry> | undefined;
  private conflicted = new Map<string, number>();
  /** The index's submodules (gitlinks), found once per index: a warm status looks at each every time. */
  private gitlinkPaths: string[] | undefined;
  private headKey = '';
  private headDiff = new Map<string, TreeFile | null>();
  private readonly wt = new Map<string, WtChange>();
  private readonly verifiedClean = new Set<string>();
  private refreshedCount = 0;
  /** Bumped whenever the index is re-read because another program changed it. */
  private externalIndexChanges = 0;
  private scanned = false;
  /** The untracked files and the folders walked to find them. */
  private readonly walker: UntrackedWalk;
  private ignore: IgnoreRules | undefined;
  /** End-of-line conversion of hashed files (what `git add` would store), made on first use. */
  private conv: Conversions | undefined;
  private stat: ScanStat | undefined;
  private filemode = true;
  /** Paths reported by the watcher since the last status; 'all' asks for a full scan. */
  private dirty: Set<string> | 'all' = 'all';
  watching = false;
  /** Called with every folder the scan walks, so the watcher can follow new folders. */
  onDir: ((dir: string) => void) | undefined;
  /** Called with a path that is gone or was replaced, so the watcher can drop stale watches under it. */
  onGone: ((rel: string) => void) | undefined;

  constructor(private readonly repo: Repository) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk reads the engine's current hooks and index
    const engine = this;
    this.walker = new UntrackedWalk({
      root: repo.dir,
      gitdir: repo.gitdir,
      get onDir() {
        return engine.onDir;
      },
      ignoreRules: () => this.ignoreRules(),
      scanStat: () => this.scanStat(),
      tracked: (rel) => this.byPath.get(rel),
      conflicted: (rel) => this.conflicted.has(rel),
      indexChecksum: () => this.indexChecksum,
    });
  }

  /** The watcher reports a changed path (repository-relative), or undefined for "rescan all". */
  markDirty(rel: string | undefined): void {
    if (this.dirty === 'all') return;
    if (rel === undefined || this.dirty.size > 20_000) this.dirty = 'all';
    else this.dirty.add(rel);
  }

  /** Current changes relative to HEAD, in `git status --porcelain -uall --no-renames` order. */
  status(): FileChange[] {
    // git reads its config and attributes anew each time: so do the conversions (rebuilt only when a file is hashed).
    this.conv = undefined;
    const indexChanged = this.syncIndex();
    const headChanged = this.syncHead();
    if (indexChanged || headChanged) this.computeHeadDiff();
    const dirty = this.dirty;
    this.dirty = this.watching ? new Set() : 'all';
    if (!this.scanned || dirty === 'all' || !this.watching) {
      this.fullScan();
    } else {
      const paths = new Set(dirty);
      if (indexChanged) for (const p of this.wt.keys()) paths.add(p);
      // A submodule's own files are not watched: its state is looked at on every status.
      for (const p of (this.gitlinkPaths ??= this.index.entries.filter((e) => e.mode === MODE_GITLINK).map((e) => e.path))) paths.add(p);
      this.recheck(paths);
    }
    this.writeBack();
    return this.result();
  }

  /** How a tracked path differs from its index entry (undefined: it does not, as of the last status). */
  worktreeChange(rel: string): { kind: 'M' | 'D' | 'T'; oid?: string } | undefined {
    return this.wt.get(rel);
  }

  /** Changes when another program rewrote the index (what Gantry knows about staged files is then stale). */
  generation(): number {
    return this.externalIndexChanges;
  }

  /** The stage-0 index entry of a path. */
  indexEntry(rel: string): IndexEntry | undefined {
    return this.byPath.get(rel);
  }

  /** Paths under `prefix` in the index (stage 0), in index order. */
  indexPathsUnder(prefix: string): string[] {
    const out: string[] = [];
    const entries = this.index.entries;
    const stop = `${prefix.slice(0, -1)}0`;
    for (let i = lowerBound(entries, prefix); i < entries.length && entries[i]!.path < stop; i++) if (stageOf(entries[i]!) === 0) out.push(entries[i]!.path);
    return out;
  }

  /** Paths whose working file differs from the index, and untracked paths, as of the last status. */
  dirtyPaths(): string[] {
    return [...this.wt.keys(), ...this.walker.untracked];
  }

  /** Untracked paths as of the last status. */
  untrackedPaths(): ReadonlySet<string> {
    return this.walker.untracked;
  }

  /** HEAD's file at `rel` (undefined when HEAD has none), as of the last status. */
  headFile(rel: string): TreeFile | undefined {
    if (this.headDiff.has(rel)) return this.headDiff.get(rel) ?? undefined;
    const e = this.byPath.get(rel);
    return e ? { oid: e.oid, mode: e.mode } : undefined;
  }

  /** Paths whose index entry differs from HEAD, as of the last status. */
  stagedPaths(): string[] {
    return [...this.headDiff.keys()];
  }

  /** The index file's mtime when it was read (for racy-git smudging when writing a new one). */
  indexMtime(): number {
    return this.indexMtimeMs;
  }

  /** The in-memory index (callers must not mutate it). */
  currentIndex(): GitIndex {
    this.syncIndex();
    return this.index;
  }

  /**
   * After Gantry wrote a new index itself: adopt it without a re-read and re-check `paths`. With
   * `derived`, the new index is the current one with only `paths` changed (same entry objects
   * elsewhere), so the lookup tables are patched instead of rebuilt.
   */
  adoptIndex(index: GitIndex, paths: Iterable<string>, derived = false): void {
    if (derived && this.index !== index) {
      const entries = index.entries;
      this.index = index;
      this.gitlinkPaths = undefined;
      for (const p of paths) {
        this.conflicted.delete(p);
        const i = lowerBound(entries, p);
        const e = entries[i];
        if (e && e.path === p && stageOf(e) === 0) this.byPath.set(p, e);
        else this.byPath.delete(p);
      }
      this.refreshedCount = 0;
    } else this.setIndex(index);
    this.indexSig = this.readIndexSig() ?? '';
    this.computeHeadDiff();
    if (this.dirty !== 'all') for (const p of paths) this.dirty.add(p);
  }

  private readIndexSig(): string | undefined {
    try {
      const st = lstatSync(path.join(this.repo.gitdir, 'index'));
      this.indexMtimeMs = st.mtimeMs;
      return `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`;
    } catch {
      this.indexMtimeMs = 0;
      return undefined;
    }
  }

  private syncIndex(): boolean {
    const sig = this.readIndexSig() ?? 'none';
    if (sig === this.indexSig) return false;
    let index = emptyIndex();
    this.indexChecksum = '';
    if (sig !== 'none') {
      const buf = readFileSync(path.join(this.repo.gitdir, 'index'));
      index = parseIndex(buf, sharedIndexReader(this.repo.gitdir));
      this.indexChecksum = buf.toString('hex', buf.length - 20);
    }
    const before = this.scanned && this.dirty !== 'all' ? this.byPath : new Map<string, IndexEntry>();
    this.setIndex(index);
    this.indexSig = sig;
    this.externalIndexChanges++;
    this.verifiedClean.clear();
    if (this.scanned && this.dirty !== 'all') {
      // Re-check paths whose entries changed (git add, a checkout by another program).
      for (const [p, e] of this.byPath) {
        const old = before.get(p);
        if (!old || old.oid !== e.oid || old.mode !== e.mode || old.mtimeSec !== e.mtimeSec || old.size !== e.size) this.dirty.add(p);
      }
      for (const p of before.keys()) if (!this.byPath.has(p)) this.dirty.add(p);
    }
    return true;
  }

  private setIndex(index: GitIndex): void {
    this.index = index;
    this.byPathMap = undefined;
    this.gitlinkPaths = undefined;
    this.conflicted = new Map();
    const raw = rawEntries(index);
    if (raw) {
      // No entry has a stage: nothing is conflicted (the usual case, found without a loop).
      if (raw.anyFlags & 0x3000) for (let i = 0; i < raw.count; i++) {
        const f = raw.flags[i]!;
        if (f & 0x3000) this.conflicted.set(raw.paths[i]!, (this.conflicted.get(raw.paths[i]!) ?? 0) | (1 << ((f >> 12) & 3)));
      }
    } else {
      for (const e of index.entries) {
        if (e.flags & 0x3000) this.conflicted.set(e.path, (this.conflicted.get(e.path) ?? 0) | (1 << stageOf(e)));
      }
    }
    this.refreshedCount = 0;
  }

  /** Puts `next` where the stage-0 entry `old` is, in the index and the path map. */
  private replaceEntry(old: IndexEntry, next: IndexEntry): void {
    const entries = this.index.entries;
    for (let i = lowerBound(entries, old.path); i < entries.length && entries[i]!.path === old.path; i++) {
      if (entries[i] === old) entries[i] = next;
    }
    if (this.byPathMap?.get(old.path) === old) this.byPathMap.set(old.path, next);
  }

  /** Stage-0 entries by path, built on first use (a status served from caches never needs it). */
  private get byPath(): Map<string, IndexEntry> {
    if (!this.byPathMap) {
      const m = new Map<string, IndexEntry>();
      for (const e of this.index.entries) if (!(e.flags & 0x3000)) m.set(e.path, e);
      this.byPathMap = m;
    }
    return this.byPathMap;
  }

  /** The stage-0 entry of a path: from the path map when it exists, else by binary search. */
  private stageZeroEntry(rel: string): IndexEntry | undefined {
    if (this.byPathMap) return this.byPathMap.get(rel);
    const entries = this.index.entries;
    for (let i = lowerBound(entries, rel); i < entries.length && entries[i]!.path === rel; i++) if (stageOf(entries[i]!) === 0) return entries[i];
    return undefined;
  }

  /** The index's blob of a skip-worktree file (sparse checkout): git reads such a `.gitignore` from the index. */
  private skipWorktreeBlob(rel: string): Buffer | undefined {
    const e = this.stageZeroEntry(rel);
    if (!e || !(e.extFlags & EXT_SKIP_WORKTREE)) return undefined;
    try {
      return this.repo.objects.readTyped(e.oid, 'blob');
    } catch {
      return undefined;
    }
  }

  private syncHead(): boolean {
    const head = readHead(this.repo.gitdir);
    const key = `${head.ref ?? ''}:${head.oid ?? ''}`;
    if (key === this.headKey) return false;
    this.headKey = key;
    return true;
  }

  /** Which paths differ between HEAD and the index (the first status letter). */
  private computeHeadDiff(): void {
    this.headDiff = headIndexDiff(this.repo.objects, readHead(this.repo.gitdir).oid, this.index, this.conflicted.size > 0);
  }

  private scanStat(): ScanStat {
    return (this.stat ??= new ScanStat(this.repo.dir));
  }

  private ignoreRules(): IgnoreRules {
    if (!this.ignore) this.ignore = new IgnoreRules(this.repo.dir, this.repo.gitdir, effectiveConfig(this.repo.gitdir), (rel) => this.skipWorktreeBlob(rel));
    return this.ignore;
  }

  private conversions(): Conversions {
    return (this.conv ??= new Conversions(this.repo.gitdir, effectiveConfig(this.repo.gitdir), this.repo.objects, (p) => this.stageZeroEntry(p)?.oid, 'worktree-first', this.repo.dir));
  }

  private fullScan(): void {
    const scanStart = Date.now();
    const config = effectiveConfig(this.repo.gitdir);
    this.filemode = config.getBool('core.filemode', process.platform !== 'win32');
    this.ignore = new IgnoreRules(this.repo.dir, this.repo.gitdir, config, (rel) => this.skipWorktreeBlob(rel));
    this.conv = undefined;
    this.wt.clear();
    this.walker.clear();
    this.walker.walk('', scanStart, true);
    const root = this.repo.dir;
    const stat = this.scanStat();
    const onDir = this.onDir;
    const linked = new Map<string, boolean>();
    let lastDir: string | undefined;
    let lastBehind = false;
    // An index just read is scanned through one cursor over its raw entries (no entry objects);
    // the entries to hash are taken from `index.entries` afterwards, by position.
    const raw = rawEntries(this.index);
    const cursor = raw && new EntryCursor(raw);
    const entries = raw ? undefined : this.index.entries;
    const count = raw ? raw.count : entries!.length;
    const toHash: number[] = [];
    let lastSlash = -2;
    for (let i = 0; i < count; i++) {
      const e = cursor ? cursor.moveTo(i) : entries![i]!;
      if (stageOf(e) !== 0) continue;
      const slash = e.path.lastIndexOf('/');
      // The same folder as the entry before: its slash at the same place after the same prefix.
      if (slash !== lastSlash || (slash > 0 && !e.path.startsWith(lastDir!))) {
        const d = slash < 0 ? '' : e.path.slice(0, slash);
        lastSlash = slash;
        // The walk watches the folders it lists; a tracked file inside an ignored folder needs its own.
        onDir?.(d);
        lastDir = d;
        // Once per folder: below a symbolic link (a folder replaced by a link) the file is gone, as git
        // sees it; lstat would follow the link.
        lastBehind = this.behindLink(e.path, linked);
      }
      const c = this.compare(e, lastBehind ? undefined : stat.lstat(`${root}/${e.path}`));
      if (c === HASH) toHash.push(i);
      else if (c) this.wt.set(e.path, c);
    }
    if (toHash.length) {
      const all = this.index.entries;
      this.hashAll(toHash.map((i) => all[i]!));
    }
    this.walker.listings.save();
    this.scanned = true;
  }

  /**
   * Whether a leading folder of `rel` is not a real folder (a symbolic link, a file, or missing):
   * git's has_symlink_leading_path. Folders the walk listed are real; the others (ignored folders)
   * are lstat'ed once per scan, memoized in `memo`.
   */
  private behindLink(rel: string, memo: Map<string, boolean>): boolean {
    const slash = rel.lastIndexOf('/');
    if (slash < 0) return false;
    const dir = rel.slice(0, slash);
    if (this.walker.walkedDirs.has(dir)) return false;
    let v = memo.get(dir);
    if (v === undefined) {
      let st;
      try {
        st = lstatSync(path.join(this.repo.dir, dir), { throwIfNoEntry: false });
      } catch {
        // ENOTDIR: a leading folder is now a file, so this one is gone as well.
        st = undefined;
      }
      v = !st || !st.isDirectory() || this.behindLink(dir, memo);
      memo.set(dir, v);
    }
    return v;
  }

  /** Classifies a tracked file from its lstat; HASH when stat data cannot decide. */
  private compare(e: IndexEntry, st: ScanStatRecord | undefined): WtChange | typeof HASH | undefined {
    if (e.flags & FLAG_ASSUME_VALID || e.extFlags & EXT_SKIP_WORKTREE) return undefined;
    if (!st) return { kind: 'D' };
    if (e.mode === MODE_GITLINK) return !isDirMode(st.mode) ? { kind: 'D' } : submoduleChanged(this.repo.dir, e.path, e.oid, effectiveConfig(this.repo.gitdir)) ? { kind: 'M' } : undefined;
    const link = isLinkMode(st.mode);
    if (e.mode === MODE_LINK) {
      if (!link) return isFileMode(st.mode) ? { kind: 'T' } : { kind: 'D' };
    } else if (link) return { kind: 'T' };
    else if (!isFileMode(st.mode)) return { kind: 'D' };
    if (e.mode !== MODE_LINK && this.filemode && ((e.mode & 0o100) !== 0) !== ((st.mode & 0o100) !== 0)) return { kind: 'M' };
    if (statMatches(e, st) && !isRacy(e, this.indexMtimeMs)) return undefined;
    if (e.size !== 0 && e.size !== st.size % 4294967296) return { kind: 'M' };
    return HASH;
  }

  private hashAll(queue: IndexEntry[]): void {
    for (const e of queue) {
      const raw = snapshotFile(`${this.repo.dir}/${e.path}`, this.filemode, e.mode);
      // Compared as git does: the file cleaned (CRLF to LF where attributes or autocrlf say) before hashing.
      const snap = raw && cleanSnapshot(this.conversions(), e.path, raw);
      if (!snap) {
        this.wt.set(e.path, { kind: 'D' });
        continue;
      }
      if (snap.oid !== e.oid) {
        this.wt.set(e.path, { kind: 'M', oid: snap.oid });
        continue;
      }
      this.wt.delete(e.path);
      // Same content: remember the new stat data so the next run need not hash it again.
      this.replaceEntry(e, copyEntry(e, { ...statFields(snap.stat), srcOff: undefined }));
      this.verifiedClean.add(e.path);
      this.refreshedCount++;
    }
  }

  /** Re-checks the given paths (and everything under the folders among them). */
  private recheck(paths: Set<string>): void {
    const scanStart = Date.now();
    if ([...paths].some((p) => p === '.gitignore' || p.endsWith('/.gitignore'))) {
      this.ignore = undefined;
      this.fullScan();
      return;
    }
    // New attributes change how every file whose stat differs compares (git re-hashes those): look at all again.
    if ([...paths].some((p) => p === '.gitattributes' || p.endsWith('/.gitattributes'))) {
      this.fullScan();
      return;
    }
    const ignore = this.ignoreRules();
    const entries = this.index.entries;
    const hashQueue: IndexEntry[] = [];
    const root = this.repo.dir;
    const stat = this.scanStat();
    const linked = new Map<string, boolean>();
    for (const p of [...paths].sort()) {
      for (const u of [...this.walker.untracked]) if (u === p || u.startsWith(`${p}/`) || u === `${p}/`) this.walker.untracked.delete(u);
      // What changed may have stopped being a real folder (replaced by a link): look again.
      // (A walk lists a folder before anything below it, so only a walked folder can have walked descendants.)
      if (this.walker.walkedDirs.has(p)) for (const d of [...this.walker.walkedDirs]) if (d === p || d.startsWith(`${p}/`)) this.walker.walkedDirs.delete(d);
      const check = (e: IndexEntry) => {
        if (stageOf(e) !== 0) return;
        this.verifiedClean.delete(e.path);
        const c = this.compare(e, this.behindLink(e.path, linked) ? undefined : stat.lstat(`${root}/${e.path}`));
        if (c === HASH) {
          hashQueue.push(e);
          this.wt.delete(e.path);
        } else if (c) this.wt.set(e.path, c);
        else this.wt.delete(e.path);
      };
      const exact = this.byPath.get(p);
      if (exact) check(exact);
      for (let i = lowerBound(entries, `${p}/`); i < entries.length && entries[i]!.path < `${p}0`; i++) check(entries[i]!);
      if (this.conflicted.has(p) || exact?.mode === MODE_GITLINK) continue;
      if (exact) {
        // A tracked file that became a folder: its files are untracked, as git lists them.
        const now = stat.lstat(`${root}/${p}`);
        if (now && isDirMode(now.mode) && !ignore.isIgnored(p, true)) this.walker.walk(p, scanStart, false);
        continue;
      }
      // The same lstat as the tracked files (a path below what is now a file counts as gone);
      // its record is reused by the next call, so take what is needed now.
      const st = stat.lstat(`${root}/${p}`);
      const isDir = st !== undefined && isDirMode(st.mode);
      if (!st || isDir) this.onGone?.(p);
      if (!st) {
        this.walker.listings.forget(p);
        continue;
      }
      if (isDir) {
        if (!ignore.isIgnored(p, true)) {
          if (stat.lstat(`${root}/${p}/.git`)) this.walker.untracked.add(`${p}/`);
          else this.walker.walk(p, scanStart, false);
        }
      } else if ((isFileMode(st.mode) || isLinkMode(st.mode)) && !ignore.isIgnored(p, false)) {
        this.walker.untracked.add(p);
      }
    }
    this.hashAll(hashQueue);
  }

  /** Writes refreshed stat data (and a complete cache-tree) back to `.git/index`, as `git status` does. */
  private writeBack(): void {
    // git keeps an index's version and its untracked cache; serializeIndex would not, so leave it as it is.
    if (this.index.foreign) return;
    const needTree = !cacheTreeRoot(this.index) && this.conflicted.size === 0 && this.index.entries.length > 0;
    if (this.refreshedCount === 0 && !needTree) return;
    const lock = RepoLock.tryAcquire(this.repo.gitdir);
    if (!lock) return;
    try {
      const sigBefore = this.indexSig;
      const oldMtime = this.indexMtimeMs;
      if ((this.readIndexSig() ?? 'none') !== sigBefore) return;
      if (needTree) buildIndexTrees(this.index);
      const data = serializeIndex(this.smudged(oldMtime));
      const keyWasCurrent = this.walker.listings.key !== '' && this.walker.listings.key === this.walker.cacheKey();
      lock.writeIndex(data, { fsync: false });
      this.indexSig = this.readIndexSig() ?? '';
      this.refreshedCount = 0;
      // Same paths, new stat data: the cached walk results stay valid under the new checksum.
      this.indexChecksum = data.toString('hex', data.length - 20);
      if (keyWasCurrent) {
        this.walker.listings.key = this.walker.cacheKey();
        this.walker.listings.changed = true;
        this.walker.listings.save();
      }
    } catch {
      // Best effort, like git's opportunistic index refresh.
    } finally {
      lock.release();
    }
  }

  private smudged(oldIndexMtimeMs: number): GitIndex {
    return { ...this.index, entries: smudgeRacy(this.index.entries, oldIndexMtimeMs, (p) => this.verifiedClean.has(p)) };
  }

  private result(): FileChange[] {
    // A lookup, not the path map: a clean tree asks for no entry, so a cold status never builds it.
    const index = { get: (p: string) => this.stageZeroEntry(p) };
    return porcelainChanges({ headDiff: this.headDiff, index, worktree: this.wt, conflicted: this.conflicted, untracked: this.walker.untracked });
  }

}

/**
 * Lets pending file-system events reach the watcher. Two turns of the event loop: the first may
 * run in the same iteration as the code that just wrote files (before the poll phase reads the
 * inotify queue); the second is guaranteed to follow a poll phase.
 */
export async function settleEvents(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
}

/**
 * What changed in the working tree relative to HEAD: added (including untracked), modified and
 * deleted files, matching `git status --porcelain -uall --no-renames`. Warm and incremental when
 * the repository is watched (watchRepository), otherwise a full scan in git's manner.
 */
export async function status(repo: Repository): Promise<FileChange[]> {
  const engine = repo.statusEngine();
  if (engine.watching) await settleEvents();
  return engine.status();
}
