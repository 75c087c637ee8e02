import { NAME_MAX, NAME_PATTERN } from '../schema/common.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import type { ModelServer } from '../schema/specs.ts';
import { specPath, specText } from '../examples/spec-text.ts';
import { placedGpus, poolCount, serves } from '../model/capacity.ts';
import { gpuCount, planError, type PlannedFile, type PlanResult } from './plan-types.ts';

export interface AddTenantInput {
  name: string;
  tier: 'shared' | 'dedicated';
  region: string;
  gpus: number;
  gpuType?: string;
  models: string[];
  plan?: 'free' | 'standard' | 'premium';
  displayName?: string;
  /** Today's date (YYYY-MM-DD) for a new pool's createdAt; passed in so planning stays pure. */
  today: string;
}

/** Plans a new tenant as SPEC-FORMAT.md's `plan add-tenant` says. */
export function planAddTenant(m: WorkspaceModel, input: AddTenantInput): PlanResult {
  const { name } = input;
  if (!NAME_PATTERN.test(name) || name.length > NAME_MAX) {
    return planError(`"${name}" is not a valid tenant name: lowercase a-z, 0-9 and "-", starting with a letter, at most ${NAME_MAX} characters.`);
  }
  if (m.named('Tenant', name).length > 0) return planError(`Tenant ${name} already exists (${m.named('Tenant', name)[0]!.file}).`);
  return input.tier === 'dedicated' ? planDedicated(m, input) : planShared(m, input);
}

function planShared(m: WorkspaceModel, input: AddTenantInput): PlanResult {
  const { name, region, gpus, models } = input;
  const inRegion = m.objects('Shard').filter((s) => s.spec.region === region);
  const reasons: string[] = [];
  const candidates: Array<{ shard: Obj<'Shard'>; freeAfter: number }> = [];
  for (const s of inRegion) {
    const why = unfit(m, s, input);
    if (why) {
      reasons.push(`${s.name}: ${why}`);
      continue;
    }
    candidates.push({ shard: s, freeAfter: s.spec.capacity.gpus - placedGpus(m, s.name) - gpus });
  }
  if (candidates.length === 0) {
    const detail = inRegion.length === 0 ? `there is no shard in ${region}` : reasons.join('; ');
    return planError(`No shard fits tenant ${name} (${gpuCount(gpus)}${input.gpuType ? ` of ${input.gpuType}` : ''}, models ${models.join(', ') || 'none'}) in ${region}: ${detail}.`);
  }
  candidates.sort((a, b) => b.freeAfter - a.freeAfter || (a.shard.name < b.shard.name ? -1 : 1));
  const chosen = candidates[0]!;
  const notes = [
    `Shard ${chosen.shard.name}: ${gpuCount(chosen.freeAfter + gpus)} free, ${chosen.freeAfter} after placing ${name} (most free of ${candidates.length} fitting shard${candidates.length === 1 ? '' : 's'} in ${region}).`,
  ];
  const files: PlannedFile[] = [];
  const pools: Record<string, string> = {};
  const threshold = m.config.thresholds.poolPercent;
  const poolsInRegion = m.objects('ResourcePool').filter((p) => p.spec.region === region);
  const types = [...new Set(poolsInRegion.map((p) => p.spec.type))].sort();
  for (const type of types) {
    const ofType = poolsInRegion.filter((p) => p.spec.type === type).sort(newestFirst);
    const fit = ofType.find((p) => (poolCount(m, p.name) + 1) * 100 < threshold * p.spec.limit);
    if (fit) {
      pools[type] = fit.name;
      notes.push(`Pool ${type}: ${fit.name} (${poolCount(m, fit.name) + 1} of ${fit.spec.limit} tenants with ${name}).`);
      continue;
    }
    const newest = ofType[0]!;
    const poolName = nextPoolName(m, type, region, ofType);
    pools[type] = poolName;
    files.push({
      path: specPath('ResourcePool', poolName),
      action: 'create',
      content: specText('ResourcePool', poolName, {
        type, provider: newest.spec.provider, region, limit: newest.spec.limit, createdAt: input.today,
      }, `New ${type} pool in ${region}: every existing one is at or over ${threshold}% of its limit.`),
    });
    notes.push(`Pool ${type}: every ${type} pool in ${region} would be at or over ${threshold}%, so a new pool ${poolName} (limit ${newest.spec.limit}) is proposed.`);
  }
  const gpuType = input.gpuType ?? (gpus > 0 ? chosen.shard.spec.capacity.gpuType : undefined);
  files.unshift({ path: specPath('Tenant', name), action: 'create', content: tenantText(input, chosen.shard.name, gpuType, pools) });
  return { ok: true, plan: { files, notes } };
}

/** Why `s` cannot take the tenant, or undefined when it can. */
function unfit(m: WorkspaceModel, s: Obj<'Shard'>, input: AddTenantInput): string | undefined {
  if (s.spec.tenancy !== 'shared') return 'dedicated';
  if (s.spec.state !== 'active') return s.spec.state;
  if (input.gpuType !== undefined && s.spec.capacity.gpuType !== input.gpuType) return `has ${s.spec.capacity.gpuType}`;
  if (!serves(s, input.models)) return `does not serve ${input.models.filter((x) => !s.spec.modelServers.some((ms) => ms.model === x)).join(', ')}`;
  const free = s.spec.capacity.gpus - placedGpus(m, s.name);
  if (free < input.gpus) return `only ${gpuCount(free)} free`;
  return undefined;
}

