import { pull as pullBranch, type PullOptions, type PullResult } from '../git/fetch-pull.ts';
import type { Repository } from '../git/repository.ts';
import { setAsideLocalCommits, type SetAsideResult } from '../git/set-aside.ts';
import type { GitIdentity } from '../git/types.ts';
import { diffWorkspace } from './diff-workspace.ts';
import { renderedDerivation } from './rendered-derived.ts';

/**
 * Pull for a Gantry workspace: the Git layer's pull (fetch, then fast-forward or a three-way replay
 * of the local commits), with rendered/ rendered again from the merged specs of each replayed
 * commit instead of merged, so it always matches them.
 */
export function pull(repo: Repository, opts: Omit<PullOptions, 'derived'>): Promise<PullResult> {
  return pullBranch(repo, { ...opts, derived: renderedDerivation() });
}

/** Set-aside for a Gantry workspace: the summary says what the set-aside commits changed, in spec terms. */
export function setAside(repo: Repository, opts: { author: GitIdentity; now?: Date }): Promise<SetAsideResult> {
  return setAsideLocalCommits(repo, {
    ...opts,
    summarize: async (base, local) => (await diffWorkspace(repo, { from: base, to: local })).summary.map((s) => s.text),
  });
}
