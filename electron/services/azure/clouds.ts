import { AzureAuthorityHosts } from '@azure/identity';

export type CloudName = 'AzurePublicCloud' | 'AzureChinaCloud' | 'AzureGovernment';

export interface CloudEndpoints {
  cloud: CloudName;
  /** Entra ID sign-in (MSAL's authority host). */
  authorityHost: string;
  /** Azure Resource Manager. */
  resourceManager: string;
  /** The token scope for Resource Manager: always the cloud's own audience. */
  scope: string;
  /** Endpoints replaced by the host's configuration (a stand-in, a proxy): instance discovery is off. */
  custom: boolean;
}

const CLOUDS: Record<CloudName, { authorityHost: string; resourceManager: string }> = {
  AzurePublicCloud: { authorityHost: AzureAuthorityHosts.AzurePublicCloud, resourceManager: 'https://management.azure.com' },
  AzureChinaCloud: { authorityHost: AzureAuthorityHosts.AzureChina, resourceManager: 'https://management.chinacloudapi.cn' },
  AzureGovernment: { authorityHost: AzureAuthorityHosts.AzureGovernment, resourceManager: 'https://management.usgovcloudapi.net' },
};

/**
 * The endpoints of a sovereign cloud. The repository names the cloud (Workspace.spec.azure.cloud)
 * but never a URL: a URL from a repository could send a secret or a token anywhere. Only the
 * person running the host may replace them, with GANTRY_AZURE_AUTHORITY_HOST and
 * GANTRY_AZURE_RESOURCE_MANAGER (https only), e.g. for a local stand-in in tests.
 */
export function cloudEndpoints(cloud: CloudName = 'AzurePublicCloud', env: NodeJS.ProcessEnv = process.env): CloudEndpoints {
  const base = CLOUDS[cloud];
  const authority = httpsOrUndefined(env.GANTRY_AZURE_AUTHORITY_HOST, 'GANTRY_AZURE_AUTHORITY_HOST');
  const arm = httpsOrUndefined(env.GANTRY_AZURE_RESOURCE_MANAGER, 'GANTRY_AZURE_RESOURCE_MANAGER');
  return {
    cloud,
    authorityHost: authority ?? base.authorityHost,
    resourceManager: arm ?? base.resourceManager,
    scope: `${base.resourceManager}/.default`,
    custom: authority !== undefined || arm !== undefined,
  };
}

function httpsOrUndefined(v: string | undefined, name: string): string | undefined {
  if (!v) return undefined;
  const u = new URL(v);
  if (u.protocol !== 'https:') throw new Error(`${name} must be an https:// URL (got ${u.protocol}).`);
  return u.origin;
}
