/**
 * Split index (`core.splitIndex`, `git update-index --split-index`): `.git/index` holds only the
 * entries that changed since `.git/sharedindex.<id>`, plus a `link` extension that says which of the
 * shared entries are deleted and which are replaced (git's Documentation/gitformat-index.txt and
 * split-index.c). Gantry reads both and merges them; it writes a whole index back, which git reads
 * as it is and splits again on its own next write when core.splitIndex is on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IndexEntry } from './index-file.ts';
import { compareEntries, copyEntry } from './index-file.ts';
import { GitError } from './types.ts';

/** The `link` extension: the shared index's id and its two bitmaps (positions in the shared index). */
export interface SplitLink {
  sharedOid: string;
  deleted: Set<number>;
  replaced: number[];
}

export function parseLink(data: Buffer): SplitLink {
  if (data.length < 20) throw new GitError('unknown', '.git/index has a damaged split-index link.');
  const sharedOid = data.toString('hex', 0, 20);
  let p = 20;
  let deleted = new Set<number>();
  let replaced: number[] = [];
  if (p < data.length) {
    const del = readEwah(data, p);
    deleted = new Set(del.bits);
    p = del.end;
    replaced = readEwah(data, p).bits;
  }
  return { sharedOid, deleted, replaced };
}

/**
 * Decodes one EWAH-compressed bitmap (git's ewah/ewah_io.c): bit count, word count, the 64-bit
 * words, the position of the last run-length word. A run-length word holds the running bit (bit 0),
 * how many words of that bit follow (bits 1-32) and how many literal words follow it (bits 33-63).
 */
export function readEwah(buf: Buffer, at: number): { bits: number[]; end: number } {
  if (at + 8 > buf.length) throw new GitError('unknown', '.git/index has a damaged split-index bitmap.');
  const bitSize = buf.readUInt32BE(at);
  const words = buf.readUInt32BE(at + 4);
  const wordsAt = at + 8;
  const end = wordsAt + words * 8 + 4;
  if (end > buf.length) throw new GitError('unknown', '.git/index has a damaged split-index bitmap.');
  const bits: number[] = [];
  let pos = 0;
  let w = 0;
  while (w < words) {
    const rlw = buf.readBigUInt64BE(wordsAt + w * 8);
    w++;
    const running = Number(rlw & 1n);
    const runLength = Number((rlw >> 1n) & 0xffffffffn);
    const literals = Number(rlw >> 33n);
    if (running) for (let i = 0; i < runLength * 64; i++) bits.push(pos + i);
    pos += runLength * 64;
    for (let l = 0; l < literals && w < words; l++, w++) {
      const word = buf.readBigUInt64BE(wordsAt + w * 8);
      for (let b = 0; b < 64; b++) if ((word >> BigInt(b)) & 1n) bits.push(pos + b);
      pos += 64;
    }
  }
  return { bits: bits.filter((b) => b < bitSize), end };
}

/**
 * The whole index: the shared entries minus the deleted ones, the replaced ones taking the next
 * nameless entries of the split index (in order), then the split index's named entries merged in.
 */
export function mergeSplitIndex(shared: readonly IndexEntry[], split: readonly IndexEntry[], link: SplitLink): IndexEntry[] {
  const replacements = split.filter((e) => e.path === '');
  const additions = split.filter((e) => e.path !== '');
  if (replacements.length !== link.replaced.length) {
    throw new GitError('unknown', `.git/index's split index replaces ${link.replaced.length} entries but holds ${replacements.length}; run \`git update-index --no-split-index\`.`);
  }
  const replacedAt = new Map<number, IndexEntry>();
  link.replaced.forEach((pos, i) => replacedAt.set(pos, replacements[i]!));
  const kept: IndexEntry[] = [];
  shared.forEach((e, i) => {
    if (link.deleted.has(i)) return;
    const r = replacedAt.get(i);
    kept.push(r ? copyEntry(r, { path: e.path, srcOff: undefined }) : copyEntry(e, { srcOff: undefined }));
  });
  const out = kept.concat(additions.map((e) => copyEntry(e, { srcOff: undefined })));
  out.sort(compareEntries);
  return out;
}

/** Reads `<gitdir>/sharedindex.<id>` (the shared part of a split index), or undefined. */
export function sharedIndexReader(gitdir: string): (oid: string) => Buffer | undefined {
  return (oid) => {
    if (!/^[0-9a-f]{40}$/.test(oid)) return undefined;
    try {
      return readFileSync(path.join(gitdir, `sharedindex.${oid}`));
    } catch {
      return undefined;
    }
  };
}
