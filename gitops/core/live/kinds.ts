// The resources live monitoring watches, with what the host needs to list and watch each one.

export type LiveKind =
  | 'Node'
  | 'Pod'
  | 'Deployment'
  | 'HorizontalPodAutoscaler'
  | 'PodDisruptionBudget'
  | 'Event'
  | 'ResourceQuota'
  | 'GitRepository'
  | 'Kustomization'
  | 'Application'
  | 'InferenceService';

export interface LiveKindInfo {
  kind: LiveKind;
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /**
   * Which namespaces to watch: 'all' (cluster-scoped kinds), or the namespaces Gantry renders into
   * (`shard-*`, `tenant-*`, `gantry-system`) plus the GitOps controllers' own (see WATCHED_NAMESPACES).
   */
  scope: 'cluster' | 'gantry' | 'controller';
}

/** Namespace names (and `shard-` / `tenant-` prefixes) whose objects the screens use. */
export const WATCHED_NAMESPACES = { prefixes: ['shard-', 'tenant-'], names: ['gantry-system', 'flux-system', 'argocd'] } as const;

/** Whether the screens use objects of namespace `ns` (a cluster-scoped object has none). */
export function isWatchedNamespace(ns: string | undefined): boolean {
  if (ns === undefined) return true;
  return WATCHED_NAMESPACES.prefixes.some((p) => ns.startsWith(p)) || (WATCHED_NAMESPACES.names as readonly string[]).includes(ns);
}

export const LIVE_KINDS: Readonly<Record<LiveKind, LiveKindInfo>> = {
  Node: { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false, scope: 'cluster' },
  Pod: { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true, scope: 'gantry' },
  Deployment: { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, scope: 'gantry' },
  HorizontalPodAutoscaler: { kind: 'HorizontalPodAutoscaler', group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', namespaced: true, scope: 'gantry' },
  PodDisruptionBudget: { kind: 'PodDisruptionBudget', group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', namespaced: true, scope: 'gantry' },
  Event: { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true, scope: 'gantry' },
  ResourceQuota: { kind: 'ResourceQuota', group: '', version: 'v1', plural: 'resourcequotas', namespaced: true, scope: 'gantry' },
  GitRepository: { kind: 'GitRepository', group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories', namespaced: true, scope: 'controller' },
  Kustomization: { kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', namespaced: true, scope: 'controller' },
  Application: { kind: 'Application', group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', namespaced: true, scope: 'controller' },
  InferenceService: { kind: 'InferenceService', group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices', namespaced: true, scope: 'gantry' },
};

export const LIVE_KIND_NAMES = Object.keys(LIVE_KINDS) as LiveKind[];

/** The API path of a kind's list (and, with `?watch=1`, its watch), cluster-wide or in one namespace. */
export function listPath(kind: LiveKind, namespace?: string): string {
  const k = LIVE_KINDS[kind];
  const base = k.group === '' ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`;
  return namespace && k.namespaced ? `${base}/namespaces/${namespace}/${k.plural}` : `${base}/${k.plural}`;
}
