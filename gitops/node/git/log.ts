import { isAncestor, toCommitInfo, walkCommits } from './commits.ts';
import { resolveRev } from './refs.ts';
import type { Repository } from './repository.ts';
import { GitError, type CommitInfo } from './types.ts';

/**
 * History from `ref` (default HEAD), newest first by commit date as `git log` orders it, at most
 * `depth` commits (default 100). A shallow clone ends where its history was cut.
 */
export async function log(repo: Repository, opts: { ref?: string; depth?: number } = {}): Promise<CommitInfo[]> {
  const start = resolveRev(repo.gitdir, opts.ref ?? 'HEAD');
  if (!start) {
    if ((opts.ref ?? 'HEAD') === 'HEAD') return [];
    throw new GitError('not-found', `${opts.ref} does not name a branch, tag or commit.`);
  }
  const out: CommitInfo[] = [];
  const depth = opts.depth ?? 100;
  for (const c of walkCommits(repo.objects, repo.gitdir, [start])) {
    out.push(toCommitInfo(c));
    if (out.length >= depth) break;
  }
  return out;
}

/**
 * Whether commit `ancestor` is in the history of `descendant` (a cluster that applied a later
 * commit has applied ours too). False when this clone does not have `descendant` (fetch first).
 */
export function containsCommit(repo: Repository, ancestor: string, descendant: string): boolean {
  if (ancestor === descendant) return true;
  if (!repo.objects.has(descendant)) return false;
  try {
    return isAncestor(repo.objects, repo.gitdir, ancestor, descendant);
  } catch {
    return false;
  }
}
