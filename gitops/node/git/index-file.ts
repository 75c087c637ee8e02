import { createHash } from 'node:crypto';
import { GitError } from './types.ts';
import { compareGitOrder } from './git-order.ts';
import { FLAG_EXTENDED, lazyEntries, lazyField, readEntryTable } from './index-raw.ts';
import { mergeSplitIndex, parseLink, type SplitLink } from './split-index.ts';

// The entry table as read (raw arrays, the cursor) lives in index-raw.ts; its readers import it from here too.
export { anyExtFlag, EntryCursor, rawEntries, type RawEntries } from './index-raw.ts';

/**
 * One entry of `.git/index` with the stat data git compares to decide whether to hash a file.
 * Entries are immutable (those read from a file are views of its bytes): change one by replacing
 * it with `copyEntry(entry, changes)`.
 */
export interface IndexEntry {
  readonly path: string;
  readonly ctimeSec: number;
  readonly ctimeNsec: number;
  readonly mtimeSec: number;
  readonly mtimeNsec: number;
  readonly dev: number;
  readonly ino: number;
  /** 0o100644, 0o100755, 0o120000 (symlink) or 0o160000 (gitlink). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly oid: string;
  /** The 16-bit flags field: assume-valid 0x8000, extended 0x4000, stage 0x3000 (name length is recomputed). */
  readonly flags: number;
  /** v3 extended flags: skip-worktree 0x4000, intent-to-add 0x2000. */
  readonly extFlags: number;
  /**
   * Where this entry's bytes sit in the index file it was read from (GitIndex.src), so an
   * unchanged entry is copied instead of re-encoded. A changed copy must not carry it.
   */
  readonly srcOff?: number | undefined;
}

export const FLAG_ASSUME_VALID = 0x8000;
export const EXT_SKIP_WORKTREE = 0x4000;
export const EXT_INTENT_TO_ADD = 0x2000;

export function stageOf(e: IndexEntry): number {
  return (e.flags >> 12) & 3;
}

/** One node of the cache-tree (`TREE` extension): the tree id of a directory, when known. */
export interface CacheTreeNode {
  /** Index entries under this directory (recursively); -1 when invalid. */
  entryCount: number;
  subtrees: number;
  oid: string | undefined;
}

/** `.git/index` in memory. Entries are sorted by path then stage, as git keeps them. */
export interface GitIndex {
  version: number;
  entries: IndexEntry[];
  /** Directory path ('' for the root) -> cache-tree node; only valid nodes are kept. */
  cacheTree: Map<string, CacheTreeNode>;
  /** Optional extensions we keep byte for byte when writing (REUC). */
  keep: Array<{ sig: string; data: Buffer }>;
  /** The v2/v3 index file the entries' `srcOff` point into. */
  src?: Buffer;
  /**
   * The file holds what serializeIndex does not write back (version 4 path compression, or optional
   * extensions such as the untracked cache UNTR or FSMN): a read-only status must not rewrite it.
   */
  foreign?: boolean;
  /** Read from a split index (.git/index plus .git/sharedindex.<id>); written back whole. */
  split?: boolean;
}

/** The version to write an index read as `old` in: 4 stays 4, as git keeps it; else 2 (3 where an entry needs it). */
export function keptVersion(old: GitIndex): number {
  return old.version === 4 ? 4 : 2;
}

export function emptyIndex(): GitIndex {
  return { version: 2, entries: [], cacheTree: new Map(), keep: [] };
}

/** A plain copy of an entry (object spread would drop a parsed entry's `oid`, which is an accessor). */
export function copyEntry(e: IndexEntry, changes: Partial<IndexEntry>): IndexEntry {
  return {
    path: e.path,
    ctimeSec: e.ctimeSec,
    ctimeNsec: e.ctimeNsec,
    mtimeSec: e.mtimeSec,
    mtimeNsec: e.mtimeNsec,
    dev: e.dev,
    ino: e.ino,
    mode: e.mode,
    uid: e.uid,
    gid: e.gid,
    size: e.size,
    oid: e.oid,
    flags: e.flags,
    extFlags: e.extFlags,
    srcOff: e.srcOff,
    ...changes,
  };
}

