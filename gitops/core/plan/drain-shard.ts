import { editYamlText } from '../edit/yaml-edit.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { placedGpus, placedTenants, serves } from '../model/capacity.ts';
import { describeHealth, liveUnhealthy, type ShardHealthInput } from '../routing/live-health.ts';
import { gpuCount, type PlannedFile, type PlanResult } from './plan-types.ts';

export interface DrainOptions {
  /** Move what fits and leave the rest on the draining shard, each with why (`--partial`). */
  partial?: boolean;
  /** Live shard health: degraded or down shards take no tenants. Without it only the specs count. */
  health?: ShardHealthInput;
}

type Tenant = Obj<'Tenant'>;
type Shard = Obj<'Shard'>;

export interface DrainMove {
  tenant: Tenant;
  to: Shard;
  /** The drained shard's failoverShard, taken because the routing policy keeps sessions on it. */
  affinity: boolean;
}

export interface DrainStay {
  tenant: Tenant;
  /** One sentence: `t2 (2 GPUs, llama-3-8b) stays on old: ...`. */
  reason: string;
}

/** A target shard's GPUs after the moves. */
export interface DrainHeadroom {
  shard: string;
  capacity: number;
  placedBefore: number;
  placedAfter: number;
}

/** What the drain decided, for the plan, the CLI and the app's preview. */
export interface DrainOutcome {
  shard: Shard;
  moves: DrainMove[];
  stays: DrainStay[];
  headroom: DrainHeadroom[];
  /** Session affinity is on in a RoutingPolicy, so tenants go to the failover shard when it fits. */
  affinity: boolean;
  partial: boolean;
}

const PLAN_RANK = { premium: 0, standard: 1, free: 2 } as const;

/**
 * Plans `drain-shard`: the shard goes `draining` and each of its tenants moves to another active
 * shared shard of the same region and GPU type that serves its models. Only the drained shard's
 * tenants move (one move each, the fewest possible). Premium tenants are placed first, then
 * standard, then free, each plan largest first; when that order leaves a tenant out and largest
 * first would place everyone, largest first is used. Each goes to the drained shard's failoverShard
 * when a RoutingPolicy has sessionAffinity and it fits (the router already moves conversations
 * there), else to the shard with the most free GPUs, so capacity is respected. Edits keep every
 * comment of the files. Without `partial` it is all or nothing.
 */
export function planDrainShard(m: WorkspaceModel, name: string, opts: DrainOptions = {}): PlanResult {
  const r = decideDrain(m, name, opts);
  if (!r.ok) return r;
  return { ok: true, plan: drainPlan(r.outcome) };
}

export function decideDrain(m: WorkspaceModel, name: string, opts: DrainOptions = {}): { ok: true; outcome: DrainOutcome } | { ok: false; message: string } {
  const shard = m.valid('Shard', name);
  if (!shard) {
    return { ok: false, message: m.get('Shard', name) ? `Shard ${name} has errors; fix them before draining it (gantry validate).` : `Shard ${name} does not exist.` };
  }
  const { region, capacity } = shard.spec;
  const candidates = m
    .objects('Shard')
    .filter((s) => s.name !== name && s.spec.tenancy === 'shared' && s.spec.state === 'active' && s.spec.region === region && s.spec.capacity.gpuType === capacity.gpuType);
  const unhealthy = candidates.filter((s) => liveUnhealthy(opts.health, s.name));
  const targets = candidates.filter((s) => !unhealthy.includes(s));
  const affinity = m.objects('RoutingPolicy').some((p) => p.spec.sessionAffinity);
  const failover = affinity ? shard.spec.routing?.failoverShard : undefined;
  const tenants = placedTenants(m, name);
  const byPlan = [...tenants].sort((a, b) => PLAN_RANK[a.spec.plan] - PLAN_RANK[b.spec.plan] || b.spec.quotas.gpus - a.spec.quotas.gpus || (a.name < b.name ? -1 : 1));
  let placed = place(m, byPlan, targets, failover);
  if (placed.left.some((t) => t.spec.tier !== 'dedicated')) {
    const bySize = [...tenants].sort((a, b) => b.spec.quotas.gpus - a.spec.quotas.gpus || (a.name < b.name ? -1 : 1));
    const alt = place(m, bySize, targets, failover);
    if (alt.left.length < placed.left.length) placed = alt;
  }
  const { moves, left, free } = placed;
  const gpuType = capacity.gpuType;
  if (left.length && !opts.partial) {
    const stuck = left.map((t) => t.spec.tier === 'dedicated'
      ? `${t.name} is dedicated and runs only on its own shard`
      : `${t.name} (${gpuCount(t.spec.quotas.gpus)}, ${t.spec.models.join(', ') || 'no models'}) fits on no other active shared ${gpuType} shard in ${region}`);
    return { ok: false, message: `Cannot drain shard ${name}: ${stuck.join('; ')}. Add capacity in ${region} or move these tenants by hand.` };
  }
  const stays = left.map((t) => ({ tenant: t, reason: stayReason(t, shard, candidates, targets, unhealthy, free, opts.health) }));
  const headroom = targets
    .filter((s) => moves.some((mv) => mv.to.name === s.name))
    .map((s) => ({ shard: s.name, capacity: s.spec.capacity.gpus, placedBefore: placedGpus(m, s.name), placedAfter: s.spec.capacity.gpus - free.get(s.name)! }));
  return { ok: true, outcome: { shard, moves, stays, headroom, affinity, partial: left.length > 0 } };
}

