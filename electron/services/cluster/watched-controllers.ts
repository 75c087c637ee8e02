// The Flux Kustomizations and Argo CD Applications of each connected cluster, kept whole as their
// watches deliver them (they are few, and the rollout follower reads their status in full), so that
// a followed rollout answers from the watch instead of a GET every 2 s.
import type { ControllerRef } from '../../../gitops/core/render/cluster-objects.ts';
import type { KubeObject, WatchEventType } from './list-watch.ts';
import type { ResourceId } from './resources.ts';

export type ControllerResource = Extract<ResourceId, 'Kustomization' | 'Application'>;

/** The resources kept whole here (every other watched kind becomes its slim projection). */
export const isControllerResource = (resource: ResourceId): resource is ControllerResource => resource === 'Kustomization' || resource === 'Application';

/** The watched resource of a controller reference's plural (undefined: not one kept here). */
export function controllerResourceOf(ref: ControllerRef): ControllerResource | undefined {
  return ref.plural === 'kustomizations' ? 'Kustomization' : ref.plural === 'applications' ? 'Application' : undefined;
}

const keyOf = (resource: ControllerResource, namespace: string, name: string) => `${resource}/${namespace}/${name}`;

/** Per cluster, its controller objects by resource, namespace and name. */
export class WatchedControllers {
  private readonly byCluster = new Map<string, Map<string, KubeObject>>();

  /** A watch event of `cluster`'s `resource`: the object kept, or dropped when deleted. */
  event(cluster: string, resource: ControllerResource, type: WatchEventType, obj: KubeObject): void {
    let m = this.byCluster.get(cluster);
    if (!m) this.byCluster.set(cluster, (m = new Map()));
    const key = keyOf(resource, obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
    if (type === 'DELETED') m.delete(key);
    else m.set(key, obj);
  }

  /** A relist of `cluster`'s `resource`: exactly the listed objects are kept of it. */
  relisted(cluster: string, resource: ControllerResource, items: readonly KubeObject[]): void {
    this.byCluster.get(cluster)?.forEach((_, k, m) => k.startsWith(`${resource}/`) && m.delete(k));
    for (const o of items) this.event(cluster, resource, 'ADDED', o);
  }

  get(cluster: string, resource: ControllerResource, namespace: string, name: string): KubeObject | undefined {
    return this.byCluster.get(cluster)?.get(keyOf(resource, namespace, name));
  }

  /** The cluster disconnected: nothing of it is kept. */
  drop(cluster: string): void {
    this.byCluster.delete(cluster);
  }
}
