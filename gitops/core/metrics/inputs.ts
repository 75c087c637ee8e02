import type { WorkspaceModel } from '../model/workspace-model.ts';
import type { BoardShardSpec } from './board.ts';
import type { TenantInput } from './sla.ts';

/** What the metrics screens take from the specs: clusters with their Prometheus, shards with their servers, tenants with their targets. */
export interface ModelMetricsInput {
  /** `kubeContext`: the kubeconfig context to reach the in-cluster Prometheus through when there is no prometheusUrl (default: the cluster's name). */
  clusters: Array<{ name: string; prometheusUrl?: string; kubeContext?: string }>;
  shards: BoardShardSpec[];
  tenants: TenantInput[];
}

export function metricsInputs(model: WorkspaceModel): ModelMetricsInput {
  return {
    clusters: model.objects('Cluster').map((c) => ({ name: c.name, ...(c.spec.prometheusUrl ? { prometheusUrl: c.spec.prometheusUrl } : {}), ...(c.spec.kubeContext ? { kubeContext: c.spec.kubeContext } : {}) })),
    shards: model.objects('Shard').map((s) => ({
      name: s.name,
      cluster: s.spec.cluster,
      region: s.spec.region,
      state: s.spec.state,
      zones: [...s.spec.zones],
      gpus: s.spec.capacity.gpus,
      servers: s.spec.modelServers.map((m) => ({
        name: m.name,
        runtime: m.runtime,
        model: m.model,
        maxReplicas: m.replicas.max,
        ...(m.batching ? { maxBatch: m.batching.maxBatchSize } : {}),
        ...(m.autoscaling ? { autoscaling: { metric: m.autoscaling.metric, target: m.autoscaling.target } } : {}),
      })),
    })),
    tenants: model.objects('Tenant').map((t) => ({
      name: t.name,
      displayName: t.spec.displayName,
      plan: t.spec.plan,
      latencyTargetMs: t.spec.latencyTargetMs,
      shard: t.spec.placement.shard,
      models: [...t.spec.models],
    })),
  };
}
