/**
 * Pull's replay of local commits against `git rebase` on a copy of the same repository: the
 * merged file is byte for byte git's, and a conflict is a conflict on both sides.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCommit } from './commits.ts';
import { openRepository } from './open.ts';
import { rebaseCommits } from './rebase.ts';
import { treeLookup } from './tree.ts';
import { ALICE, cleanTemps, git, gitTry, tempDir } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

/**
 * A repository with `base` committed, branch `remote` with `theirs` and branch `local` with `ours`
 * (each one file, `file`); returns Gantry's replay of local onto remote and git's.
 */
async function replay(file: string, base: Buffer | string, theirs: Buffer | string, ours: Buffer | string): Promise<{ gantry: Buffer | 'conflict'; git: Buffer | 'conflict' }> {
  const dir = path.join(tempDir('gantry-rebase-'), 'repo');
  await git(path.dirname(dir), 'init', '-q', '-b', 'main', dir);
  const put = async (content: Buffer | string, msg: string) => {
    writeFileSync(path.join(dir, file), content);
    await git(dir, 'add', file);
    await git(dir, 'commit', '-q', '--allow-empty', '-m', msg);
  };
  await put(base, 'base');
  await git(dir, 'checkout', '-q', '-b', 'remote');
  await put(theirs, 'theirs');
  await git(dir, 'checkout', '-q', '-b', 'local', 'main');
  await put(ours, 'ours');
  const copy = path.join(tempDir('gantry-rebase-cli-'), 'repo');
  cpSync(dir, copy, { recursive: true });

  const repo = await openRepository(dir);
  let gantry: Buffer | 'conflict';
  try {
    const onto = (await git(dir, 'rev-parse', 'remote')).trim();
    const mine = readCommit(repo.objects, (await git(dir, 'rev-parse', 'local')).trim());
    const { head } = rebaseCommits(repo.objects, { onto, commits: [mine], committer: ALICE });
    const f = treeLookup(repo.objects, readCommit(repo.objects, head).tree, file);
    gantry = f ? repo.objects.readTyped(f.oid, 'blob') : Buffer.alloc(0);
  } catch (err) {
    if (!(err instanceof GitError) || err.code !== 'merge-conflict') throw err;
    gantry = 'conflict';
  } finally {
    repo.close();
  }
  const r = await gitTry(copy, 'rebase', '-q', 'remote');
  const gitResult = r.code === 0 ? readFileSync(path.join(copy, file)) : 'conflict';
  return { gantry, git: gitResult };
}

// Alike but for the name, which is more than three lines (a patch's context) from the plan.
const block = (name: string, plan: string) => `- name: ${name}\n  tier: shared\n  region: westeurope\n  gpus: 2\n  gpuType: nvidia-h100\n  plan: ${plan}\n`;

describe('pull replays local commits with a three-way merge, as git rebase does', () => {
  it('changes the block the local commit changed, even when another block looks the same and the remote added lines above', async () => {
    const base = `${block('acme', 'standard')}${block('hooli', 'standard')}`;
    // As many lines as a block: the first block now stands where the second one was.
    const theirs = `# clients of the west region\n# reviewed 2026-11\n# owner: platform team\n# ticket: OPS-1142\n# shared tier only\n#\n${base}`;
    const ours = `${block('acme', 'standard')}${block('hooli', 'premium')}`;
    const r = await replay('clients.yaml', base, theirs, ours);
    expect(r.gantry).not.toBe('conflict');
    expect(r.gantry.toString()).toBe(r.git.toString());
    expect(r.gantry.toString()).toContain(`${block('hooli', 'premium')}`);
    expect(r.gantry.toString()).toContain(block('acme', 'standard'));
  });

  it('keeps a binary file byte for byte, and a binary change on both sides is a conflict', async () => {
    const bin = (n: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff, 0xfe, n, 0x80, 0]);
    const clean = await replay('logo.png', bin(1), bin(1), bin(2));
    expect(clean.gantry).toEqual(bin(2));
    expect(clean.git).toEqual(bin(2));
    const both = await replay('logo.png', bin(1), bin(3), bin(2));
    expect(both).toEqual({ gantry: 'conflict', git: 'conflict' });
  });

  it('agrees with git rebase on seeded random edits of both sides (merge or conflict, same bytes)', async () => {
    let seed = 20261201;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const mutate = (lines: string[]) => {
      const out = [...lines];
      for (let k = 1 + Math.floor(rnd() * 2); k > 0; k--) {
        const i = Math.floor(rnd() * out.length);
        const op = rnd();
        if (op < 0.4) out[i] = `changed ${Math.floor(rnd() * 100)}\n`;
        else if (op < 0.7) out.splice(i, 0, `added ${Math.floor(rnd() * 100)}\n`);
        else if (out.length > 1) out.splice(i, 1);
      }
      return out;
    };
    const differences: string[] = [];
    let conflicts = 0;
    const CASES = 40;
    for (let t = 0; t < CASES; t++) {
      const base = Array.from({ length: 5 + Math.floor(rnd() * 6) }, (_, i) => `line ${i}\n`);
      const theirs = mutate(base).join('');
      const ours = mutate(base).join('');
      if (ours === base.join('') || theirs === base.join('')) continue;
      const r = await replay('f.txt', base.join(''), theirs, ours);
      if (r.git === 'conflict') conflicts++;
      const a = r.gantry === 'conflict' ? 'conflict' : r.gantry.toString();
      const b = r.git === 'conflict' ? 'conflict' : r.git.toString();
      if (a !== b) differences.push(JSON.stringify({ base: base.join(''), theirs, ours, gantry: a, git: b }));
    }
    expect(differences).toEqual([]);
    // The cases exercise both outcomes.
    expect(conflicts).toBeGreaterThan(0);
    expect(conflicts).toBeLessThan(CASES);
  }, 180_000);
});
