import { z } from 'zod';

/**
 * Live monitoring's IPC payloads (the `cluster` namespace). A cluster is connected only when a view
 * of it is subscribed or it is connected by name; its connection state says why it is not live in
 * the API's or the credential plugin's own words.
 */
export const connectionStateSchema = z.enum([
  /** Not opened by the person (no view of it subscribed, not connected): nothing is asked of it. */
  'disconnected',
  /** No kubeconfig context for it (neither its kubeContext nor a context named like it). */
  'no-context',
  'connecting',
  'live',
  /** Was live; a watch is lost and reconnecting: the data is as of `since`. */
  'stale',
  'unauthorized',
  'forbidden',
  'unreachable',
  /** Its context runs an exec credential plugin the person has not allowed (see `consent`). */
  'needs-consent',
]);

/** An exec credential plugin: that exact command, arguments and environment, for one context of one kubeconfig file. */
export const execRequestSchema = z.object({
  kubeconfig: z.string(),
  context: z.string(),
  command: z.string(),
  args: z.array(z.string()),
  env: z.array(z.object({ name: z.string(), value: z.string() })),
});

export const execGrantSchema = execRequestSchema.extend({ allowedAt: z.string() });

/** One watched scope (a resource cluster-wide or in one namespace) and how it stands. */
export const scopeStatusSchema = z.object({
  resource: z.string(),
  namespace: z.string().optional(),
  state: z.enum(['listing', 'watching', 'retrying', 'forbidden', 'unauthorized', 'not-installed']),
  message: z.string().optional(),
});

export const clusterEntrySchema = z.object({
  /** The Cluster spec's name. */
  cluster: z.string(),
  provider: z.string(),
  region: z.string(),
  gitops: z.enum(['flux', 'argocd']),
  context: z.string().optional(),
  /** The kubeconfig file that defines the context. */
  kubeconfig: z.string().optional(),
  state: connectionStateSchema,
  reason: z.string().optional(),
  /** Since when the state holds (ISO time); for `stale`, how old the data is. */
  since: z.string().optional(),
  /** Every watched resource delivered a complete list. */
  synced: z.boolean(),
  scopes: z.array(scopeStatusSchema),
  consent: execRequestSchema.optional(),
});

/**
 * What a subscription shows (gitops/core/live selectView): every cluster's summary, one cluster's
 * shard cards, or one shard (its cluster comes from the spec).
 */
export const viewArgSchema = z.discriminatedUnion('view', [
  z.strictObject({ view: z.literal('overview') }),
  z.strictObject({ view: z.literal('cluster'), cluster: z.string().min(1).max(253) }),
  z.strictObject({ view: z.literal('shard'), shard: z.string().min(1).max(63) }),
  /** The branch's last commits and where each stands per cluster (connects nothing). */
  z.strictObject({ view: z.literal('timeline') }),
]);

/**
 * A view's whole content and the number of the last delta it includes. Keys as selectView gives
 * them (overview `cluster/<name>`; cluster `gpu`, `reconciliation`, `shard/<name>`; shard `health`,
 * `pod/<uid>`, `<Kind>/<name>`, `event/<uid>`, `tenant/<name>`), plus the host's
 * `connection/<cluster>`: { state, reason?, since?, synced } for each cluster the view shows.
 */
export const viewSnapshotSchema = z.object({
  subscription: z.string(),
  seq: z.number().int(),
  items: z.record(z.string(), z.unknown()),
});

/**
 * Changes to a view since delta `seq - 1` (the pure half's Delta: applyDelta on the renderer);
 * a gap in `seq` means take a snapshot (cluster:snapshot).
 */
export const viewDeltaSchema = z.object({
  subscription: z.string(),
  seq: z.number().int(),
  set: z.record(z.string(), z.unknown()),
  remove: z.array(z.string()),
});

export const clusterListSchema = z.object({
  clusters: z.array(clusterEntrySchema),
  /** Every context in the kubeconfig files, mapped to a Cluster spec or not. */
  contexts: z.array(z.string()),
  kubeconfigFiles: z.array(z.string()),
  /** Kubeconfig files that could not be read, with why. */
  problems: z.array(z.string()),
});

/** A line a credential plugin wrote while it ran (a device-code prompt, for one). */
export const clusterNoticeSchema = z.object({ cluster: z.string(), context: z.string(), text: z.string(), at: z.string() });

export const clusterName = z.strictObject({ cluster: z.string().min(1).max(253) });
export const subscriptionId = z.strictObject({ subscription: z.string().min(1).max(64) });

export type ConnectionStateDto = z.infer<typeof connectionStateSchema>;
export type ClusterEntryDto = z.infer<typeof clusterEntrySchema>;
export type ClusterListDto = z.infer<typeof clusterListSchema>;
export type ViewArgDto = z.infer<typeof viewArgSchema>;
export type ViewDeltaDto = z.infer<typeof viewDeltaSchema>;
export type ViewSnapshotDto = z.infer<typeof viewSnapshotSchema>;
export type ExecRequestDto = z.infer<typeof execRequestSchema>;
export type ExecGrantDto = z.infer<typeof execGrantSchema>;
