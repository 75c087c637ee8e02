import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { cleanTemps, edit, tempDir, workspaceRepo } from './test-helpers.ts';
import { watchRepository } from './watch.ts';

afterAll(cleanTemps);

describe('repository watcher', () => {
  it('reports what its onChange throws (on the event loop, it would end the process) and keeps watching', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    const errors: unknown[] = [];
    const seen: string[][] = [];
    const watcher = watchRepository(repo, {
      debounceMs: 20,
      onChange: (paths) => {
        seen.push(paths);
        if (seen.length === 1) throw new Error('listener broke');
      },
      onError: (err) => errors.push(err),
    });
    try {
      await watcher.ready;
      await status(repo);
      edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('plan: premium', 'plan: free'));
      await expect.poll(() => errors.length, { timeout: 5000 }).toBe(1);
      expect(errors[0]).toMatchObject({ message: 'listener broke' });
      edit(path.join(dir, 'tenants/hooli.yaml'), (t) => t.replace('gpus: 1', 'gpus: 2'));
      await expect.poll(() => seen.flat(), { timeout: 5000 }).toContain('tenants/hooli.yaml');
      expect(watcher.active).toBe(true);
    } finally {
      watcher.close();
    }
  });
});
