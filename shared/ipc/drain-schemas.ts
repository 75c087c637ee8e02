import { z } from 'zod';
import { branchStateSchema } from './schemas.ts';

/**
 * Schemas of the on-call drain-and-fail-over flow (issue 15): the revert that undoes a commit.
 * Kept apart from schemas.ts; contract.ts spreads DRAIN_CONTRACT.
 */

const commitId = z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character commit id');

export const revertResultSchema = z.object({
  /** The new commit, on top of the branch. */
  oid: z.string(),
  /** The commit it undoes. */
  reverted: z.string(),
  message: z.string(),
  /** Files the revert changed (specs and rendered/). */
  files: z.number().int(),
  branch: branchStateSchema,
});
export type RevertResultDto = z.output<typeof revertResultSchema>;

export const DRAIN_CONTRACT = {
  /**
   * Undoes a commit of the current branch as a new commit on top (git revert), rendered/ rendered
   * again from the resulting specs. Refused in words, nothing changed, when later commits changed the
   * same lines ('merge-conflict'), when the files it touches have uncommitted changes or unsaved
   * edits, or when the change is already undone ('nothing-to-commit'). Push it with git:push.
   */
  'git:revert': {
    input: z.strictObject({
      commit: commitId,
      /** Lines after a blank line at the end of git's message (e.g. `Gantry-Undo: drain weu-1`). */
      trailers: z.array(z.string().min(1).max(300).regex(/^[A-Za-z][A-Za-z0-9-]*: \S/, 'a trailer "Key: value"')).max(20).optional(),
    }),
    output: revertResultSchema,
  },
} as const;
