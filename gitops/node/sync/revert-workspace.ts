import { WORKSPACE_FILE } from '../../../shared/kinds.ts';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { Validator } from '../../core/validate/validator.ts';
import { currentBranch } from '../git/branches.ts';
import { cleanMessage, isAncestor, readCommit, type CommitObject } from '../git/commits.ts';
import { assertNoOperationInProgress } from '../git/in-progress.ts';
import { serialize } from '../git/lock.ts';
import { moveBranch } from '../git/move-branch.ts';
import type { ObjectStore } from '../git/objects.ts';
import { rebaseCommits } from '../git/rebase.ts';
import { readRef, resolveRev, tzOffset } from '../git/refs.ts';
import type { Repository } from '../git/repository.ts';
import { status } from '../git/status.ts';
import { diffTrees } from '../git/tree.ts';
import { GitError, type FileChange, type GitIdentity } from '../git/types.ts';
import { renderedDerivation } from './rendered-derived.ts';
import { specEntriesOfTree, specFilesOf } from './spec-tree.ts';

export interface RevertOptions {
  /** The commit to revert (an id or a ref); it must be in the current branch's history. */
  commit: string;
  /** Author and committer of the new commit. */
  author: GitIdentity;
  /** Default: git's own `Revert "<subject>"` / `This reverts commit <id>.`, then `trailers`. */
  message?: string;
  /** Lines added after a blank line at the end of the default message (e.g. `Gantry-Undo: drain weu-2`). */
  trailers?: readonly string[];
  date?: Date;
}

export interface RevertResult {
  /** The new commit. */
  oid: string;
  /** The commit it reverts. */
  reverted: string;
  branch: string;
  message: string;
  /** Files the revert changed in the working tree (specs and rendered/). */
  files: FileChange[];
}

/** git revert's message for `c`, with `trailers` after a blank line. */
export function revertMessage(c: { oid: string; message: string }, trailers: readonly string[] = []): string {
  const subject = c.message.split('\n')[0] ?? '';
  const body = `Revert "${subject}"\n\nThis reverts commit ${c.oid}.\n`;
  return trailers.length ? `${body}\n${trailers.join('\n')}\n` : body;
}

/**
 * Reverts a commit of the current branch as a new commit on top, as `git revert --no-edit` does:
 * the commit's changes are undone file by file against the branch as it is now (a text file changed
 * since is merged when the hunks do not collide), and rendered/ is rendered again from the resulting
 * specs instead of merged, so it always matches them. Works in memory first: the branch, index and
 * files change only once the whole revert applied and validated. Refused with GitError, nothing
 * changed: 'merge-conflict' when later commits changed the same lines or uncommitted changes are in
 * the files the revert touches, 'nothing-to-commit' when the branch already has the commit's changes
 * undone, 'invalid-workspace' when the result would not validate, 'not-found' for a commit outside
 * the branch, 'not-supported' for a merge commit or the first commit.
 */
export async function revert(repo: Repository, opts: RevertOptions): Promise<RevertResult> {
  const branch = await currentBranch(repo);
  if (!branch) throw new GitError('not-found', 'HEAD is detached: check out a branch to revert a commit on.');
  return serialize(repo.gitdir, async () => {
    assertNoOperationInProgress(repo.gitdir, 'revert');
    const head = readRef(repo.gitdir, `refs/heads/${branch}`);
    const oid = resolveRev(repo.gitdir, opts.commit);
    if (!head || !oid || !repo.objects.has(oid)) throw new GitError('not-found', `There is no commit ${opts.commit} in this repository to revert.`);
    const target = readCommit(repo.objects, oid);
    const subject = target.message.split('\n')[0] ?? '';
    if (target.oid !== head && !isAncestor(repo.objects, repo.gitdir, target.oid, head)) {
      throw new GitError('not-found', `The commit ${target.oid.slice(0, 7)} "${subject}" is not on the branch ${branch}; only a commit of the current branch can be reverted. Nothing was changed.`);
    }
    if (target.parents.length !== 1) {
      throw new GitError(
        'not-supported',
        target.parents.length === 0
          ? `"${subject}" is the first commit of the repository; reverting it would remove everything. Nothing was changed.`
          : `"${subject}" is a merge; Gantry reverts only ordinary commits (use git revert -m with the git CLI). Nothing was changed.`,
      );
    }
    const date = opts.date ?? new Date();
    const message = cleanMessage(opts.message ?? revertMessage(target, opts.trailers));
    const who = { ...opts.author, timestamp: Math.floor(date.getTime() / 1000), tz: tzOffset(date) };
    // The revert is the commit's change backwards: from its tree to its parent's, replayed onto the branch.
    const inverse: CommitObject = {
      oid: target.oid,
      tree: readCommit(repo.objects, target.parents[0]!).tree,
      parents: [target.oid],
      author: who,
      committer: who,
      message,
    };
    let next: string;
    try {
      next = rebaseCommits(repo.objects, { onto: head, commits: [inverse], committer: opts.author, date, derived: renderedDerivation() }).head;
    } catch (err) {
      if (err instanceof GitError && err.code === 'merge-conflict') {
        const files = (err.details as { files?: string[] } | undefined)?.files ?? [];
        throw new GitError(
          'merge-conflict',
          `Cannot revert "${subject}": later commits changed the same lines of ${files.join(', ')}. Nothing was changed. Make the opposite change by hand and commit it.`,
          { files, commit: target.oid },
        );
      }
      throw err;
    }
    const headTree = readCommit(repo.objects, head).tree;
    const nextTree = readCommit(repo.objects, next).tree;
    const touched = diffTrees(repo.objects, headTree, nextTree).map((c) => c.path);
    if (touched.length === 0) {
      throw new GitError('nothing-to-commit', `Nothing to revert: the branch ${branch} no longer has the changes of "${subject}" (it was reverted or undone already). Nothing was changed.`);
    }
    const dirty = new Set((await status(repo)).map((c) => c.path));
    const inTheWay = touched.filter((p) => dirty.has(p));
    if (inTheWay.length) {
      throw new GitError(
        'merge-conflict',
        `Cannot revert "${subject}": you have uncommitted changes in ${inTheWay.slice(0, 5).join(', ')}${inTheWay.length > 5 ? ` (and ${inTheWay.length - 5} more)` : ''}, which the revert changes. Commit or discard them first. Nothing was changed.`,
        { files: inTheWay, commit: target.oid },
      );
    }
    assertValid(repo.objects, nextTree, subject);
    const files = await moveBranch(repo, {
      branch,
      from: head,
      to: next,
      who: opts.author,
      message: `revert: ${message.split('\n')[0]}`,
      headMessage: 'revert',
    });
    return { oid: next, reverted: target.oid, branch, message, files };
  });
}

/** Refuses a revert whose resulting specs have errors (a later commit may depend on what it takes away). */
function assertValid(store: ObjectStore, tree: string, subject: string): void {
  const specs = specEntriesOfTree(store, tree);
  if (!specs.has(WORKSPACE_FILE)) return; // not a Gantry workspace: nothing to validate
  const report = new Validator(WorkspaceModel.fromFiles(specFilesOf(store, specs))).report();
  if (report.ok) return;
  const errors = report.findings.filter((f) => f.severity === 'error');
  const list = errors.slice(0, 5).map((f) => `${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`).join('\n');
  throw new GitError(
    'invalid-workspace',
    `Cannot revert "${subject}": the workspace would have ${errors.length} error${errors.length === 1 ? '' : 's'} (a later commit depends on it). Nothing was changed.\n${list}`,
    { findings: errors },
  );
}
