import { toCommitInfo, walkCommits, type CommitObject } from './commits.ts';
import { resolveRev } from './refs.ts';
import type { Repository } from './repository.ts';
import { GitError, type CommitInfo } from './types.ts';

/** One page of history. */
export interface LogPage {
  /** The commit the history starts from (the branch's head when the reading began). */
  head: string | undefined;
  /** Rows `offset` .. `offset + commits.length - 1` of the history, newest first as `git log` lists them. */
  commits: CommitInfo[];
  /** Whether there are commits after this page. */
  more: boolean;
}

/**
 * History read page by page, so the first rows show before the whole list is read: the walk (in
 * `git log` order: committer date, newest first, parents after their children) stops as soon as a
 * page is full, and the next page goes on from there. Rows read are kept, so an earlier page is
 * answered without walking again. For a fixed start commit; a moved branch needs a new LogPages.
 */
export class LogPages {
  private readonly rows: CommitInfo[] = [];
  private readonly walk: Generator<CommitObject> | undefined;
  private ended: boolean;

  private constructor(
    repo: Repository,
    readonly head: string | undefined,
  ) {
    this.walk = head ? walkCommits(repo.objects, repo.gitdir, [head]) : undefined;
    this.ended = !head;
  }

  /** The history of `ref` (default HEAD; an unborn HEAD has none). */
  static open(repo: Repository, ref = 'HEAD'): LogPages {
    const head = resolveRev(repo.gitdir, ref);
    if (!head && ref !== 'HEAD') throw new GitError('not-found', `${ref} does not name a branch, tag or commit.`);
    return new LogPages(repo, head);
  }

  /** Rows read so far. */
  get read(): number {
    return this.rows.length;
  }

  /** `limit` commits from row `offset` (0 = the newest). */
  page(offset: number, limit: number): LogPage {
    const want = Math.max(0, offset) + Math.max(0, limit);
    // One row past the page tells whether there is more.
    while (!this.ended && this.rows.length <= want) {
      const next = this.walk!.next();
      if (next.done) this.ended = true;
      else this.rows.push(toCommitInfo(next.value));
    }
    const commits = this.rows.slice(Math.max(0, offset), want);
    return { head: this.head, commits, more: this.rows.length > want };
  }
}
