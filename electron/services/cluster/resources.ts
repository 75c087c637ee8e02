/** A kind the cluster service lists and watches. */
export interface WatchedResource {
  /** Short id used in state, IPC and messages. */
  id: ResourceId;
  /** What a person calls it (in messages). */
  title: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** Part of core Kubernetes (always there) or from a CRD (skipped, saying so, when not installed). */
  crd: boolean;
  /**
   * 'all': every namespace (pods: GPUs used on a node count whoever asked for them);
   * 'gantry': only the namespaces Gantry renders and its controllers use (GANTRY_NAMESPACES).
   */
  namespaces: 'all' | 'gantry';
}

export const RESOURCE_IDS = [
  'nodes',
  'pods',
  'deployments',
  'hpas',
  'pdbs',
  'events',
  'resourcequotas',
  'gitrepositories',
  'kustomizations',
  'applications',
  'inferenceservices',
] as const;
export type ResourceId = (typeof RESOURCE_IDS)[number];

export const RESOURCES: readonly WatchedResource[] = [
  { id: 'nodes', title: 'nodes', group: '', version: 'v1', plural: 'nodes', namespaced: false, crd: false, namespaces: 'all' },
  { id: 'pods', title: 'pods', group: '', version: 'v1', plural: 'pods', namespaced: true, crd: false, namespaces: 'all' },
  { id: 'deployments', title: 'Deployments', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, crd: false, namespaces: 'gantry' },
  { id: 'hpas', title: 'HorizontalPodAutoscalers', group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', namespaced: true, crd: false, namespaces: 'gantry' },
  { id: 'pdbs', title: 'PodDisruptionBudgets', group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', namespaced: true, crd: false, namespaces: 'gantry' },
  { id: 'events', title: 'events', group: '', version: 'v1', plural: 'events', namespaced: true, crd: false, namespaces: 'gantry' },
  { id: 'resourcequotas', title: 'ResourceQuotas', group: '', version: 'v1', plural: 'resourcequotas', namespaced: true, crd: false, namespaces: 'gantry' },
  { id: 'gitrepositories', title: 'Flux GitRepositories', group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories', namespaced: true, crd: true, namespaces: 'gantry' },
  { id: 'kustomizations', title: 'Flux Kustomizations', group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', namespaced: true, crd: true, namespaces: 'gantry' },
  { id: 'applications', title: 'Argo CD Applications', group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', namespaced: true, crd: true, namespaces: 'gantry' },
  { id: 'inferenceservices', title: 'KServe InferenceServices', group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices', namespaced: true, crd: true, namespaces: 'gantry' },
];

/** Namespaces Gantry renders (shard-*, tenant-*) or its controllers live in. */
export const GANTRY_FIXED_NAMESPACES = ['gantry-system', 'flux-system', 'argocd'] as const;

export function isGantryNamespace(ns: string | undefined): boolean {
  if (!ns) return false;
  return ns.startsWith('shard-') || ns.startsWith('tenant-') || (GANTRY_FIXED_NAMESPACES as readonly string[]).includes(ns);
}

/** The API path of a resource's collection, in one namespace or across all. */
export function collectionPath(r: WatchedResource, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return namespace && r.namespaced ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

export function groupVersionPath(r: WatchedResource): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}
