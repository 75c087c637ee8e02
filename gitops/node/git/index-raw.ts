// The entry table of an index file as read: the paths and flags of its entries in arrays, the rest
// left in the file's bytes (RawEntries), seen through one reusable EntryCursor by a scan that keeps
// nothing, or as entry objects (ParsedEntry) made on the first read of `index.entries`. index-file.ts
// reads and writes the rest of the file (header, extensions, split index, cache-tree) with these.
import type { GitIndex, IndexEntry } from './index-file.ts';

/** The flags bit of an entry followed by 16 bits of extended flags (v3 and later). */
export const FLAG_EXTENDED = 0x4000;

type StatFields = { -readonly [K in 'ctimeSec' | 'ctimeNsec' | 'mtimeSec' | 'mtimeNsec' | 'dev' | 'ino' | 'mode' | 'uid' | 'gid' | 'size']: number };

/** The ten 32-bit stat fields at the start of the entry at `at`, in the file's order. */
function readStatFields(e: StatFields, view: DataView, at: number): void {
  e.ctimeSec = view.getUint32(at);
  e.ctimeNsec = view.getUint32(at + 4);
  e.mtimeSec = view.getUint32(at + 8);
  e.mtimeNsec = view.getUint32(at + 12);
  e.dev = view.getUint32(at + 16);
  e.ino = view.getUint32(at + 20);
  e.mode = view.getUint32(at + 24);
  e.uid = view.getUint32(at + 28);
  e.gid = view.getUint32(at + 32);
  e.size = view.getUint32(at + 36);
}

/**
 * An entry read from an index file. Its object id stays in the file's bytes until first asked
 * for: a status that finds nothing changed never needs the ids of 24,000 files. (The stat fields
 * are read up front: a status compares them all, and getters cost more there than they save here.)
 */
class ParsedEntry implements IndexEntry {
  // Declared, not class fields: class fields would first be defined as undefined and then change
  // representation, which costs more than the whole parse in a fresh process.
  declare readonly path: string;
  declare readonly ctimeSec: number;
  declare readonly ctimeNsec: number;
  declare readonly mtimeSec: number;
  declare readonly mtimeNsec: number;
  declare readonly dev: number;
  declare readonly ino: number;
  declare readonly mode: number;
  declare readonly uid: number;
  declare readonly gid: number;
  declare readonly size: number;
  declare readonly flags: number;
  declare readonly extFlags: number;
  declare readonly srcOff: number | undefined;
  private declare readonly src: Buffer;
  private declare readonly at: number;
  private declare hexOid: string | undefined;

  constructor(path: string, view: DataView, src: Buffer, at: number, flags: number, extFlags: number, v4: boolean) {
    this.path = path;
    readStatFields(this, view, at);
    this.flags = flags;
    this.extFlags = extFlags;
    this.srcOff = v4 ? undefined : at;
    this.src = src;
    this.at = at;
    this.hexOid = undefined;
  }

  get oid(): string {
    return (this.hexOid ??= this.src.toString('hex', this.at + 40, this.at + 60));
  }
}

/**
 * The entries of an index file as read, before any becomes an object: their paths and flags in
 * arrays, the rest left in the file's bytes. A status in a fresh process scans these through one
 * EntryCursor, so the 24,000 entries of a large repository are not 24,000 objects for the garbage
 * collector to copy twice; `index.entries` makes the objects on first use, in the same order.
 */
export interface RawEntries {
  readonly count: number;
  readonly paths: string[];
  readonly flags: Uint16Array;
  readonly extFlags: Uint16Array;
  /** Each entry's offset in `buf`. */
  readonly starts: Int32Array;
  /** Every entry's flags and extended flags OR-ed together: which flags any entry has. */
  readonly anyFlags: number;
  readonly anyExtFlags: number;
  readonly view: DataView;
  readonly buf: Buffer;
  readonly v4: boolean;
}

const rawTables = new WeakMap<GitIndex, RawEntries>();

/** The raw entries of an index read from a file whose `entries` nobody has asked for yet. */
export function rawEntries(index: GitIndex): RawEntries | undefined {
  return rawTables.get(index);
}

/** Whether any entry has `flag` in its extended flags (without making entry objects). */
export function anyExtFlag(index: GitIndex, flag: number): boolean {
  const raw = rawTables.get(index);
  if (raw) return (raw.anyExtFlags & flag) !== 0;
  return index.entries.some((e) => (e.extFlags & flag) !== 0);
}

/**
 * Makes `index[key]` be built from `source` on its first read; setting it first drops the source.
 * `pending` holds the source until then, for readers that can answer from it without building (a
 * spread of the index reads the property, so a copy always has the built value).
 */
