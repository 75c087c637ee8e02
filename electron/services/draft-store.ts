import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../gitops/node/atomic-write.ts';

/** One unsaved editor text: what the editor held, and what the disk held when the editing began. */
export interface StoredDraft {
  text: string;
  /** The file's text on disk when the first unsaved edit was made (null: the file did not exist). */
  base: string | null;
  /** ISO time of the last edit. */
  at: string;
}

const fileSchema = z.object({
  root: z.string(),
  files: z.record(z.string(), z.object({ text: z.string(), base: z.string().nullable(), at: z.string() })),
});

/**
 * Unsaved editor text per workspace and file, in `<dataDir>/drafts/<hash of the root>.json`,
 * written atomically on every edit the host validates, so it survives a page reload, a switch to
 * another workspace and a crash of the host. A saved or reverted file leaves the store.
 */
export class DraftStore {
  private readonly dir: string;
  private cache = new Map<string, Record<string, StoredDraft>>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'drafts');
  }

  list(root: string): Record<string, StoredDraft> {
    const hit = this.cache.get(root);
    if (hit) return hit;
    let files: Record<string, StoredDraft> = {};
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.fileOf(root), 'utf8')));
      if (parsed.success && parsed.data.root === root) files = parsed.data.files;
    } catch {
      // No drafts yet, or an unreadable file: nothing to restore.
    }
    this.cache.set(root, files);
    return files;
  }

  /** Records `text` as the draft of `file`; the base stays the one of the first unsaved edit. */
  put(root: string, file: string, text: string, base: string | null): void {
    const files = { ...this.list(root) };
    const old = files[file];
    files[file] = { text, base: old ? old.base : base, at: new Date().toISOString() };
    this.write(root, files);
  }

  drop(root: string, file: string): void {
    const files = this.list(root);
    if (!(file in files)) return;
    const next = { ...files };
    delete next[file];
    this.write(root, next);
  }

  private write(root: string, files: Record<string, StoredDraft>): void {
    this.cache.set(root, files);
    const target = this.fileOf(root);
    try {
      if (Object.keys(files).length === 0) rmSync(target, { force: true });
      else writeFileAtomic(target, JSON.stringify({ root, files }), { durable: false });
    } catch {
      // A read-only profile keeps drafts in memory for this run only.
    }
  }

  private fileOf(root: string): string {
    return path.join(this.dir, `${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`);
  }
}
