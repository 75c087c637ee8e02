// Lookups over one cluster's projections (pods by namespace, objects by namespace and name),
// computed once per kind set: a set that did not change keeps its index (WeakMap on the set).
import type { LiveKind } from './kinds.ts';
import type { NodeView, PodView, Projection, ProjectionOf } from './projection-types.ts';
import { itemsOf, type ClusterState, type KindSet } from './watch-state.ts';

interface KindIndex {
  byName: Map<string, Projection>;
  byNamespace: Map<string, Projection[]>;
}

const cache = new WeakMap<KindSet, KindIndex>();

function indexOf(set: KindSet | undefined): KindIndex | undefined {
  if (!set) return undefined;
  let idx = cache.get(set);
  if (!idx) {
    idx = { byName: new Map(), byNamespace: new Map() };
    for (const p of itemsOf(set)) {
      const ns = p.namespace ?? '';
      idx.byName.set(`${ns}/${p.name}`, p);
      let arr = idx.byNamespace.get(ns);
      if (!arr) idx.byNamespace.set(ns, (arr = []));
      arr.push(p);
    }
    cache.set(set, idx);
  }
  return idx;
}

/** The object of `kind` named `name` in `namespace` ('' or undefined for cluster-scoped kinds). */
export function lookup<K extends LiveKind>(cluster: ClusterState | undefined, kind: K, namespace: string | undefined, name: string): ProjectionOf<K> | undefined {
  return indexOf(cluster?.kinds[kind])?.byName.get(`${namespace ?? ''}/${name}`) as ProjectionOf<K> | undefined;
}

/** Every object of `kind` in `namespace`. */
export function inNamespace<K extends LiveKind>(cluster: ClusterState | undefined, kind: K, namespace: string): ReadonlyArray<ProjectionOf<K>> {
  return (indexOf(cluster?.kinds[kind])?.byNamespace.get(namespace) ?? []) as unknown as ReadonlyArray<ProjectionOf<K>>;
}

export function nodeNamed(cluster: ClusterState | undefined, name: string | undefined): NodeView | undefined {
  return name === undefined ? undefined : lookup(cluster, 'Node', undefined, name);
}

/** Pods that hold or wait for a node: not Succeeded or Failed. */
export function isActivePod(p: PodView): boolean {
  return p.phase !== 'Succeeded' && p.phase !== 'Failed';
}
