import type { RuleCode } from '../../../shared/findings.ts';
import { placedTenants } from '../model/capacity.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { gpuCount } from '../plan/plan-types.ts';
import { describeHealth, liveUnhealthy, type ShardHealthInput } from './live-health.ts';

/** A problem the routing map implies, on one shard's file; also a validation warning with the same code. */
export interface RoutingProblem {
  code: Extract<RuleCode, 'failover.unavailable' | 'failover.cycle' | 'failover.capacity' | 'region.full'>;
  shard: string;
  file: string;
  /** Where in the shard's file (path segments). */
  path: Array<string | number>;
  message: string;
}

type Shard = Obj<'Shard'>;
const PLAN_RANK = { premium: 0, standard: 1, free: 2 } as const;

/**
 * The failover problems of one shard: its failover target unavailable (draining, cordoned,
 * dedicated, on another cluster, or, with live input, degraded or down), a failover loop through
 * shards that all cannot take traffic, tenants the target cannot hold (GPUs, gpuType, models), and the shard being the only
 * available one of its region while full. `health` is optional: without it, only the specs count.
 */
export function shardRoutingProblems(m: WorkspaceModel, sh: Shard, health?: ShardHealthInput): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const push = (code: RoutingProblem['code'], path: RoutingProblem['path'], message: string) => out.push({ code, shard: sh.name, file: sh.file, path, message });
  const failoverPath = ['spec', 'routing', 'failoverShard'];
  const target = failoverTarget(m, sh);
  if (target) {
    const why = unavailable(sh, target, health);
    if (why) {
      push('failover.unavailable', failoverPath,
        `Shard ${sh.name} fails over to ${target.name}, which ${why}; point failoverShard at an active shared shard of ${sh.spec.cluster} in ${sh.spec.region}.`);
    } else {
      const capacity = capacityProblem(m, sh, target);
      if (capacity) push('failover.capacity', failoverPath, capacity);
    }
    const loop = deadLoop(m, sh, health);
    if (loop) {
      push('failover.cycle', failoverPath,
        `Shard ${sh.name}'s failover chain ${loop.chain.join(' -> ')} goes round without reaching a shard that can take its traffic (${loop.why.join(', ')}); make one of them active again or point one failoverShard outside the loop.`);
    }
  }
  const full = regionFull(m, sh, health);
  if (full) push('region.full', ['spec', 'capacity', 'gpus'], full);
  return out;
}

/** The problems of every shard, for the routing map (with live health when given). */
export function routingProblems(m: WorkspaceModel, health?: ShardHealthInput): RoutingProblem[] {
  return m.objects('Shard').flatMap((s) => shardRoutingProblems(m, s, health));
}

/** The valid shard `sh` fails over to (not itself: failover.self covers that). */
function failoverTarget(m: WorkspaceModel, sh: Shard): Shard | undefined {
  const name = sh.spec.routing?.failoverShard;
  if (name === undefined || name === sh.name) return undefined;
  return m.valid('Shard', name);
}

/** Why `target` cannot take `sh`'s traffic, as the end of a sentence, or undefined. */
function unavailable(sh: Shard, target: Shard, health: ShardHealthInput | undefined): string | undefined {
  const t = target.spec;
  if (t.cluster !== sh.spec.cluster) {
    return `runs on cluster ${t.cluster}, and the router of ${sh.spec.cluster} only knows its own cluster's shards (routing.json)`;
  }
  if (t.region !== sh.spec.region) return `is in ${t.region}, and the tenants of ${sh.name} must stay in ${sh.spec.region}`;
  if (t.state !== 'active') return `is ${t.state}`;
  if (sh.spec.tenancy === 'shared' && t.tenancy === 'dedicated') return `is dedicated to ${t.owner ?? 'one tenant'}, so shared tenants cannot run there`;
  const live = liveUnhealthy(health, target.name);
  if (live) return `is ${describeHealth(live)}`;
  return undefined;
}

