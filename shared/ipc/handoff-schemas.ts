import { z } from 'zod';
import { branchStateSchema, fileChangeSchema, hostDir, opId } from './schemas.ts';

/**
 * Schemas of the air-gapped handoff (issue 14): the unpushed commits exported as a git bundle
 * with an HTML change report next to it, and a bundle received back previewed, then imported.
 * Kept apart from schemas.ts; contract.ts spreads HANDOFF_CONTRACT.
 */

const oid = z.string().regex(/^[0-9a-f]{40}$/);

const summaryLine = z.object({ text: z.string(), derived: z.boolean().optional() });

export const handoffCommitSchema = z.object({
  oid: z.string(),
  subject: z.string(),
  author: z.string(),
  /** Author time, seconds since the epoch. */
  timestamp: z.number(),
  summary: z.array(summaryLine),
  files: z.number().int(),
});
export type HandoffCommitDto = z.output<typeof handoffCommitSchema>;

export const exportResultSchema = z.object({
  bundlePath: z.string(),
  reportPath: z.string(),
  branch: z.string(),
  tip: z.string(),
  prerequisites: z.array(z.string()),
  commits: z.array(handoffCommitSchema),
  bytes: z.number().int(),
});
export type ExportResultDto = z.output<typeof exportResultSchema>;

export const importPreviewSchema = z.object({
  file: z.string(),
  branch: z.string(),
  ref: z.string(),
  tip: z.string(),
  refs: z.array(z.object({ name: z.string(), oid: z.string() })),
  /** up-to-date: nothing new; fast-forward: take its commits; rebased: your commits go on top of them. */
  kind: z.enum(['up-to-date', 'fast-forward', 'rebased']),
  incoming: z.array(handoffCommitSchema),
  /** Your commits that would be replayed onto the bundle's (rebase). */
  local: z.array(z.object({ oid: z.string(), subject: z.string() })),
  summary: z.array(summaryLine),
  files: z.array(fileChangeSchema),
});
export type ImportPreviewDto = z.output<typeof importPreviewSchema>;

const refName = z.string().min(1).max(1000);

export const HANDOFF_CONTRACT = {
  /**
   * Writes the branch's commits the remote lacks (or since `base`) into `folder` as
   * `<workspace>-<branch>-<tip>.bundle` with the change report `<...>.html` next to it.
   */
  'git:exportBundle': {
    input: z.strictObject({ folder: hostDir, base: z.string().min(1).max(200).optional() }),
    output: exportResultSchema,
  },
  /** Checks a bundle received back and says what importing it would do; moves no branch and no file. */
  'git:previewBundle': { input: z.strictObject({ file: hostDir, ref: refName.optional() }), output: importPreviewSchema },
  /**
   * Imports a previewed bundle: fast-forward, or the local commits rebased onto it (a conflict is
   * refused naming the files, nothing changed). `expectTip`: the preview's tip; refused if the file changed since.
   */
  'git:importBundle': {
    input: z.strictObject({ opId, file: hostDir, ref: refName.optional(), expectTip: oid.optional() }),
    output: z.object({ kind: z.enum(['up-to-date', 'fast-forward', 'rebased']), rebased: z.number().int(), files: z.number().int(), tip: z.string(), trackingMoved: z.boolean(), branch: branchStateSchema }),
  },
} as const;
