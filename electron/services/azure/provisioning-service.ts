import { isRunning, type DeploymentRecord, type OperationRecord } from '../../../gitops/core/provisioning/arm-records.ts';
import { explainArmError } from '../../../gitops/core/provisioning/explain-arm-error.ts';
import { cutover, planMigration } from '../../../gitops/core/provisioning/migration.ts';
import { parameterFields, type ParameterField } from '../../../gitops/core/provisioning/parameters.ts';
import { azureTargetOf, type AzureTargetOf } from '../../../gitops/core/provisioning/resource-group.ts';
import { buildTimeline } from '../../../gitops/core/provisioning/timeline.ts';
import type { PlannedFile } from '../../../gitops/core/plan/plan-types.ts';
import type { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { HostError } from '../../../shared/ipc/envelope.ts';
import type { MigrationDto, ProvisioningViewDto, TenantSummaryDto } from '../../../shared/ipc/cloud-schemas.ts';
import { reportBackgroundError } from '../background.ts';
import type { EventBus } from '../event-bus.ts';
import type { WorkspaceService } from '../workspace-service.ts';
import { SdkArmDeployments, type ArmDeploymentsApi, type PutBody } from './arm-client.ts';
import type { ChecklistStore } from './checklist-store.ts';
import type { CloudEndpoints } from './clouds.ts';
import type { TokenCredential } from '@azure/identity';
import { signInError, type AzureAccounts } from './sign-in.ts';

export interface ProvisioningDeps {
  workspace: WorkspaceService;
  events: EventBus;
  accounts: AzureAccounts;
  checklists: ChecklistStore;
  /** Resource Manager for a sign-in and subscription (default: the SDK client). */
  api?: (credential: TokenCredential, subscriptionId: string, endpoints: CloudEndpoints) => ArmDeploymentsApi;
  /** First poll interval while a deployment runs (default 2 s); doubles while nothing changes, up to maxPollMs (default 60 s). */
  pollMs?: number;
  maxPollMs?: number;
}

interface Follow {
  tenant: string;
  view: ProvisioningViewDto;
  selected: string | undefined;
  timer: NodeJS.Timeout | undefined;
  interval: number;
  /** Operations of finished deployments, by name + correlation id + state: they no longer change. */
  finished: Map<string, OperationRecord[]>;
  templates: Map<string, unknown>;
  records: Map<string, DeploymentRecord>;
  loading: Promise<ProvisioningViewDto> | undefined;
}

const MAX_DEPLOYMENTS = 30;
const NESTED = 'microsoft.resources/deployments';

/**
 * Follows the Azure deployments of each dedicated tenant's resource group: lists them, reads each
 * one's operations (nested deployments too), builds the step timeline, and while something runs
 * reads again with backoff (2 s doubling to 60 s while nothing changes, back to 2 s on a change),
 * stopping when nothing runs. Changes go out on cloud:onProvisioning. Re-runs PUT the same
 * template with new parameters. Also the tier migration: plan, checklist ticks, cut-over.
 */
export class ProvisioningService {
  private readonly follows = new Map<string, Follow>();
  private readonly apis = new Map<string, ArmDeploymentsApi>();

  constructor(private readonly deps: ProvisioningDeps) {}

  /** Stops every follow (another workspace opened, or none). */
  forget(): void {
    for (const f of this.follows.values()) clearTimeout(f.timer);
    this.follows.clear();
  }

  private model(): WorkspaceModel {
    return this.deps.workspace.current().model;
  }

  /** Dedicated tenants, and shared ones whose dedicated shard exists (moving). */
  private tenantsOfInterest(): Array<{ name: string; displayName: string; region: string; tier: 'shared' | 'dedicated'; migrating: boolean }> {
    const m = this.model();
    return m.objects('Tenant')
      .filter((t) => t.spec.tier === 'dedicated' || (m.valid('Shard', t.name)?.spec.owner === t.name))
      .map((t) => ({ name: t.name, displayName: t.spec.displayName, region: t.spec.region, tier: t.spec.tier, migrating: t.spec.tier === 'shared' }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async tenants(refresh: boolean): Promise<TenantSummaryDto[]> {
    const list = this.tenantsOfInterest();
    const out: TenantSummaryDto[] = [];
    for (const t of list) {
      let view = this.follows.get(t.name)?.view;
      if (!view || refresh || view.state === 'not-signed-in') view = await this.view(t.name);
      const target = view.target;
      out.push({
        tenant: t.name, displayName: t.displayName, region: t.region, tier: t.tier, migrating: t.migrating,
        resourceGroup: target.resourceGroup,
        ...(target.subscriptionId ? { subscriptionId: target.subscriptionId } : {}),
        state: view.state,
        ...(view.timeline ? { deployment: view.timeline.deployment } : {}),
        failedSteps: view.timeline?.counts.failed ?? 0,
        ...(view.message ? { message: view.message } : {}),
        ...(view.updatedAt ? { updatedAt: view.updatedAt } : {}),
      });
    }
    return out;
  }

  private target(tenant: string): AzureTargetOf {
    const target = azureTargetOf(this.model(), tenant);
    if (!target) throw new HostError('not-found', `No valid tenant ${tenant} in this workspace.`);
    return target;
  }

  private apiFor(target: AzureTargetOf): { api: ArmDeploymentsApi; account: string } | { problem: ProvisioningViewDto['state']; message: string } {
    const account = this.deps.accounts.pick(target.entraTenant, target.cloud);
    if (!account) {
      return { problem: 'not-signed-in', message: target.entraTenant ? `Sign in to Azure tenant ${target.entraTenant} to see this stack.` : 'Sign in to Azure to see this stack.' };
    }
    if (!target.subscriptionId) {
      return { problem: 'no-subscription', message: `No subscription: set spec.azure.subscriptionId in tenants/${target.tenant}.yaml (or in gantry.yaml for every tenant).` };
    }
    const key = `${account.dto.id}/${target.subscriptionId}`;
    let api = this.apis.get(key);
    if (!api) {
      api = (this.deps.api ?? ((c, s, e) => new SdkArmDeployments(c, s, e)))(account.credential, target.subscriptionId, account.endpoints);
      this.apis.set(key, api);
    }
    return { api, account: account.dto.username ?? account.dto.clientId ?? account.dto.method };
  }

  /** The tenant's deployments and the timeline of `deployment` (default: the newest that is not nested), then followed. */
  async view(tenant: string, deployment?: string): Promise<ProvisioningViewDto> {
    let f = this.follows.get(tenant);
    if (!f) {
      f = { tenant, view: undefined as unknown as ProvisioningViewDto, selected: deployment, timer: undefined, interval: this.deps.pollMs ?? 2000, finished: new Map(), templates: new Map(), records: new Map(), loading: undefined };
      this.follows.set(tenant, f);
    }
    if (deployment !== undefined) f.selected = deployment;
    clearTimeout(f.timer);
    f.interval = this.deps.pollMs ?? 2000;
    const view = await this.load(f);
    this.schedule(f);
    return view;
  }

  private async load(f: Follow): Promise<ProvisioningViewDto> {
    const target = this.target(f.tenant);
    const base: Omit<ProvisioningViewDto, 'state'> = { tenant: f.tenant, target: strip(target), deployments: [], polling: false };
    const got = this.apiFor(target);
    if ('problem' in got) return this.publish(f, { ...base, state: got.problem, message: got.message });
    const { api, account } = got;
    let list: DeploymentRecord[];
    try {
      list = (await api.list(target.resourceGroup)).slice(0, MAX_DEPLOYMENTS);
    } catch (err) {
      const e = err as { statusCode?: number; code?: string };
      if (e.statusCode === 404 || e.code === 'ResourceGroupNotFound') {
        return this.publish(f, { ...base, account, state: 'none', message: `Resource group ${target.resourceGroup} does not exist yet in subscription ${target.subscriptionId}.` });
      }
      return this.publish(f, { ...base, account, state: 'error', message: failure(err) });
    }
    try {
      for (const d of list) {
        const key = `${d.name}/${d.correlationId ?? ''}/${d.provisioningState}`;
        let ops = f.finished.get(key);
        if (!ops) {
          ops = await api.operations(target.resourceGroup, d.name);
          if (!isRunning(d.provisioningState)) f.finished.set(key, ops);
        }
        d.operations = ops;
        f.records.set(d.name, d);
      }
    } catch (err) {
      return this.publish(f, { ...base, account, state: 'error', message: failure(err) });
    }
    const byName = new Map(list.map((d) => [d.name, d]));
    const nested = new Set<string>();
    for (const d of list) for (const op of d.operations) if (op.targetResource?.resourceType?.toLowerCase() === NESTED && op.targetResource.resourceName) nested.add(op.targetResource.resourceName);
    const top = list.filter((d) => !nested.has(d.name)).sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? ''));
    const selected = (f.selected && byName.get(f.selected)) || top[0];
    const deployments = list.map((d) => ({ name: d.name, state: d.provisioningState, ...(d.timestamp ? { timestamp: d.timestamp } : {}), ...(d.correlationId ? { correlationId: d.correlationId } : {}), nested: nested.has(d.name) }));
    if (!selected) return this.publish(f, { ...base, account, deployments, state: 'none', message: `No deployments in ${target.resourceGroup} yet.` });
    let resources: Array<{ type: string; name?: string }> = [];
    if (isRunning(selected.provisioningState)) {
      const k = selected.correlationId ?? selected.name;
      if (!f.templates.has(k)) f.templates.set(k, await api.exportTemplate(target.resourceGroup, selected.name).catch(() => undefined));
      resources = templateResources(f.templates.get(k));
    }
    const timeline = buildTimeline(selected, byName, resources);
    const running = list.some((d) => isRunning(d.provisioningState));
    return this.publish(f, {
      ...base, account, deployments, timeline,
      state: running ? 'running' : timeline.state === 'failed' ? 'failed' : 'succeeded',
      polling: running,
      updatedAt: new Date().toISOString(),
    });
  }

  private publish(f: Follow, next: ProvisioningViewDto): ProvisioningViewDto {
    const strip = (v: ProvisioningViewDto | undefined) => (v ? JSON.stringify({ ...v, updatedAt: undefined }) : '');
    const changed = strip(next) !== strip(f.view);
    f.view = next;
    if (changed) {
      f.interval = this.deps.pollMs ?? 2000;
      this.deps.events.emit('cloud:onProvisioning', next);
    } else {
      f.interval = Math.min(f.interval * 2, this.deps.maxPollMs ?? 60_000);
    }
    return next;
  }

  private schedule(f: Follow): void {
    clearTimeout(f.timer);
    if (!f.view.polling || this.follows.get(f.tenant) !== f) return;
    f.timer = setTimeout(() => {
      this.load(f)
        .then(() => this.schedule(f))
        .catch((err: unknown) => {
          reportBackgroundError(`following the deployments of ${f.tenant}`, err);
          try {
            this.publish(f, { ...f.view, polling: false, state: 'error', message: `Gantry stopped following: ${failure(err)}` });
          } catch (e) {
            reportBackgroundError('publishing provisioning', e);
          }
        });
    }, f.interval);
    f.timer.unref?.();
  }

  // ------------------------------------------------------------------ re-run

  private async failedRecord(tenant: string, deployment: string): Promise<{ api: ArmDeploymentsApi; target: AzureTargetOf; record: DeploymentRecord; template: unknown; fields: ParameterField[] }> {
    const target = this.target(tenant);
    const got = this.apiFor(target);
    if ('problem' in got) throw new HostError('auth-failed', got.message);
    try {
      const record = await got.api.get(target.resourceGroup, deployment);
      const template = await got.api.exportTemplate(target.resourceGroup, deployment);
      const ops = this.follows.get(tenant)?.records.get(deployment)?.operations ?? (await got.api.operations(target.resourceGroup, deployment));
      const failedOp = ops.find((o) => o.error);
      const explanation = failedOp?.error ? explainArmError(failedOp.error) : record.error ? explainArmError(record.error) : undefined;
      return { api: got.api, target, record, template, fields: parameterFields(template, record.parameters, explanation) };
    } catch (err) {
      if (err instanceof HostError) throw err;
      throw new HostError('not-found', failure(err));
    }
  }

  async rerunForm(tenant: string, deployment: string) {
    const { target, record, fields, template } = await this.failedRecord(tenant, deployment);
    void template;
    const failedOp = this.follows.get(tenant)?.records.get(deployment)?.operations.find((o) => o.error);
    const explanation = failedOp?.error ? explainArmError(failedOp.error) : record.error ? explainArmError(record.error) : undefined;
    return {
      tenant, deployment, resourceGroup: target.resourceGroup,
      templateSource: record.templateLink?.uri || record.templateLink?.id ? ('templateLink' as const) : ('inline' as const),
      ...(record.templateLink?.uri ? { templateUri: record.templateLink.uri } : {}),
      fields,
      ...(explanation ? { explanation } : {}),
    };
  }

  /** PUTs the template the deployment ran (its templateLink, else the exported template) with new parameters, and follows the run. */
  async rerun(tenant: string, deployment: string, values: Record<string, unknown>): Promise<ProvisioningViewDto> {
    const { api, target, record, template, fields } = await this.failedRecord(tenant, deployment);
    const known = new Set(fields.map((f) => f.name));
    const unknown = Object.keys(values).filter((k) => !known.has(k));
    if (unknown.length) throw new HostError('invalid-input', `The template has no parameter ${unknown.join(', ')}.`);
    const parameters: PutBody['parameters'] = {};
    for (const f of fields) {
      const v = values[f.name];
      if (v !== undefined) parameters[f.name] = { value: v };
      else if (f.current !== undefined) parameters[f.name] = { value: f.current };
      else if (f.defaultValue === undefined) throw new HostError('invalid-input', `${f.name} needs a value${f.type.startsWith('secure') ? ' (secure values are not kept by Azure: enter it again)' : ''}.`);
    }
    const link = record.templateLink;
    const body: PutBody = {
      mode: 'Incremental',
      parameters,
      ...(link?.uri ? { templateLink: { uri: link.uri, ...(link.contentVersion ? { contentVersion: link.contentVersion } : {}) } } : link?.id ? { templateLink: { id: link.id } } : { template }),
    };
    try {
      const { done } = await api.put(target.resourceGroup, deployment, body);
      done.catch(() => undefined);
    } catch (err) {
      const e = err as { code?: string };
      // ARM decides whether a run is still going (409 DeploymentActive): no guess from an older read.
      if (e.code === 'DeploymentActive') throw new HostError('invalid-input', `${explainArmError({ code: 'DeploymentActive', message: '' }).summary} ${(err as Error).message}`);
      throw new HostError('plan-failed', failure(err));
    }
    const f = this.follows.get(tenant);
    if (f) for (const k of [...f.finished.keys()]) if (k.startsWith(`${deployment}/`)) f.finished.delete(k);
    return this.view(tenant, deployment);
  }

  // ------------------------------------------------------------------ migration

  migration(tenant: string): MigrationDto {
    const m = this.model();
    const r = planMigration(m, tenant, new Date().toISOString().slice(0, 10));
    if (!r.ok) throw new HostError('plan-failed', r.message);
    const ticks = this.deps.checklists.ticks(this.deps.workspace.current().root, tenant);
    const p = r.plan;
    return {
      tenant: p.tenant, fromShard: p.fromShard, toShard: p.toShard, region: p.region, stage: p.stage,
      resourceGroup: azureTargetOf(m, tenant)?.resourceGroup ?? `rg-gantry-${tenant}`,
      shardFiles: p.shardFiles, notes: p.notes,
      checklist: p.checklist.map((i) => ({ ...i, ...(i.where ? {} : { where: undefined }), done: ticks.has(i.id), ...(ticks.get(i.id) ? { doneAt: ticks.get(i.id)! } : {}) })),
      ...(p.cutover ? { cutover: p.cutover } : {}),
    };
  }

  tick(tenant: string, item: string, done: boolean): MigrationDto {
    const now = this.migration(tenant);
    if (!now.checklist.some((i) => i.id === item)) throw new HostError('invalid-input', `No checklist item ${item} for ${tenant}.`);
    this.deps.checklists.set(this.deps.workspace.current().root, tenant, item, done);
    return this.migration(tenant);
  }

  cutover(tenant: string): { file: PlannedFile; message: string } {
    const ticks = this.deps.checklists.ticks(this.deps.workspace.current().root, tenant);
    const r = cutover(this.model(), tenant, new Set(ticks.keys()));
    if (!r.ok) throw new HostError('plan-failed', r.message);
    return { file: r.file, message: r.message };
  }
}

function strip(t: AzureTargetOf): ProvisioningViewDto['target'] {
  return {
    resourceGroup: t.resourceGroup,
    ...(t.subscriptionId ? { subscriptionId: t.subscriptionId } : {}),
    ...(t.entraTenant ? { entraTenant: t.entraTenant } : {}),
    cloud: t.cloud,
    from: { resourceGroup: t.from.resourceGroup, ...(t.from.subscriptionId ? { subscriptionId: t.from.subscriptionId } : {}) },
  };
}

/** A template's top-level resources (type and literal name), for the pending steps. */
function templateResources(template: unknown): Array<{ type: string; name?: string }> {
  const r = (template as { resources?: unknown } | undefined)?.resources;
  const list = Array.isArray(r) ? r : r && typeof r === 'object' ? Object.values(r) : [];
  return list
    .filter((x): x is { type: string; name?: string } => !!x && typeof (x as { type?: unknown }).type === 'string')
    .map((x) => ({ type: x.type, ...(typeof x.name === 'string' ? { name: x.name } : {}) }));
}

/** A failed call to Azure in words: sign-in problems through the sign-in explanations, ARM errors through the ARM ones. */
export function failure(err: unknown): string {
  const e = err as { name?: string; statusCode?: number; code?: string; message?: string };
  if (e?.name === 'AuthenticationError' || e?.name === 'CredentialUnavailableError' || e?.name === 'AuthenticationRequiredError' || e?.statusCode === 401) {
    return signInError(err).message;
  }
  if (e?.code && e.statusCode) {
    const x = explainArmError({ code: e.code, message: e.message ?? '' });
    return `${x.summary} ${x.fix}`;
  }
  return signInError(err).message;
}
