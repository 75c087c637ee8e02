import { z } from 'zod';
import { routingMapSchema } from './routing-schemas.ts';
import { branchStateSchema, opId } from './schemas.ts';

/**
 * Schemas of the on-call drain-and-fail-over flow (issue 15): the preview of a drain, the drain
 * committed and pushed in one step, the placement each cluster shows, and the revert that undoes
 * a commit. Kept apart from schemas.ts; contract.ts spreads DRAIN_CONTRACT.
 */

const shardName = z.string().min(1).max(63);
const liveStatus = z.enum(['healthy', 'degraded', 'down', 'unknown']);
/** Live shard health the renderer holds (the board's): degraded or down shards take no tenants. */
const healthEntry = z.strictObject({ shard: shardName, status: liveStatus, reasons: z.array(z.string().max(2000)).max(50) });

/** One shard of the routing map, before or after: what the cluster's gantry-routing ConfigMap will say. */
const routedShardRow = z.object({
  cluster: z.string(),
  region: z.string(),
  shard: z.string(),
  state: z.enum(['active', 'draining', 'cordoned']),
  failoverShard: z.string().nullable(),
  gpus: z.object({ capacity: z.number(), placed: z.number(), free: z.number() }),
  tenants: z.array(z.object({ name: z.string(), plan: z.string(), gpus: z.number() })),
  health: liveStatus.optional(),
});

export const drainPreviewSchema = z.object({
  shard: z.string(),
  cluster: z.string(),
  partial: z.boolean(),
  specDiff: z.array(z.object({ path: z.string(), patch: z.string() })),
  summary: z.array(z.string()),
  renderedDiff: z.array(z.object({ cluster: z.string(), files: z.array(z.object({ path: z.string(), change: z.enum(['added', 'modified', 'deleted']), patch: z.string().optional() })) })),
  routing: z.object({ before: z.array(routedShardRow), after: z.array(routedShardRow) }),
  /** The drained shard's cluster in the routing map (routing-map.ts), before and after, for RoutingMapView. */
  maps: z.object({ before: routingMapSchema, after: routingMapSchema }),
  moves: z.array(z.object({ tenant: z.string(), plan: z.string(), gpus: z.number(), from: z.string(), to: z.string(), affinity: z.boolean() })),
  stays: z.array(z.object({ tenant: z.string(), reason: z.string() })),
  headroom: z.array(z.object({ shard: z.string(), capacity: z.number(), placedBefore: z.number(), placedAfter: z.number(), free: z.number() })),
  problemsAfter: z.array(z.object({ code: z.string(), shard: z.string(), message: z.string() })),
  commit: z.object({ subject: z.string(), message: z.string(), trailers: z.array(z.tuple([z.string(), z.string()])) }),
});
export type DrainPreviewDto = z.output<typeof drainPreviewSchema>;

/** A drain or its undo, committed and pushed: what the flow follows next. */
export const drainRunSchema = z.object({
  oid: z.string(),
  subject: z.string(),
  message: z.string(),
  /** Pushed to the remote (false: no remote, or offline: the commit waits in the queue, `pushNote` says why). */
  pushed: z.boolean(),
  pushNote: z.string().optional(),
  /** Someone pushed meanwhile: their commits were pulled and ours replayed on top before the push. */
  replayed: z.boolean(),
  /** The commit undone (an undo). */
  reverted: z.string().optional(),
  branch: branchStateSchema,
});
export type DrainRunDto = z.output<typeof drainRunSchema>;

/** What one cluster's API server shows of the placement the workspace's HEAD asks for. */
export const placementClusterSchema = z.object({
  cluster: z.string(),
  /** checked: read; not-connected: no context or no consent; error: the read failed (`message`). */
  state: z.enum(['checked', 'not-connected', 'error']),
  message: z.string().optional(),
  /** Every tenant and shard shows what the specs say. */
  matches: z.boolean(),
  tenants: z.array(z.object({ tenant: z.string(), expected: z.string(), namespace: z.string().nullable(), routing: z.string().nullable() })),
  shards: z.array(z.object({ shard: z.string(), expected: z.string(), routing: z.string().nullable() })),
});
export const placementSchema = z.object({ at: z.string(), clusters: z.array(placementClusterSchema) });
export type PlacementDto = z.output<typeof placementSchema>;
export type PlacementClusterDto = z.output<typeof placementClusterSchema>;

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
  /** The preview of draining `shard` (nothing written): diffs, routing before/after, moves, stays, headroom, the commit message. */
  'plan:drainPreview': {
    input: z.strictObject({ shard: shardName, partial: z.boolean().optional(), health: z.array(healthEntry).max(2000).optional() }),
    output: drainPreviewSchema,
  },
  /**
   * Drains and fails over in one step: writes the planned files, commits them with the preview's
   * message and trailers, pushes (long: progress on op:progress; a push someone made meanwhile is
   * pulled and ours replayed on top, then pushed again), and starts following the commit.
   */
  'plan:drainApply': {
    input: z.strictObject({ opId, shard: shardName, partial: z.boolean().optional(), health: z.array(healthEntry).max(2000).optional() }),
    output: drainRunSchema,
  },
  /** Undoes a pushed drain: git:revert of `commit`, pushed and followed the same way. */
  'plan:drainUndo': {
    input: z.strictObject({ opId, commit: z.string().regex(/^[0-9a-f]{40}$/) }),
    output: drainRunSchema,
  },
  /** Reads each connected cluster's tenant namespaces (gantry.dev/shard) and gantry-routing ConfigMap against the specs. */
  'cluster:placement': { input: z.strictObject({}), output: placementSchema },
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