/**
 * Parses a DIRC v2, v3 or v4 index. A split index (`link` extension) is merged with the shared
 * index `readShared` returns for its id (`.git/sharedindex.<id>`).
 */
export function parseIndex(buf: Buffer, readShared?: (oid: string) => Buffer | undefined): GitIndex {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') throw new GitError('unknown', '.git/index is not a Git index file.');
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) throw new GitError('unknown', `.git/index has version ${version}; Gantry reads versions 2 to 4.`);
  const count = buf.readUInt32BE(8);
  const end = buf.length - 20;
  const { raw, next } = readEntryTable(buf, version, count);
  let p = next;
  let link: SplitLink | undefined;
  const index = { version, cacheTree: new Map(), keep: [], ...(version === 4 ? { foreign: true } : { src: buf }) } as Omit<GitIndex, 'entries'> as GitIndex;
  lazyEntries(index, raw);
  while (p + 8 <= end) {
    const sig = buf.toString('latin1', p, p + 4);
    const size = buf.readUInt32BE(p + 4);
    const data = buf.subarray(p + 8, p + 8 + size);
    p += 8 + size;
    if (sig === 'TREE') deferCacheTree(index, data);
    else if (sig === 'REUC') index.keep.push({ sig, data: Buffer.from(data) });
    else if (sig === 'link') link = parseLink(data);
    else if (sig[0]! >= 'A' && sig[0]! <= 'Z') index.foreign = true; // optional: UNTR, FSMN, EOIE, IEOT...
    else if (sig === 'sdir') throw new GitError('not-supported', '.git/index is a sparse index (index.sparse), which Gantry does not read yet; run `git sparse-checkout init --no-sparse-index` (sparse checkout itself works). Nothing was changed.');
    else throw new GitError('not-supported', `.git/index uses the "${sig}" extension, which Gantry does not know; git refuses unknown required extensions too. Nothing was changed.`);
  }
  if (link) return mergedSplitIndex(index, link, readShared);
  return index;
}

/**
 * The whole index of a split one. Its entries are copies (no file offsets) and it is `foreign`: a
 * read-only status leaves the split files as they are; a commit writes one whole index.
 */
function mergedSplitIndex(split: GitIndex, link: SplitLink, readShared?: (oid: string) => Buffer | undefined): GitIndex {
  const sharedBuf = readShared?.(link.sharedOid);
  if (!sharedBuf) throw new GitError('unknown', `.git/index is split, and its shared part .git/sharedindex.${link.sharedOid} is missing; run \`git update-index --no-split-index\` (or restore the file).`);
  const shared = parseIndex(sharedBuf);
  const entries = mergeSplitIndex(shared.entries, split.entries, link);
  const { src: _src, ...rest } = split;
  return { ...rest, entries, version: split.version, foreign: true, split: true };
}

/** TREE extensions not parsed yet, by index: a status that finds nothing staged needs only the root. */
const unparsedTrees = new WeakMap<GitIndex, Buffer>();

/**
 * Makes `index.cacheTree` parse the TREE extension on first use (thousands of folders in a large
 * repository). Spreading the index reads the property, so a copy always has the parsed map.
 */
function deferCacheTree(index: GitIndex, data: Buffer): void {
  lazyField(index, 'cacheTree', unparsedTrees, data, (d) => {
    const tree = new Map<string, CacheTreeNode>();
    parseCacheTree(d, tree);
    return tree;
  });
}

/** The tree id of the whole index from its cache-tree, when valid; reads only the root node. */
export function cacheTreeRoot(index: GitIndex): string | undefined {
  const data = unparsedTrees.get(index);
  if (!data) return index.cacheTree.get('')?.oid;
  // The root node: an empty name, NUL, "<entry count> <subtree count>\n", then the id when the count is not -1.
  if (data.length < 2 || data[0] !== 0) return undefined;
  const nl = data.indexOf(0x0a, 1);
  const entryCount = Number(data.toString('latin1', 1, data.indexOf(0x20, 1)));
  return entryCount >= 0 && nl > 0 && nl + 21 <= data.length ? data.toString('hex', nl + 1, nl + 21) : undefined;
}

