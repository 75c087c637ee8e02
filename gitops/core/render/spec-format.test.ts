import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { edit, exampleFiles } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { controllerRef } from './cluster-objects.ts';
import { Renderer, renderWorkspace } from './renderer.ts';
import { canonical, renderedPath, renderFile } from './serialize.ts';

// Each case pins a sentence of SPEC-FORMAT.md "Rendering (rendered/)" beyond what the golden small example shows.

const render = (files: Map<string, string>) => renderWorkspace(WorkspaceModel.fromFiles(files));

function replace(files: Map<string, string>, file: string, from: string, to: string): Map<string, string> {
  const text = files.get(file);
  if (text === undefined || !text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  files.set(file, text.replace(from, to));
  return files;
}

const SHARD = (servers: string, routing = '') => `apiVersion: platform.gantry.dev/v1alpha1
kind: Shard
metadata:
  name: sdc-2
spec:
  cluster: aks-sdc-prod
  region: swedencentral
  zones: ["2"]
  tenancy: shared
  state: draining
  capacity: { gpus: 8, gpuType: nvidia-a100, cpu: "64", memory: 512Gi }
  modelServers:
${servers}${routing}`;

const VLLM_BATCHED = `    - name: qwen
      model: qwen-2-7b
      runtime: vllm
      gpusPerReplica: 2
      replicas: { min: 0, max: 3 }
      batching: { maxBatchSize: 16, maxQueueDelayMs: 7 }
      autoscaling: { metric: latencyMs, target: 250 }
`;
const TRITON_PLAIN = `    - name: phi
      model: phi-3
      runtime: triton
      gpusPerReplica: 1
      replicas: { min: 1, max: 1 }
`;

function withShard(servers: string, routing = ''): Map<string, string> {
  const files = exampleFiles();
  files.set('shards/sdc-2.yaml', SHARD(servers, routing));
  return files;
}

const obj = (out: Map<string, string>, p: string) => {
  const text = out.get(p);
  if (text === undefined) throw new Error(`no ${p} in ${[...out.keys()].filter((k) => k.includes('sdc-2')).join(', ')}`);
  return parse(text);
};

describe('Rendering: for each modelServer with runtime triton or vllm, a Deployment <server> plus a HorizontalPodAutoscaler <server> with replicas min/max', () => {
  // Rendered inside each test (not while collecting), so Stryker sees which test covers what.
  let rendered: Map<string, string> | undefined;
  const out = () => (rendered ??= render(withShard(VLLM_BATCHED + TRITON_PLAIN)));

  it('a vllm Deployment passes the batch size to the server and sets nvidia.com/gpu to gpusPerReplica', () => {
    const dep = obj(out(), 'rendered/aks-sdc-prod/shard-sdc-2/deployment-qwen.yaml');
    const labels = { 'app.kubernetes.io/managed-by': 'gantry', 'app.kubernetes.io/name': 'qwen', 'gantry.dev/model': 'qwen-2-7b', 'gantry.dev/model-server': 'qwen', 'gantry.dev/shard': 'sdc-2' };
    const selector = { matchLabels: { 'gantry.dev/model-server': 'qwen', 'gantry.dev/shard': 'sdc-2' } };
    expect(dep).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { labels, name: 'qwen', namespace: 'shard-sdc-2' },
      spec: {
        selector,
        template: {
          metadata: { annotations: { 'prometheus.io/port': '8000', 'prometheus.io/scrape': 'true' }, labels },
          spec: {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['swedencentral-2'] }] }],
                },
              },
            },
            containers: [
              {
                args: ['--model', 'qwen-2-7b', '--port', '8000', '--max-num-seqs', '16'],
                env: [
                  { name: 'GANTRY_MODEL', value: 'qwen-2-7b' },
                  { name: 'GANTRY_MAX_BATCH_SIZE', value: '16' },
                  { name: 'GANTRY_MAX_QUEUE_DELAY_MS', value: '7' },
                ],
                image: 'vllm/vllm-openai:v0.8.5',
                name: 'server',
                ports: [{ containerPort: 8000, name: 'metrics' }],
                resources: { limits: { 'nvidia.com/gpu': '2' }, requests: { 'nvidia.com/gpu': '2' } },
              },
            ],
            nodeSelector: { 'gantry.dev/gpu-type': 'nvidia-a100' },
            tolerations: [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' }],
            topologySpreadConstraints: [{ labelSelector: selector, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
          },
        },
      },
    });
  });

  it('a triton Deployment without batching only names the model, and serves metrics on 8002', () => {
    const c = obj(out(), 'rendered/aks-sdc-prod/shard-sdc-2/deployment-phi.yaml').spec.template.spec.containers[0];
    expect(c.args).toEqual(['tritonserver', '--model-repository=/models', '--load-model=phi-3', '--model-control-mode=explicit']);
    expect(c.env).toEqual([{ name: 'GANTRY_MODEL', value: 'phi-3' }]);
    expect(c.image).toBe('nvcr.io/nvidia/tritonserver:25.01-py3');
    expect(c.ports).toEqual([{ containerPort: 8002, name: 'metrics' }]);
  });

  it('the HorizontalPodAutoscaler scales the Deployment on the latency metric, at least 1 replica', () => {
    expect(obj(out(), 'rendered/aks-sdc-prod/shard-sdc-2/horizontalpodautoscaler-qwen.yaml').spec).toEqual({
      maxReplicas: 3,
      metrics: [{ pods: { metric: { name: 'gantry_request_latency_ms' }, target: { averageValue: '250', type: 'AverageValue' } }, type: 'Pods' }],
      minReplicas: 1,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'qwen' },
    });
  });

  it('without autoscaling the HorizontalPodAutoscaler has replicas min/max and no metrics', () => {
    expect(obj(out(), 'rendered/aks-sdc-prod/shard-sdc-2/horizontalpodautoscaler-phi.yaml').spec).toEqual({
      maxReplicas: 1,
      minReplicas: 1,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'phi' },
    });
  });

  it('a PodDisruptionBudget <server> with minAvailable: 1 only when replicas.min >= 2', () => {
    expect(out().has('rendered/aks-sdc-prod/shard-sdc-2/poddisruptionbudget-qwen.yaml')).toBe(false);
    expect(out().has('rendered/aks-sdc-prod/shard-sdc-2/poddisruptionbudget-phi.yaml')).toBe(false);
    const two = render(withShard(TRITON_PLAIN.replace('min: 1, max: 1', 'min: 2, max: 2')));
    expect(obj(two, 'rendered/aks-sdc-prod/shard-sdc-2/poddisruptionbudget-phi.yaml').spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { 'gantry.dev/model-server': 'phi', 'gantry.dev/shard': 'sdc-2' } },
    });
  });

  it('Namespace shard-<name> labelled gantry.dev/shard: <name>, with its tenancy and state', () => {
    expect(obj(out(), 'rendered/aks-sdc-prod/_cluster/namespace-shard-sdc-2.yaml').metadata).toEqual({
      labels: { 'app.kubernetes.io/managed-by': 'gantry', 'gantry.dev/shard': 'sdc-2', 'gantry.dev/state': 'draining', 'gantry.dev/tenancy': 'shared' },
      name: 'shard-sdc-2',
    });
  });
});

