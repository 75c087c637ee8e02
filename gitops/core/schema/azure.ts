import { z } from 'zod';

/**
 * Optional Azure fields (additions to SPEC-FORMAT.md; nothing there is renamed): where a dedicated
 * tenant's stack is deployed and which Entra tenant and subscription sign in for it.
 * Resolution: Tenant.spec.azure, then the Cluster of the tenant's shard, then Workspace.spec.azure;
 * the resource group defaults to `rg-gantry-<tenant>`.
 */
const entraTenant = z
  .string()
  .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9.-]*\.[a-z]{2,})$/i, {
    message: 'must be an Entra tenant id (a GUID) or its domain such as contoso.onmicrosoft.com',
  });
const subscriptionId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a subscription id (a GUID)' });
/** Azure's resource group name rules: 1-90 of letters, digits, `-_.()`, not ending with a period. */
const RG = /^[-\w.()]{0,89}[-\w()]$/;
const resourceGroup = z.string().regex(RG, { message: 'must be a resource group name: up to 90 letters, digits, "-", "_", ".", "(", ")", not ending with "."' });

/** Tenant.spec.azure and Cluster.spec.azure. */
export const azureTarget = z.strictObject({
  tenantId: entraTenant.optional(),
  subscriptionId: subscriptionId.optional(),
  /** Tenant only: the resource group of its dedicated stack (default from the Workspace, else rg-gantry-<tenant>). */
  resourceGroup: resourceGroup.optional(),
});

/** Workspace.spec.azure: defaults for every tenant. */
export const azureWorkspace = z.strictObject({
  /** The sovereign cloud; its sign-in (authorityHost) and Resource Manager endpoints are Gantry's, never taken from the repository. */
  cloud: z.enum(['AzurePublicCloud', 'AzureChinaCloud', 'AzureGovernment']).optional(),
  tenantId: entraTenant.optional(),
  subscriptionId: subscriptionId.optional(),
  /** The resource group of each dedicated tenant, with `{tenant}` for its name (default `rg-gantry-{tenant}`). */
  resourceGroup: z
    .string()
    .refine((s) => s.includes('{tenant}') && RG.test(s.replace(/\{tenant\}/g, 'x')), { message: 'must contain {tenant} and otherwise follow the resource group name rules' })
    .optional(),
});

export type AzureTarget = z.output<typeof azureTarget>;
export type AzureWorkspace = z.output<typeof azureWorkspace>;