function parseCacheTree(data: Buffer, out: Map<string, CacheTreeNode>): void {
  let p = 0;
  const readNode = (parent: string | undefined): void => {
    const nul = data.indexOf(0, p);
    const name = data.toString('utf8', p, nul);
    p = nul + 1;
    const sp = data.indexOf(0x20, p);
    const entryCount = Number(data.toString('latin1', p, sp));
    const nl = data.indexOf(0x0a, sp);
    const subtrees = Number(data.toString('latin1', sp + 1, nl));
    p = nl + 1;
    let oid: string | undefined;
    if (entryCount >= 0) {
      oid = data.toString('hex', p, p + 20);
      p += 20;
    }
    const full = parent === undefined ? '' : parent === '' ? name : `${parent}/${name}`;
    if (oid) out.set(full, { entryCount, subtrees, oid });
    for (let i = 0; i < subtrees; i++) readNode(full);
  };
  if (data.length) readNode(undefined);
}

/**
 * Serializes an index (version 2, or 3 when an entry has extended flags) with its TREE extension.
 * Only cache-tree nodes that are valid and whose ancestors are valid are written, so git never
 * trusts a stale tree id.
 */
export function serializeIndex(index: GitIndex): Buffer {
  if (index.version === 4) return finishIndex(index, serializeEntriesV4(index.entries));
  const entries = index.entries;
  const n = entries.length;
  let version = 2;
  const names = new Array<number>(n);
  let size = 12;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (e.extFlags) version = 3;
    const len = Buffer.byteLength(e.path, 'utf8');
    names[i] = len;
    size += (62 + (e.extFlags ? 2 : 0) + len + 8) & ~7;
  }
  const b = Buffer.alloc(size);
  b.write('DIRC', 0, 'latin1');
  b.writeUInt32BE(version, 4);
  b.writeUInt32BE(n, 8);
  let p = 12;
  const src = index.src;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const nameLen = names[i]!;
    const ext = e.extFlags ? 2 : 0;
    const len = (62 + ext + nameLen + 8) & ~7;
    if (src && e.srcOff !== undefined) {
      // Unchanged since read: copy the bytes (and the run of unchanged entries after it).
      let j = i;
      let end = e.srcOff + len;
      let total = len;
      while (j + 1 < n) {
        const next = entries[j + 1]!;
        if (next.srcOff !== end) break;
        const l = (62 + (next.extFlags ? 2 : 0) + names[j + 1]! + 8) & ~7;
        end += l;
        total += l;
        j++;
      }
      src.copy(b, p, e.srcOff, e.srcOff + total);
      p += total;
      i = j;
      continue;
    }
    b.writeUInt32BE(e.ctimeSec >>> 0, p);
    b.writeUInt32BE(e.ctimeNsec >>> 0, p + 4);
    b.writeUInt32BE(e.mtimeSec >>> 0, p + 8);
    b.writeUInt32BE(e.mtimeNsec >>> 0, p + 12);
    b.writeUInt32BE(e.dev >>> 0, p + 16);
    b.writeUInt32BE(e.ino >>> 0, p + 20);
    b.writeUInt32BE(e.mode >>> 0, p + 24);
    b.writeUInt32BE(e.uid >>> 0, p + 28);
    b.writeUInt32BE(e.gid >>> 0, p + 32);
    b.writeUInt32BE(e.size >>> 0, p + 36);
    b.write(e.oid, p + 40, 20, 'hex');
    b.writeUInt16BE((e.flags & 0xb000) | (e.extFlags ? FLAG_EXTENDED : 0) | Math.min(nameLen, 0xfff), p + 60);
    if (ext) b.writeUInt16BE(e.extFlags, p + 62);
    b.write(e.path, p + 62 + ext, nameLen, 'utf8');
    p += len;
  }
  return finishIndex(index, b);
}

