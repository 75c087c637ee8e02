import { z } from 'zod';
import { RULE_CODES, type RuleCode } from '../findings.ts';
import { MENU_COMMANDS } from './channel-names.ts';

/** Data shapes that cross the IPC boundary. Inputs are strict: unknown keys are refused. */

const RULE_CODE_LIST = Object.keys(RULE_CODES) as [RuleCode, ...RuleCode[]];

/** A repository-relative, `/`-separated path with no way out of the repository. */
export const relPath = z
  .string()
  .min(1)
  .max(1000)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.includes('\0') && !p.split('/').some((s) => s === '..' || s === '.' || s === ''), {
    message: 'must be a plain repository-relative path',
  });

/** An absolute or relative directory on the host's disk. */
export const hostDir = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), { message: 'must not contain NUL' });

/** Client-made id of a long operation: progress events carry it, op:cancel takes it. */
export const opId = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, { message: 'must be 6-64 letters, digits, - or _' });

/** Spec file text; the host caps spec files at 1 MiB, a little more is let through to get the finding. */
export const fileText = z.string().max(2 * 1024 * 1024);

export const findingSchema = z.object({
  code: z.enum(RULE_CODE_LIST),
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

const baseRow = { file: z.string(), name: z.string(), valid: z.boolean() };

export const tenantRowSchema = z.object({
  ...baseRow,
  displayName: z.string().optional(),
  tier: z.enum(['shared', 'dedicated']).optional(),
  plan: z.enum(['free', 'standard', 'premium']).optional(),
  region: z.string().optional(),
  shard: z.string().optional(),
  gpus: z.number().optional(),
  gpuType: z.string().optional(),
  models: z.array(z.string()).optional(),
  pools: z.record(z.string(), z.string()).optional(),
});

export const shardRowSchema = z.object({
  ...baseRow,
  cluster: z.string().optional(),
  region: z.string().optional(),
  tenancy: z.enum(['shared', 'dedicated']).optional(),
  owner: z.string().optional(),
  state: z.enum(['active', 'draining', 'cordoned']).optional(),
  gpuType: z.string().optional(),
  capacityGpus: z.number().optional(),
  placedGpus: z.number().optional(),
  tenants: z.number().optional(),
  models: z.array(z.string()).optional(),
  zones: z.array(z.string()).optional(),
});

export const poolRowSchema = z.object({
  ...baseRow,
  type: z.string().optional(),
  provider: z.string().optional(),
  region: z.string().optional(),
  limit: z.number().optional(),
  used: z.number().optional(),
  createdAt: z.string().optional(),
});

export const clusterRowSchema = z.object({
  ...baseRow,
  region: z.string().optional(),
  provider: z.string().optional(),
  gitops: z.string().optional(),
  shards: z.number().optional(),
});

export const routingRowSchema = z.object({ ...baseRow, method: z.string().optional() });

export const rowsSchema = z.object({
  tenants: z.array(tenantRowSchema),
  shards: z.array(shardRowSchema),
  pools: z.array(poolRowSchema),
  clusters: z.array(clusterRowSchema),
  routing: z.array(routingRowSchema),
});

export const thresholdsSchema = z.object({ poolPercent: z.number(), shardPercent: z.number() });

/** A whole workspace as the renderer shows it: one row per spec file, and every finding. */
export const snapshotSchema = z.object({
  root: z.string(),
  name: z.string(),
  /** Bumped by every change the host applies; deltas name the revision they lead to. */
  revision: z.number().int(),
  thresholds: thresholdsSchema,
  isGitRepo: z.boolean(),
  rows: rowsSchema,
  findings: z.array(findingSchema),
  /** Repository-relative path of gantry.yaml and every other spec file, sorted. */
  files: z.array(z.string()),
});

/**
 * What changed after an edit: for each file in `files`, its rows and findings are replaced by
 * those given here (a file in `files` with no row was removed). Thresholds come along when
 * gantry.yaml changed.
 */
export const deltaSchema = z.object({
  revision: z.number().int(),
  files: z.array(z.string()),
  rows: rowsSchema,
  findings: z.array(findingSchema),
  thresholds: thresholdsSchema,
  specFiles: z.array(z.string()).optional(),
});

export const recentSchema = z.object({ root: z.string(), name: z.string(), openedAt: z.string() });

export const plannedFileSchema = z.object({
  path: relPath,
  action: z.enum(['create', 'modify']),
  content: fileText,
});

export const planPreviewSchema = z.object({
  files: z.array(plannedFileSchema.extend({ before: z.string().optional() })),
  notes: z.array(z.string()),
  /** Findings the workspace would have in the planned files and their neighbours. */
  findings: z.array(findingSchema),
  /** The shard and pools chosen for a new tenant (add-tenant only). */
  suggestion: z.object({ shard: z.string().optional(), pools: z.record(z.string(), z.string()) }).optional(),
});

export const addTenantInput = z.strictObject({
  name: z.string().min(1).max(63),
  tier: z.enum(['shared', 'dedicated']),
  region: z.string().min(1).max(63),
  gpus: z.number().int().min(0).max(100000),
  gpuType: z.string().min(1).max(63).optional(),
  models: z.array(z.string().min(1).max(200)).max(100),
  plan: z.enum(['free', 'standard', 'premium']).optional(),
  displayName: z.string().min(1).max(200).optional(),
});

export const fileChangeSchema = z.object({ path: z.string(), change: z.enum(['added', 'modified', 'deleted']) });

export const fileDiffSchema = z.object({
  path: z.string(),
  change: z.enum(['added', 'modified', 'deleted']),
  /** Content at HEAD; null when added. */
  before: z.string().nullable(),
  /** Content in the working tree (or as rendered); null when deleted. */
  after: z.string().nullable(),
});

export const reviewSchema = z.object({
  /** Spec files changed in the working tree (rendered/ excluded). */
  changes: z.array(fileChangeSchema),
  /** Per cluster, how rendered/ changes when the specs are rendered and committed. */
  rendered: z.array(z.object({ cluster: z.string(), files: z.array(fileDiffSchema) })),
  /** One sentence per change a person cares about ("acme: tier shared -> dedicated"). */
  summary: z.array(z.string()),
  /** A commit message made from the summary. */
  suggestedMessage: z.string(),
  /** Whether the workspace has errors; commit is refused while it has. */
  errors: z.number().int(),
});

export const branchStateSchema = z.object({
  branch: z.string(),
  ahead: z.number().int(),
  behind: z.number().int(),
  remoteUrl: z.string().optional(),
});

/**
 * One cluster during a rollout: what its GitOps controller (Flux Kustomization or Argo CD
 * Application) reports for the followed commit. `not-connected`: no kubeconfig context for it;
 * `unreachable`: the Kubernetes API did not answer or refused (the message says which).
 */
export const rolloutClusterSchema = z.object({
  cluster: z.string(),
  gitops: z.enum(['flux', 'argocd']),
  context: z.string().optional(),
  phase: z.enum(['applied', 'progressing', 'failed', 'suspended', 'unknown', 'not-connected', 'unreachable']),
  appliedCommit: z.string().optional(),
  message: z.string().optional(),
  since: z.string().optional(),
  /** The context runs an exec credential plugin the person has not allowed (cluster:consentAllow); nothing was run. */
  needsConsent: z.boolean().optional(),
});

/** Following one commit until every cluster applied it (or failed, or the follow timed out). */
export const rolloutSchema = z.object({
  commit: z.string(),
  subject: z.string(),
  startedAt: z.string(),
  /** Still polling; false once every cluster is final, or after the time limit. */
  following: z.boolean(),
  clusters: z.array(rolloutClusterSchema),
});

export const appInfoSchema = z.object({
  mode: z.enum(['electron', 'browser']),
  version: z.string(),
  platform: z.string(),
  /** The workspace the host opened at start (`serve --workspace DIR`). */
  initialWorkspace: z.string().optional(),
  /** True when browser mode got a token from GANTRY_GIT_TOKEN. */
  envToken: z.boolean(),
  /** The origins that token serves for a clone (GANTRY_GIT_TOKEN_ORIGIN); absent: only the open workspace's remote. */
  envTokenOrigins: z.array(z.string()).optional(),
  /** Where new clones and examples go unless the person picks another folder. */
  defaultParentDir: z.string(),
});

export const progressSchema = z.object({
  opId,
  phase: z.string(),
  loaded: z.number(),
  total: z.number().optional(),
  done: z.boolean().optional(),
});

export const menuCommandSchema = z.object({ command: z.enum(MENU_COMMANDS) });

export type Snapshot = z.infer<typeof snapshotSchema>;
export type RolloutDto = z.infer<typeof rolloutSchema>;
export type RolloutClusterDto = z.infer<typeof rolloutClusterSchema>;
export type Delta = z.infer<typeof deltaSchema>;
export type Rows = z.infer<typeof rowsSchema>;
export type TenantRow = z.infer<typeof tenantRowSchema>;
export type ShardRow = z.infer<typeof shardRowSchema>;
export type PoolRow = z.infer<typeof poolRowSchema>;
export type ClusterRow = z.infer<typeof clusterRowSchema>;
export type RoutingRow = z.infer<typeof routingRowSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
export type PlanPreview = z.infer<typeof planPreviewSchema>;
export type PlannedFileDto = z.infer<typeof plannedFileSchema>;
export type AddTenantRequest = z.infer<typeof addTenantInput>;
export type FileChangeDto = z.infer<typeof fileChangeSchema>;
export type FileDiff = z.infer<typeof fileDiffSchema>;
export type Review = z.infer<typeof reviewSchema>;
export type BranchStateDto = z.infer<typeof branchStateSchema>;
export type AppInfo = z.infer<typeof appInfoSchema>;
export type Progress = z.infer<typeof progressSchema>;
export type RecentWorkspace = z.infer<typeof recentSchema>;
