import { z } from 'zod';
import { plannedFileSchema } from './schemas.ts';

/** Schemas of the `cloud:*` channels: Azure sign-in, dedicated-tenant provisioning, tier migration. */

const tenantName = z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/).max(40);
const cloudName = z.enum(['AzurePublicCloud', 'AzureChinaCloud', 'AzureGovernment']);

export const signInMethods = ['cli', 'deviceCode', 'browser', 'clientSecret', 'clientCertificate', 'managedIdentity'] as const;

export const signInInput = z.strictObject({
  method: z.enum(signInMethods),
  cloud: cloudName.optional(),
  /** Entra tenant (directory) id or domain. */
  tenantId: z.string().regex(/^[A-Za-z0-9.-]{1,100}$/).optional(),
  clientId: z.string().regex(/^[0-9a-fA-F-]{36}$/, { message: 'must be an application (client) id (a GUID)' }).optional(),
  clientSecret: z.string().min(1).max(2000).optional(),
  /** A PEM file with the certificate and its private key, on the host. */
  certificatePath: z.string().min(1).max(4000).optional(),
});
export type SignInInput = z.output<typeof signInInput>;

export const azureAccountSchema = z.object({
  id: z.string(),
  method: z.enum(signInMethods),
  cloud: cloudName,
  tenantId: z.string().optional(),
  username: z.string().optional(),
  clientId: z.string().optional(),
  expiresOn: z.string(),
  signedInAt: z.string(),
});
export type AzureAccountDto = z.output<typeof azureAccountSchema>;

export const deviceCodeSchema = z.object({ userCode: z.string(), verificationUri: z.string(), message: z.string() });

export interface ArmErrorDto {
  code: string;
  message: string;
  target?: string | undefined;
  details?: ArmErrorDto[] | undefined;
  additionalInfo?: Array<{ type?: string | undefined; info?: unknown }> | undefined;
}
export const armErrorSchema: z.ZodType<ArmErrorDto> = z.lazy(() =>
  z.object({
    code: z.string(),
    message: z.string(),
    target: z.string().optional(),
    details: z.array(armErrorSchema).optional(),
    additionalInfo: z.array(z.object({ type: z.string().optional(), info: z.unknown().optional() })).optional(),
  }),
);

const explanationSchema = z.object({ code: z.string(), summary: z.string(), fix: z.string(), parameterHints: z.array(z.string()) });
const stepState = z.enum(['pending', 'running', 'succeeded', 'failed', 'canceled']);

export const timelineStepSchema = z.object({
  key: z.string(),
  depth: z.number().int(),
  deployment: z.string(),
  operationId: z.string().optional(),
  resourceType: z.string(),
  resourceName: z.string(),
  resourceId: z.string().optional(),
  state: stepState,
  start: z.string().optional(),
  durationMs: z.number().optional(),
  statusCode: z.string().optional(),
  error: armErrorSchema.optional(),
  explanation: explanationSchema.optional(),
  nested: z.string().optional(),
});
export type TimelineStepDto = z.output<typeof timelineStepSchema>;

export const timelineSchema = z.object({
  deployment: z.string(),
  state: stepState,
  correlationId: z.string().optional(),
  start: z.string().optional(),
  durationMs: z.number().optional(),
  outputs: z.array(z.object({ name: z.string(), type: z.string().optional(), value: z.unknown().optional() })),
  error: armErrorSchema.optional(),
  explanation: explanationSchema.optional(),
  steps: z.array(timelineStepSchema),
  counts: z.record(stepState, z.number().int()),
});

export const provisioningStates = ['not-signed-in', 'no-subscription', 'loading', 'none', 'running', 'succeeded', 'failed', 'error'] as const;

