import { createHash } from 'node:crypto';
import { EXT_INTENT_TO_ADD, stageOf, type GitIndex, type IndexEntry } from './index-file.ts';
import type { ObjectStore } from './objects.ts';
import { GitError } from './types.ts';
import { compareGitOrder, gitBefore } from './git-order.ts';

/** One entry of a tree object. Mode is git's text form: 100644, 100755, 120000, 160000 or 40000. */
export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** A file (blob, symlink or gitlink) in a tree, by repository-relative path. */
export interface TreeFile {
  oid: string;
  mode: number;
}

/** How one file differs between two trees. */
export interface TreeChange {
  path: string;
  before?: TreeFile;
  after?: TreeFile;
}

export const TREE_MODE = '40000';

export function parseTree(data: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  let p = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    const nul = data.indexOf(0, sp);
    out.push({ mode: data.toString('latin1', p, sp), name: data.toString('utf8', sp + 1, nul), oid: data.toString('hex', nul + 1, nul + 21) });
    p = nul + 21;
  }
  return out;
}

/** Tree entries in git's order: by name, with a directory compared as `name/`. */
export function sortTreeEntries(entries: TreeEntry[]): TreeEntry[] {
  const key = (e: TreeEntry) => (e.mode === TREE_MODE ? `${e.name}/` : e.name);
  return entries.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return compareGitOrder(ka, kb);
  });
}

export function serializeTree(entries: readonly TreeEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) parts.push(Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex'));
  return Buffer.concat(parts);
}

export function modeString(mode: number): string {
  if (mode === 0o040000) return TREE_MODE;
  return mode.toString(8);
}

export function isTree(mode: string): boolean {
  return mode === TREE_MODE;
}

/** The tree id a commit points at. */
export function commitTree(store: ObjectStore, commitOid: string): string {
  const data = store.readTyped(commitOid, 'commit');
  return data.toString('latin1', 5, 45);
}

/**
 * Every file of a tree, flattened. `descend` can skip folders (it gets the folder's path); files
 * are reported with their full path.
 */
export function readTreeFlat(store: ObjectStore, treeOid: string, descend: (dir: string) => boolean = () => true, prefix = ''): Map<string, TreeFile> {
  const out = new Map<string, TreeFile>();
  const walk = (oid: string, dir: string) => {
    for (const e of parseTree(store.readTyped(oid, 'tree'))) {
      const p = dir ? `${dir}/${e.name}` : e.name;
      if (isTree(e.mode)) {
        if (descend(p)) walk(e.oid, p);
      } else out.set(p, { oid: e.oid, mode: parseInt(e.mode, 8) });
    }
  };
  walk(treeOid, prefix);
  return out;
}

/** The file at `path` in a tree, or undefined. */
export function treeLookup(store: ObjectStore, treeOid: string, path: string): TreeFile | undefined {
  const parts = path.split('/');
  let oid = treeOid;
  for (let i = 0; i < parts.length; i++) {
    const e = parseTree(store.readTyped(oid, 'tree')).find((x) => x.name === parts[i]);
    if (!e) return undefined;
    if (i === parts.length - 1) return isTree(e.mode) ? undefined : { oid: e.oid, mode: parseInt(e.mode, 8) };
    if (!isTree(e.mode)) return undefined;
    oid = e.oid;
  }
  return undefined;
}

