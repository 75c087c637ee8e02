/**
 * What the differential tests compare, read the same way from Gantry's side and from git's:
 * status lines, trees and indexes as git lists them, and the working tree as bytes on disk.
 */
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { openRepository } from '../open.ts';
import { status } from '../status.ts';
import { git, gitTry, tempDir } from '../test-helpers.ts';
import { GitError } from '../types.ts';
import { listTree } from './random-repo.ts';

/** `git status --porcelain=v1 -z --untracked-files=all --no-renames` as `XY path` lines, sorted. */
export async function gitStatus(dir: string): Promise<string[]> {
  const out = await git(dir, 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames');
  return out.split('\0').filter(Boolean).sort();
}

/** Gantry's status of `dir` (a fresh Repository, closed after) as `XY path` lines, sorted. */
export async function gantryStatus(dir: string): Promise<string[]> {
  const repo = await openRepository(dir);
  try {
    return (await status(repo)).map((c) => `${c.xy} ${c.path}`).sort();
  } finally {
    repo.close();
  }
}

/** `git ls-tree -r --full-tree -z <rev>`: mode, type, oid and path of every entry, in tree order. */
export async function lsTree(dir: string, rev = 'HEAD'): Promise<string[]> {
  return (await git(dir, 'ls-tree', '-r', '--full-tree', '-z', rev)).split('\0').filter(Boolean);
}

/** `git ls-files --stage -z`: the index as git reads it, in index order. */
export async function lsIndex(dir: string): Promise<string[]> {
  return (await git(dir, 'ls-files', '--stage', '-z')).split('\0').filter(Boolean);
}

/** `git fsck --strict` problems (empty when clean). */
export async function fsckProblems(dir: string): Promise<string> {
  const r = await gitTry(dir, 'fsck', '--strict', '--no-dangling', '--no-progress');
  return r.code === 0 && !/error|warning|broken|missing/i.test(r.stderr) ? '' : `exit ${r.code}: ${r.stdout}${r.stderr}`.trim();
}

/** The checked-out branch (or the commit when detached). */
export async function headName(dir: string): Promise<string> {
  const r = await gitTry(dir, 'symbolic-ref', '-q', '--short', 'HEAD');
  return r.code === 0 ? r.stdout.trim() : (await git(dir, 'rev-parse', 'HEAD')).trim();
}

/**
 * The working tree as a person sees it: every file (content hash, executable bit), symbolic link
 * (target) and empty folder, `.git` left out. Two equal snapshots mean no visible difference.
 */
export function snapshot(dir: string, opts: { emptyFolders?: boolean } = {}): string[] {
  const full = listTree(dir);
  // A nested repository's or submodule's git folder counts as there or not, never by its contents.
  const inGit = (p: string) => /(^|\/)\.git\//.test(p);
  const t = { files: full.files.filter((p) => !inGit(p)), links: full.links.filter((p) => !inGit(p)), dirs: full.dirs.filter((p) => !inGit(p) && !/(^|\/)\.git$/.test(p)) };
  const out: string[] = full.dirs.filter((p) => /(^|\/)\.git$/.test(p) && !inGit(p)).map((p) => `${p} (git folder)`);
  for (const f of t.files) {
    const exec = (lstatSync(path.join(dir, f)).mode & 0o100) !== 0;
    out.push(`${f} file${exec ? ' +x' : ''} ${createHash('sha1').update(readFileSync(path.join(dir, f))).digest('hex').slice(0, 12)}`);
  }
  for (const l of t.links) out.push(`${l} -> ${readlinkSync(path.join(dir, l))}`);
  if (opts.emptyFolders !== false) for (const d of t.dirs) if (!t.files.some((f) => f.startsWith(`${d}/`)) && !t.links.some((l) => l.startsWith(`${d}/`)) && !t.dirs.some((e) => e.startsWith(`${d}/`))) out.push(`${d}/ (empty)`);
  return out.sort();
}

/** A copy of the repository (working tree and .git, links as links) for the git CLI to do the same to. */
export function copyRepo(dir: string, label = 'cli'): string {
  const copy = path.join(tempDir(`gantry-diff-${label}-`), 'repo');
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; code: string; message: string; details?: unknown };

/** Runs Gantry's verb, turning a GitError into an outcome (any other error is a bug and is thrown). */
export async function gantryOutcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof GitError) return { ok: false, code: err.code, message: err.message, details: err.details };
    throw err;
  }
}

/** A difference, printed with everything needed to reproduce it. */
export function report(what: string, seed: number, steps: readonly string[], sides: Record<string, unknown>): string {
  const body = Object.entries(sides)
    .map(([k, v]) => `--- ${k}:\n${Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : JSON.stringify(v, null, 2)}`)
    .join('\n');
  return `${what} (seed ${seed}; rerun with GANTRY_DIFF_SEEDS=${seed})\nsteps:\n  ${steps.join('\n  ')}\n${body}`;
}

/** Lines in one list and not the other, for a short report. */
export function listDiff(a: readonly string[], b: readonly string[], names: [string, string] = ['gantry', 'git']): string[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((x) => !sb.has(x)).map((x) => `only ${names[0]}: ${JSON.stringify(x)}`), ...b.filter((x) => !sa.has(x)).map((x) => `only ${names[1]}: ${JSON.stringify(x)}`)];
}

/**
 * A difference already known, with the issue 10 item and the owner of its fix: the randomized
 * tests keep such differences apart (an it.fails per kind) so any other difference fails at once.
 */
export interface KnownDifference {
  name: string;
  test: (report: string) => boolean;
}

/** Splits differences into the known kinds and the rest. */
export function sortDifferences(found: readonly string[], known: readonly KnownDifference[], into: Map<string, string[]>): string[] {
  const rest: string[] = [];
  for (const d of found) {
    const k = known.find((x) => x.test(d));
    if (!k) rest.push(d);
    else into.set(k.name, [...(into.get(k.name) ?? []), d]);
  }
  return rest;
}

/** Status throwing ENOTDIR for a tracked file below a path that is now a file (status.ts behindLink). */
export const STATUS_ENOTDIR: KnownDifference = {
  name: "status throws ENOTDIR when a tracked file's folder (inside an ignored folder) is below what is now a file (status.ts behindLink: lstatSync throws ENOTDIR despite throwIfNoEntry; owner of status.ts)",
  test: (r) => /ENOTDIR: not a directory, lstat [^\n]*\n\s+at lstatSync[^\n]*\n\s+at StatusEngine\.behindLink/.test(r),
};
