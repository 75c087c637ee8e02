import type { TenantSpec } from '../schema/specs.ts';
import { GPU_RESOURCE, LABEL, SYSTEM_NAMESPACE } from './runtimes.ts';
import type { K8sObject } from './serialize.ts';

/** Namespace, ResourceQuota and NetworkPolicy of one tenant, as SPEC-FORMAT.md names them. */
export function tenantObjects(name: string, t: TenantSpec): K8sObject[] {
  const ns = `tenant-${name}`;
  const labels = {
    [LABEL.tenant]: name,
    [LABEL.tier]: t.tier,
    [LABEL.shard]: t.placement.shard,
    [LABEL.plan]: t.plan,
    [LABEL.managedBy]: 'gantry',
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels, annotations: { 'gantry.dev/display-name': t.displayName, 'gantry.dev/region': t.region } },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'gantry-quota', namespace: ns, labels: { [LABEL.tenant]: name, [LABEL.managedBy]: 'gantry' } },
      spec: {
        hard: {
          [`requests.${GPU_RESOURCE}`]: String(t.quotas.gpus),
          'requests.cpu': t.quotas.cpu,
          'requests.memory': t.quotas.memory,
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'gantry-isolation', namespace: ns, labels: { [LABEL.tenant]: name, [LABEL.managedBy]: 'gantry' } },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              // Pods of the tenant's own namespace, and the platform's router in gantry-system.
              { podSelector: {} },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': SYSTEM_NAMESPACE } } },
            ],
          },
        ],
      },
    },
  ];
}
