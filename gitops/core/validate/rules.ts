import type { Finding } from '../../../shared/findings.ts';
import { WORKSPACE_FILE } from '../../../shared/kinds.ts';
import { locate, type ParsedFile } from '../load/parse-file.ts';
import { placedTenants, poolCount } from '../model/capacity.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { shardRoutingProblems } from '../routing/failover-problems.ts';
import type { SpecOf } from '../schema/specs.ts';
import { didYouMean } from './did-you-mean.ts';

/**
 * The cross-object rules of SPEC-FORMAT.md. Each function returns the findings that belong to
 * one file, so the validator can recompute a file's findings when anything it depends on changes.
 */
export function checkFile(m: WorkspaceModel, pf: ParsedFile): Finding[] {
  const out: Finding[] = [];
  checkDuplicate(m, pf, out);
  if (pf.spec === undefined) return out;
  switch (pf.kind) {
    case 'Tenant':
      checkTenant(m, pf as ParsedFile<'Tenant'>, out);
      break;
    case 'Shard':
      checkShard(m, pf as ParsedFile<'Shard'>, out);
      break;
    case 'ResourcePool':
      checkPool(m, pf as ParsedFile<'ResourcePool'>, out);
      break;
    case 'Workspace':
      checkWorkspace(m, pf, out);
      break;
    default:
      break;
  }
  return out;
}

function checkDuplicate(m: WorkspaceModel, pf: ParsedFile, out: Finding[]): void {
  if (pf.kind === 'Workspace') return;
  const others = m.named(pf.kind, pf.name).filter((o) => o.file !== pf.file);
  if (others.length === 0) return;
  out.push(locate(pf, 'name.duplicate', ['metadata', 'name'],
    `${pf.kind} ${pf.name} is also defined in ${others.map((o) => o.file).join(', ')}; names must be unique per kind, so rename or delete one.`));
}

/** Regions where a cluster of the workspace runs (the clusters are where a region becomes real). */
export function clusterRegions(m: WorkspaceModel): Set<string> {
  const out = new Set<string>();
  for (const name of m.names('Cluster')) {
    const c = m.get('Cluster', name);
    if (c?.spec) out.add(c.spec.region);
  }
  return out;
}

/** Names of `kind` in the model, for "did you mean". */
function namesOf(m: WorkspaceModel, kind: 'Shard' | 'Cluster' | 'ResourcePool'): Iterable<string> {
  return m.names(kind);
}

/** region.unknown: a region no cluster runs in (a typo such as eastuss), with the closest region named. */
function checkRegion(m: WorkspaceModel, pf: ParsedFile, what: string, region: string, out: Finding[]): void {
  const known = clusterRegions(m);
  if (known.size === 0 || known.has(region)) return;
  out.push(locate(pf, 'region.unknown', ['spec', 'region'],
    `${what} is in region ${region}, where no cluster of this workspace runs (clusters are in ${[...known].sort().join(', ')}).${didYouMean(region, known)}`));
}

