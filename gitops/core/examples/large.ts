import { specPath, specText } from './spec-text.ts';

export interface LargeExampleSize {
  tenants: number;
  shards: number;
  pools: number;
  clusters: number;
}

/** The benchmark size of ARCHITECTURE.md. */
export const LARGE_SIZE: LargeExampleSize = { tenants: 5000, shards: 500, pools: 50, clusters: 10 };

const REGIONS = ['westeurope', 'northeurope', 'eastus', 'westus2', 'swedencentral'];
const SHORT: Record<string, string> = { westeurope: 'weu', northeurope: 'neu', eastus: 'eus', westus2: 'wus', swedencentral: 'sdc' };
const POOL_TYPES = ['search', 'blob'];

/**
 * The benchmark workspace of `gantry init --example large`: generated deterministically (no clock,
 * no randomness), valid, with tenants spread evenly so no shard or pool crosses its threshold.
 */
export function largeExample(size: LargeExampleSize = LARGE_SIZE, gitUrl = 'https://git.example.com/platform/tenants.git'): Map<string, string> {
  const files = new Map<string, string>();
  files.set('gantry.yaml', specText('Workspace', 'benchmark-platform', {
    defaultRegion: REGIONS[0],
    thresholds: { poolPercent: 70, shardPercent: 85 },
    git: { url: gitUrl, branch: 'main' },
  }, 'Generated benchmark workspace (gantry init --example large).'));

  const clusters: Array<{ name: string; region: string }> = [];
  for (let c = 0; c < size.clusters; c++) {
    const region = REGIONS[c % REGIONS.length]!;
    const name = `aks-${SHORT[region]}-${Math.floor(c / REGIONS.length) + 1}`;
    clusters.push({ name, region });
    files.set(specPath('Cluster', name), specText('Cluster', name, { region, provider: 'aks', gitops: c % 4 === 3 ? 'argocd' : 'flux', kubeContext: name }));
  }

  const shards: Array<{ name: string; region: string }> = [];
  for (let s = 0; s < size.shards; s++) {
    const cluster = clusters[s % clusters.length]!;
    const name = `${cluster.name}-s${String(Math.floor(s / clusters.length) + 1).padStart(3, '0')}`;
    shards.push({ name, region: cluster.region });
  }
  shards.forEach((sh, s) => {
    const cluster = clusters[s % clusters.length]!;
    const next = shards[(s + clusters.length) % shards.length]!;
    files.set(specPath('Shard', sh.name), specText('Shard', sh.name, {
      cluster: cluster.name,
      region: cluster.region,
      zones: ['1', '2', '3'],
      tenancy: 'shared',
      state: 'active',
      capacity: { gpus: 16, gpuType: 'nvidia-h100', cpu: '128', memory: '1024Gi' },
      modelServers: [
        { name: 'llama', model: 'llama-3-8b', runtime: 'triton', gpusPerReplica: 1, replicas: { min: 2, max: 8 },
          batching: { maxBatchSize: 32, maxQueueDelayMs: 5 }, autoscaling: { metric: 'queueDepth', target: 10 } },
        { name: 'mistral', model: 'mistral-7b', runtime: 'vllm', gpusPerReplica: 1, replicas: { min: 2, max: 4 } },
      ],
      routing: { weight: 100, priority: 1, ...(next.name !== sh.name && next.region === sh.region ? { failoverShard: next.name } : {}) },
    }));
  });

  const poolsByRegionType = new Map<string, string[]>();
  for (let p = 0; p < size.pools; p++) {
    const region = REGIONS[p % REGIONS.length]!;
    const type = POOL_TYPES[Math.floor(p / REGIONS.length) % POOL_TYPES.length]!;
    const key = `${region}/${type}`;
    const list = poolsByRegionType.get(key) ?? [];
    const name = `${type}-${SHORT[region]}-${list.length + 1}`;
    list.push(name);
    poolsByRegionType.set(key, list);
    files.set(specPath('ResourcePool', name), specText('ResourcePool', name, {
      type, provider: 'azure', region, limit: 400, createdAt: `2025-${String((list.length % 12) + 1).padStart(2, '0')}-01`,
    }));
  }

  const gpuCycle = [0, 1, 1, 2];
  const plans = ['free', 'standard', 'standard', 'premium'];
  for (let t = 0; t < size.tenants; t++) {
    const shard = shards[t % shards.length]!;
    const name = `tenant-${String(t + 1).padStart(5, '0')}`;
    // Vary by round (t / shards) so every shard gets the same mix: 9 of 16 GPUs.
    const gpus = gpuCycle[Math.floor(t / shards.length) % gpuCycle.length]!;
    const plan = plans[Math.floor(t / shards.length) % plans.length]!;
    const pools: Record<string, string> = {};
    for (const type of POOL_TYPES) {
      const list = poolsByRegionType.get(`${shard.region}/${type}`);
      if (list?.length) pools[type] = list[Math.floor(t / shards.length) % list.length]!;
    }
    files.set(specPath('Tenant', name), specText('Tenant', name, {
      displayName: `Tenant ${t + 1}`,
      tier: 'shared',
      plan,
      region: shard.region,
      latencyTargetMs: plan === 'premium' ? 100 : 250,
      models: t % 3 === 0 ? ['llama-3-8b', 'mistral-7b'] : ['llama-3-8b'],
      quotas: { gpus, ...(gpus > 0 ? { gpuType: 'nvidia-h100' } : {}), cpu: String(Math.max(2, gpus * 8)), memory: `${Math.max(8, gpus * 32)}Gi` },
      placement: { shard: shard.name },
      ...(Object.keys(pools).length ? { pools } : {}),
    }));
  }
  files.set(specPath('RoutingPolicy', 'default'), specText('RoutingPolicy', 'default', {
    method: 'performance', sessionAffinity: true, healthProbe: { path: '/health', intervalSeconds: 10 },
  }));
  return files;
}
