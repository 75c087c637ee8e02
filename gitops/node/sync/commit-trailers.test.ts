import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from './commit-workspace.ts';
import { openRepository } from '../git/open.ts';
import { ALICE, cleanTemps, edit, git, tempDir, workspaceRepo } from '../git/test-helpers.ts';

afterAll(cleanTemps);

/** git's own reading of the trailers of a commit. */
async function gitTrailers(dir: string, rev = 'HEAD'): Promise<string> {
  return git(dir, 'log', '-1', '--format=%(trailers:only,unfold)', rev);
}

describe('commit trailers', () => {
  it('every Gantry commit says its change kind, tenants and shards, as git reads them', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace('shard: weu-1', 'shard: weu-2'));
    await commit(repo, { author: ALICE, message: 'tenant initech: moved weu-1 -> weu-2' });
    expect(await git(dir, 'log', '-1', '--format=%s')).toBe('tenant initech: moved weu-1 -> weu-2\n');
    const trailers = await gitTrailers(dir);
    expect(trailers).toContain('Gantry-Change: edit-tenant\n');
    expect(trailers).toContain('Gantry-Tenants: initech\n');
    // Both shards' placed GPUs changed: the one it left and the one it joined.
    expect(trailers).toMatch(/Gantry-Shards: (weu-1, weu-2|weu-2, weu-1)\n/);
  });

  it('a change kind passed by the flow goes first, and typed Gantry trailers are not doubled', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws2'));
    const repo = await openRepository(dir);
    edit(path.join(dir, 'tenants/initech.yaml'), (t) => t.replace(/gpus: \d+/, 'gpus: 1'));
    await commit(repo, { author: ALICE, message: 'Fewer GPUs\n\nGantry-Change: typed\n', changeKinds: ['plan'] });
    const trailers = await gitTrailers(dir);
    expect(trailers.match(/Gantry-Change/g)).toHaveLength(1);
    expect(trailers).toContain('Gantry-Change: plan, edit-tenant\n');
  });
});
