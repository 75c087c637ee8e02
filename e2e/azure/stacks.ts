import type { AzureReplay, OpScript, StackScript } from './replay-server.ts';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const STACK = 'gantry-stack';
/** The subscription's H100 quota in the replay: 80 cores; a node of Standard_NC40ads_H100_v5 has 40. */
export const H100_QUOTA = 80;

/** The ARM template of a dedicated tenant's stack (what exportTemplate returns; the re-run form reads its parameters). */
export function stackTemplate(tenant: string): Record<string, unknown> {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      location: { type: 'string', defaultValue: '[resourceGroup().location]', metadata: { description: 'Region of every resource.' } },
      gpuNodeVmSize: { type: 'string', defaultValue: 'Standard_NC40ads_H100_v5', allowedValues: ['Standard_NC40ads_H100_v5', 'Standard_NC24ads_A100_v4'], metadata: { description: 'VM size of the GPU node pool.' } },
      gpuNodeCount: { type: 'int', defaultValue: 2, minValue: 1, maxValue: 8, metadata: { description: 'Nodes in the GPU node pool.' } },
      searchSku: { type: 'string', defaultValue: 'standard', allowedValues: ['basic', 'standard', 'standard2'] },
    },
    resources: [
      { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: `st${tenant.replace(/-/g, '')}` },
      { type: 'Microsoft.Search/searchServices', apiVersion: '2023-11-01', name: `srch-${tenant}` },
      { type: 'Microsoft.DBforPostgreSQL/flexibleServers', apiVersion: '2023-06-01-preview', name: `psql-${tenant}` },
      { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'observability' },
      { type: 'Microsoft.ContainerService/managedClusters', apiVersion: '2024-05-01', name: `aks-${tenant}` },
    ],
    outputs: {
      aksName: { type: 'string', value: `aks-${tenant}` },
      searchEndpoint: { type: 'string', value: `https://srch-${tenant}.search.windows.net` },
    },
  };
}

/** The quota failure as AKS preflight reports it through ARM. */
export function quotaError(tenant: string, cores: number) {
  return {
    code: 'QuotaExceeded',
    message: `Preflight validation check for resource(s) for container service aks-${tenant} in resource group rg-gantry-${tenant} failed. Message: Operation could not be completed as it results in exceeding approved standardNCADSH100v5Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westeurope, Current Limit: ${H100_QUOTA}, Current Usage: 0, Additional Required: ${cores}, (Minimum) New Limit Required: ${cores}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the 'Details' section for deployment to succeed.`,
    target: `aks-${tenant}`,
    details: [{ code: 'QuotaExceeded', message: `Cores quota of standardNCADSH100v5Family in westeurope: ${cores} needed, ${H100_QUOTA} approved.` }],
    additionalInfo: [{ type: 'QuotaInfo', info: { family: 'standardNCADSH100v5Family', location: 'westeurope', currentLimit: H100_QUOTA, additionalRequired: cores } }],
  };
}

/** A dedicated tenant's stack: storage, search, database, observability (nested), then the cluster, which fails over quota. */
export function tenantStack(tenant: string, ms = 300): StackScript {
  return {
    template: stackTemplate(tenant),
    run(p) {
      const size = String(p.gpuNodeVmSize ?? 'Standard_NC40ads_H100_v5');
      const count = Number(p.gpuNodeCount ?? 2);
      const cores = (size.includes('H100') ? 40 : 24) * count;
      const ops: OpScript[] = [
        { type: 'Microsoft.Storage/storageAccounts', name: `st${tenant.replace(/-/g, '')}`, ms },
        { type: 'Microsoft.Search/searchServices', name: `srch-${tenant}`, ms },
        { type: 'Microsoft.DBforPostgreSQL/flexibleServers', name: `psql-${tenant}`, ms },
        {
          type: 'Microsoft.Resources/deployments',
          name: 'observability',
          nested: [
            { type: 'Microsoft.OperationalInsights/workspaces', name: `log-${tenant}`, ms },
            { type: 'Microsoft.Insights/components', name: `appi-${tenant}`, ms },
          ],
        },
        { type: 'Microsoft.ContainerService/managedClusters', name: `aks-${tenant}`, ms: ms * 2, ...(size.includes('H100') && cores > H100_QUOTA ? { fail: quotaError(tenant, cores) } : {}) },
      ];
      return { ops, outputs: { aksName: { type: 'String', value: `aks-${tenant}` }, searchEndpoint: { type: 'String', value: `https://srch-${tenant}.search.windows.net` } } };
    },
  };
}

export function defineTenantStack(replay: AzureReplay, tenant: string, ms?: number): void {
  replay.defineStack(`rg-gantry-${tenant}`, STACK, tenantStack(tenant, ms));
}