export function lazyField<K extends 'entries' | 'cacheTree', S>(index: GitIndex, key: K, pending: WeakMap<GitIndex, S>, source: S, build: (source: S) => GitIndex[K]): void {
  let value: GitIndex[K] | undefined;
  pending.set(index, source);
  Object.defineProperty(index, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (value === undefined) {
        value = build(source);
        pending.delete(index);
      }
      return value;
    },
    set: (v: GitIndex[K]) => {
      value = v;
      pending.delete(index);
    },
  });
}

/** `index.entries` made from the raw tables on first use, in the same order. */
export function lazyEntries(index: GitIndex, raw: RawEntries): void {
  lazyField(index, 'entries', rawTables, raw, (r) => {
    const out: IndexEntry[] = new Array(r.count);
    for (let i = 0; i < r.count; i++) out[i] = new ParsedEntry(r.paths[i]!, r.view, r.buf, r.starts[i]!, r.flags[i]!, r.extFlags[i]!, r.v4);
    return out;
  });
}

/**
 * One reusable view of raw entry `i` (`moveTo(i)` overwrites it): for a scan that reads each entry
 * once and keeps none. Anything kept must be `index.entries[i]`, never the cursor.
 */
export class EntryCursor implements IndexEntry {
  path = '';
  ctimeSec = 0;
  ctimeNsec = 0;
  mtimeSec = 0;
  mtimeNsec = 0;
  dev = 0;
  ino = 0;
  mode = 0;
  uid = 0;
  gid = 0;
  size = 0;
  flags = 0;
  extFlags = 0;
  srcOff: number | undefined = undefined;
  private at = 0;

  constructor(private readonly raw: RawEntries) {}

  moveTo(i: number): this {
    const raw = this.raw;
    const at = raw.starts[i]!;
    this.at = at;
    this.path = raw.paths[i]!;
    this.flags = raw.flags[i]!;
    this.extFlags = raw.extFlags[i]!;
    readStatFields(this, raw.view, at);
    this.srcOff = raw.v4 ? undefined : at;
    return this;
  }

  get oid(): string {
    return this.raw.buf.toString('hex', this.at + 40, this.at + 60);
  }
}

/**
 * Reads the table of `count` entries that starts at byte 12 of index file `buf` (version 2 to 4):
 * the raw entries, and the offset where the extensions begin.
 */
export function readEntryTable(buf: Buffer, version: number, count: number): { raw: RawEntries; next: number } {
  const end = buf.length - 20;
  const paths: string[] = new Array(count);
  const flagsOf = new Uint16Array(count);
  const extFlagsOf = new Uint16Array(count);
  const starts = new Int32Array(count);
  // Paths are nearly always ASCII: one latin1 string of the whole file, then substrings of it,
  // costs far less than one UTF-8 decode per entry.
  const text = buf.toString('latin1', 0, end);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const v4 = version === 4;
  let p = 12;
  let prevPath = '';
  let anyFlags = 0;
  let anyExtFlags = 0;
  for (let i = 0; i < count; i++) {
    const start = p;
    const flags = view.getUint16(p + 60);
    let extFlags = 0;
    p += 62;
    if (flags & FLAG_EXTENDED) {
      extFlags = view.getUint16(p);
      p += 2;
    }
    let path: string;
    if (v4) {
      let strip = 0;
      let c: number;
      let shift = 0;
      // v4: varint count of bytes to drop from the previous path, then the rest NUL-terminated.
      do {
        c = buf[p++]!;
        strip = shift === 0 ? c & 0x7f : ((strip + 1) << 7) | (c & 0x7f);
        shift++;
      } while (c & 0x80);
      const nul = buf.indexOf(0, p);
      const prev = Buffer.from(prevPath, 'utf8');
      path = Buffer.concat([prev.subarray(0, prev.length - strip), buf.subarray(p, nul)]).toString('utf8');
      p = nul + 1;
    } else {
      // The low 12 bits hold the name's length, or 0xFFF when it is that long or longer.
      const len = flags & 0xfff;
      const nul = len < 0xfff ? p + len : buf.indexOf(0, p);
      let ascii = true;
      for (let k = p; k < nul; k++) {
        if (buf[k]! > 0x7f) {
          ascii = false;
          break;
        }
      }
      path = ascii ? text.substring(p, nul) : buf.toString('utf8', p, nul);
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      p = start + ((nul - start + 8) & ~7);
    }
    prevPath = path;
    paths[i] = path;
    flagsOf[i] = flags;
    extFlagsOf[i] = extFlags;
    starts[i] = start;
    anyFlags |= flags;
    anyExtFlags |= extFlags;
  }
  return { raw: { count, paths, flags: flagsOf, extFlags: extFlagsOf, starts, anyFlags, anyExtFlags, view, buf, v4 }, next: p };
}
