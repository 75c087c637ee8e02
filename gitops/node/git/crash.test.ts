import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { commit } from '../sync/commit-workspace.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, edit, git, gitTry, porcelain, tempDir, workspaceRepo } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, '__fixtures__', 'crash-commit.ts');
const projectRoot = path.join(here, '../../..');

/**
 * Starts the committing child, waits for "ready", kills it with SIGKILL `delayMs` later (never,
 * when undefined). Resolves with the outcome and, when it finished, how long the commit took.
 */
function runAndKill(dir: string, file: string, latency: number, delayMs: number | undefined): Promise<{ outcome: 'killed' | 'finished'; ms?: number }> {
  return new Promise((resolve, reject) => {
    // One process (node with tsx's loader), so SIGKILL hits the process doing the commit.
    const p = spawn(process.execPath, ['--import', 'tsx', child, dir, file, String(latency)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready') && !timer && delayMs !== undefined) timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      const done = /done (\d+)/.exec(out);
      if (done) resolve({ outcome: 'finished', ms: Number(done[1]) });
      else if (signal === 'SIGKILL') resolve({ outcome: 'killed' });
      else reject(new Error(`child failed (${code}): ${err}`));
    });
  });
}

describe('crash safety', () => {
  it('leaves a repository git fsck accepts, with every spec old or new, when a commit is killed', { timeout: 300_000 }, async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const file = 'tenants/acme.yaml';
    const abs = path.join(dir, file);
    // One undisturbed run tells how long a commit takes here; the kills then land across it.
    const first = await runAndKill(dir, file, 199, undefined);
    expect(first.outcome).toBe('finished');
    const span = Math.max(20, first.ms!);
    const delays = [0, 0.08, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95].map((f) => Math.round(f * span));
    const outcomes: string[] = [];
    for (let i = 0; i < delays.length; i++) {
      const before = readFileSync(abs, 'utf8');
      const latency = 200 + i;
      const expectedNew = before.replace(/latencyTargetMs: \d+/, `latencyTargetMs: ${latency}`);
      const headBefore = (await git(dir, 'rev-parse', 'HEAD')).trim();
      outcomes.push((await runAndKill(dir, file, latency, delays[i]!)).outcome);

      const fsck = await gitTry(dir, 'fsck', '--full', '--no-progress');
      expect(fsck.code, fsck.stderr).toBe(0);
      const now = readFileSync(abs, 'utf8');
      expect([before, expectedNew]).toContain(now);
      // HEAD is the old commit, or a new one holding the new spec; git reads the index either way.
      const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
      if (head !== headBefore) outcomes[outcomes.length - 1] += ' (committed)';
      if (head !== headBefore) {
        expect(await git(dir, 'show', `HEAD:${file}`)).toBe(expectedNew);
        expect((await git(dir, 'rev-parse', 'HEAD~1')).trim()).toBe(headBefore);
      }
      expect((await gitTry(dir, 'status', '--porcelain')).code).toBe(0);
      for (const spec of (await git(dir, 'ls-files', 'tenants', 'shards')).split('\n').filter(Boolean)) {
        expect(readFileSync(path.join(dir, spec), 'utf8')).toMatch(/^# /);
      }
    }
    // Gantry carries on after the crashes (a stale lock of a killed Gantry process is cleared).
    const repo = await openRepository(dir);
    edit(abs, (t) => t.replace(/latencyTargetMs: \d+/, 'latencyTargetMs: 99'));
    try {
      await commit(repo, { author: ALICE, message: 'after the crashes' });
    } catch (err) {
      if (!(err instanceof GitError) || err.code !== 'nothing-to-commit') throw err;
    }
    // A kill inside writeFileAtomic can leave its temp file (`.name.<pid>.<time>.tmp`) behind; nothing else.
    const debris = /\/\.[^/]+\.\d+\.[a-z0-9]+\.tmp$/;
    expect((await porcelain(dir)).filter((l) => !debris.test(l))).toEqual([]);
    expect((await status(repo)).filter((c) => !debris.test(c.path))).toEqual([]);
    expect((await gitTry(dir, 'fsck', '--full', '--strict')).code).toBe(0);
    expect(outcomes.length).toBe(delays.length);
    console.log(`commit took ${first.ms} ms; kills at ${delays.join(', ')} ms: ${outcomes.join(', ')}`);
  });
});