/** The sentence saying which of `sh`'s tenants `target` cannot hold, or undefined when all fit. */
function capacityProblem(m: WorkspaceModel, sh: Shard, target: Shard): string | undefined {
  const t = target.spec;
  const served = new Set(t.modelServers.map((s) => s.model));
  const tenants = placedTenants(m, sh.name);
  const wrongType: string[] = [];
  const unserved: string[] = [];
  const needGpus: typeof tenants = [];
  for (const x of tenants) {
    const q = x.spec.quotas;
    if (q.gpus > 0 && q.gpuType !== undefined && q.gpuType !== t.capacity.gpuType) wrongType.push(`${x.name} (${q.gpuType})`);
    else if (x.spec.models.some((md) => !served.has(md))) unserved.push(`${x.name} (${x.spec.models.filter((md) => !served.has(md)).join(', ')})`);
    else needGpus.push(x);
  }
  // Premium first, then largest, as the drain places them.
  needGpus.sort((a, b) => PLAN_RANK[a.spec.plan] - PLAN_RANK[b.spec.plan] || b.spec.quotas.gpus - a.spec.quotas.gpus || (a.name < b.name ? -1 : 1));
  const free = Math.max(0, t.capacity.gpus - placedTenants(m, target.name).reduce((n, x) => n + x.spec.quotas.gpus, 0));
  let left = free;
  const noRoom: string[] = [];
  let short = 0;
  for (const x of needGpus) {
    if (x.spec.quotas.gpus <= left) left -= x.spec.quotas.gpus;
    else {
      noRoom.push(`${x.name} (${gpuCount(x.spec.quotas.gpus)})`);
      short += x.spec.quotas.gpus;
    }
  }
  const parts: string[] = [];
  if (noRoom.length) parts.push(`${noRoom.join(', ')} would not fit in its ${gpuCount(free)} free (${gpuCount(short - left)} more needed)`);
  if (wrongType.length) parts.push(`${wrongType.join(', ')} ask for another GPU type than its ${t.capacity.gpuType}`);
  if (unserved.length) parts.push(`${unserved.join(', ')} use models it does not serve`);
  if (!parts.length) return undefined;
  const add = [noRoom.length ? 'GPUs' : '', unserved.length ? 'model servers' : ''].filter(Boolean).join(' and ');
  const fix = add ? `add ${add} to ${target.name}, or choose another failoverShard` : `choose a failoverShard with ${wrongType.length ? 'the GPU type they ask for' : 'room for them'}`;
  return `If shard ${sh.name} fails over to ${target.name}, tenants ${parts.join('; ')}; ${fix}.`;
}

/**
 * The router follows failoverShard until a shard can take the traffic. A failover loop is a
 * problem only when it goes round through shards that all cannot (draining, cordoned, dedicated,
 * or with live input degraded or down): a mutual pair or a ring of healthy shards is a normal design.
 * Returns the chain from `sh` back to the first shard seen twice, and why each cannot take it.
 */
function deadLoop(m: WorkspaceModel, sh: Shard, health: ShardHealthInput | undefined): { chain: string[]; why: string[] } | undefined {
  const chain: string[] = [sh.name];
  const why: string[] = [];
  let cur = failoverTarget(m, sh);
  while (cur) {
    if (chain.includes(cur.name)) {
      // One unavailable hop back to where it started is failover.unavailable already.
      if (why.length < 2) return undefined;
      const shown = chain.length > 6 ? [...chain.slice(0, 3), `... (${chain.length - 4} more)`, chain.at(-1)!] : chain;
      return { chain: [...shown, cur.name], why };
    }
    const live = liveUnhealthy(health, cur.name);
    if (cur.spec.state === 'active' && !live && !(cur.spec.tenancy === 'dedicated' && sh.spec.tenancy === 'shared')) return undefined;
    why.push(`${cur.name} is ${cur.spec.state !== 'active' ? cur.spec.state : live ? live.status : `dedicated to ${cur.spec.owner ?? 'one tenant'}`}`);
    chain.push(cur.name);
    cur = failoverTarget(m, cur);
  }
  return undefined;
}

/** Whether `s` can take tenants now: active, shared and (with live input) not degraded or down. */
function available(s: Shard, health: ShardHealthInput | undefined): boolean {
  return s.spec.state === 'active' && s.spec.tenancy === 'shared' && !liveUnhealthy(health, s.name);
}

/** The sentence for `sh` being full and the only available shared shard of a region that has others. */
function regionFull(m: WorkspaceModel, sh: Shard, health: ShardHealthInput | undefined): string | undefined {
  const s = sh.spec;
  if (!available(sh, health)) return undefined;
  const placed = placedTenants(m, sh.name).reduce((n, x) => n + x.spec.quotas.gpus, 0);
  if (placed < s.capacity.gpus) return undefined;
  const others = m.objects('Shard').filter((o) => o.name !== sh.name && o.spec.region === s.region && o.spec.tenancy === 'shared');
  if (others.length === 0 || others.some((o) => available(o, health))) return undefined;
  const why = others.map((o) => {
    const live = liveUnhealthy(health, o.name);
    return `${o.name} is ${o.spec.state !== 'active' ? o.spec.state : live ? live.status : 'unavailable'}`;
  });
  return `Shard ${sh.name} is the only shared shard in ${s.region} that can take tenants (${why.join(', ')}) and all ${s.capacity.gpus} of its GPUs are placed, so nothing in ${s.region} can take a failed-over or new tenant; add capacity to ${sh.name} or bring another shard back to active.`;
}
