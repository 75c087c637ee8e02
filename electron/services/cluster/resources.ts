import { LIVE_KINDS, LIVE_KIND_NAMES, isWatchedNamespace, listPath, type LiveKind } from '../../../gitops/core/live/index.ts';

/** A kind the cluster service lists and watches (the pure half's LIVE_KINDS, plus what the host needs). */
export interface WatchedResource {
  id: LiveKind;
  /** What a person calls it (in messages). */
  title: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** From a CRD (Flux, Argo CD, KServe): skipped, saying so, when the cluster does not serve it. */
  crd: boolean;
}

export type ResourceId = LiveKind;

const TITLES: Record<LiveKind, string> = {
  Node: 'nodes',
  Pod: 'pods',
  Deployment: 'Deployments',
  HorizontalPodAutoscaler: 'HorizontalPodAutoscalers',
  PodDisruptionBudget: 'PodDisruptionBudgets',
  Event: 'events',
  ResourceQuota: 'ResourceQuotas',
  GitRepository: 'Flux GitRepositories',
  Kustomization: 'Flux Kustomizations',
  Application: 'Argo CD Applications',
  InferenceService: 'KServe InferenceServices',
};

export const RESOURCES: readonly WatchedResource[] = LIVE_KIND_NAMES.map((k) => {
  const i = LIVE_KINDS[k];
  return { id: k, title: TITLES[k], group: i.group, version: i.version, plural: i.plural, namespaced: i.namespaced, crd: i.group.includes('.') && !i.group.endsWith('k8s.io') };
});

/** Namespaces whose objects the screens use: shard-*, tenant-*, gantry-system, flux-system, argocd. */
export const GANTRY_FIXED_NAMESPACES = ['gantry-system', 'flux-system', 'argocd'] as const;

export function isGantryNamespace(ns: string | undefined): boolean {
  return ns !== undefined && ns !== '' && isWatchedNamespace(ns);
}

export function collectionPath(r: WatchedResource, namespace?: string): string {
  return listPath(r.id, namespace);
}

export function groupVersionPath(r: WatchedResource): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}
