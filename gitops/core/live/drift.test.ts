import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { smallExample } from '../examples/small.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { capturedState, type K8s } from './__fixtures__/load.ts';
import { clusterDrift, parseRendered, renderedObjectsOf } from './drift.ts';
import { applyWatchEvent, itemsOfKind } from './watch-state.ts';

const C = 'aks-weu-prod';
const renderOf = (files = smallExample()) => renderedObjectsOf(renderWorkspace(WorkspaceModel.fromFiles(files)), C);

describe('parseRendered', () => {
  it('reads every rendered file as yaml does, the routing ConfigMap (a block scalar, yaml itself) included', () => {
    const rendered = renderWorkspace(WorkspaceModel.fromFiles(smallExample()));
    expect([...rendered.keys()].some((p) => p.endsWith('/configmap-gantry-routing.yaml'))).toBe(true);
    // The files drift reads: one object each under rendered/<cluster>/ (the bootstrap files hold several documents).
    for (const [file, text] of rendered) if (!file.startsWith('rendered/_bootstrap/')) expect(parseRendered(text), file).toEqual(parse(text));
  });
});

describe('drift: rendered objects against the cluster, in the fields Gantry renders', () => {
  it('none on the cluster the render was applied to, though the API server added defaults, status and replicas', () => {
    const d = clusterDrift(renderOf(), capturedState().clusters[C]);
    expect(d).toEqual({ missing: [], changed: [], checked: 25, unchecked: ['ConfigMap', 'Namespace', 'NetworkPolicy'], unknown: [] });
  });

  it('a hand edit (kubectl set image, a quota raised) shows the field, the rendered and the live value', () => {
    const state = capturedState(C, (file, list: K8s[]) => {
      for (const o of list) {
        if (file === 'deployments.json' && o.metadata.namespace === 'shard-weu-1' && o.metadata.name === 'llama') {
          ((o.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!).image = 'nvcr.io/nvidia/tritonserver:25.02-py3';
        }
        if (file === 'resourcequotas.json' && o.metadata.namespace === 'tenant-acme') (o.spec as { hard: Record<string, string> }).hard['requests.nvidia.com/gpu'] = '6';
      }
      return list;
    });
    expect(clusterDrift(renderOf(), state.clusters[C]).changed).toEqual([
      { kind: 'Deployment', namespace: 'shard-weu-1', name: 'llama', fields: [{ field: 'spec.template.spec.containers[server].image', rendered: 'nvcr.io/nvidia/tritonserver:25.01-py3', live: 'nvcr.io/nvidia/tritonserver:25.02-py3' }] },
      { kind: 'ResourceQuota', namespace: 'tenant-acme', name: 'gantry-quota', fields: [{ field: 'spec.hard.requests.nvidia.com/gpu', rendered: '4', live: '6' }] },
    ]);
  });

  it('an object deleted by hand is missing', () => {
    const base = capturedState();
    const hpa = itemsOfKind(base.clusters[C], 'HorizontalPodAutoscaler').find((h) => h.namespace === 'shard-weu-2')!;
    const state = applyWatchEvent(base, { cluster: C, kind: 'HorizontalPodAutoscaler', type: 'DELETED', object: { metadata: { uid: hpa.uid, name: hpa.name, namespace: hpa.namespace } } }).state;
    expect(clusterDrift(renderOf(), state.clusters[C]).missing).toEqual([{ kind: 'HorizontalPodAutoscaler', namespace: 'shard-weu-2', name: 'llama' }]);
  });

  it('a spec change not yet applied (zone labels) differs in the zones of the node affinity', () => {
    const files = smallExample();
    files.set('clusters/aks-weu-prod.yaml', files.get('clusters/aks-weu-prod.yaml')!.replace('  gitops:', '  zoneLabels: { "3": weu-az3 }\n  gitops:'));
    const changed = clusterDrift(renderOf(files), capturedState().clusters[C]).changed;
    expect(changed).toHaveLength(5);
    expect(changed[0]!.fields).toEqual([{ field: 'spec.template.spec.affinity.zones', rendered: 'westeurope-1,westeurope-2,weu-az3', live: 'westeurope-1,westeurope-2,westeurope-3' }]);
  });

  it('kinds whose watch is not live (forbidden) are not reported missing, but named', () => {
    const state = applyWatchEvent(capturedState(), { cluster: C, kind: 'ResourceQuota', type: 'ERROR', status: { code: 403, reason: 'Forbidden', message: 'forbidden' } }).state;
    const d = clusterDrift(renderOf(), state.clusters[C]);
    expect(d).toMatchObject({ missing: [], unknown: ['ResourceQuota'], checked: 15 });
  });
});