export const tenantSummarySchema = z.object({
  tenant: z.string(),
  displayName: z.string(),
  region: z.string(),
  tier: z.enum(['shared', 'dedicated']),
  /** A shared tenant whose dedicated shard is in the workspace: moving to dedicated. */
  migrating: z.boolean(),
  resourceGroup: z.string(),
  subscriptionId: z.string().optional(),
  state: z.enum(provisioningStates),
  deployment: z.string().optional(),
  failedSteps: z.number().int(),
  message: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type TenantSummaryDto = z.output<typeof tenantSummarySchema>;

export const provisioningViewSchema = z.object({
  tenant: z.string(),
  target: z.object({
    resourceGroup: z.string(),
    subscriptionId: z.string().optional(),
    entraTenant: z.string().optional(),
    cloud: cloudName,
    from: z.object({ resourceGroup: z.string(), subscriptionId: z.string().optional() }),
  }),
  account: z.string().optional(),
  state: z.enum(provisioningStates),
  message: z.string().optional(),
  deployments: z.array(z.object({ name: z.string(), state: z.string(), timestamp: z.string().optional(), correlationId: z.string().optional(), nested: z.boolean() })),
  timeline: timelineSchema.optional(),
  polling: z.boolean(),
  updatedAt: z.string().optional(),
});
export type ProvisioningViewDto = z.output<typeof provisioningViewSchema>;

export const parameterFieldSchema = z.object({
  name: z.string(),
  type: z.enum(['string', 'int', 'bool', 'array', 'object', 'securestring', 'secureobject']),
  description: z.string().optional(),
  allowed: z.array(z.unknown()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  defaultValue: z.unknown().optional(),
  current: z.unknown().optional(),
  suspect: z.boolean(),
});
export type ParameterFieldDto = z.output<typeof parameterFieldSchema>;

export const rerunFormSchema = z.object({
  tenant: z.string(),
  deployment: z.string(),
  resourceGroup: z.string(),
  templateSource: z.enum(['templateLink', 'inline']),
  templateUri: z.string().optional(),
  fields: z.array(parameterFieldSchema),
  explanation: explanationSchema.optional(),
});

export const checklistItemSchema = z.object({
  id: z.string(),
  poolType: z.string(),
  pool: z.string(),
  what: z.string(),
  where: z.string().optional(),
  how: z.string(),
  done: z.boolean(),
  doneAt: z.string().optional(),
});

export const migrationSchema = z.object({
  tenant: z.string(),
  fromShard: z.string(),
  toShard: z.string(),
  region: z.string(),
  resourceGroup: z.string(),
  stage: z.enum(['add-shard', 'move-data', 'done']),
  shardFiles: z.array(plannedFileSchema),
  notes: z.array(z.string()),
  checklist: z.array(checklistItemSchema),
  cutover: plannedFileSchema.optional(),
});
export type MigrationDto = z.output<typeof migrationSchema>;

/** An Azure Service Operator resource of a tenant with its Ready condition (electron/services/azure/aso-status.ts). */
export const asoResourceSchema = z.object({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  azureName: z.string().optional(),
  ready: z.enum(['True', 'False', 'Unknown', 'none']),
  state: z.enum(['ready', 'reconciling', 'warning', 'error', 'unknown']),
  severity: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  since: z.string().optional(),
  stale: z.boolean(),
});
export const asoViewSchema = z.object({
  tenant: z.string(),
  cluster: z.string().optional(),
  context: z.string().optional(),
  namespace: z.string(),
  state: z.enum(['ok', 'not-installed', 'no-context', 'unauthorized', 'unreachable']),
  message: z.string().optional(),
  resources: z.array(asoResourceSchema),
});
export type AsoViewDto = z.output<typeof asoViewSchema>;

/** The cloud:* part of the contract, spread into CONTRACT. */
export const CLOUD_CONTRACT = {
  /** Signs in to Azure in the host; the device code arrives on cloud:onDeviceCode. */
  'cloud:signIn': { input: signInInput, output: azureAccountSchema },
  'cloud:accounts': { input: z.strictObject({}), output: z.object({ items: z.array(azureAccountSchema) }) },
  'cloud:signOut': { input: z.strictObject({ id: z.string().max(100) }), output: z.object({ signedOut: z.boolean() }) },
  /** Every dedicated tenant (and tenant moving to dedicated) with the state of its stack. */
  'cloud:tenants': { input: z.strictObject({ refresh: z.boolean().optional() }), output: z.object({ items: z.array(tenantSummarySchema) }) },
  /** One tenant's deployments and the step timeline of one (default: the newest); then followed on cloud:onProvisioning. */
  'cloud:provisioning': { input: z.strictObject({ tenant: tenantName, deployment: z.string().max(64).optional() }), output: provisioningViewSchema },
  /** The re-run form of a deployment: its template's parameters with the values of the last run. */
  'cloud:rerunForm': { input: z.strictObject({ tenant: tenantName, deployment: z.string().min(1).max(64) }), output: rerunFormSchema },
  /** PUTs the same template with the given parameters (after the person's preview and confirmation). */
  'cloud:rerun': {
    input: z.strictObject({ tenant: tenantName, deployment: z.string().min(1).max(64), values: z.record(z.string().max(256), z.unknown()) }),
    output: provisioningViewSchema,
  },
  /** The guided move of a shared tenant to dedicated: spec edits, stage and data checklist. */
  'cloud:migration': { input: z.strictObject({ tenant: tenantName }), output: migrationSchema },
  /** Ticks (or unticks) one checklist item; kept in the host per workspace. */
  'cloud:migrationTick': { input: z.strictObject({ tenant: tenantName, item: z.string().max(200), done: z.boolean() }), output: migrationSchema },
  /** The tenant's Azure Service Operator resources in its shard's cluster, with their Ready condition. */
  'cloud:aso': { input: z.strictObject({ tenant: tenantName }), output: asoViewSchema },
  /** The last commit's file, refused while an item is not ticked. */
  'cloud:cutover': { input: z.strictObject({ tenant: tenantName }), output: z.object({ file: plannedFileSchema, message: z.string() }) },
} as const;

export const CLOUD_EVENTS = {
  'cloud:onDeviceCode': deviceCodeSchema,
  'cloud:onProvisioning': provisioningViewSchema,
} as const;