/** The entries, then the extensions Gantry writes (TREE, REUC), then the checksum. */
function finishIndex(index: GitIndex, entries: Buffer): Buffer {
  const parts: Buffer[] = [entries];
  const tree = serializeCacheTree(index.cacheTree);
  if (tree) parts.push(extHeader('TREE', tree.length), tree);
  for (const k of index.keep) parts.push(extHeader(k.sig, k.data.length), k.data);
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

/**
 * Version 4 entries (kept when the index was version 4, as git keeps it): no padding, and each path
 * as a varint count of bytes to drop from the previous path plus the new suffix, NUL-terminated.
 */
function serializeEntriesV4(entries: readonly IndexEntry[]): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(4, 4);
  header.writeUInt32BE(entries.length, 8);
  parts.push(header);
  let prev = Buffer.alloc(0);
  for (const e of entries) {
    const name = Buffer.from(e.path, 'utf8');
    let common = 0;
    const max = Math.min(prev.length, name.length);
    while (common < max && prev[common] === name[common]) common++;
    const ext = e.extFlags ? 2 : 0;
    const fixed = Buffer.alloc(62 + ext);
    writeStat(fixed, e);
    fixed.writeUInt16BE((e.flags & 0xb000) | (e.extFlags ? FLAG_EXTENDED : 0) | Math.min(name.length, 0xfff), 60);
    if (ext) fixed.writeUInt16BE(e.extFlags, 62);
    parts.push(fixed, encodeVarint(prev.length - common), name.subarray(common), Buffer.from([0]));
    prev = name;
  }
  return Buffer.concat(parts);
}

/** git's offset varint (varint.c): 7 bits a byte, most significant first, each continuation minus one. */
function encodeVarint(value: number): Buffer {
  const bytes = [value & 0x7f];
  while ((value >>>= 7)) {
    value--;
    bytes.unshift(0x80 | (value & 0x7f));
  }
  return Buffer.from(bytes);
}

function writeStat(b: Buffer, e: IndexEntry): void {
  b.writeUInt32BE(e.ctimeSec >>> 0, 0);
  b.writeUInt32BE(e.ctimeNsec >>> 0, 4);
  b.writeUInt32BE(e.mtimeSec >>> 0, 8);
  b.writeUInt32BE(e.mtimeNsec >>> 0, 12);
  b.writeUInt32BE(e.dev >>> 0, 16);
  b.writeUInt32BE(e.ino >>> 0, 20);
  b.writeUInt32BE(e.mode >>> 0, 24);
  b.writeUInt32BE(e.uid >>> 0, 28);
  b.writeUInt32BE(e.gid >>> 0, 32);
  b.writeUInt32BE(e.size >>> 0, 36);
  b.write(e.oid, 40, 20, 'hex');
}

function extHeader(sig: string, size: number): Buffer {
  const b = Buffer.alloc(8);
  b.write(sig, 0, 'latin1');
  b.writeUInt32BE(size, 4);
  return b;
}

function serializeCacheTree(nodes: Map<string, CacheTreeNode>): Buffer | undefined {
  if (!nodes.get('')?.oid) return undefined;
  const children = new Map<string, string[]>();
  for (const dir of nodes.keys()) {
    if (dir === '') continue;
    const slash = dir.lastIndexOf('/');
    const parent = slash < 0 ? '' : dir.slice(0, slash);
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(dir);
  }
  const parts: Buffer[] = [];
  const write = (dir: string, name: string): void => {
    const node = nodes.get(dir)!;
    // Children whose parent chain is valid only; a child of an invalid node is never reached.
    const kids = (children.get(dir) ?? []).filter((k) => nodes.get(k)?.oid);
    parts.push(Buffer.from(`${name}\0${node.entryCount} ${kids.length}\n`, 'utf8'), Buffer.from(node.oid!, 'hex'));
    for (const k of kids) write(k, k.slice(k.lastIndexOf('/') + 1));
  };
  write('', '');
  return Buffer.concat(parts);
}

/** Byte-order comparison of index paths (what git sorts by). */
/** Index order: git's UTF-8 byte order (git-order.ts). */
export function comparePaths(a: string, b: string): number {
  return compareGitOrder(a, b);
}

export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return comparePaths(a.path, b.path) || stageOf(a) - stageOf(b);
}

/** Position of the first entry whose path is >= `path` (binary search). */
export function lowerBound(entries: readonly IndexEntry[], path: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePaths(entries[mid]!.path, path) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Drops the cache-tree nodes of `path`'s directory and every ancestor. */
export function invalidateCacheTree(index: GitIndex, path: string): void {
  let dir = path;
  for (;;) {
    const slash = dir.lastIndexOf('/');
    dir = slash < 0 ? '' : dir.slice(0, slash);
    index.cacheTree.delete(dir);
    if (dir === '') return;
  }
}
