import { aheadBehind } from './commits.ts';
import { serialize } from './lock.ts';
import { deleteLooseRef, listRefs, readHead, readPackedRefs, readRef } from './refs.ts';
import type { Repository } from './repository.ts';
import { GitError } from './types.ts';

/**
 * Deletes the local branch `name` (as `git branch -d`): never the checked-out one, and only when
 * every commit of it is on another branch or on a remote-tracking branch, so no work is lost;
 * `force` deletes it regardless (`git branch -D`). The remote's branch is left alone.
 */
export async function deleteBranch(repo: Repository, name: string, opts: { force?: boolean } = {}): Promise<{ oid: string }> {
  return serialize(repo.gitdir, async () => {
    const ref = `refs/heads/${name}`;
    if (readHead(repo.gitdir).ref === ref) throw new GitError('not-supported', `${name} is the branch checked out; switch to another branch before deleting it.`);
    const oid = readRef(repo.gitdir, ref);
    if (!oid) throw new GitError('not-found', `There is no branch ${name}.`);
    if (readPackedRefs(repo.gitdir).has(ref)) {
      throw new GitError('not-supported', `${name} is kept in packed-refs, which Gantry does not rewrite; delete it with git branch -d ${name}.`);
    }
    if (!opts.force) {
      const others = [...listRefs(repo.gitdir, 'refs/heads/').entries()].filter(([r]) => r !== ref).map(([, o]) => o);
      const remotes = [...listRefs(repo.gitdir, 'refs/remotes/').values()];
      const unmerged = [...others, ...remotes].reduce<number>((least, base) => Math.min(least, aheadBehind(repo.objects, repo.gitdir, oid, base).ahead.length), Number.POSITIVE_INFINITY);
      if (unmerged > 0) {
        throw new GitError('not-supported', `${name} has ${unmerged === Number.POSITIVE_INFINITY ? 'commits' : `${unmerged} commit${unmerged === 1 ? '' : 's'}`} that no other branch and no remote has; push or merge ${unmerged === 1 ? 'it' : 'them'} first, or delete anyway.`, { unmerged });
      }
    }
    deleteLooseRef(repo.gitdir, ref);
    return { oid };
  });
}