describe('Rendering: for runtime kserve, a serving.kserve.io/v1beta1 InferenceService <server> instead', () => {
  it('holds the replicas, the GPU type, the GPUs and the model', () => {
    const out = render(withShard(`    - name: kx
      model: m-1
      runtime: kserve
      gpusPerReplica: 3
      replicas: { min: 0, max: 5 }
`));
    expect(obj(out, 'rendered/aks-sdc-prod/shard-sdc-2/inferenceservice-kx.yaml').spec).toEqual({
      predictor: {
        maxReplicas: 5,
        minReplicas: 0,
        model: {
          args: ['--model_name=m-1', '--model_id=m-1'],
          modelFormat: { name: 'huggingface' },
          resources: { limits: { 'nvidia.com/gpu': '3' }, requests: { 'nvidia.com/gpu': '3' } },
        },
        nodeSelector: { 'gantry.dev/gpu-type': 'nvidia-a100' },
        tolerations: [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' }],
      },
    });
    expect([...out.keys()].filter((p) => p.startsWith('rendered/aks-sdc-prod/shard-sdc-2/'))).toEqual(['rendered/aks-sdc-prod/shard-sdc-2/inferenceservice-kx.yaml']);
  });
});

// Addition (issue 11, docs/live-monitoring.md): zones are written as the provider labels its nodes.
describe('Rendering: the node affinity names zones as the Cluster\'s provider labels its nodes (topology.kubernetes.io/zone)', () => {
  const zonesOf = (out: Map<string, string>) =>
    obj(out, 'rendered/aks-sdc-prod/shard-sdc-2/deployment-phi.yaml').spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
      .nodeSelectorTerms[0].matchExpressions[0].values;
  const onProvider = (provider: string, extra = '') =>
    replace(withShard(TRITON_PLAIN), 'clusters/aks-sdc-prod.yaml', 'provider: aks ', `provider: ${provider}${extra} `);

  it('AKS: <region>-<zone>, the form AKS gives its nodes (swedencentral-2), while routing.json keeps the spec\'s zone', () => {
    const out = render(replace(withShard(TRITON_PLAIN), 'shards/sdc-2.yaml', 'zones: ["2"]', 'zones: ["2", "swedencentral-3"]'));
    expect(zonesOf(out)).toEqual(['swedencentral-2', 'swedencentral-3']);
    expect(JSON.parse(obj(out, 'rendered/aks-sdc-prod/gantry-system/configmap-gantry-routing.yaml').data['routing.json']).shards['sdc-2'].zones).toEqual(['2', 'swedencentral-3']);
  });

  it('EKS, GKE and on-prem: the zones as written', () => {
    for (const provider of ['eks', 'gke', 'onprem']) expect(zonesOf(render(onProvider(provider))), provider).toEqual(['2']);
  });

  it('a Cluster\'s zoneLabels map wins over the provider\'s form, zone by zone', () => {
    const files = onProvider('eks', '\n  zoneLabels: { "2": eu-north-1b }\n ');
    expect(zonesOf(render(files))).toEqual(['eu-north-1b']);
    const aks = replace(withShard(TRITON_PLAIN), 'clusters/aks-sdc-prod.yaml', 'provider: aks ', 'zoneLabels: { "1": sdc-a }\n  provider: aks ');
    expect(zonesOf(render(replace(aks, 'shards/sdc-2.yaml', 'zones: ["2"]', 'zones: ["1", "2"]')))).toEqual(['sdc-a', 'swedencentral-2']);
  });
});

describe('Rendering: routing.json holds for each shard its state, weight, priority, failoverShard and zones, and the RoutingPolicy settings', () => {
  const routing = (out: Map<string, string>, cluster: string) => JSON.parse(obj(out, `rendered/${cluster}/gantry-system/configmap-gantry-routing.yaml`).data['routing.json']);

  it('a shard without routing gets weight 100, priority 1 and no failoverShard', () => {
    expect(routing(render(withShard(TRITON_PLAIN)), 'aks-sdc-prod').shards['sdc-2']).toEqual({ failoverShard: null, priority: 1, state: 'draining', weight: 100, zones: ['2'] });
  });

  it('a shard with routing keeps its weight, priority and failoverShard', () => {
    const out = render(withShard(TRITON_PLAIN, '  routing: { weight: 30, priority: 4, failoverShard: sdc-1 }\n'));
    expect(routing(out, 'aks-sdc-prod').shards['sdc-2']).toEqual({ failoverShard: 'sdc-1', priority: 4, state: 'draining', weight: 30, zones: ['2'] });
    expect(Object.keys(routing(out, 'aks-sdc-prod').shards)).toEqual(['sdc-1', 'sdc-2']);
  });

  it('a policy without healthProbe has healthProbe null and sessionAffinity false by default', () => {
    const files = exampleFiles();
    replace(files, 'routing/default.yaml', '  sessionAffinity: true    # a conversation stays on its shard\n  healthProbe: { path: /health, intervalSeconds: 10 }\n', '');
    files.set('routing/backup.yaml', files.get('routing/default.yaml')!.replace('name: default', 'name: backup').replace('method: performance', 'method: weighted'));
    const r = routing(render(files), 'aks-weu-prod');
    expect(r.policies).toEqual({ backup: { healthProbe: null, method: 'weighted', sessionAffinity: false }, default: { healthProbe: null, method: 'performance', sessionAffinity: false } });
    expect(Object.keys(r.policies)).toEqual(['backup', 'default']);
  });

  it('the shards and tenants are listed by name, whatever the order of the files', () => {
    const r = routing(render(exampleFiles()), 'aks-weu-prod');
    expect(Object.keys(r.shards)).toEqual(['globex', 'weu-1', 'weu-2']);
    const names = Object.keys(r.tenants);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(10);
  });

  it('a shard whose spec has errors is left out of routing.json', () => {
    const files = withShard(TRITON_PLAIN.replace('runtime: triton', 'runtime: onnx'));
    expect(Object.keys(routing(render(files), 'aks-sdc-prod').shards)).toEqual(['sdc-1']);
  });
});

describe('Rendering: one object per file at rendered/<cluster>/<namespace>/<kind-lowercase>-<name>.yaml (cluster-scoped objects under _cluster/)', () => {
  it('builds the path from namespace, lowercased kind and name', () => {
    expect(renderedPath('c1', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns' } })).toBe('rendered/c1/ns/configmap-x.yaml');
    expect(renderedPath('c1', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } })).toBe('rendered/c1/_cluster/namespace-x.yaml');
  });

  it('a shard of a cluster that does not exist renders nothing and no tenant of it either', () => {
    const files = withShard(TRITON_PLAIN);
    replace(files, 'shards/sdc-2.yaml', 'cluster: aks-sdc-prod', 'cluster: aks-nowhere');
    files.set('tenants/lost.yaml', files.get('tenants/wonka.yaml')!.replace('name: wonka', 'name: lost').replace('shard: sdc-1', 'shard: sdc-2'));
    const out = render(files);
    expect([...out.keys()].filter((p) => p.includes('sdc-2') || p.includes('lost') || p.includes('aks-nowhere'))).toEqual([]);
    expect([...out.keys()]).toEqual([...render(exampleFiles()).keys()]);
  });

  it('a tenant on a shard that does not exist renders nothing', () => {
    const files = exampleFiles();
    files.set('tenants/lost.yaml', files.get('tenants/wonka.yaml')!.replace('name: wonka', 'name: lost').replace('shard: sdc-1', 'shard: sdc-9'));
    expect([...render(files).keys()]).toEqual([...render(exampleFiles()).keys()]);
  });
});

describe('Rendering: a header comment # Generated by gantry from <spec file>. Do not edit.', () => {
  it('names the spec file, also for several objects in one file', () => {
    expect(renderFile('clusters/x.yaml', [{ b: 1, a: 2 }, { c: 3 }])).toBe('# Generated by gantry from clusters/x.yaml. Do not edit.\na: 2\nb: 1\n---\nc: 3\n');
  });

  it('names the cluster file in a subfolder for the kustomization and routing map', () => {
    const files = exampleFiles();
    files.set('clusters/eu/aks-weu-prod.yaml', files.get('clusters/aks-weu-prod.yaml')!);
    files.delete('clusters/aks-weu-prod.yaml');
    const out = render(files);
    expect(out.get('rendered/aks-weu-prod/kustomization.yaml')!.split('\n')[0]).toBe('# Generated by gantry from clusters/eu/aks-weu-prod.yaml. Do not edit.');
    expect(out.get('rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml')!.split('\n')[0]).toBe('# Generated by gantry from clusters/eu/aks-weu-prod.yaml. Do not edit.');
  });
});

describe('Rendering: sorted keys where order is free', () => {
  it('puts apiVersion, kind, metadata first at the top and sorts every other map', () => {
    const c = canonical({ z: 1, metadata: { name: 'n', labels: { b: 1, a: 2 } }, kind: 'K', apiVersion: 'v1', spec: { metadata: 1, kind: 2, apiVersion: 3, a: [{ kind: 1, b: 2, apiVersion: 0 }] }, gone: undefined });
    expect(JSON.stringify(c)).toBe('{"apiVersion":"v1","kind":"K","metadata":{"labels":{"a":2,"b":1},"name":"n"},"spec":{"a":[{"apiVersion":0,"b":2,"kind":1}],"apiVersion":3,"kind":2,"metadata":1},"z":1}');
    expect(JSON.stringify(canonical([{ kind: 'x', a: 1 }]))).toBe('[{"a":1,"kind":"x"}]');
    expect(canonical(null)).toBeNull();
    expect(canonical('s')).toBe('s');
  });

  it('an object without kind keeps the keys it has in order', () => {
    expect(JSON.stringify(canonical({ metadata: {}, b: 1, apiVersion: 'v' }))).toBe('{"apiVersion":"v","metadata":{},"b":1}');
  });
});

describe('Rendering: rendered/_bootstrap/<cluster>.yaml, repository URL and branch from the Workspace', () => {
  it('has no bootstrap files when the Workspace has no spec.git', () => {
    const files = edit(exampleFiles(), 'gantry.yaml', [{ op: 'delete', path: 'spec.git' }]);
    const out = render(files);
    expect([...out.keys()].filter((p) => p.startsWith('rendered/_bootstrap/'))).toEqual([]);
    expect(out.has('rendered/aks-weu-prod/kustomization.yaml')).toBe(true);
  });

  it('the Flux GitRepository pulls the branch every minute; the Kustomization prunes ./rendered/<cluster> from it', () => {
    const files = edit(exampleFiles(), 'gantry.yaml', [{ op: 'set', path: 'spec.git', value: { url: 'ssh://git@example.com/p.git', branch: 'release' } }]);
    const [repo, kust] = parseAllDocuments(render(files).get('rendered/_bootstrap/aks-eus-prod.yaml')!).map((d) => d.toJS());
    expect(repo).toEqual({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'gantry', namespace: 'flux-system' }, spec: { interval: '1m', ref: { branch: 'release' }, url: 'ssh://git@example.com/p.git' } });
    expect(kust).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'gantry-aks-eus-prod', namespace: 'flux-system' },
      spec: { interval: '5m', path: './rendered/aks-eus-prod', prune: true, sourceRef: { kind: 'GitRepository', name: 'gantry' }, timeout: '3m' },
    });
  });

  it('the Argo CD Application syncs ./rendered/<cluster> from the branch, pruning', () => {
    const files = edit(exampleFiles(), 'gantry.yaml', [{ op: 'set', path: 'spec.git', value: { url: 'ssh://git@example.com/p.git', branch: 'release' } }]);
    expect(parse(render(files).get('rendered/_bootstrap/aks-sdc-prod.yaml')!)).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'gantry-aks-sdc-prod', namespace: 'argocd' },
      spec: {
        destination: { server: 'https://kubernetes.default.svc' },
        project: 'default',
        source: { path: './rendered/aks-sdc-prod', repoURL: 'ssh://git@example.com/p.git', targetRevision: 'release' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
  });
});

