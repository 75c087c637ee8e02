import { z } from 'zod';
import type { EventChannel, InvokeChannel } from './channel-names.ts';
import { CLOUD_CONTRACT, CLOUD_EVENTS } from './cloud-schemas.ts';
import { WORKDAY_CONTRACT } from './workday-schemas.ts';
import { HANDOFF_CONTRACT } from './handoff-schemas.ts';
import {
  addTenantInput,
  appInfoSchema,
  branchStateSchema,
  deltaSchema,
  fileChangeSchema,
  fileDiffSchema,
  fileText,
  hostDir,
  menuCommandSchema,
  opId,
  plannedFileSchema,
  planPreviewSchema,
  progressSchema,
  recentSchema,
  relPath,
  reviewSchema,
  rolloutSchema,
  snapshotSchema,
} from './schemas.ts';
import { METRICS_CONTRACT } from './metrics-schemas.ts';
import { ROUTING_CONTRACT } from './routing-schemas.ts';
import { DRAIN_CONTRACT } from './drain-schemas.ts';
import { HISTORY_CONTRACT } from './history-schemas.ts';
import {
  clusterEntrySchema,
  clusterListSchema,
  clusterName,
  clusterNoticeSchema,
  execGrantSchema,
  execRequestSchema,
  subscriptionId,
  viewArgSchema,
  viewDeltaSchema,
  viewSnapshotSchema,
} from './cluster-schemas.ts';

const none = z.strictObject({});

/**
 * The IPC contract: every request channel with its input and output schema. The host parses every
 * input with these schemas before a handler sees it; the client parses every output.
 */
