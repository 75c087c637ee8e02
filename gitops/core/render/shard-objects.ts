import { nodeZoneLabel, type ZoneCluster } from '../live/zones.ts';
import type { ModelServer, ShardSpec } from '../schema/specs.ts';
import { AUTOSCALING_METRICS, GPU_RESOURCE, LABEL, RUNTIME_IMAGES } from './runtimes.ts';
import type { K8sObject } from './serialize.ts';

/**
 * The shard's Namespace and, per model server, its workload, autoscaler and disruption budget.
 * `cluster` (the shard's Cluster) decides how its zones are written as node labels.
 */
export function shardObjects(name: string, s: ShardSpec, cluster: ZoneCluster): K8sObject[] {
  const ns = `shard-${name}`;
  const out: K8sObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { [LABEL.shard]: name, [LABEL.managedBy]: 'gantry', 'gantry.dev/tenancy': s.tenancy, 'gantry.dev/state': s.state },
      },
    },
  ];
  for (const ms of s.modelServers) {
    if (ms.runtime === 'kserve') out.push(inferenceService(name, ns, s, ms));
    else out.push(deployment(name, ns, s, ms, cluster), hpa(name, ns, ms));
    if (ms.replicas.min >= 2) out.push(pdb(name, ns, ms));
  }
  return out;
}

const tolerations = () => [{ key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' }];

function selectorLabels(shard: string, ms: ModelServer): Record<string, string> {
  return { [LABEL.shard]: shard, [LABEL.modelServer]: ms.name };
}

function podLabels(shard: string, ms: ModelServer): Record<string, string> {
  return { ...selectorLabels(shard, ms), [LABEL.model]: ms.model, 'app.kubernetes.io/name': ms.name, [LABEL.managedBy]: 'gantry' };
}

function placement(s: ShardSpec, cluster: ZoneCluster) {
  return {
    nodeSelector: { [LABEL.gpuType]: s.capacity.gpuType },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL.zone, operator: 'In', values: s.zones.map((z) => nodeZoneLabel(cluster, z)) }] }],
        },
      },
    },
    tolerations: tolerations(),
  };
}

function serverArgs(ms: ModelServer): string[] {
  if (ms.runtime === 'vllm') {
    const args = ['--model', ms.model, '--port', '8000'];
    if (ms.batching) args.push('--max-num-seqs', String(ms.batching.maxBatchSize));
    return args;
  }
  return ['tritonserver', '--model-repository=/models', `--load-model=${ms.model}`, '--model-control-mode=explicit'];
}

function deployment(shard: string, ns: string, s: ShardSpec, ms: ModelServer, cluster: ZoneCluster): K8sObject {
  const gpus = String(ms.gpusPerReplica);
  const env = [{ name: 'GANTRY_MODEL', value: ms.model }];
  if (ms.batching) {
    env.push({ name: 'GANTRY_MAX_BATCH_SIZE', value: String(ms.batching.maxBatchSize) });
    env.push({ name: 'GANTRY_MAX_QUEUE_DELAY_MS', value: String(ms.batching.maxQueueDelayMs) });
  }
  const port = ms.runtime === 'vllm' ? 8000 : 8002;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: ms.name, namespace: ns, labels: podLabels(shard, ms) },
    // replicas is left to the HorizontalPodAutoscaler, so Flux re-applying this file does not undo scaling.
    spec: {
      selector: { matchLabels: selectorLabels(shard, ms) },
      template: {
        metadata: { labels: podLabels(shard, ms), annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port) } },
        spec: {
          ...placement(s, cluster),
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: LABEL.zone,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorLabels(shard, ms) },
            },
          ],
          containers: [
            {
              name: 'server',
              image: RUNTIME_IMAGES[ms.runtime as 'triton' | 'vllm'],
              args: serverArgs(ms),
              env,
              ports: [{ name: 'metrics', containerPort: port }],
              resources: { limits: { [GPU_RESOURCE]: gpus }, requests: { [GPU_RESOURCE]: gpus } },
            },
          ],
        },
      },
    },
  };
}

function hpa(shard: string, ns: string, ms: ModelServer): K8sObject {
  const spec: Record<string, unknown> = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: ms.name },
    minReplicas: Math.max(1, ms.replicas.min),
    maxReplicas: Math.max(1, ms.replicas.max),
  };
  if (ms.autoscaling) {
    spec.metrics = [
      {
        type: 'Pods',
        pods: {
          metric: { name: AUTOSCALING_METRICS[ms.autoscaling.metric] },
          target: { type: 'AverageValue', averageValue: String(ms.autoscaling.target) },
        },
      },
    ];
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: ms.name, namespace: ns, labels: podLabels(shard, ms) },
    spec,
  };
}

function inferenceService(shard: string, ns: string, s: ShardSpec, ms: ModelServer): K8sObject {
  const gpus = String(ms.gpusPerReplica);
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: ms.name, namespace: ns, labels: podLabels(shard, ms) },
    spec: {
      predictor: {
        minReplicas: ms.replicas.min,
        maxReplicas: ms.replicas.max,
        nodeSelector: { [LABEL.gpuType]: s.capacity.gpuType },
        tolerations: tolerations(),
        model: {
          modelFormat: { name: 'huggingface' },
          args: [`--model_name=${ms.model}`, `--model_id=${ms.model}`],
          resources: { limits: { [GPU_RESOURCE]: gpus }, requests: { [GPU_RESOURCE]: gpus } },
        },
      },
    },
  };
}

function pdb(shard: string, ns: string, ms: ModelServer): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: ms.name, namespace: ns, labels: podLabels(shard, ms) },
    spec: { minAvailable: 1, selector: { matchLabels: selectorLabels(shard, ms) } },
  };
}
