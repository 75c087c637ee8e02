import { existsSync } from 'node:fs';
import path from 'node:path';
import { GitError } from './types.ts';

/** A git operation someone started in this repository (with the git CLI) and has not finished. */
interface InProgress {
  what: string;
  /** How to finish or drop it, in git's own commands. */
  finish: string;
}

/** The markers git leaves in the git folder while a merge, rebase, cherry-pick, revert or bisect is under way. */
const MARKERS: Array<[file: string, state: InProgress]> = [
  ['MERGE_HEAD', { what: 'a merge', finish: 'resolve the conflicts and run `git commit`, or `git merge --abort`' }],
  ['rebase-merge', { what: 'a rebase', finish: '`git rebase --continue` or `git rebase --abort`' }],
  ['rebase-apply', { what: 'a rebase (or `git am`)', finish: '`git rebase --continue` or `git rebase --abort` (`git am --abort`)' }],
  ['CHERRY_PICK_HEAD', { what: 'a cherry-pick', finish: '`git cherry-pick --continue` or `git cherry-pick --abort`' }],
  ['REVERT_HEAD', { what: 'a revert', finish: '`git revert --continue` or `git revert --abort`' }],
  ['BISECT_LOG', { what: 'a bisect', finish: '`git bisect reset`' }],
];

/** The unfinished git operation in `gitdir`, if any. */
export function operationInProgress(gitdir: string): InProgress | undefined {
  for (const [file, state] of MARKERS) if (existsSync(path.join(gitdir, file))) return state;
  return undefined;
}

/**
 * Refuses `action` ("commit", "pull") while a merge, rebase, cherry-pick, revert or bisect started
 * with the git CLI is unfinished, as git does: a commit now would record conflict markers with one
 * parent, and a checkout would mix two operations. GitError 'merge-conflict' says what to finish.
 */
export function assertNoOperationInProgress(gitdir: string, action: string): void {
  const op = operationInProgress(gitdir);
  if (!op) return;
  throw new GitError('merge-conflict', `Cannot ${action}: ${op.what} is in progress in this repository. Finish it first: ${op.finish}. Nothing was changed.`, { inProgress: op.what });
}
