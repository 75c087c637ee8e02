import { z } from 'zod';
import { branchStateSchema, deltaSchema, snapshotSchema } from './schemas.ts';

/**
 * Schemas of the channels of a consultant's day (issue 14): drafts that survive a reload, a
 * switch and a crash. Kept apart from schemas.ts; contract.ts spreads WORKDAY_CONTRACT.
 */

export const storedDraftSchema = z.object({
  file: z.string(),
  /** The unsaved editor text. */
  text: z.string(),
  /** What the disk held when the editing began (null: the file did not exist). */
  base: z.string().nullable(),
  /** What the disk holds now (null: the file is gone). Differs from `base`: the file changed since. */
  disk: z.string().nullable(),
  at: z.string(),
});
export type StoredDraftDto = z.output<typeof storedDraftSchema>;

const branchName = z.string().min(1).max(200);

export const WORKDAY_CONTRACT = {
  /** Unsaved editor text the host kept for the open workspace, to restore after a reload, a switch or a crash. */
  'workspace:drafts': { input: z.strictObject({}), output: z.object({ items: z.array(storedDraftSchema) }) },
  /** Makes the open plain folder a Git repository with a first commit of the specs and rendered files. */
  'git:init': {
    input: z.strictObject({}),
    output: z.object({ oid: z.string(), files: z.number().int(), branch: branchStateSchema, snapshot: snapshotSchema }),
  },
  /** Adds the remote origin or changes its URL (https, or http after a warning; never ssh: the message names the https form). */
  'git:setRemote': {
    input: z.strictObject({ url: z.string().min(1).max(2000), allowPlainHttp: z.boolean().optional() }),
    output: z.object({ branch: branchStateSchema }),
  },
  /** Local branches, the checked-out one, and the branch Flux or Argo CD watches (Workspace.spec.git.branch, default main). */
  'git:branches': {
    input: z.strictObject({}),
    output: z.object({
      current: z.string().optional(),
      watched: z.string(),
      items: z.array(z.object({ name: z.string(), oid: z.string(), current: z.boolean(), upstream: z.string().optional() })),
    }),
  },
  /** Creates a branch at HEAD and switches to it (uncommitted changes come along). */
  'git:createBranch': { input: z.strictObject({ name: branchName }), output: z.object({ branch: branchStateSchema }) },
  /** Switches branch; the files and the open workspace become that branch's. Refused with unsaved edits. */
  'git:switchBranch': { input: z.strictObject({ name: branchName }), output: z.object({ branch: branchStateSchema, snapshot: snapshotSchema }) },
  /** Deletes a local branch whose commits another branch or the remote has (`force`: regardless). */
  'git:deleteBranch': { input: z.strictObject({ name: branchName, force: z.boolean().optional() }), output: z.object({ deleted: z.string() }) },
  /**
   * Puts saved, uncommitted spec files back as they are in the last commit (an added file is
   * removed); `paths` absent: every changed spec file. Refused for files with unsaved editor text.
   */
  'git:discard': {
    input: z.strictObject({ paths: z.array(z.string().min(1).max(1000)).min(1).max(5000).optional() }),
    output: z.object({ files: z.array(z.string()), delta: deltaSchema.optional() }),
  },
} as const;
