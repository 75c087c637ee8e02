import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { hashObject } from './objects.ts';
import { applyDelta, PACK_TYPES, type ObjectType, type RawObject } from './pack.ts';
import { GitError } from './types.ts';

/**
 * Packfiles in memory, for bundles and clones from a folder: a writer of version 2 packs (every
 * object whole, no deltas: git's index-pack takes that as is) and a reader that checks everything
 * git's index-pack checks before anything is stored: the signature, the object count, every
 * object's zlib stream and size, delta bases (OFS_DELTA in the pack, REF_DELTA in the pack or
 * the repository: bundles are thin) and the trailing SHA-1 of the whole pack.
 */

const TYPE_NUMBER: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };
const OFS_DELTA = 6;
const REF_DELTA = 7;

function entryHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let c = (type << 4) | (size & 15);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(c | 0x80);
    c = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(c);
  return Buffer.from(bytes);
}

export interface PackedEntry {
  oid: string;
  offset: number;
  crc32: number;
}

/** A version 2 pack of `objects` (whole objects, zlib `level`, default 6 as git) with its trailing SHA-1; `entries` for an index. */
export function writePack(objects: Iterable<{ oid?: string; type: ObjectType; data: Buffer }>, level = 6): { pack: Buffer; entries: PackedEntry[]; sha: string } {
  const parts: Buffer[] = [];
  const entries: PackedEntry[] = [];
  let offset = 12;
  for (const o of objects) {
    const raw = Buffer.concat([entryHeader(TYPE_NUMBER[o.type], o.data.length), deflateSync(o.data, { level })]);
    entries.push({ oid: o.oid ?? hashObject(o.type, o.data), offset, crc32: crc32(raw) });
    parts.push(raw);
    offset += raw.length;
  }
  const head = Buffer.alloc(12);
  head.write('PACK', 0, 'latin1');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(entries.length, 8);
  const body = Buffer.concat([head, ...parts]);
  const sha = createHash('sha1').update(body).digest();
  return { pack: Buffer.concat([body, sha]), entries, sha: sha.toString('hex') };
}

/** The version 2 `.idx` of a pack written by writePack (fanout, sorted ids, CRC32s, offsets, both checksums). */
export function writePackIndex(entries: readonly PackedEntry[], packSha: string): Buffer {
  const sorted = [...entries].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
  const n = sorted.length;
  const big = sorted.filter((e) => e.offset >= 0x80000000);
  const buf = Buffer.alloc(8 + 1024 + n * 28 + big.length * 8 + 40);
  buf.writeUInt32BE(0xff744f63, 0);
  buf.writeUInt32BE(2, 4);
  const fanout = new Uint32Array(256);
  for (const e of sorted) fanout[parseInt(e.oid.slice(0, 2), 16)]!++;
  let total = 0;
  for (let i = 0; i < 256; i++) {
    total += fanout[i]!;
    buf.writeUInt32BE(total, 8 + i * 4);
  }
  let pos = 8 + 1024;
  for (const e of sorted) pos += buf.write(e.oid, pos, 'hex');
  for (const e of sorted) pos = buf.writeUInt32BE(e.crc32 >>> 0, pos);
  let k = 0;
  for (const e of sorted) pos = buf.writeUInt32BE(e.offset >= 0x80000000 ? (0x80000000 | k++) >>> 0 : e.offset, pos);
  for (const e of big) pos = Number(buf.writeBigUInt64BE(BigInt(e.offset), pos));
  pos += buf.write(packSha, pos, 'hex');
  createHash('sha1').update(buf.subarray(0, pos)).digest().copy(buf, pos);
  return buf;
}

let CRC_TABLE: Uint32Array | undefined;

/** CRC-32 (IEEE), as the pack index stores for each entry. */
export function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let j = 0; j < 8; j++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Objects read from a pack, by id (hex), in pack order. */
export type PackObjects = Map<string, RawObject>;

/**
 * Reads and checks a whole pack held in memory. `base(oid)` returns a REF_DELTA base the pack
 * itself lacks (from the repository), or undefined. `problem(why)` builds the error to throw.
 */
