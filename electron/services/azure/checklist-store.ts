import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../../gitops/node/atomic-write.ts';

const fileSchema = z.object({
  /** workspace root -> tenant -> item id -> when it was ticked. */
  workspaces: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string()))),
});
type FileShape = z.output<typeof fileSchema>;

/**
 * The data-move checklist ticks, kept by the host in `<dataDir>/migration-checklists.json` per
 * workspace (keyed by a hash of its folder), so a reload of the page or a restart keeps them.
 * They are the person's notes about work outside the repository, so they are not committed.
 */
export class ChecklistStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'migration-checklists.json');
  }

  ticks(root: string, tenant: string): Map<string, string> {
    return new Map(Object.entries(this.read().workspaces[key(root)]?.[tenant] ?? {}));
  }

  set(root: string, tenant: string, item: string, done: boolean): void {
    const data = this.read();
    const ws = (data.workspaces[key(root)] ??= {});
    const t = (ws[tenant] ??= {});
    if (done) t[item] ??= new Date().toISOString();
    else delete t[item];
    writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`, { durable: true });
  }

  private read(): FileShape {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : { workspaces: {} };
    } catch {
      return { workspaces: {} };
    }
  }
}

function key(root: string): string {
  return createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
}