describe('controllerRef: the object the bootstrap creates, which the rollout monitor reads', () => {
  it('is the Flux Kustomization or the Argo CD Application gantry-<cluster>', () => {
    expect(controllerRef('c1', 'flux')).toEqual({ gitops: 'flux', group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', kind: 'Kustomization', namespace: 'flux-system', name: 'gantry-c1' });
    expect(controllerRef('c1', 'argocd')).toEqual({ gitops: 'argocd', group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', kind: 'Application', namespace: 'argocd', name: 'gantry-c1' });
  });
});

describe('Renderer.rerenderTenant', () => {
  function setup() {
    const files = exampleFiles();
    const model = WorkspaceModel.fromFiles(files);
    const renderer = new Renderer(model);
    renderer.renderAll();
    return { files, model, renderer };
  }

  it('changes nothing when the tenant did not change', () => {
    const { renderer } = setup();
    const before = [...renderer.current()].sort();
    expect([...renderer.rerenderTenant('acme')]).toEqual([]);
    expect([...renderer.current()].sort()).toEqual(before);
  });

  it('removes the files of a deleted tenant and updates its routing map and kustomization', () => {
    const { files, model, renderer } = setup();
    files.delete('tenants/wonka.yaml');
    model.deleteFile('tenants/wonka.yaml');
    const changed = renderer.rerenderTenant('wonka');
    expect([...changed.keys()].sort()).toEqual([
      'rendered/aks-sdc-prod/_cluster/namespace-tenant-wonka.yaml',
      'rendered/aks-sdc-prod/gantry-system/configmap-gantry-routing.yaml',
      'rendered/aks-sdc-prod/kustomization.yaml',
      'rendered/aks-sdc-prod/tenant-wonka/networkpolicy-gantry-isolation.yaml',
      'rendered/aks-sdc-prod/tenant-wonka/resourcequota-gantry-quota.yaml',
    ]);
    expect(changed.get('rendered/aks-sdc-prod/tenant-wonka/resourcequota-gantry-quota.yaml')).toBeNull();
    expect(changed.get('rendered/aks-sdc-prod/kustomization.yaml')).not.toContain('wonka');
    expect([...renderer.current()].sort()).toEqual([...render(files)].sort());
  });

  it('adds the files of a new tenant, and leaves other tenants with a similar name alone', () => {
    const { files, model, renderer } = setup();
    const text = files.get('tenants/wonka.yaml')!.replace('name: wonka', 'name: won');
    files.set('tenants/won.yaml', text);
    model.setFile('tenants/won.yaml', text);
    const changed = renderer.rerenderTenant('won');
    expect([...changed.keys()].sort()).toEqual([
      'rendered/aks-sdc-prod/_cluster/namespace-tenant-won.yaml',
      'rendered/aks-sdc-prod/gantry-system/configmap-gantry-routing.yaml',
      'rendered/aks-sdc-prod/kustomization.yaml',
      'rendered/aks-sdc-prod/tenant-won/networkpolicy-gantry-isolation.yaml',
      'rendered/aks-sdc-prod/tenant-won/resourcequota-gantry-quota.yaml',
    ]);
    expect([...changed.values()].every((c) => typeof c === 'string')).toBe(true);
    expect([...renderer.current()].sort()).toEqual([...render(files)].sort());
  });

  it('a tenant whose spec became invalid loses its files', () => {
    const { files, model, renderer } = setup();
    replace(files, 'tenants/wonka.yaml', 'plan: free', 'plan: gold');
    model.setFile('tenants/wonka.yaml', files.get('tenants/wonka.yaml')!);
    const changed = renderer.rerenderTenant('wonka');
    expect(changed.get('rendered/aks-sdc-prod/_cluster/namespace-tenant-wonka.yaml')).toBeNull();
    expect([...renderer.current()].sort()).toEqual([...render(files)].sort());
  });

  it('a tenant edit that changes only its quota rewrites only its quota file', () => {
    const { files, model, renderer } = setup();
    replace(files, 'tenants/wonka.yaml', 'cpu: "2"', 'cpu: "4"');
    model.setFile('tenants/wonka.yaml', files.get('tenants/wonka.yaml')!);
    const changed = renderer.rerenderTenant('wonka');
    expect([...changed.keys()]).toEqual(['rendered/aks-sdc-prod/tenant-wonka/resourcequota-gantry-quota.yaml']);
    expect(changed.get('rendered/aks-sdc-prod/tenant-wonka/resourcequota-gantry-quota.yaml')).toContain('requests.cpu: "4"');
  });
});
