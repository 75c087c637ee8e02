import { toCommitInfo, walkCommits } from './commits.ts';
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
