// What the host keeps of a watched object, on objects captured from the real API server (kwok cluster).
import { describe, expect, it } from 'vitest';
import { items } from '../../../gitops/core/live/__fixtures__/load.ts';
import type { KubeObject } from './list-watch.ts';
import { trimObject } from './trim-object.ts';

describe('trimObject (what a watch keeps of an object)', () => {
  it("a pod keeps its containers' names and resources only, no volumes, no managedFields or last-applied annotation", () => {
    const pod = items('pods.json')[0]! as KubeObject;
    const spec = pod.spec as { containers: Array<Record<string, unknown>>; volumes?: unknown; nodeName?: string };
    const containers = spec.containers.map((c) => ({ name: c.name, resources: c.resources }));
    expect(Object.keys(spec.containers[0]!)).toContain('env');
    pod.metadata!.managedFields = [{ manager: 'kubectl-client-side-apply', operation: 'Update' }];
    (pod.metadata!.annotations as Record<string, string>)['kubectl.kubernetes.io/last-applied-configuration'] = '{"kind":"Pod"}';
    const labels = structuredClone(pod.metadata!.labels);
    const nodeName = spec.nodeName;
    const t = trimObject(pod);
    const after = t.spec as typeof spec;
    expect(after.containers).toEqual(containers);
    expect(after.volumes).toBeUndefined();
    expect(t.metadata!.managedFields).toBeUndefined();
    expect(t.metadata!.annotations).not.toHaveProperty('kubectl.kubernetes.io/last-applied-configuration');
    // What projections read stays: labels, node, status.
    expect(t.metadata!.labels).toEqual(labels);
    expect(after.nodeName).toBe(nodeName);
    expect(t.status).toBeDefined();
  });

  it("a node loses its image list but keeps capacity and conditions; a deployment keeps its pod template (drift compares it)", () => {
    const node = items('nodes.json')[0]! as KubeObject;
    (node.status as Record<string, unknown>).images = [{ names: ['nvcr.io/nvidia/tritonserver:25.01-py3'], sizeBytes: 1 }];
    const st = trimObject(node).status as Record<string, unknown>;
    expect(st.images).toBeUndefined();
    expect(st.capacity).toBeDefined();
    expect(st.conditions).toBeDefined();
    const deployment = items('deployments.json')[0]! as KubeObject;
    const template = structuredClone((deployment.spec as { template: unknown }).template);
    expect((trimObject(deployment).spec as { template: unknown }).template).toEqual(template);
  });
});
