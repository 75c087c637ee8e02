import type { WorkspaceModel } from '../model/workspace-model.ts';

/** Where a dedicated tenant's stack lives in Azure, and which sign-in serves it. */
export interface AzureTargetOf {
  tenant: string;
  resourceGroup: string;
  subscriptionId: string | undefined;
  /** The Entra tenant (directory) to sign in to; undefined: whichever account is signed in. */
  entraTenant: string | undefined;
  cloud: 'AzurePublicCloud' | 'AzureChinaCloud' | 'AzureGovernment';
  /** Which spec each value came from, for the screen (`tenants/acme.yaml`, `gantry.yaml`, `default`). */
  from: { resourceGroup: string; subscriptionId: string | undefined };
}

export const DEFAULT_RESOURCE_GROUP = 'rg-gantry-{tenant}';

/**
 * Resolves the Azure target of a tenant: Tenant.spec.azure, then the Cluster of its shard, then
 * Workspace.spec.azure; the resource group by the convention `rg-gantry-<tenant>` unless a spec
 * names another.
 */
export function azureTargetOf(m: WorkspaceModel, tenant: string): AzureTargetOf | undefined {
  const t = m.valid('Tenant', tenant);
  if (!t) return undefined;
  const shard = m.valid('Shard', t.spec.placement.shard);
  const cluster = shard ? m.valid('Cluster', shard.spec.cluster) : undefined;
  const ws = m.config.azure;
  const pattern = ws?.resourceGroup ?? DEFAULT_RESOURCE_GROUP;
  const rg = t.spec.azure?.resourceGroup ?? pattern.replace(/\{tenant\}/g, tenant);
  const subscriptionId = t.spec.azure?.subscriptionId ?? cluster?.spec.azure?.subscriptionId ?? ws?.subscriptionId;
  return {
    tenant,
    resourceGroup: rg,
    subscriptionId,
    entraTenant: t.spec.azure?.tenantId ?? cluster?.spec.azure?.tenantId ?? ws?.tenantId,
    cloud: ws?.cloud ?? 'AzurePublicCloud',
    from: {
      resourceGroup: t.spec.azure?.resourceGroup ? t.file : ws?.resourceGroup ? 'gantry.yaml' : 'default',
      subscriptionId: t.spec.azure?.subscriptionId ? t.file : cluster?.spec.azure?.subscriptionId ? cluster.file : ws?.subscriptionId ? 'gantry.yaml' : undefined,
    },
  };
}
