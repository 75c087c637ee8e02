// Test helpers: the captured cluster (kwok-cluster/) as watch events and state. JSON imports,
// not file reads, so this folder stays free of Node built-ins like the code it tests.
import type { LiveKind } from '../kinds.ts';
import { applyWatchEvent, EMPTY_STATE, type LiveState } from '../watch-state.ts';
import deployments from './kwok-cluster/deployments.json';
import events from './kwok-cluster/events.json';
import fluxApplied from './kwok-cluster/flux-applied.json';
import fluxBuildFailed from './kwok-cluster/flux-build-failed.json';
import fluxSourceUnreachable from './kwok-cluster/flux-source-unreachable.json';
import hpas from './kwok-cluster/horizontalpodautoscalers.json';
import isvcs from './kwok-cluster/inferenceservices.json';
import nodes from './kwok-cluster/nodes.json';
import pdbs from './kwok-cluster/poddisruptionbudgets.json';
import pods from './kwok-cluster/pods.json';
import quotas from './kwok-cluster/resourcequotas.json';

export const FILES: Record<string, LiveKind> = {
  'nodes.json': 'Node',
  'pods.json': 'Pod',
  'deployments.json': 'Deployment',
  'horizontalpodautoscalers.json': 'HorizontalPodAutoscaler',
  'poddisruptionbudgets.json': 'PodDisruptionBudget',
  'events.json': 'Event',
  'resourcequotas.json': 'ResourceQuota',
  'inferenceservices.json': 'InferenceService',
};

const LISTS: Record<string, unknown> = {
  'nodes.json': nodes,
  'pods.json': pods,
  'deployments.json': deployments,
  'horizontalpodautoscalers.json': hpas,
  'poddisruptionbudgets.json': pdbs,
  'events.json': events,
  'resourcequotas.json': quotas,
  'inferenceservices.json': isvcs,
  'flux-applied.json': fluxApplied,
  'flux-build-failed.json': fluxBuildFailed,
  'flux-source-unreachable.json': fluxSourceUnreachable,
};

export type K8s = { kind?: string; metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string> } } & Record<string, unknown>;

/** The items of a captured `kubectl get -o json` list, as fresh copies. */
export function items(file: string): K8s[] {
  const list = LISTS[file] as { items: K8s[] } | undefined;
  if (!list) throw new Error(`no capture ${file}`);
  return structuredClone(list.items);
}

/** One captured object by kind file and name. */
export function object(file: string, name: string, namespace?: string): K8s {
  const found = items(file).find((o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!found) throw new Error(`no ${name} in ${file}`);
  return found;
}

/** Flux objects of one capture (flux-applied.json, flux-build-failed.json, flux-source-unreachable.json). */
export const flux = items;

/** The whole capture as cluster `cluster`, each kind listed once (RELIST), with `edit` applied to the lists first. */
export function capturedState(cluster = 'aks-weu-prod', edit?: (file: string, list: K8s[]) => K8s[], fluxFile = 'flux-applied.json'): LiveState {
  let state = EMPTY_STATE;
  for (const [file, kind] of Object.entries(FILES)) {
    const list = edit ? edit(file, items(file)) : items(file);
    state = applyWatchEvent(state, { cluster, kind, type: 'RELIST', objects: list, resourceVersion: '2000' }).state;
  }
  const f = flux(fluxFile);
  for (const kind of ['Kustomization', 'GitRepository'] as const) {
    state = applyWatchEvent(state, { cluster, kind, type: 'RELIST', objects: f.filter((o) => o.kind === kind) }).state;
  }
  return state;
}
