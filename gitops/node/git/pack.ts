import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

/** Git object types by their pack type number. */
export const PACK_TYPES = ['', 'commit', 'tree', 'blob', 'tag'] as const;
export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface RawObject {
  type: ObjectType;
  data: Buffer;
}

const OFS_DELTA = 6;
const REF_DELTA = 7;

/**
 * One pack (`objects/pack/pack-*.pack` with its v2 `.idx`): looks objects up by binary search in
 * the index and reads them with positional reads, resolving delta chains. No whole-pack read,
 * so opening a large repository costs one index read.
 */
export class PackFile {
  private fd: number | undefined;
  private packSize = 0;
  private readonly fanout: Uint32Array;
  private readonly shas: Buffer;
  private readonly offsets: Buffer;
  private readonly bigOffsets: Buffer;
  readonly count: number;

  constructor(readonly idxPath: string, readonly packPath: string) {
    const idx = readFileSync(idxPath);
    if (idx.readUInt32BE(0) !== 0xff744f63 || idx.readUInt32BE(4) !== 2) {
      throw new Error(`${idxPath}: only pack index version 2 is supported`);
    }
    this.fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) this.fanout[i] = idx.readUInt32BE(8 + i * 4);
    const n = this.fanout[255]!;
    this.count = n;
    const shaStart = 8 + 1024;
    this.shas = idx.subarray(shaStart, shaStart + n * 20);
    const offStart = shaStart + n * 20 + n * 4;
    this.offsets = idx.subarray(offStart, offStart + n * 4);
    this.bigOffsets = idx.subarray(offStart + n * 4, idx.length - 40);
  }

  /** Pack offset of `oid`, or -1. */
  find(oid: Buffer): number {
    const first = oid[0]!;
    let lo = first === 0 ? 0 : this.fanout[first - 1]!;
    let hi = this.fanout[first]!;
    const shas = this.shas;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = shas.compare(oid, 0, 20, mid * 20, mid * 20 + 20);
      if (c === 0) return this.offsetAt(mid);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Every object id in the pack (hex). */
  *oids(): Generator<string> {
    for (let i = 0; i < this.count; i++) yield this.shas.toString('hex', i * 20, i * 20 + 20);
  }

  private offsetAt(i: number): number {
    const off = this.offsets.readUInt32BE(i * 4);
    if (!(off & 0x80000000)) return off;
    const k = off & 0x7fffffff;
    return Number(this.bigOffsets.readBigUInt64BE(k * 8));
  }

  private open(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.packPath, 'r');
      this.packSize = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * Reads the object at `offset`. `resolveRef` finds REF_DELTA bases (possibly in another pack or
   * loose); `cache` memoises resolved objects by offset so trees sharing a delta base stay cheap.
   */
  readAt(offset: number, resolveRef: (oid: string) => RawObject, cache: Map<string, RawObject>): RawObject {
    const key = `${this.packPath}:${offset}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const fd = this.open();
    const head = Buffer.alloc(32);
    readSync(fd, head, 0, Math.min(32, this.packSize - offset), offset);
    let pos = 0;
    let c = head[pos++]!;
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      c = head[pos++]!;
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    let base: RawObject | undefined;
    if (type === OFS_DELTA) {
      c = head[pos++]!;
      let rel = c & 0x7f;
      while (c & 0x80) {
        c = head[pos++]!;
        rel = (rel + 1) * 128 + (c & 0x7f);
      }
      base = this.readAt(offset - rel, resolveRef, cache);
    } else if (type === REF_DELTA) {
      const baseOid = head.toString('hex', pos, pos + 20);
      pos += 20;
      base = resolveRef(baseOid);
    }
    const data = this.inflateAt(offset + pos, size);
    let out: RawObject;
    if (base) out = { type: base.type, data: applyDelta(base.data, data) };
    else {
      const name = PACK_TYPES[type];
      if (!name) throw new Error(`${this.packPath}: bad object type ${type} at offset ${offset}`);
      out = { type: name, data };
    }
    cache.set(key, out);
    if (cache.size > 4096) cache.delete(cache.keys().next().value!);
    return out;
  }

  private inflateAt(start: number, size: number): Buffer {
    const fd = this.open();
    // zlib never grows data by more than a few bytes per 16 KiB block; read that much and inflate.
    let len = Math.min(size + (size >>> 9) + 64, this.packSize - start);
    for (;;) {
      const buf = Buffer.allocUnsafe(len);
      const n = readSync(fd, buf, 0, len, start);
      try {
        const out = inflateSync(buf.subarray(0, n));
        if (out.length !== size) throw new Error(`${this.packPath}: object at ${start} inflates to ${out.length} bytes, expected ${size}`);
        return out;
      } catch (err) {
        if (len >= this.packSize - start) throw err;
        len = Math.min(len * 2, this.packSize - start);
      }
    }
  }
}

function readVarint(buf: Buffer, pos: { i: number }): number {
  let result = 0;
  let shift = 0;
  let c: number;
  do {
    c = buf[pos.i++]!;
    result += (c & 0x7f) * 2 ** shift;
    shift += 7;
  } while (c & 0x80);
  return result;
}

/** Applies a git delta (copy/insert instructions) to `base`. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  const pos = { i: 0 };
  const srcSize = readVarint(delta, pos);
  if (srcSize !== base.length) throw new Error(`delta base is ${base.length} bytes, the delta expects ${srcSize}`);
  const dstSize = readVarint(delta, pos);
  const out = Buffer.allocUnsafe(dstSize);
  let o = 0;
  while (pos.i < delta.length) {
    const op = delta[pos.i++]!;
    if (op & 0x80) {
      let off = 0;
      let n = 0;
      if (op & 0x01) off |= delta[pos.i++]!;
      if (op & 0x02) off |= delta[pos.i++]! << 8;
      if (op & 0x04) off |= delta[pos.i++]! << 16;
      if (op & 0x08) off = (off | (delta[pos.i++]! << 24)) >>> 0;
      if (op & 0x10) n |= delta[pos.i++]!;
      if (op & 0x20) n |= delta[pos.i++]! << 8;
      if (op & 0x40) n |= delta[pos.i++]! << 16;
      if (n === 0) n = 0x10000;
      base.copy(out, o, off, off + n);
      o += n;
    } else if (op > 0) {
      delta.copy(out, o, pos.i, pos.i + op);
      o += op;
      pos.i += op;
    } else {
      throw new Error('bad delta instruction 0');
    }
  }
  if (o !== dstSize) throw new Error(`delta produced ${o} bytes, expected ${dstSize}`);
  return out;
}
