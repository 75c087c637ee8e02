import type { ClusterSpec, RoutingPolicySpec, ShardSpec, TenantSpec, WorkspaceSpec } from '../schema/specs.ts';
import { LABEL, SYSTEM_NAMESPACE } from './runtimes.ts';
import type { K8sObject } from './serialize.ts';

export interface RoutingInput {
  shards: ReadonlyArray<{ name: string; spec: ShardSpec }>;
  tenants: ReadonlyArray<{ name: string; spec: TenantSpec }>;
  policies: ReadonlyArray<{ name: string; spec: RoutingPolicySpec }>;
}

/** The gantry-system Namespace and the ConfigMap the request router reads (`routing.json`). */
export function systemObjects(input: RoutingInput): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NAMESPACE, labels: { [LABEL.managedBy]: 'gantry' } } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gantry-routing', namespace: SYSTEM_NAMESPACE, labels: { [LABEL.managedBy]: 'gantry' } },
      data: { 'routing.json': routingJson(input) },
    },
  ];
}

/** The shard map as stable JSON: sorted names, fixed key order, a trailing newline. */
export function routingJson({ shards, tenants, policies }: RoutingInput): string {
  const byName = <T extends { name: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.name < b.name ? -1 : 1));
  const doc = {
    shards: Object.fromEntries(
      byName(shards).map(({ name, spec }) => [
        name,
        {
          failoverShard: spec.routing?.failoverShard ?? null,
          priority: spec.routing?.priority ?? 1,
          state: spec.state,
          weight: spec.routing?.weight ?? 100,
          zones: [...spec.zones],
        },
      ]),
    ),
    tenants: Object.fromEntries(
      byName(tenants).map(({ name, spec }) => [
        name,
        { latencyTargetMs: spec.latencyTargetMs, plan: spec.plan, shard: spec.placement.shard },
      ]),
    ),
    policies: Object.fromEntries(
      byName(policies).map(({ name, spec }) => [
        name,
        { healthProbe: spec.healthProbe ?? null, method: spec.method, sessionAffinity: spec.sessionAffinity },
      ]),
    ),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The kustomize Kustomization listing every rendered file of a cluster, by path relative to it. */
export function kustomization(resources: readonly string[]): Record<string, unknown> {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() };
}

/** The object through which a cluster's GitOps controller reports what it applied. */
export interface ControllerRef {
  gitops: 'flux' | 'argocd';
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Where the bootstrap of `cluster` puts its Flux Kustomization or Argo CD Application. */
export function controllerRef(cluster: string, gitops: 'flux' | 'argocd'): ControllerRef {
  return gitops === 'argocd'
    ? { gitops, group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', kind: 'Application', namespace: 'argocd', name: `gantry-${cluster}` }
    : { gitops, group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', kind: 'Kustomization', namespace: 'flux-system', name: `gantry-${cluster}` };
}

const metaOf = (r: ControllerRef) => ({ name: r.name, namespace: r.namespace });

/** What a person applies once per cluster so Flux or Argo CD pulls `rendered/<cluster>`. */
export function bootstrapObjects(cluster: string, c: ClusterSpec, git: NonNullable<WorkspaceSpec['git']>): K8sObject[] {
  const path = `./rendered/${cluster}`;
  if (c.gitops === 'argocd') {
    return [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: metaOf(controllerRef(cluster, 'argocd')),
        spec: {
          project: 'default',
          source: { repoURL: git.url, targetRevision: git.branch, path },
          destination: { server: 'https://kubernetes.default.svc' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      },
    ];
  }
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'gantry', namespace: 'flux-system' },
      spec: { interval: '1m', url: git.url, ref: { branch: git.branch }, ...(git.secretRef ? { secretRef: { name: git.secretRef } } : {}) },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: metaOf(controllerRef(cluster, 'flux')),
      spec: {
        interval: '5m',
        path,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'gantry' },
        timeout: '3m',
      },
    },
  ];
}