function checkTenant(m: WorkspaceModel, t: ParsedFile<'Tenant'>, out: Finding[]): void {
  const s = t.spec!;
  checkRegion(m, t, `Tenant ${t.name}`, s.region, out);
  const shardName = s.placement.shard;
  const shardFile = m.get('Shard', shardName);
  if (!shardFile) {
    out.push(locate(t, 'ref.missing', ['spec', 'placement', 'shard'],
      `Tenant ${t.name} is placed on shard ${shardName}, which does not exist; pick a shard from shards/ or create it.${didYouMean(shardName, namesOf(m, 'Shard'))}`));
  } else if (shardFile.spec) {
    const sh = shardFile.spec;
    if (s.region !== sh.region) {
      out.push(locate(t, 'placement.region', ['spec', 'region'],
        `Tenant ${t.name} must stay in ${s.region} (data residency) but its shard ${shardName} is in ${sh.region}; place it on a shard in ${s.region}.`));
    }
    if (s.tier === 'shared' && sh.tenancy === 'dedicated') {
      out.push(locate(t, 'placement.tenancy', ['spec', 'placement', 'shard'],
        `Tenant ${t.name} is shared but shard ${shardName} is dedicated to ${sh.owner ?? 'another tenant'}; place it on a shared shard.`));
    } else if (s.tier === 'dedicated' && (sh.tenancy !== 'dedicated' || sh.owner !== t.name)) {
      const why = sh.tenancy !== 'dedicated' ? 'a shared shard' : `dedicated to ${sh.owner ?? 'nobody'}`;
      out.push(locate(t, 'placement.tenancy', ['spec', 'placement', 'shard'],
        `Tenant ${t.name} is dedicated but shard ${shardName} is ${why}; a dedicated tenant runs on its own shard (tenancy dedicated, owner ${t.name}).`));
    }
    if (sh.state !== 'active') {
      out.push(locate(t, 'placement.state', ['spec', 'placement', 'shard'],
        `Tenant ${t.name} is placed on shard ${shardName}, which is ${sh.state}; move it to an active shard.`));
    }
    if (s.quotas.gpuType !== undefined && s.quotas.gpuType !== sh.capacity.gpuType) {
      out.push(locate(t, 'placement.gpuType', ['spec', 'quotas', 'gpuType'],
        `Tenant ${t.name} asks for ${s.quotas.gpuType} GPUs but shard ${shardName} has ${sh.capacity.gpuType}; change the GPU type or the shard.`));
    }
    const served = new Set(sh.modelServers.map((ms) => ms.model));
    s.models.forEach((model, i) => {
      if (!served.has(model)) {
        out.push(locate(t, 'model.unserved', ['spec', 'models', i],
          `Tenant ${t.name} uses model ${model} but no model server of shard ${shardName} serves it (it serves ${[...served].join(', ') || 'nothing'}); add a modelServer or choose another shard.`));
      }
    });
  }
  for (const [type, poolName] of Object.entries(s.pools ?? {})) {
    const pool = m.get('ResourcePool', poolName);
    if (!pool) {
      out.push(locate(t, 'ref.missing', ['spec', 'pools', type],
        `Tenant ${t.name} uses ${type} pool ${poolName}, which does not exist; pick a pool from pools/ or create it.${didYouMean(poolName, namesOf(m, 'ResourcePool'))}`));
      continue;
    }
    if (!pool.spec) continue;
    if (pool.spec.type !== type) {
      out.push(locate(t, 'ref.type', ['spec', 'pools', type],
        `Tenant ${t.name} lists ${poolName} as its ${type} pool, but ${poolName} is a ${pool.spec.type} pool.`));
    }
    if (pool.spec.region !== s.region) {
      out.push(locate(t, 'pool.region', ['spec', 'pools', type],
        `Tenant ${t.name} must keep its data in ${s.region} but pool ${poolName} is in ${pool.spec.region}; choose a pool in ${s.region}.`));
    }
  }
}