/** Places `order` greedily: the failover shard when affinity names it and it fits, else the most free. */
function place(m: WorkspaceModel, order: readonly Tenant[], targets: readonly Shard[], failover: string | undefined) {
  const free = new Map(targets.map((s) => [s.name, s.spec.capacity.gpus - placedGpus(m, s.name)]));
  const moves: DrainMove[] = [];
  const left: Tenant[] = [];
  for (const t of order) {
    if (t.spec.tier === 'dedicated') {
      left.push(t);
      continue;
    }
    const fits = targets
      .filter((s) => serves(s, t.spec.models) && free.get(s.name)! >= t.spec.quotas.gpus)
      .sort((a, b) => free.get(b.name)! - free.get(a.name)! || (a.name < b.name ? -1 : 1));
    const sticky = fits.find((s) => s.name === failover);
    const to = sticky ?? fits[0];
    if (!to) {
      left.push(t);
      continue;
    }
    free.set(to.name, free.get(to.name)! - t.spec.quotas.gpus);
    moves.push({ tenant: t, to, affinity: sticky !== undefined });
  }
  return { moves, left, free };
}

/** Why `t` stays on the drained shard, in one sentence. */
function stayReason(t: Tenant, shard: Shard, candidates: readonly Shard[], targets: readonly Shard[], unhealthy: readonly Shard[], free: ReadonlyMap<string, number>, health: ShardHealthInput | undefined): string {
  const head = `${t.name} (${gpuCount(t.spec.quotas.gpus)}, ${t.spec.models.join(', ') || 'no models'}) stays on ${shard.name}`;
  const kind = `active shared ${shard.spec.capacity.gpuType} shard in ${shard.spec.region}`;
  if (t.spec.tier === 'dedicated') return `${head}: it is dedicated and runs only on its own shard.`;
  if (candidates.length === 0) return `${head}: there is no other ${kind}.`;
  if (targets.length === 0) {
    return `${head}: every other ${kind} is unhealthy (${unhealthy.map((s) => `${s.name} ${describeHealth(liveUnhealthy(health, s.name)!)}`).join('; ')}).`;
  }
  const serving = targets.filter((s) => serves(s, t.spec.models));
  if (serving.length === 0) {
    const missing = t.spec.models.filter((md) => !targets.some((s) => s.spec.modelServers.some((ms) => ms.model === md)));
    return missing.length
      ? `${head}: no other healthy ${kind} serves ${missing.join(', ')}.`
      : `${head}: no single other healthy ${kind} serves all of ${t.spec.models.join(', ')}.`;
  }
  const room = serving.map((s) => `${s.name} ${free.get(s.name)!}`).join(', ');
  return `${head}: the shards that serve its models have too few GPUs free after the other moves (${room}).`;
}

/** The plan's files and notes for an outcome. */
export function drainPlan(o: DrainOutcome): { files: PlannedFile[]; notes: string[] } {
  const name = o.shard.name;
  const files: PlannedFile[] = [];
  files.push({ path: o.shard.file, action: 'modify', content: editYamlText(o.shard.text ?? '', [{ op: 'set', path: 'spec.state', value: 'draining' }]) });
  for (const { tenant, to } of o.moves) {
    files.push({ path: tenant.file, action: 'modify', content: editYamlText(tenant.text ?? '', [{ op: 'set', path: 'spec.placement.shard', value: to.name }]) });
  }
  const notes = [`Shard ${name} is set to draining; it takes no new tenants.`];
  if (o.moves.length === 0 && o.stays.length === 0) notes.push(`No tenants were placed on ${name}.`);
  for (const { tenant, to } of o.moves) notes.push(`Move ${tenant.name} (${gpuCount(tenant.spec.quotas.gpus)}) to ${to.name}.`);
  const sticky = o.moves.filter((mv) => mv.affinity);
  if (sticky.length) {
    notes.push(`Session affinity is on, so ${sticky.map((mv) => mv.tenant.name).join(', ')} go${sticky.length === 1 ? 'es' : ''} to ${sticky[0]!.to.name}, the failover shard of ${name}, where the router moves their conversations.`);
  }
  if (o.stays.length) {
    notes.push(`Partial drain: ${o.moves.length} of ${o.moves.length + o.stays.length} tenants move; ${o.stays.length} stay on ${name} until there is room.`);
    for (const s of o.stays) notes.push(s.reason);
  }
  for (const h of o.headroom) notes.push(`Shard ${h.shard}: ${h.placedAfter} of ${h.capacity} GPUs placed after the moves.`);
  return { files, notes };
}
