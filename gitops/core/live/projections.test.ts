import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FILES, flux, items, object, type K8s } from './__fixtures__/load.ts';
import { project } from './projections.ts';

/** A file of the upstream fixtures in ../shared/fixtures, found by walking up (as rollout-state.test.ts does). */
function sharedFixture(rel: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'shared/fixtures/flux'))) return readFileSync(path.join(dir, 'shared/fixtures', rel), 'utf8');
    if (path.dirname(dir) === dir) throw new Error('shared/fixtures not found');
  }
}
const argoExample = (name: string) => parse(sharedFixture(`argocd/examples/${name}`)) as K8s;

// Golden: every object captured from the real control plane (see __fixtures__/README.md), projected.
// UPDATE_GOLDEN=1 npx vitest run gitops/core/live rewrites the golden file; review its diff.
const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/projections.golden.json');

describe('slim projections of real objects', () => {
  it('match the golden file, kind by kind', () => {
    const out: Record<string, unknown[]> = {};
    for (const [file, kind] of Object.entries(FILES)) out[kind] = items(file).map((o) => project(kind, o));
    for (const kind of ['Kustomization', 'GitRepository'] as const) {
      out[kind] = ['flux-applied.json', 'flux-build-failed.json', 'flux-source-unreachable.json'].flatMap((f) => flux(f).filter((o) => o.kind === kind).map((o) => project(kind, o)));
    }
    out.Application = [project('Application', argoExample('application-with-status_controller-testdata-diff-cache.yaml'))];
    const text = `${JSON.stringify(out, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, text);
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('are a fraction of the objects\' size (what the host keeps for 50,000 pods)', () => {
    const pods = items('pods.json');
    const whole = JSON.stringify(pods).length;
    const slim = JSON.stringify(pods.map((p) => project('Pod', p))).length;
    expect(slim / whole).toBeLessThan(0.25);
  });

  it('a pod: node, phase, readiness, restarts, the reason it waits, GPUs and owning Deployment', () => {
    expect(project('Pod', object('pods.json', 'llama-76f55446b-fwcth'))).toMatchObject({
      kind: 'Pod', namespace: 'shard-weu-2', node: 'kwok-h100-z2-a', phase: 'Running', ready: false, restarts: 5, gpus: 1, deployment: 'llama',
      waiting: { container: 'server', reason: 'CrashLoopBackOff', message: expect.stringMatching(/^back-off 2m40s restarting failed container=server/) },
      labels: { 'gantry.dev/shard': 'weu-2', 'gantry.dev/model-server': 'llama', 'gantry.dev/model': 'llama-3-8b', 'app.kubernetes.io/managed-by': 'gantry' },
    });
    expect(project('Pod', object('pods.json', 'mistral-57b9584896-rtkdm'))).toMatchObject({ waiting: { reason: 'ImagePullBackOff' }, deployment: 'mistral' });
    const pending = project('Pod', object('pods.json', 'big-84d7478d4c-crmlg'));
    expect(pending).toMatchObject({ phase: 'Pending', ready: false, gpus: 9, deployment: 'big', unschedulable: { reason: 'Unschedulable', message: expect.stringContaining('4 Insufficient nvidia.com/gpu') } });
    expect(pending).not.toHaveProperty('node');
    // Labels Gantry does not read (pod-template-hash) are not kept.
    expect(Object.keys(project('Pod', object('pods.json', 'big-84d7478d4c-crmlg'))!.labels)).toEqual(['gantry.dev/model-server', 'gantry.dev/shard']);
  });

  it('a node: Ready with reason and time, cordon, taints, zone and GPU type labels, GPUs', () => {
    expect(project('Node', object('nodes.json', 'kwok-h100-z2-a'))).toMatchObject({
      ready: { status: 'False', reason: 'KubeletNotReady', since: '2026-12-01T13:10:36Z' },
      cordoned: false, taints: ['node.kubernetes.io/not-ready'], zone: 'westeurope-2', region: 'westeurope', gpuType: 'nvidia-h100', gpuAllocatable: 8, gpuCapacity: 8,
    });
    expect(project('Node', object('nodes.json', 'kwok-h100-z3-b'))).toMatchObject({ ready: { status: 'True', reason: 'KubeletReady' }, cordoned: true, taints: ['node.kubernetes.io/unschedulable'] });
  });

  it('a Deployment, HPA, PDB: replicas and the conditions that explain them', () => {
    expect(project('Deployment', object('deployments.json', 'mistral', 'shard-globex'))).toMatchObject({
      desired: 2, replicas: 2, ready: 1, available: 1, updated: 2, observed: true,
      availableCondition: { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    });
    expect(project('HorizontalPodAutoscaler', object('horizontalpodautoscalers.json', 'llama', 'shard-weu-1'))).toMatchObject({
      target: 'llama', min: 2, max: 8, current: 2, desired: 2, ableToScale: { status: 'True' }, scalingActive: { status: 'False', reason: 'FailedGetPodsMetric' },
    });
    expect(project('PodDisruptionBudget', object('poddisruptionbudgets.json', 'llama', 'shard-weu-1'))).toMatchObject({ currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2 });
  });

  it('events of both shapes: counted core events and the scheduler\'s events.k8s.io ones', () => {
    const evs = items('events.json').map((e) => project('Event', e)!);
    expect(evs.find((e) => e.kind === 'Event' && e.reason === 'GitOperationFailed')).toMatchObject({ type: 'Warning', count: 7, last: '2026-12-01T13:10:58Z', involved: { kind: 'GitRepository', name: 'gantry', namespace: 'flux-system' } });
    const sched = evs.find((e) => e.kind === 'Event' && e.reason === 'FailedScheduling' && e.involved.name === 'big-84d7478d4c-crmlg');
    expect(sched).toMatchObject({ count: 1, last: '2026-12-01T13:09:29.451278Z', involved: { kind: 'Pod' } });
  });

  it('a ResourceQuota: GPUs used against hard, as the quota controller counts them', () => {
    expect(project('ResourceQuota', object('resourcequotas.json', 'gantry-quota', 'tenant-acme'))).toMatchObject({ gpuHard: 4, gpuUsed: 1, labels: { 'gantry.dev/tenant': 'acme' } });
  });

  it('Flux: the revisions a Kustomization applied and attempted, and what source-controller fetched', () => {
    const [k, g] = ['Kustomization', 'GitRepository'].map((kind) => flux('flux-build-failed.json').find((o) => o.kind === kind)!);
    expect(project('Kustomization', k)).toMatchObject({
      lastAppliedRevision: 'main@sha1:692066b49a58c777601fe148f93ffe85c10f5039', lastAttemptedRevision: 'main@sha1:b3d1ac4031439ed3faa502650577f22b9901ad26',
      ready: { status: 'False', reason: 'BuildFailed' }, suspended: false, source: { kind: 'GitRepository', name: 'gantry' },
    });
    expect(project('GitRepository', g)).toMatchObject({ artifactRevision: 'main@sha1:b3d1ac4031439ed3faa502650577f22b9901ad26', ready: { status: 'True' } });
    // Upstream test data has no uid: keyed by namespace/name.
    const text = sharedFixture('flux/examples/flux2_testdata_get_status_objects.yaml.tmpl').replace(/\{\{\s*\.\w+\s*\}\}/g, 'flux-system');
    const failed = parseAllDocuments(text).map((d) => d.toJS()).find((o) => o?.metadata?.name === 'gr-failed');
    expect(project('GitRepository', failed)).toMatchObject({ uid: 'flux-system/gr-failed', ready: { status: 'False', reason: 'GitOperationFailed' } });
  });

  it('Argo CD: sync status and revision, health, the last operation\'s message', () => {
    expect(project('Application', argoExample('application-with-status_controller-testdata-diff-cache.yaml'))).toMatchObject({ syncStatus: 'Synced', syncRevision: 'rev1', healthStatus: 'Healthy', operationPhase: 'Succeeded' });
    // gitops-engine's health test data has only a status: the bootstrap's name is put on it.
    const degraded = { ...argoExample('gitops-engine_health_application-degraded.yaml'), metadata: { name: 'gantry-aks-sdc-prod', namespace: 'argocd' } };
    expect(project('Application', degraded)).toMatchObject({ uid: 'argocd/gantry-aks-sdc-prod', healthStatus: 'Degraded' });
  });

  it('KServe: the InferenceService Ready condition with KServe\'s reason, and the model\'s failure', () => {
    expect(project('InferenceService', object('inferenceservices.json', 'mistral-kserve'))).toMatchObject({
      ready: { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      failure: { reason: 'ModelLoadFailed' },
    });
  });

  it('odd input gives a projection with defaults or none, never an exception', () => {
    expect(project('Pod', null)).toBeUndefined();
    expect(project('Pod', { metadata: {} })).toBeUndefined();
    expect(project('Pod', { metadata: { name: 'p', namespace: 'n' }, status: { containerStatuses: 'x', conditions: [null, 3] }, spec: { containers: [{ resources: { requests: { 'nvidia.com/gpu': 'lots' } } }] } }))
      .toEqual({ kind: 'Pod', uid: 'n/p', name: 'p', namespace: 'n', resourceVersion: '', labels: {}, phase: 'Pending', ready: false, restarts: 0, gpus: 0, deleting: false });
  });
});
