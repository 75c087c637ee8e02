import { DeploymentsClient, type DeploymentExtended, type DeploymentOperation } from '@azure/arm-resourcesdeployments';
import type { TokenCredential } from '@azure/identity';
import type { ArmError, DeploymentRecord, OperationRecord } from '../../../gitops/core/provisioning/arm-records.ts';
import type { CloudEndpoints } from './clouds.ts';

/** The Deployments API version of the official spec Gantry's replay is checked against (the SDK's default is newer). */
export const ARM_API_VERSION = '2025-04-01';

/** At most this many operations per deployment are read (ARM pages them; thousands are fine, millions are not). */
const MAX_OPERATIONS = 20_000;

/** What the provisioning service needs from Resource Manager (the SDK client, or a test's). */
export interface ArmDeploymentsApi {
  list(resourceGroup: string): Promise<DeploymentRecord[]>;
  get(resourceGroup: string, name: string): Promise<DeploymentRecord>;
  operations(resourceGroup: string, name: string): Promise<OperationRecord[]>;
  exportTemplate(resourceGroup: string, name: string): Promise<unknown>;
  /** Sends the PUT and resolves once ARM accepted it; `done` settles when the run ends (the SDK's poller). */
  put(resourceGroup: string, name: string, body: PutBody): Promise<{ accepted: DeploymentRecord; done: Promise<unknown> }>;
}

export interface PutBody {
  mode: 'Incremental';
  parameters: Record<string, { value: unknown }>;
  template?: unknown;
  templateLink?: { uri?: string; id?: string; contentVersion?: string };
}

/** @azure/arm-resourcesdeployments, pinned to the spec's api-version, on the cloud's (or the host's configured) endpoint. */
export class SdkArmDeployments implements ArmDeploymentsApi {
  private readonly client: DeploymentsClient;

  constructor(credential: TokenCredential, subscriptionId: string, endpoints: CloudEndpoints) {
    this.client = new DeploymentsClient(credential, subscriptionId, {
      endpoint: endpoints.resourceManager,
      apiVersion: ARM_API_VERSION,
      credentials: { scopes: [endpoints.scope] },
      retryOptions: { maxRetries: 2 },
    });
  }

  async list(resourceGroup: string): Promise<DeploymentRecord[]> {
    const out: DeploymentRecord[] = [];
    for await (const d of this.client.deployments.listByResourceGroup(resourceGroup)) {
      out.push(toDeployment(d));
      if (out.length >= 500) break;
    }
    return out;
  }

  async get(resourceGroup: string, name: string): Promise<DeploymentRecord> {
    return toDeployment(await this.client.deployments.get(resourceGroup, name));
  }

  async operations(resourceGroup: string, name: string): Promise<OperationRecord[]> {
    const out: OperationRecord[] = [];
    for await (const op of this.client.deploymentOperations.list(resourceGroup, name)) {
      out.push(toOperation(op));
      if (out.length >= MAX_OPERATIONS) break;
    }
    return out;
  }

  async exportTemplate(resourceGroup: string, name: string): Promise<unknown> {
    return (await this.client.deployments.exportTemplate(resourceGroup, name)).template;
  }

  async put(resourceGroup: string, name: string, body: PutBody): Promise<{ accepted: DeploymentRecord; done: Promise<unknown> }> {
    const poller = this.client.deployments.createOrUpdate(resourceGroup, name, {
      properties: {
        mode: body.mode,
        parameters: body.parameters,
        ...(body.templateLink ? { templateLink: body.templateLink } : { template: body.template }),
      },
    }, { updateIntervalInMs: 1000 });
    await poller.submitted();
    const done = poller.pollUntilDone();
    // The run's end is followed by the provisioning service's own reads; a failed run is not an error here.
    done.catch(() => undefined);
    return { accepted: await this.get(resourceGroup, name), done };
  }
}

function iso(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  return d instanceof Date ? d.toISOString() : d;
}

function toError(e: unknown): ArmError | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const x = e as { code?: string; message?: string; target?: string; details?: unknown[]; additionalInfo?: Array<{ type?: string; info?: unknown }> };
  if (!x.code && !x.message) return undefined;
  return {
    code: x.code ?? 'Unknown',
    message: x.message ?? '',
    ...(x.target ? { target: x.target } : {}),
    ...(x.details?.length ? { details: x.details.map(toError).filter((d): d is ArmError => !!d) } : {}),
    ...(x.additionalInfo?.length ? { additionalInfo: x.additionalInfo.map((a) => ({ ...(a.type ? { type: a.type } : {}), ...(a.info !== undefined ? { info: a.info } : {}) })) } : {}),
  };
}

export function toDeployment(d: DeploymentExtended): DeploymentRecord {
  const p = d.properties ?? {};
  const error = toError(p.error);
  return {
    name: d.name ?? '',
    id: d.id ?? '',
    provisioningState: p.provisioningState ?? 'NotSpecified',
    ...(iso(p.timestamp) ? { timestamp: iso(p.timestamp)! } : {}),
    ...(p.duration ? { duration: p.duration } : {}),
    ...(p.correlationId ? { correlationId: p.correlationId } : {}),
    ...(p.outputs ? { outputs: p.outputs as DeploymentRecord['outputs'] } : {}),
    ...(p.parameters ? { parameters: p.parameters as DeploymentRecord['parameters'] } : {}),
    ...(error ? { error } : {}),
    ...(p.templateLink ? { templateLink: { ...(p.templateLink.uri ? { uri: p.templateLink.uri } : {}), ...(p.templateLink.id ? { id: p.templateLink.id } : {}), ...(p.templateLink.contentVersion ? { contentVersion: p.templateLink.contentVersion } : {}) } } : {}),
    operations: [],
  };
}

export function toOperation(op: DeploymentOperation): OperationRecord {
  const p = op.properties ?? {};
  const error = toError(p.statusMessage?.error);
  const t = p.targetResource;
  return {
    operationId: op.operationId ?? op.id ?? '',
    provisioningState: p.provisioningState ?? 'NotSpecified',
    ...(p.provisioningOperation ? { provisioningOperation: p.provisioningOperation } : {}),
    ...(iso(p.timestamp) ? { timestamp: iso(p.timestamp)! } : {}),
    ...(p.duration ? { duration: p.duration } : {}),
    ...(p.statusCode ? { statusCode: p.statusCode } : {}),
    ...(t ? { targetResource: { ...(t.id ? { id: t.id } : {}), ...(t.resourceType ? { resourceType: t.resourceType } : {}), ...(t.resourceName ? { resourceName: t.resourceName } : {}) } } : {}),
    ...(error ? { error } : {}),
  };
}