export function readPack(pack: Buffer, base: (oid: string) => RawObject | undefined, problem: (why: string) => Error): PackObjects {
  if (pack.length < 32) throw problem(`the pack is ${pack.length} bytes, too short to hold even its header and checksum (the file is cut short)`);
  if (pack.toString('latin1', 0, 4) !== 'PACK') throw problem('the part after the references is not a packfile (no "PACK" signature)');
  const version = pack.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw problem(`the pack has version ${version}; git writes 2 and 3`);
  const count = pack.readUInt32BE(8);
  const end = pack.length - 20;
  const want = pack.subarray(end).toString('hex');
  const got = createHash('sha1').update(pack.subarray(0, end)).digest('hex');
  if (want !== got) throw problem('its pack checksum does not match its content (the file is cut short or was changed on the way)');
  const out: PackObjects = new Map();
  const byOffset = new Map<number, RawObject>();
  const pendingRef: Array<{ offset: number; baseOid: string; delta: Buffer }> = [];
  let pos = 12;
  for (let i = 0; i < count; i++) {
    if (pos >= end) throw problem(`the pack says it holds ${count} objects but ends after ${i}`);
    const offset = pos;
    let c = pack[pos++]!;
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      if (pos >= end || shift > 53) throw problem(`object ${i + 1} of the pack has a garbled header`);
      c = pack[pos++]!;
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    let baseOffset: number | undefined;
    let baseOid: string | undefined;
    if (type === OFS_DELTA) {
      c = pack[pos++]!;
      let rel = c & 0x7f;
      while (c & 0x80) {
        if (pos >= end) throw problem(`object ${i + 1} of the pack has a garbled delta offset`);
        c = pack[pos++]!;
        rel = (rel + 1) * 128 + (c & 0x7f);
      }
      baseOffset = offset - rel;
      if (baseOffset < 12 || !byOffset.has(baseOffset)) throw problem(`object ${i + 1} of the pack is a delta against an offset that holds no object`);
    } else if (type === REF_DELTA) {
      if (pos + 20 > end) throw problem(`object ${i + 1} of the pack is cut short`);
      baseOid = pack.toString('hex', pos, pos + 20);
      pos += 20;
    } else if (!PACK_TYPES[type]) {
      throw problem(`object ${i + 1} of the pack has type ${type}, which git does not write`);
    }
    let data: Buffer;
    try {
      const r = inflateSync(pack.subarray(pos, end), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      data = r.buffer;
      pos += r.engine.bytesWritten;
    } catch {
      throw problem(`object ${i + 1} of the pack does not decompress (the data is garbled)`);
    }
    if (data.length !== size) throw problem(`object ${i + 1} of the pack decompresses to ${data.length} bytes, its header says ${size}`);
    let obj: RawObject | undefined;
    if (baseOffset !== undefined) obj = undelta(byOffset.get(baseOffset)!, data, i, problem);
    else if (baseOid) {
      const b = out.get(baseOid) ?? base(baseOid);
      if (!b) {
        pendingRef.push({ offset, baseOid, delta: data });
        continue;
      }
      obj = undelta(b, data, i, problem);
    } else obj = { type: PACK_TYPES[type] as ObjectType, data };
    byOffset.set(offset, obj);
    out.set(hashObject(obj.type, obj.data), obj);
  }
  if (pos !== end) throw problem(`the pack has ${end - pos} bytes after its last object`);
  // A REF_DELTA whose base comes later in the pack: resolve until nothing moves.
  for (let moved = true; pendingRef.length && moved; ) {
    moved = false;
    for (let i = pendingRef.length - 1; i >= 0; i--) {
      const p = pendingRef[i]!;
      const b = out.get(p.baseOid) ?? base(p.baseOid);
      if (!b) continue;
      const obj = undelta(b, p.delta, i, problem);
      out.set(hashObject(obj.type, obj.data), obj);
      pendingRef.splice(i, 1);
      moved = true;
    }
  }
  if (pendingRef.length) {
    throw problem(`${pendingRef.length} object(s) of the pack are deltas against ${pendingRef[0]!.baseOid.slice(0, 12)}, which neither the pack nor this repository has`);
  }
  return out;
}

function undelta(b: RawObject, delta: Buffer, i: number, problem: (why: string) => Error): RawObject {
  try {
    return { type: b.type, data: applyDelta(b.data, delta) };
  } catch (err) {
    throw problem(`object ${i + 1} of the pack is a delta that does not apply (${(err as Error).message})`);
  }
}

/** The error for a bad pack inside the bundle `file`. */
export function bundleProblem(file: string): (why: string) => GitError {
  return (why) => new GitError('invalid-bundle', `${file} is not a git bundle Gantry can read: ${why}. Nothing was written.`, { why });
}