/** The files that differ between two trees (either may be null: empty), skipping equal subtrees. */
export function diffTrees(store: ObjectStore, a: string | null, b: string | null, prefix = ''): TreeChange[] {
  const out: TreeChange[] = [];
  const list = (oid: string | null) => (oid ? sortTreeEntries(parseTree(store.readTyped(oid, 'tree'))) : []);
  const addAll = (oid: string, dir: string, side: 'before' | 'after') => {
    for (const [p, f] of readTreeFlat(store, oid, () => true, dir)) out.push({ path: p, [side]: f });
  };
  const walk = (x: string | null, y: string | null, dir: string) => {
    if (x === y) return;
    const xs = list(x);
    const ys = list(y);
    const key = (e: TreeEntry) => (isTree(e.mode) ? `${e.name}/` : e.name);
    let i = 0;
    let j = 0;
    while (i < xs.length || j < ys.length) {
      const ex = xs[i];
      const ey = ys[j];
      const kx = ex ? key(ex) : undefined;
      const ky = ey ? key(ey) : undefined;
      let left: TreeEntry | undefined;
      let right: TreeEntry | undefined;
      if (kx !== undefined && (ky === undefined || gitBefore(kx, ky))) {
        left = ex;
        i++;
      } else if (ky !== undefined && (kx === undefined || gitBefore(ky, kx))) {
        right = ey;
        j++;
      } else {
        left = ex;
        right = ey;
        i++;
        j++;
      }
      const name = (left ?? right)!.name;
      const p = dir ? `${dir}/${name}` : name;
      if (left && right && isTree(left.mode) && isTree(right.mode)) {
        walk(left.oid, right.oid, p);
        continue;
      }
      if (left && right && left.oid === right.oid && left.mode === right.mode) continue;
      if (left) {
        if (isTree(left.mode)) addAll(left.oid, p, 'before');
        else out.push({ path: p, before: { oid: left.oid, mode: parseInt(left.mode, 8) } });
      }
      if (right) {
        if (isTree(right.mode)) addAll(right.oid, p, 'after');
        else out.push({ path: p, after: { oid: right.oid, mode: parseInt(right.mode, 8) } });
      }
    }
  };
  walk(a, b, prefix);
  // Merge a file's deletion and re-addition (a type change) into one change.
  const byPath = new Map<string, TreeChange>();
  for (const c of out) {
    const prev = byPath.get(c.path);
    byPath.set(c.path, prev ? { path: c.path, before: prev.before ?? c.before, after: prev.after ?? c.after } : c);
  }
  return [...byPath.values()].sort((m, n) => compareGitOrder(m.path, n.path));
}

/** A tree computed from the index that is not known to be in the object store yet. */
export interface NewTree {
  dir: string;
  oid: string;
  data: Buffer;
}

/**
 * Computes the tree ids of the index's directories (what `git write-tree` does), reusing valid
 * cache-tree nodes and filling in the rest, so the index can be written back with a complete
 * TREE extension. Trees computed here (not taken from the cache) go to `onNew`.
 *
 * A cache-tree node may name a tree that was computed but never written (a status or a checkout
 * carrying staged changes fills in nodes without writing objects, and git does the same with some
 * commands): pass `exists` when the trees will be referenced by a commit, and a node whose tree
 * the store lacks is computed again (and goes to `onNew`), as git's cache_tree_update checks
 * has_object_file before it trusts a node.
 */
export function buildIndexTrees(index: GitIndex, onNew?: (t: NewTree) => void, exists?: (oid: string) => boolean): string {
  const entries = index.entries;
  for (const e of entries) {
    if (stageOf(e) !== 0) {
      throw new GitError('merge-conflict', `${e.path} has unresolved merge conflicts; resolve them before committing.`, { files: [e.path] });
    }
  }
  const endOf = (start: number, end: number, prefix: string): number => {
    // Paths under `prefix` are contiguous; the first one after them sorts at or after prefix-with-'0'.
    const stop = `${prefix.slice(0, -1)}0`;
    let lo = start;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (gitBefore(entries[mid]!.path, stop)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Updated in place: every change to the index removed the nodes of the folders it touched (and
  // their parents), so a node still present describes its folder exactly.
  const nodes = index.cacheTree;
  const build = (dir: string, start: number, end: number): { oid: string; subtrees: number } => {
    const cached = nodes.get(dir);
    if (cached?.oid && cached.entryCount === end - start && (!exists || exists(cached.oid))) return { oid: cached.oid, subtrees: cached.subtrees };
    const prefix = dir ? `${dir}/` : '';
    const items: TreeEntry[] = [];
    let subtrees = 0;
    let i = start;
    while (i < end) {
      const e: IndexEntry = entries[i]!;
      const slash = e.path.indexOf('/', prefix.length);
      if (slash < 0) {
        if (!(e.extFlags & EXT_INTENT_TO_ADD)) items.push({ mode: modeString(e.mode), name: e.path.slice(prefix.length), oid: e.oid });
        i++;
        continue;
      }
      const name = e.path.slice(prefix.length, slash);
      const sub = `${prefix}${name}`;
      const j = endOf(i, end, `${sub}/`);
      const child = build(sub, i, j);
      items.push({ mode: TREE_MODE, name, oid: child.oid });
      subtrees++;
      i = j;
    }
    const data = serializeTree(items);
    const oid = createHash('sha1').update(`tree ${data.length}\0`).update(data).digest('hex');
    nodes.set(dir, { entryCount: end - start, subtrees, oid });
    onNew?.({ dir, oid, data });
    return { oid, subtrees };
  };
  return build('', 0, entries.length).oid;
}
