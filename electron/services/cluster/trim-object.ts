// What the host keeps of a watched object: trimObject drops, as a list page or watch event arrives,
// the parts no projection, health rule or drift check reads. Pure (it edits the object in place).
import type { KubeObject } from './list-watch.ts';

/**
 * What no projection, health rule or drift check reads, dropped as a list page or watch event
 * arrives: managedFields and the last-applied annotation (often half an object), a node's image
 * list, and of a pod's containers everything but name and resources (env, volume mounts, probes).
 * Deployments keep their pod template: drift compares the fields Gantry renders there.
 */
export function trimObject(o: KubeObject): KubeObject {
  const md = o.metadata;
  if (md) {
    delete md.managedFields;
    const ann = md.annotations as Record<string, unknown> | undefined;
    if (ann) delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  }
  if (o.kind === 'Node' || (o.status && typeof o.status === 'object' && 'nodeInfo' in (o.status as object))) {
    const st = o.status as Record<string, unknown> | undefined;
    if (st) delete st.images;
  }
  const spec = o.spec as Record<string, unknown> | undefined;
  // A pod (list items carry no kind): containers right under spec, no pod template.
  if (spec && Array.isArray(spec.containers) && !('template' in spec)) {
    for (const key of ['containers', 'initContainers'] as const) {
      const list = spec[key];
      if (Array.isArray(list)) spec[key] = list.map((c: Record<string, unknown>) => ({ name: c.name, ...(c.resources ? { resources: c.resources } : {}) }));
    }
    delete spec.volumes;
  }
  return o;
}
