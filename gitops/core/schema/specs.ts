import { z } from 'zod';
import { azureTarget, azureWorkspace } from './azure.ts';
import { dnsName, gpuType, quantity, refName, region } from './common.ts';

/** `gantry.yaml`: workspace defaults. */
export const workspaceSpec = z.strictObject({
  defaultRegion: region.optional(),
  thresholds: z
    .strictObject({
      poolPercent: z.number().min(1).max(100).default(70),
      shardPercent: z.number().min(1).max(100).default(85),
    })
    .default({ poolPercent: 70, shardPercent: 85 }),
  git: z
    .strictObject({
      url: z.string().regex(/^(https?|ssh):\/\//, { message: 'must be an http(s):// or ssh:// URL' }),
      branch: z.string().min(1).default('main'),
      /** Flux only: a Secret in flux-system with the credentials of a private repository. */
      secretRef: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'must be the name of a Secret in flux-system' }).optional(),
    })
    .optional(),
  azure: azureWorkspace.optional(),
});

export const tenantSpec = z
  .strictObject({
    displayName: z.string().min(1),
    tier: z.enum(['shared', 'dedicated']),
    plan: z.enum(['free', 'standard', 'premium']),
    region,
    latencyTargetMs: z.number().int().min(1).max(60000),
    models: z.array(z.string().min(1)).default([]),
    quotas: z
      .strictObject({
        gpus: z.number().int().min(0),
        gpuType: gpuType.optional(),
        cpu: quantity,
        memory: quantity,
        tokensPerMinute: z.number().int().min(0).optional(),
      })
      .superRefine((q, ctx) => {
        if (q.gpus > 0 && q.gpuType === undefined) {
          ctx.addIssue({ code: 'custom', path: ['gpuType'], message: 'is required when gpus is more than 0' });
        }
      }),
    placement: z.strictObject({ shard: refName }),
    pools: z.record(dnsName, refName).optional(),
    azure: azureTarget.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.tier === 'dedicated' && t.pools !== undefined && Object.keys(t.pools).length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['pools'],
        message: 'is for tier shared only; a dedicated tenant gets its own stack',
      });
    }
  });

const modelServer = z.strictObject({
  name: dnsName,
  model: z.string().min(1),
  runtime: z.enum(['triton', 'vllm', 'kserve']),
  gpusPerReplica: z.number().int().min(0),
  replicas: z
    .strictObject({ min: z.number().int().min(0), max: z.number().int().min(1) })
    .refine((r) => r.min <= r.max, { message: 'min must not be more than max', path: ['min'] }),
  batching: z
    .strictObject({ maxBatchSize: z.number().int().min(1), maxQueueDelayMs: z.number().min(0) })
    .optional(),
  autoscaling: z
    .strictObject({ metric: z.enum(['queueDepth', 'latencyMs', 'gpuUtilization']), target: z.number().positive() })
    .optional(),
});

export const shardSpec = z
  .strictObject({
    cluster: refName,
    region,
    zones: z.array(z.string().min(1)).min(1),
    tenancy: z.enum(['shared', 'dedicated']),
    owner: refName.optional(),
    state: z.enum(['active', 'draining', 'cordoned']).default('active'),
    capacity: z.strictObject({ gpus: z.number().int().min(0), gpuType, cpu: quantity, memory: quantity }),
    modelServers: z.array(modelServer).default([]),
    routing: z
      .strictObject({
        weight: z.number().int().min(0).max(1000).default(100),
        priority: z.number().int().min(0).default(1),
        failoverShard: refName.optional(),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.tenancy === 'dedicated' && s.owner === undefined) {
      ctx.addIssue({ code: 'custom', path: ['owner'], message: 'is required when tenancy is dedicated' });
    }
    const seen = new Set<string>();
    s.modelServers.forEach((m, i) => {
      if (seen.has(m.name)) {
        ctx.addIssue({ code: 'custom', path: ['modelServers', i, 'name'], message: `"${m.name}" is used twice` });
      }
      seen.add(m.name);
    });
  });

export const resourcePoolSpec = z.strictObject({
  type: dnsName,
  provider: z.string().min(1),
  region,
  limit: z.number().int().min(1),
  createdAt: z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, {
    message: 'must be a date such as "2026-01-10"',
  }),
  azureResourceId: z
    .string()
    .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+/i, {
      message: 'must be an Azure resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/...)',
    })
    .optional(),
});

export const clusterSpec = z.strictObject({
  region,
  provider: z.enum(['aks', 'eks', 'gke', 'onprem']),
  gitops: z.enum(['flux', 'argocd']),
  /** Addition: the Entra tenant and subscription for Azure work on this cluster's tenants (see azure.ts). */
  azure: azureTarget.omit({ resourceGroup: true }).optional(),
  kubeContext: z.string().min(1).optional(),
  /**
   * Addition to SPEC-FORMAT: the Prometheus HTTP API that the metrics screens read for this cluster
   * (model-server and DCGM metrics), e.g. http://prometheus.monitoring.example.com:9090.
   */
  prometheusUrl: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, { message: 'must be an http(s):// URL of a Prometheus, such as http://127.0.0.1:9090' })
    .optional(),
  /**
   * Addition to SPEC-FORMAT: the node label value (`topology.kubernetes.io/zone`) of each zone a
   * Shard names, where the provider's default form does not fit (see gitops/core/live/zones.ts).
   */
  zoneLabels: z
    .record(
      z.string().min(1),
      z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, { message: 'must be a Kubernetes label value such as us-east-1a' }),
    )
    .optional(),
});

export const routingPolicySpec = z.strictObject({
  method: z.enum(['performance', 'priority', 'weighted', 'geographic']),
  sessionAffinity: z.boolean().default(false),
  healthProbe: z
    .strictObject({
      path: z.string().startsWith('/'),
      intervalSeconds: z.number().int().min(1),
    })
    .optional(),
});

export type WorkspaceSpec = z.output<typeof workspaceSpec>;
export type TenantSpec = z.output<typeof tenantSpec>;
export type ShardSpec = z.output<typeof shardSpec>;
export type ModelServer = ShardSpec['modelServers'][number];
export type ResourcePoolSpec = z.output<typeof resourcePoolSpec>;
export type ClusterSpec = z.output<typeof clusterSpec>;
export type RoutingPolicySpec = z.output<typeof routingPolicySpec>;

export interface SpecOf {
  Workspace: WorkspaceSpec;
  Tenant: TenantSpec;
  Shard: ShardSpec;
  ResourcePool: ResourcePoolSpec;
  Cluster: ClusterSpec;
  RoutingPolicy: RoutingPolicySpec;
}

export const SPEC_SCHEMAS = {
  Workspace: workspaceSpec,
  Tenant: tenantSpec,
  Shard: shardSpec,
  ResourcePool: resourcePoolSpec,
  Cluster: clusterSpec,
  RoutingPolicy: routingPolicySpec,
} as const;
