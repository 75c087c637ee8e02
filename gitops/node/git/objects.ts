import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { PackFile, type ObjectType, type RawObject } from './pack.ts';
import { GitError } from './types.ts';

export type { ObjectType, RawObject } from './pack.ts';

/** sha1 of a git object: `<type> <size>\0<data>`. */
export function hashObject(type: ObjectType, data: Uint8Array): string {
  return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/** Blob id of text or bytes, as `git hash-object` computes it. */
export function hashBlob(content: string | Uint8Array): string {
  return hashObject('blob', typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
}

/**
 * The object database of one repository: loose objects and packs, read without isomorphic-git
 * (so status, diff and commit stay fast in a fresh process), and loose writes that are atomic
 * (temp file named `tmp_obj_*`, which `git fsck` ignores, then rename).
 */
export class ObjectStore {
  private packs: PackFile[] | undefined;
  private readonly deltaCache = new Map<string, RawObject>();
  private readonly objectsDir: string;

  constructor(readonly gitdir: string) {
    this.objectsDir = path.join(gitdir, 'objects');
  }

  private loadPacks(): PackFile[] {
    if (!this.packs) {
      const dir = path.join(this.objectsDir, 'pack');
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        // No pack folder: a new repository.
      }
      this.packs = names
        .filter((n) => n.endsWith('.idx') && names.includes(`${n.slice(0, -4)}.pack`))
        .sort()
        .map((n) => new PackFile(path.join(dir, n), path.join(dir, `${n.slice(0, -4)}.pack`)));
    }
    return this.packs;
  }

  /** Forgets the pack list so packs written by a fetch are seen. */
  refresh(): void {
    for (const p of this.packs ?? []) p.close();
    this.packs = undefined;
    this.deltaCache.clear();
  }

  close(): void {
    this.refresh();
  }

  private loosePath(oid: string): string {
    return path.join(this.objectsDir, oid.slice(0, 2), oid.slice(2));
  }

  has(oid: string): boolean {
    if (existsSync(this.loosePath(oid))) return true;
    const key = Buffer.from(oid, 'hex');
    if (this.loadPacks().some((p) => p.find(key) >= 0)) return true;
    this.refresh();
    return this.loadPacks().some((p) => p.find(key) >= 0);
  }

  /** Reads an object; throws GitError 'not-found' when the repository does not have it. */
  read(oid: string): RawObject {
    const obj = this.tryRead(oid);
    if (!obj) throw new GitError('not-found', `The repository has no object ${oid} (a shallow clone, or a damaged repository).`, { oid });
    return obj;
  }

  tryRead(oid: string): RawObject | undefined {
    // Packs first, as git's oid_object_info does: most objects of a cloned or gc'ed repository are
    // packed, and a missing loose file costs a failed open and a thrown error each (10,000 packed
    // commits of a history read: 2.1 s loose-first). Then the loose file, then packs written since.
    const key = Buffer.from(oid, 'hex');
    const packed = () => {
      for (const p of this.loadPacks()) {
        const off = p.find(key);
        if (off >= 0) return p.readAt(off, (base) => this.read(base), this.deltaCache);
      }
      return undefined;
    };
    const found = packed() ?? this.readLoose(oid);
    if (found) return found;
    this.refresh();
    return packed();
  }

  private readLoose(oid: string): RawObject | undefined {
    let raw: Buffer;
    try {
      raw = inflateSync(readFileSync(this.loosePath(oid)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const sp = raw.indexOf(0x20);
    const nul = raw.indexOf(0, sp);
    const type = raw.toString('latin1', 0, sp) as ObjectType;
    return { type, data: raw.subarray(nul + 1) };
  }

  /** Reads an object and checks its type. */
  readTyped(oid: string, type: ObjectType): Buffer {
    const obj = this.read(oid);
    if (obj.type !== type) throw new GitError('unknown', `Object ${oid} is a ${obj.type}, not a ${type}.`);
    return obj.data;
  }

  /**
   * Writes a loose object unless the repository already has it. With `fsync`, the object is on
   * disk before any ref can point at it.
   */
  write(type: ObjectType, data: Uint8Array, opts: { fsync?: boolean } = {}): string {
    const oid = hashObject(type, data);
    const file = this.loosePath(oid);
    if (existsSync(file)) return oid;
    if (this.inPack(oid)) return oid;
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `tmp_obj_${randomBytes(6).toString('hex')}`);
    const body = deflateSync(Buffer.concat([Buffer.from(`${type} ${data.length}\0`, 'latin1'), data]), { level: 1 });
    const fd = openSync(tmp, 'wx', 0o444);
    try {
      writeAll(fd, body);
      if (opts.fsync) fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw err;
    }
    closeSync(fd);
    renameSync(tmp, file);
    return oid;
  }

  /**
   * Writes several loose objects, fsyncing them in parallel (one round trip to the disk instead of
   * one per object) before any is renamed into place. Returns their ids in order.
   */
  async writeMany(objects: ReadonlyArray<{ type: ObjectType; data: Uint8Array }>, opts: { fsync?: boolean } = {}): Promise<string[]> {
    const oids: string[] = [];
    const pending: Array<{ tmp: string; file: string; fd: number }> = [];
    try {
      for (const o of objects) {
        const oid = hashObject(o.type, o.data);
        oids.push(oid);
        const file = this.loosePath(oid);
        if (pending.some((p) => p.file === file) || existsSync(file) || this.inPack(oid)) continue;
        const dir = path.dirname(file);
        mkdirSync(dir, { recursive: true });
        const tmp = path.join(dir, `tmp_obj_${randomBytes(6).toString('hex')}`);
        const fd = openSync(tmp, 'wx', 0o444);
        pending.push({ tmp, file, fd });
        writeAll(fd, deflateSync(Buffer.concat([Buffer.from(`${o.type} ${o.data.length}\0`, 'latin1'), o.data]), { level: 1 }));
      }
      if (opts.fsync) await Promise.all(pending.map((p) => new Promise<void>((resolve, reject) => fsync(p.fd, (err) => (err ? reject(err) : resolve())))));
    } catch (err) {
      for (const p of pending) {
        try {
          closeSync(p.fd);
        } catch {
          // already closed
        }
        rmSync(p.tmp, { force: true });
      }
      throw err;
    }
    for (const p of pending) {
      closeSync(p.fd);
      renameSync(p.tmp, p.file);
    }
    return oids;
  }

  private inPack(oid: string): boolean {
    const key = Buffer.from(oid, 'hex');
    return this.loadPacks().some((p) => p.find(key) >= 0);
  }
}

export function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}
