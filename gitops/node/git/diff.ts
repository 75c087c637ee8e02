import { readlinkSync, lstatSync } from 'node:fs';
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import { unifiedPatch } from '../../core/diff/rendered-diff.ts';
import { readFileNoFollow, resolveInside } from '../path-safety.ts';
import { effectiveConfig } from './config-chain.ts';
import { Conversions } from './convert.ts';
import { stageOf } from './index-file.ts';
import { resolveRev } from './refs.ts';
import type { Repository } from './repository.ts';
import { status } from './status.ts';
import { commitTree, diffTrees, treeLookup } from './tree.ts';
import { GitError, type FileChange } from './types.ts';

/** A side of a comparison: `HEAD`, `WORKTREE` (files on disk), `INDEX`, a branch or tag name, or a commit id. */
export type Revision = 'HEAD' | 'WORKTREE' | 'INDEX' | (string & {});

/** The tree of a revision (undefined for WORKTREE and INDEX, and for an unborn HEAD). */
export function treeOf(repo: Repository, rev: Revision): string | undefined {
  if (rev === 'WORKTREE' || rev === 'INDEX') return undefined;
  const oid = resolveRev(repo.gitdir, rev);
  if (!oid) {
    if (rev === 'HEAD') return undefined;
    throw new GitError('not-found', `${rev} does not name a branch, tag or commit.`);
  }
  return commitTree(repo.objects, oid);
}

/** A file's bytes at a revision, or null when it does not exist there. */
export async function readFileAt(repo: Repository, path: string, rev: Revision): Promise<Buffer | null> {
  if (rev === 'WORKTREE') {
    const abs = resolveInside(repo.dir, path);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st) return null;
    if (st.isSymbolicLink()) return readlinkSync(abs, { encoding: 'buffer' });
    return st.isFile() ? readFileNoFollow(abs) : null;
  }
  if (rev === 'INDEX') {
    const e = repo.statusEngine().currentIndex().entries.find((x) => x.path === path && stageOf(x) === 0);
    return e ? repo.objects.readTyped(e.oid, 'blob') : null;
  }
  const tree = treeOf(repo, rev);
  const f = tree ? treeLookup(repo.objects, tree, path) : undefined;
  return f ? repo.objects.readTyped(f.oid, 'blob') : null;
}

/** End-of-line rules and attributes as `git diff` reads them (working tree first, then the index). */
function diffConversions(repo: Repository): Conversions {
  const engine = repo.statusEngine();
  engine.currentIndex();
  return new Conversions(repo.gitdir, effectiveConfig(repo.gitdir), repo.objects, (p) => engine.indexEntry(p)?.oid, 'worktree-first', repo.dir);
}

/**
 * A working file as git diff compares it: cleaned as `git add` would store it (CRLF to LF where
 * attributes or core.autocrlf say), so line endings git does not see are no change.
 */
function asGitSees(conv: Conversions, repo: Repository, rel: string, rev: Revision, data: Buffer | null): Buffer | null {
  if (rev !== 'WORKTREE' || data === null || lstatSync(resolveInside(repo.dir, rel), { throwIfNoEntry: false })?.isSymbolicLink()) return data;
  return conv.clean(rel, data).content;
}

/** One file compared between two revisions. */
export interface FileDiff {
  path: string;
  /** Text before (null: the file did not exist); undefined text when binary. */
  before: string | null;
  after: string | null;
  binary: boolean;
  hunks: StructuredPatchHunk[];
  /** The unified diff (`--- a/path`, `+++ b/path`, hunks). */
  patch: string;
  added: number;
  removed: number;
}

const isBinary = (b: Buffer | null) => b !== null && b.subarray(0, 8000).includes(0);

/** Text diff of one file between two revisions (default: HEAD to the working tree). */
export async function diffFile(repo: Repository, path: string, opts: { from?: Revision; to?: Revision; context?: number } = {}): Promise<FileDiff> {
  const conv = diffConversions(repo);
  const a = asGitSees(conv, repo, path, opts.from ?? 'HEAD', await readFileAt(repo, path, opts.from ?? 'HEAD'));
  const b = asGitSees(conv, repo, path, opts.to ?? 'WORKTREE', await readFileAt(repo, path, opts.to ?? 'WORKTREE'));
  // As git diff: `-diff` (and the `binary` macro) means binary, `diff` means text, else NUL in the first 8000 bytes.
  const diffAttr = conv.attributes(path).get('diff');
  const binary = diffAttr === false || (diffAttr !== true && (isBinary(a) || isBinary(b)));
  const before = a === null ? null : binary ? '' : a.toString('utf8');
  const after = b === null ? null : binary ? '' : b.toString('utf8');
  if (binary) return { path, before, after, binary, hunks: [], patch: `Binary files differ: ${path}\n`, added: 0, removed: 0 };
  const context = opts.context ?? 3;
  const hunks = structuredPatch(`a/${path}`, `b/${path}`, before ?? '', after ?? '', '', '', { context }).hunks;
  let added = 0;
  let removed = 0;
  for (const h of hunks) {
    for (const l of h.lines) {
      if (l.startsWith('+')) added++;
      else if (l.startsWith('-')) removed++;
    }
  }
  const patch = unifiedPatch(before === null ? '/dev/null' : `a/${path}`, after === null ? '/dev/null' : `b/${path}`, before ?? '', after ?? '', context);
  return { path, before, after, binary, hunks, patch, added, removed };
}

/** Files that differ between two revisions (default HEAD to the working tree). */
export async function changedFiles(repo: Repository, opts: { from?: Revision; to?: Revision } = {}): Promise<FileChange[]> {
  const from = opts.from ?? 'HEAD';
  const to = opts.to ?? 'WORKTREE';
  if (from === 'HEAD' && to === 'WORKTREE') return status(repo);
  if (to === 'WORKTREE' || from === 'WORKTREE') throw new GitError('unknown', 'Compare the working tree with HEAD, or two commits.');
  return diffTrees(repo.objects, treeOf(repo, from) ?? null, treeOf(repo, to) ?? null).map((c) => ({
    path: c.path,
    change: !c.before ? 'added' : !c.after ? 'deleted' : 'modified',
  }));
}
