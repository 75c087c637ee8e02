import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../gitops/node/atomic-write.ts';
import { recentSchema, type RecentWorkspace } from '../../shared/ipc/schemas.ts';

const fileSchema = z.object({ items: z.array(recentSchema) });
const MAX = 12;

/** Recently opened workspaces, newest first, in `<dataDir>/recent.json`. */
export class RecentStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'recent.json');
  }

  list(): RecentWorkspace[] {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.items : [];
    } catch {
      return [];
    }
  }

  add(root: string, name: string): void {
    const items = [{ root, name, openedAt: new Date().toISOString() }, ...this.list().filter((r) => r.root !== root)].slice(0, MAX);
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ items }, null, 2)}\n`, { durable: false });
    } catch {
      // A read-only profile must not stop the app from opening the workspace.
    }
  }
}
