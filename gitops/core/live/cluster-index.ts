// Lookups over one cluster's projections (objects of a namespace, an object by name), computed once
// per namespace set: a namespace no event touched keeps its set, and so its index (WeakMap).
import type { LiveKind } from './kinds.ts';
import type { NodeView, PodView, Projection, ProjectionOf } from './projection-types.ts';
import { itemsOfNamespace, type ClusterState, type NamespaceSet } from './watch-state.ts';

interface NamespaceIndex {
  list: Projection[];
  /** Made on the first lookup by name (pods, the most changed sets, are only ever listed). */
  byName?: Map<string, Projection>;
}

const cache = new WeakMap<NamespaceSet, NamespaceIndex>();
const EMPTY: NamespaceIndex = { list: [], byName: new Map() };

function indexOf(ns: NamespaceSet | undefined): NamespaceIndex {
  if (!ns) return EMPTY;
  let idx = cache.get(ns);
  if (!idx) {
    idx = { list: [...itemsOfNamespace(ns)] };
    cache.set(ns, idx);
  }
  return idx;
}

/** The namespace set of `kind` in `namespace` ('' for cluster-scoped kinds): the unit that keeps its identity. */
export function namespaceSet(cluster: ClusterState | undefined, kind: LiveKind, namespace: string | undefined): NamespaceSet | undefined {
  return cluster?.kinds[kind]?.namespaces.get(namespace ?? '');
}

/** The object of `kind` named `name` in `namespace` (undefined or '' for cluster-scoped kinds). */
export function lookup<K extends LiveKind>(cluster: ClusterState | undefined, kind: K, namespace: string | undefined, name: string): ProjectionOf<K> | undefined {
  const idx = indexOf(namespaceSet(cluster, kind, namespace));
  idx.byName ??= new Map(idx.list.map((p) => [p.name, p]));
  return idx.byName.get(name) as ProjectionOf<K> | undefined;
}

/** Every object of `kind` in `namespace` ('' for a cluster-scoped kind's objects). */
export function inNamespace<K extends LiveKind>(cluster: ClusterState | undefined, kind: K, namespace: string): ReadonlyArray<ProjectionOf<K>> {
  return indexOf(namespaceSet(cluster, kind, namespace)).list as unknown as ReadonlyArray<ProjectionOf<K>>;
}

export function nodeNamed(cluster: ClusterState | undefined, name: string | undefined): NodeView | undefined {
  return name === undefined ? undefined : lookup(cluster, 'Node', undefined, name);
}

/** Pods that hold or wait for a node: not Succeeded or Failed. */
export function isActivePod(p: PodView): boolean {
  return p.phase !== 'Succeeded' && p.phase !== 'Failed';
}
