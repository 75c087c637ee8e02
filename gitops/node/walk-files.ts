import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Repository-relative paths (`/`-separated) of the files below `rel`, depth first. `skip` is asked
 * about every entry name; unreadable folders are passed over (they hold nothing we can use).
 */
export function walkFiles(root: string, rel: string, skip: (name: string, isDir: boolean) => boolean = () => false): string[] {
  const out: string[] = [];
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