function checkShard(m: WorkspaceModel, sh: ParsedFile<'Shard'>, out: Finding[]): void {
  const s = sh.spec!;
  const cluster = m.get('Cluster', s.cluster);
  if (!cluster) {
    out.push(locate(sh, 'ref.missing', ['spec', 'cluster'],
      `Shard ${sh.name} runs on cluster ${s.cluster}, which does not exist; pick a cluster from clusters/ or create it.${didYouMean(s.cluster, namesOf(m, 'Cluster'))}`));
  } else if (cluster.spec && cluster.spec.region !== s.region) {
    out.push(locate(sh, 'shard.region', ['spec', 'region'],
      `Shard ${sh.name} is in ${s.region} but its cluster ${s.cluster} is in ${cluster.spec.region}; they must match.`));
  }
  const failover = s.routing?.failoverShard;
  if (failover !== undefined) {
    if (failover === sh.name) {
      out.push(locate(sh, 'failover.self', ['spec', 'routing', 'failoverShard'],
        `Shard ${sh.name} fails over to itself, which gives no failover; name another shard in the same region.`));
    } else if (!m.get('Shard', failover)) {
      out.push(locate(sh, 'ref.missing', ['spec', 'routing', 'failoverShard'],
        `Shard ${sh.name} fails over to shard ${failover}, which does not exist.${didYouMean(failover, [...namesOf(m, 'Shard')].filter((n) => n !== sh.name))}`));
    }
  }
  for (const p of shardRoutingProblems(m, sh as Obj<'Shard'>)) out.push(locate(sh, p.code, p.path, p.message));
  // SPEC-FORMAT: ref.missing is "a reference (..., owner) names nothing", whatever the tenancy.
  if (s.owner !== undefined && !m.get('Tenant', s.owner)) {
    out.push(locate(sh, 'ref.missing', ['spec', 'owner'], s.tenancy === 'dedicated'
      ? `Shard ${sh.name} is dedicated to tenant ${s.owner}, which does not exist.`
      : `Shard ${sh.name} names tenant ${s.owner} as its owner, which does not exist; a shared shard needs no owner, so remove it or fix the name.`));
  }
  if (s.zones.length < 2 && s.modelServers.some((ms) => ms.replicas.min >= 2)) {
    out.push(locate(sh, 'zones.single', ['spec', 'zones'],
      `Shard ${sh.name} runs model servers with at least 2 replicas in only ${s.zones.length} zone; list 2 or more zones so a zone outage does not take them all.`));
  }

  const placed = placedTenants(m, sh.name);
  const asked = placed.reduce((n, t) => n + t.spec.quotas.gpus, 0);
  const cap = s.capacity.gpus;
  const pct = m.config.thresholds.shardPercent;
  if (asked > cap) {
    out.push(locate(sh, 'shard.capacity.exceeded', ['spec', 'capacity', 'gpus'],
      `Tenants on shard ${sh.name} ask for ${asked} GPUs but it has ${cap} (${topAskers(placed)}); move a tenant or add capacity.`));
  } else if (asked > 0 && asked * 100 >= pct * cap) {
    out.push(locate(sh, 'shard.capacity.threshold', ['spec', 'capacity', 'gpus'],
      `Shard ${sh.name} has ${asked} of ${cap} GPUs placed (${Math.round((asked * 100) / cap)}%), at or over the ${pct}% threshold; plan more capacity.`));
  }
  if (s.tenancy === 'dedicated') {
    for (const t of placed) {
      if (t.name === s.owner) continue;
      out.push(locate(sh, 'placement.tenancy', ['spec', 'tenancy'],
        `Shard ${sh.name} is dedicated to ${s.owner ?? 'one tenant'} but tenant ${t.name} (${t.file}) is placed on it; move ${t.name} to a shared shard.`));
    }
  }
}

function checkPool(m: WorkspaceModel, p: ParsedFile<'ResourcePool'>, out: Finding[]): void {
  const s = p.spec!;
  checkRegion(m, p, `Pool ${p.name}`, s.region, out);
  const count = poolCount(m, p.name);
  const pct = m.config.thresholds.poolPercent;
  if (count > s.limit) {
    out.push(locate(p, 'pool.limit.exceeded', ['spec', 'limit'],
      `Pool ${p.name} holds ${count} tenants but its limit is ${s.limit}; move tenants to another ${s.type} pool or add one.`));
  } else if (count > 0 && count * 100 >= pct * s.limit) {
    out.push(locate(p, 'pool.limit.threshold', ['spec', 'limit'],
      `Pool ${p.name} holds ${count} of ${s.limit} tenants (${Math.round((count * 100) / s.limit)}%), at or over the ${pct}% threshold; new tenants should go to a new ${s.type} pool.`));
  }
}

function checkWorkspace(m: WorkspaceModel, pf: ParsedFile, out: Finding[]): void {
  if (pf.file !== WORKSPACE_FILE) return;
  if (m.config.git === undefined && m.list('Cluster').length > 0) {
    out.push(locate(pf, 'bootstrap.git', ['spec'],
      'spec.git (url, branch) is not set, so rendered/_bootstrap/ cannot tell Flux or Argo CD where to pull from; add it.'));
  }
}

type ValidTenant = ParsedFile<'Tenant'> & { spec: SpecOf['Tenant'] };

function topAskers(placed: ValidTenant[]): string {
  const top = [...placed].sort((a, b) => b.spec.quotas.gpus - a.spec.quotas.gpus).filter((t) => t.spec.quotas.gpus > 0);
  const shown = top.slice(0, 4).map((t) => `${t.name} ${t.spec.quotas.gpus}`);
  return shown.join(', ') + (top.length > 4 ? `, and ${top.length - 4} more` : '');
}
