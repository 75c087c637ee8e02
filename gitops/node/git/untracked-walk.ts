import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commonFile } from './gitdirs.ts';
import type { IgnoreRules } from './ignore.ts';
import type { IndexEntry } from './index-file.ts';
import type { ScanStat } from './scan-stat.ts';
import { ListingCache, MODE_GITLINK, namesOf } from './worktree-files.ts';

/** What the walk needs from the status engine: the repository, its ignore rules and its index. */
export interface WalkContext {
  readonly root: string;
  readonly gitdir: string;
  /** Called with every folder walked, so the watcher can follow new folders (read at each walk). */
  readonly onDir: ((dir: string) => void) | undefined;
  ignoreRules(): IgnoreRules;
  scanStat(): ScanStat;
  /** The stage-0 index entry of a path. */
  tracked(rel: string): IndexEntry | undefined;
  /** Whether a path has conflict stages in the index. */
  conflicted(rel: string): boolean;
  /** The index file's checksum (part of the cache key). */
  indexChecksum(): string;
}

/**
 * The untracked half of a status: walks folders (skipping .git, ignored folders, submodules and
 * nested repositories) and lists what is neither tracked nor ignored, with the folder listings and
 * the walk's results cached across processes (ListingCache), as git's untracked cache does.
 */
export class UntrackedWalk {
  /** Untracked paths found (a nested repository as `dir/`). */
  readonly untracked = new Set<string>();
  /** Folders the walks listed: real folders, not symbolic links (for tracked files below them). */
  readonly walkedDirs = new Set<string>();
  readonly listings: ListingCache;

  constructor(private readonly ctx: WalkContext) {
    this.listings = new ListingCache(path.join(ctx.gitdir, 'gantry'));
    this.listings.load();
  }

  /** Forgets what the last walk found, before a full scan. */
  clear(): void {
    this.untracked.clear();
    this.walkedDirs.clear();
  }

  /**
   * Finds untracked files (walks folders, skipping .git, ignored folders and nested repositories).
   * A full scan first tries the cached results of the last walk: valid while the index and the
   * ignore rules are unchanged and no folder changed; otherwise it walks for real and caches anew.
   */
  walk(dir: string, scanStart: number, useCache: boolean): void {
    if (useCache && dir === '') {
      const key = this.cacheKey();
      if (key === this.listings.key && this.fromCache()) return;
      this.untracked.clear();
      this.folders(dir, scanStart, true, true);
      this.listings.key = key;
      this.listings.changed = true;
      return;
    }
    this.folders(dir, scanStart, useCache, false);
  }

  /** The cache key of walk results: index checksum plus every ignore source's content. */
  cacheKey(): string {
    const h = createHash('sha1').update(this.ctx.indexChecksum());
    const read = (f: string) => {
      try {
        h.update(f).update(readFileSync(f));
      } catch {
        h.update(f).update('-');
      }
    };
    read(commonFile(this.ctx.gitdir, 'info', 'exclude'));
    read(this.ctx.ignoreRules().globalFile);
    for (const d of this.listings.gitignoreDirs) read(path.join(this.ctx.root, d, '.gitignore'));
    return h.digest('hex');
  }

  /** Replays the cached walk; false (nothing decided) when any folder changed since. */
  private fromCache(): boolean {
    const visited: string[] = [];
    const found: string[] = [];
    if (!this.listings.replay(this.ctx.root, this.ctx.scanStat(), visited, found)) return false;
    for (const d of visited) {
      this.ctx.onDir?.(d);
      this.walkedDirs.add(d);
    }
    for (const u of found) this.untracked.add(u);
    return true;
  }

  private folders(dir: string, scanStart: number, useCache: boolean, record: boolean): void {
    const ignore = this.ctx.ignoreRules();
    const root = this.ctx.root;
    const stack = [dir];
    const gitignores: string[] = [];
    const order: string[] = [];
    while (stack.length) {
      const d = stack.pop()!;
      const abs = d ? `${root}/${d}` : root;
      // Watch first, then list: a file created after the listing still raises an event.
      this.ctx.onDir?.(d);
      this.walkedDirs.add(d);
      let listing;
      if (useCache) listing = this.listings.get(d, abs, scanStart);
      else {
        const st = lstatSync(abs, { throwIfNoEntry: false });
        listing = st?.isDirectory() ? this.listings.read(d, abs, st, scanStart) : undefined;
      }
      if (!listing) continue;
      order.push(d);
      const names = namesOf(listing);
      const types = listing.types ?? '';
      const subdirs: string[] = [];
      const untracked: string[] = [];
      if (d !== dir && names.includes('.git')) {
        // A nested repository: git lists it as one untracked entry and does not look inside.
        this.untracked.add(`${d}/`);
        if (record) listing.derived = { subdirs, untracked: [`${d}/`] };
        continue;
      }
      const hasGitignore = names.includes('.gitignore');
      if (hasGitignore) gitignores.push(d);
      ignore.noteListing(d, hasGitignore);
      const prefix = d ? `${d}/` : '';
      for (let k = 0; k < names.length; k++) {
        const name = names[k]!;
        if (d === '' && name === '.git') continue;
        const p = prefix + name;
        if (types[k] === 'd') {
          // A submodule (gitlink) is not looked into; a tracked file that became a folder is.
          if (this.ctx.tracked(p)?.mode === MODE_GITLINK) continue;
          if (ignore.isIgnored(p, true)) continue;
          stack.push(p);
          subdirs.push(p);
        } else {
          if (this.ctx.tracked(p) || this.ctx.conflicted(p)) continue;
          // A FIFO, socket or device is no file git could add: it lists none of them.
          if (types[k] === 'o') continue;
          if (ignore.isIgnored(p, false)) continue;
          this.untracked.add(p);
          untracked.push(p);
        }
      }
      if (record) listing.derived = { subdirs, untracked };
    }
    if (record) {
      this.listings.gitignoreDirs = gitignores.sort();
      this.listings.walkOrder = order;
    }
  }
}