export const CONTRACT = {
  'app:info': { input: none, output: appInfoSchema },
  'app:pickFolder': { input: z.strictObject({ title: z.string().max(200).optional() }), output: z.object({ dir: z.string().nullable() }) },

  'workspace:recent': { input: none, output: z.object({ items: z.array(recentSchema) }) },
  'workspace:open': { input: z.strictObject({ dir: hostDir }), output: snapshotSchema },
  'workspace:createExample': {
    input: z.strictObject({ dir: hostDir, example: z.enum(['small', 'large']).default('small') }),
    output: snapshotSchema,
  },
  'workspace:close': { input: none, output: z.object({ closed: z.boolean() }) },
  'workspace:snapshot': { input: none, output: snapshotSchema },
  'workspace:readFile': { input: z.strictObject({ file: relPath }), output: z.object({ file: z.string(), content: z.string() }) },
  /** Saves a spec file. `expected` is the text the editor loaded: when the disk holds something else, the write is refused (external-change). */
  'workspace:writeFile': {
    input: z.strictObject({ file: relPath, content: fileText, expected: fileText.optional() }),
    output: deltaSchema,
  },
  /** Validates unsaved editor text as if it were the file's content; nothing is written. */
  'workspace:validate': { input: z.strictObject({ file: relPath, content: fileText }), output: deltaSchema },
  /** Drafts, repository setup, branches, history, bundles (workday-schemas.ts). */
  ...WORKDAY_CONTRACT,
  /** Air-gapped handoff: bundles out and back (handoff-schemas.ts). */
  ...HANDOFF_CONTRACT,
  /** The routing map screen (routing-schemas.ts). */
  ...ROUTING_CONTRACT,

  'plan:addTenant': { input: addTenantInput, output: planPreviewSchema },
  'plan:drainShard': { input: z.strictObject({ shard: z.string().min(1).max(63) }), output: planPreviewSchema },
  /** Writes the files of a plan the person reviewed. */
  'plan:apply': { input: z.strictObject({ files: z.array(plannedFileSchema).min(1).max(200) }), output: deltaSchema },
  /** Azure sign-in, dedicated-tenant provisioning and tier migration (cloud-schemas.ts). */
  ...CLOUD_CONTRACT,

  /** Clones over HTTPS into `dir` (long: progress on op:progress, cancel with op:cancel) and opens it. */
  'git:clone': {
    input: z.strictObject({
      opId,
      /** https, http (loopback, or elsewhere with allowPlainHttp); the host refuses the rest in words (shared/remote-url.ts). */
      url: z.string().min(1).max(2000),
      allowPlainHttp: z.boolean().optional(),
      dir: hostDir,
      username: z.string().max(200).optional(),
      token: z.string().max(4000).optional(),
      remember: z.boolean().optional(),
    }),
    /** `credentialNotice`: the token was asked to be remembered but is kept for this run only, and why. */
    output: snapshotSchema.extend({ credentialNotice: z.string().optional() }),
  },
  'git:status': { input: none, output: z.object({ changes: z.array(fileChangeSchema) }) },
  'git:diff': { input: z.strictObject({ path: relPath }), output: fileDiffSchema },
  'git:review': { input: none, output: reviewSchema },
  'git:commit': {
    input: z.strictObject({ message: z.string().trim().min(1).max(10000) }),
    /** `leftOut`: what the commit did not take, and why (a nested Git repository). */
    output: z.object({ oid: z.string(), files: z.number().int(), branch: branchStateSchema, leftOut: z.array(z.object({ path: z.string(), why: z.string() })).optional() }),
  },
  /** Pushes the current branch (long: progress on op:progress). Offline, commits stay queued (ahead > 0). */
  'git:push': { input: z.strictObject({ opId }), output: z.object({ branch: branchStateSchema }) },
  /** Fetches the current branch's remote (long: progress) so `behind` is current; changes no local branch or file. */
  'git:fetch': { input: z.strictObject({ opId }), output: z.object({ branch: branchStateSchema }) },
  /**
   * Brings the branch up to date with its remote (long: progress): a fast-forward, or a rebase of the
   * queued local commits onto the remote ones. A conflict changes nothing and fails with 'merge-conflict'.
   */
  'git:pull': {
    input: z.strictObject({ opId }),
    output: z.object({
      branch: branchStateSchema,
      kind: z.enum(['up-to-date', 'fast-forward', 'rebased']),
      rebased: z.number().int(),
      files: z.number().int(),
    }),
  },
  /**
   * After a pull stopped on a conflict: keeps the unpushed commits under refs/gantry/set-aside/... and
   * moves the branch and files to the remote's commit; `summary` says what the set-aside commits changed.
   */
  'git:setAside': {
    input: none,
    output: z.object({
      branch: branchStateSchema,
      ref: z.string(),
      commits: z.array(z.object({ oid: z.string(), subject: z.string() })),
      summary: z.array(z.string()),
      files: z.number().int(),
    }),
  },
  'git:branchState': { input: none, output: branchStateSchema },
  /** Undo of a commit as a new commit (drain-schemas.ts). */
  ...DRAIN_CONTRACT,
  /** The history screen: the branch's commits in pages, one commit's diff (history-schemas.ts). */
  ...HISTORY_CONTRACT,

  /**
   * Follows a commit (default: HEAD) until each cluster's Flux Kustomization or Argo CD Application
   * has applied it; updates arrive on cluster:onRollout. Following a new commit replaces the old follow.
   */
  'cluster:followRollout': { input: z.strictObject({ commit: z.string().regex(/^[0-9a-f]{40}$/).optional() }), output: rolloutSchema },
  /** The rollout being (or last) followed, if any. */
  'cluster:rollout': { input: none, output: rolloutSchema.nullable() },

  /** Live monitoring (cluster-schemas.ts): the workspace's clusters with their kubeconfig context and connection state. */
  'cluster:list': { input: none, output: clusterListSchema },
  /** Connects a cluster (or retries one that failed or waited for consent); updates on cluster:onConnection. */
  'cluster:connect': { input: clusterName, output: clusterEntrySchema },
  'cluster:disconnect': { input: clusterName, output: z.object({ disconnected: z.boolean() }) },
  /** Subscribes a view (connecting its cluster); returns its snapshot, then deltas arrive on cluster:onDelta. */
  'cluster:subscribe': { input: z.strictObject({ view: viewArgSchema }), output: viewSnapshotSchema },
  'cluster:unsubscribe': { input: subscriptionId, output: z.object({ unsubscribed: z.boolean() }) },
  /** The whole view again, after a gap in delta numbers or a reconnect. */
  'cluster:snapshot': { input: subscriptionId, output: viewSnapshotSchema },
  /** Exec credential plugins allowed, and those contexts of the workspace's clusters wait for. */
  'cluster:consentList': { input: none, output: z.object({ grants: z.array(execGrantSchema), pending: z.array(execRequestSchema) }) },
  /** Allows the plugin exactly as shown (refused if the kubeconfig now says otherwise). */
  'cluster:consentAllow': {
    input: z.strictObject({ kubeconfig: z.string().min(1).max(4096), context: z.string().min(1).max(253), command: z.string().min(1).max(4096), args: z.array(z.string().max(4096)).max(100) }),
    output: execGrantSchema,
  },
  'cluster:consentRevoke': {
    input: z.strictObject({ kubeconfig: z.string().min(1).max(4096), context: z.string().min(1).max(253) }),
    output: z.object({ revoked: z.number().int() }),
  },

  ...METRICS_CONTRACT,

  'op:cancel': { input: z.strictObject({ opId }), output: z.object({ cancelled: z.boolean() }) },
} as const satisfies { [C in InvokeChannel]: { input: z.ZodType; output: z.ZodType } };

/** The payload schema of every event channel. */
export const EVENTS = {
  'op:progress': progressSchema,
  'workspace:onDidChange': z.object({
    reason: z.enum(['external', 'write', 'open', 'close']),
    files: z.array(z.string()),
    delta: deltaSchema.optional(),
  }),
  'git:onDidChange': z.object({ branch: branchStateSchema, changes: z.number().int() }),
  ...CLOUD_EVENTS,
  'cluster:onRollout': rolloutSchema,
  'cluster:onDelta': viewDeltaSchema,
  'cluster:onConnection': clusterEntrySchema,
  'cluster:onNotice': clusterNoticeSchema,
  'app:onMenuCommand': menuCommandSchema,
} as const satisfies { [E in EventChannel]: z.ZodType };

/** What a caller passes (before defaults). */
export type InputOf<C extends InvokeChannel> = z.input<(typeof CONTRACT)[C]['input']>;
/** What a handler receives (after parsing and defaults). */
export type ParsedInputOf<C extends InvokeChannel> = z.output<(typeof CONTRACT)[C]['input']>;
/** What a call returns on success. */
export type OutputOf<C extends InvokeChannel> = z.output<(typeof CONTRACT)[C]['output']>;
/** An event's payload. */
export type EventOf<E extends EventChannel> = z.output<(typeof EVENTS)[E]>;
