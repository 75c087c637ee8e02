import { z } from 'zod';
import { fileDiffSchema } from './schemas.ts';

/**
 * Schemas of the history screen (issue 14, part A): the branch's commits page by page with the
 * semantic summary read from Gantry's trailers, and one commit's diff. Kept apart from schemas.ts;
 * contract.ts spreads HISTORY_CONTRACT. Revert goes through git:revert (drain-schemas.ts).
 */

const commitId = z.string().regex(/^[0-9a-f]{40}$/, 'a full commit id');

export const gantryTrailersSchema = z.object({
  change: z.array(z.string()),
  tenants: z.array(z.string()),
  shards: z.array(z.string()),
  moreTenants: z.number().int(),
  moreShards: z.number().int(),
});

export const historyRowSchema = z.object({
  oid: z.string(),
  subject: z.string(),
  /** From the Gantry trailers (`tenant added · tenant contoso · shard weu-1`), or the subject of another commit. */
  summary: z.string(),
  gantry: gantryTrailersSchema.optional(),
  author: z.object({ name: z.string(), email: z.string() }),
  /** Author time, seconds since 1970. */
  time: z.number(),
  parents: z.array(z.string()),
});
export type HistoryRowDto = z.output<typeof historyRowSchema>;

export const historyCommitSchema = z.object({
  oid: z.string(),
  parent: z.string().optional(),
  message: z.string(),
  trailers: z.array(z.object({ key: z.string(), value: z.string() })),
  /** The semantic summary of the commit's spec changes (parent to commit). */
  summary: z.array(z.string()),
  /** Spec and other files the commit changed (rendered/ apart), with their text before and after. */
  files: z.array(fileDiffSchema),
  /** The rendered/ files it changed, per cluster: what the clusters were given. */
  rendered: z.array(z.object({ cluster: z.string(), files: z.array(fileDiffSchema) })),
  /** Trailers for git:revert of this commit (`Gantry-Change: revert, remove-tenant`, its tenants and shards). */
  revertTrailers: z.array(z.string()),
  /** Why Revert is not offered (a merge, the first commit), when it is not. */
  revertBlocked: z.string().optional(),
});
export type HistoryCommitDto = z.output<typeof historyCommitSchema>;

export const HISTORY_CONTRACT = {
  /**
   * Rows `offset` .. `offset + limit - 1` of the current branch's history, newest first as git log
   * lists it. `head` pins the reading to the commit the first page started from (the next pages of a
   * list being scrolled); absent, the branch's head now.
   */
  'git:history': {
    input: z.strictObject({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000), head: commitId.optional() }),
    output: z.object({ branch: z.string().optional(), head: z.string().optional(), rows: z.array(historyRowSchema), more: z.boolean() }),
  },
  /** One commit: its message and trailers, semantic summary, file diffs and rendered diff per cluster. */
  'git:commitDiff': { input: z.strictObject({ oid: commitId }), output: historyCommitSchema },
} as const;
