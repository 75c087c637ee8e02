import { expect } from 'vitest';
import type { Finding } from '../../../shared/findings.ts';
import { specText } from '../examples/spec-text.ts';
import { validateFiles } from '../validate/validator.ts';

/**
 * Tiny hand-built workspaces for the validation rules' boundary tests (test helper): one cluster in
 * westeurope, then exactly the shards, tenants and pools a test names, so that every number in a
 * test is the number the rule sees.
 */

export type Files = Map<string, string>;
export type Seen = Pick<Finding, 'code' | 'severity' | 'file' | 'path'>;

export const GIT = { url: 'https://git.example.com/platform/tenants.git', branch: 'main' };

export interface WorkspaceOpts {
  shardPercent?: number;
  poolPercent?: number;
  git?: boolean;
  clusters?: boolean;
}

/** gantry.yaml and one cluster in westeurope; nothing else. */
export function workspace(opts: WorkspaceOpts = {}): Files {
  const files: Files = new Map();
  files.set('gantry.yaml', specText('Workspace', 'ws', {
    thresholds: { poolPercent: opts.poolPercent ?? 70, shardPercent: opts.shardPercent ?? 85 },
    ...(opts.git === false ? {} : { git: GIT }),
  }));
  if (opts.clusters !== false) cluster(files, 'c-weu', 'westeurope');
  return files;
}

export function cluster(files: Files, name: string, region: string): Files {
  files.set(`clusters/${name}.yaml`, specText('Cluster', name, { region, provider: 'aks', gitops: 'flux' }));
  return files;
}

export const server = (name: string, model: string, min = 1) => ({
  name,
  model,
  runtime: 'triton',
  gpusPerReplica: 1,
  replicas: { min, max: Math.max(min, 2) },
});

export interface ShardOpts {
  gpus?: number;
  gpuType?: string;
  cluster?: string;
  region?: string;
  zones?: string[];
  tenancy?: 'shared' | 'dedicated';
  owner?: string;
  state?: string;
  modelServers?: unknown[];
  failover?: string;
}

export function shard(files: Files, name: string, o: ShardOpts = {}): Files {
  files.set(`shards/${name}.yaml`, specText('Shard', name, {
    cluster: o.cluster ?? 'c-weu',
    region: o.region ?? 'westeurope',
    zones: o.zones ?? ['1', '2', '3'],
    tenancy: o.tenancy ?? 'shared',
    ...(o.owner !== undefined ? { owner: o.owner } : {}),
    state: o.state ?? 'active',
    capacity: { gpus: o.gpus ?? 10, gpuType: o.gpuType ?? 'nvidia-h100', cpu: '80', memory: '640Gi' },
    modelServers: o.modelServers ?? [server('llama', 'llama-3-8b')],
    ...(o.failover !== undefined ? { routing: { weight: 100, priority: 1, failoverShard: o.failover } } : {}),
  }));
  return files;
}

export interface TenantOpts {
  shard?: string;
  gpus?: number;
  /** null: leave quotas.gpuType out. */
  gpuType?: string | null;
  tier?: 'shared' | 'dedicated';
  region?: string;
  models?: string[];
  pools?: Record<string, string>;
}

export function tenant(files: Files, name: string, o: TenantOpts = {}): Files {
  const gpus = o.gpus ?? 0;
  const gpuType = o.gpuType === null ? undefined : (o.gpuType ?? (gpus > 0 ? 'nvidia-h100' : undefined));
  files.set(`tenants/${name}.yaml`, specText('Tenant', name, {
    displayName: name,
    tier: o.tier ?? 'shared',
    plan: 'standard',
    region: o.region ?? 'westeurope',
    latencyTargetMs: 100,
    models: o.models ?? ['llama-3-8b'],
    quotas: { gpus, ...(gpuType !== undefined ? { gpuType } : {}), cpu: '2', memory: '8Gi' },
    placement: { shard: o.shard ?? 's1' },
    ...(o.pools !== undefined ? { pools: o.pools } : {}),
  }));
  return files;
}

export function pool(files: Files, name: string, o: { type?: string; region?: string; limit?: number } = {}): Files {
  files.set(`pools/${name}.yaml`, specText('ResourcePool', name, {
    type: o.type ?? 'search',
    provider: 'azure',
    region: o.region ?? 'westeurope',
    limit: o.limit ?? 10,
    createdAt: '2026-01-10',
  }));
  return files;
}

/** Shard s1 with `cap` GPUs and one tenant per entry of `asks`, named t1, t2, ... */
export function shardWith(cap: number, asks: number[], opts: WorkspaceOpts = {}): Files {
  const files = shard(workspace(opts), 's1', { gpus: cap });
  asks.forEach((gpus, i) => tenant(files, `t${i + 1}`, { gpus }));
  return files;
}

/** Pool p1 with `limit` and `count` tenants (0 GPUs each) that keep their search data in it. */
export function poolWith(limit: number, count: number, opts: WorkspaceOpts = {}): Files {
  const files = pool(shard(workspace(opts), 's1'), 'p1', { limit });
  for (let i = 1; i <= count; i++) tenant(files, `t${i}`, { pools: { search: 'p1' } });
  return files;
}

export const findings = (files: Files): Finding[] => validateFiles(files).findings;
export const seen = (files: Files): Seen[] => findings(files).map(({ code, severity, file, path }) => ({ code, severity, file, path }));
export const only = (files: Files, code: string): Finding => {
  const all = findings(files);
  expect(all.map((f) => f.code), JSON.stringify(all, null, 1)).toEqual([code]);
  return all[0]!;
};