function newestFirst(a: Obj<'ResourcePool'>, b: Obj<'ResourcePool'>): number {
  if (a.spec.createdAt !== b.spec.createdAt) return a.spec.createdAt < b.spec.createdAt ? 1 : -1;
  return a.name < b.name ? 1 : -1;
}

/** `<type>-<region>-<n>`, n one more than the highest instance number in use for that type and region. */
function nextPoolName(m: WorkspaceModel, type: string, region: string, ofType: readonly Obj<'ResourcePool'>[]): string {
  let n = 0;
  for (const p of ofType) {
    const match = /-(\d+)$/.exec(p.name);
    if (match) n = Math.max(n, Number(match[1]));
  }
  let name = `${type}-${region}-${n + 1}`;
  while (m.named('ResourcePool', name).length > 0) name = `${type}-${region}-${++n + 1}`;
  return name;
}

function planDedicated(m: WorkspaceModel, input: AddTenantInput): PlanResult {
  const { name, region, gpus, models } = input;
  const cluster = m.objects('Cluster').find((c) => c.spec.region === region);
  if (!cluster) return planError(`No cluster in ${region} can host a dedicated shard for ${name}; add a Cluster in ${region} first.`);
  if (m.named('Shard', name).length > 0) return planError(`A shard named ${name} already exists; a dedicated tenant's shard takes the tenant's name.`);
  const gpuType = input.gpuType ?? mostCommonGpuType(m, region);
  if (gpus > 0 && !gpuType) return planError(`--gpu-type is needed: no shard in ${region} shows which GPU type to use.`);
  const servers = models.map((model) => modelServerFor(m, model, gpus));
  const shardSpec = {
    cluster: cluster.name,
    region,
    zones: ['1', '2', '3'],
    tenancy: 'dedicated',
    owner: name,
    state: 'active',
    capacity: { gpus, gpuType: gpuType ?? 'none', cpu: String(Math.max(8, gpus * 16)), memory: `${Math.max(32, gpus * 128)}Gi` },
    modelServers: servers,
    routing: { weight: 100, priority: 1 },
  };
  const files: PlannedFile[] = [
    { path: specPath('Tenant', name), action: 'create', content: tenantText(input, name, gpus > 0 ? gpuType : undefined, {}) },
    { path: specPath('Shard', name), action: 'create', content: specText('Shard', name, shardSpec, `Dedicated shard of tenant ${name}.`) },
  ];
  return {
    ok: true,
    plan: {
      files,
      notes: [
        `Dedicated shard ${name} on cluster ${cluster.name} (${region}): ${gpuCount(gpus)}${gpuType ? ` of ${gpuType}` : ''}, three zones, ${servers.length} model server${servers.length === 1 ? '' : 's'}.`,
        `Tenant ${name} runs alone on it; no shared pools.`,
      ],
    },
  };
}

function mostCommonGpuType(m: WorkspaceModel, region: string): string | undefined {
  const counts = new Map<string, number>();
  for (const s of m.objects('Shard')) if (s.spec.region === region) counts.set(s.spec.capacity.gpuType, (counts.get(s.spec.capacity.gpuType) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** A model server for `model`, copied from a shard that already serves it, else a vLLM default. */
function modelServerFor(m: WorkspaceModel, model: string, gpus: number): ModelServer {
  for (const s of m.objects('Shard')) {
    const ms = s.spec.modelServers.find((x) => x.model === model);
    if (ms) return { ...ms, replicas: { min: Math.min(ms.replicas.min, Math.max(1, gpus)), max: Math.max(1, Math.min(ms.replicas.max, gpus || 1)) } };
  }
  const name = model.replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, 'm-').slice(0, 40).replace(/-+$/, '');
  return { name, model, runtime: 'vllm', gpusPerReplica: 1, replicas: { min: 1, max: Math.max(1, gpus) } };
}

function tenantText(input: AddTenantInput, shard: string, gpuType: string | undefined, pools: Record<string, string>): string {
  const plan = input.plan ?? 'standard';
  return specText('Tenant', input.name, {
    displayName: input.displayName ?? input.name,
    tier: input.tier,
    plan,
    region: input.region,
    latencyTargetMs: plan === 'premium' ? 100 : plan === 'standard' ? 250 : 1000,
    models: input.models,
    quotas: {
      gpus: input.gpus,
      ...(gpuType ? { gpuType } : {}),
      cpu: String(Math.max(2, input.gpus * 8)),
      memory: `${Math.max(8, input.gpus * 32)}Gi`,
    },
    placement: { shard },
    ...(Object.keys(pools).length ? { pools } : {}),
  }, `Tenant ${input.displayName ?? input.name}, planned by gantry plan add-tenant.`);
}
