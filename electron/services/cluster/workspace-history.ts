// The branch's last commits for the reconciliation timeline, read from the workspace's repository.
import type { TimelineCommit } from '../../../gitops/core/live/index.ts';
import { log, openRepository } from '../../../gitops/node/git/index.ts';

/** How many commits the timeline shows. */
export const TIMELINE_COMMITS = 20;

/** HEAD's last `depth` commits, newest first (none when the workspace is not a repository or has no commit). */
export async function recentCommits(root: string, depth = TIMELINE_COMMITS): Promise<TimelineCommit[]> {
  let repo;
  try {
    repo = await openRepository(root);
  } catch {
    return [];
  }
  try {
    return (await log(repo, { depth })).map((c) => ({ oid: c.oid, subject: c.message.split('\n', 1)[0]!.trim(), time: new Date(c.author.timestamp * 1000).toISOString() }));
  } finally {
    repo.close();
  }
}
