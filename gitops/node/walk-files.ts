import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Repository-relative paths (`/`-separated) of the files below `rel`, depth first. `skip` is asked
 * about every entry name; unreadable folders are passed over (they hold nothing we can use).
 * Symbolic links are never followed: a linked folder below `rel` is listed as an entry (whoever
 * reads it refuses it), and a `rel` that is itself a link lists nothing.
 */
export function walkFiles(root: string, rel: string, skip: (name: string, isDir: boolean) => boolean = () => false): string[] {
  const out: string[] = [];
  if (rel && lstatSync(path.join(root, rel), { throwIfNoEntry: false })?.isSymbolicLink()) return out;
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (skip(e.name, e.isDirectory())) continue;
      const child = `${dir}/${e.name}`;
      if (e.isDirectory()) visit(child);
      else out.push(child);
    }
  };
  visit(rel);
  return out;
}
