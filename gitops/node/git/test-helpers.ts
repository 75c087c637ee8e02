/** Helpers for the git layer's tests (not shipped code): temp repositories and the real git CLI. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeExample } from '../../cli/commands/init.ts';

const run = promisify(execFile);

/** Environment for the git CLI in tests: no user or system config, a fixed identity. */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'CLI User',
    GIT_AUTHOR_EMAIL: 'cli@example.com',
    GIT_COMMITTER_NAME: 'CLI User',
    GIT_COMMITTER_EMAIL: 'cli@example.com',
    LANG: 'C',
  };
}

// Gantry reads the user's global git config too (excludes file); tests use none on either side.
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';

/** Runs the git CLI asynchronously (never blocks an in-process test server). Returns stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: gitEnv(), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Runs git and returns its exit code and output instead of throwing. */
export async function gitTry(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('git', args, { cwd, env: gitEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const temps: string[] = [];

/** A new temp folder, removed by cleanTemps(). */
export function tempDir(prefix = 'gantry-git-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A workspace (small example by default) committed with the git CLI on branch main. */
export async function workspaceRepo(dir: string, example: 'small' | 'large' = 'small'): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeExample(dir, example);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'Initial commit');
  return dir;
}

/** Rewrites a file through `fn`. */
export function edit(file: string, fn: (text: string) => string): void {
  writeFileSync(file, fn(readFileSync(file, 'utf8')));
}

/** `git status --porcelain -uall --no-renames` as lines. */
export async function porcelain(dir: string): Promise<string[]> {
  const out = await git(dir, '-c', 'core.quotepath=false', 'status', '--porcelain', '-uall', '--no-renames');
  return out.split('\n').filter(Boolean);
}

export const ALICE = { name: 'Alice Admin', email: 'alice@example.com' };

/** `git status --porcelain -z -uall --no-renames` as lines, names unquoted (for names git would quote). */
export async function porcelainRaw(dir: string): Promise<string[]> {
  const out = await git(dir, 'status', '--porcelain', '-z', '-uall', '--no-renames');
  return out.split('\0').filter(Boolean);
}

/** Gantry's status of `dir` as sorted `"<xy> <path>"` lines, from a repository opened and closed for it. */
export async function gantryPorcelain(dir: string): Promise<string[]> {
  const { openRepository } = await import('./open.ts');
  const { status } = await import('./status.ts');
  const repo = await openRepository(dir);
  try {
    return (await status(repo)).map((c) => `${c.xy} ${c.path}`).sort();
  } finally {
    repo.close();
  }
}
