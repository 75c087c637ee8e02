import { specPath } from './spec-text.ts';

/**
 * The readable demo workspace of `gantry init --example small`: 3 clusters, 6 shards, 20 tenants,
 * with comments that explain the fields. Hand-written text so the comments read naturally.
 */
export function smallExample(gitUrl = 'https://git.example.com/platform/tenants.git'): Map<string, string> {
  const files = new Map<string, string>();
  const api = 'apiVersion: platform.gantry.dev/v1alpha1';
  files.set('gantry.yaml', `# The workspace: marks the repository root and holds defaults for every spec.
${api}
kind: Workspace
metadata:
  name: demo-platform
spec:
  defaultRegion: westeurope
  # Capacity warnings: a pool at 70% of its tenant limit, a shard at 85% of its GPUs.
  thresholds: { poolPercent: 70, shardPercent: 85 }
  # What the clusters pull: Flux or Argo CD apply rendered/<cluster> from this repository.
  git: { url: ${gitUrl}, branch: main }
`);
  const clusters: Array<[string, string, string]> = [
    ['aks-weu-prod', 'westeurope', 'flux'],
    ['aks-eus-prod', 'eastus', 'flux'],
    ['aks-sdc-prod', 'swedencentral', 'argocd'],
  ];
  for (const [name, region, gitops] of clusters) {
    files.set(specPath('Cluster', name), `# A Kubernetes cluster that runs shards. gitops says which controller applies rendered/${name}.
${api}
kind: Cluster
metadata:
  name: ${name}
spec:
  region: ${region}
  provider: aks            # aks | eks | gke | onprem
  gitops: ${gitops}             # flux | argocd
  kubeContext: ${name}     # kubeconfig context for live monitoring
`);
  }
  const shard = (name: string, cluster: string, region: string, opts: { owner?: string; gpus: number; failover?: string; servers: string }) =>
    `# Shard ${name}: a slice of GPU capacity on ${cluster} that serves tenants.
${api}
kind: Shard
metadata:
  name: ${name}
spec:
  cluster: ${cluster}
  region: ${region}
  zones: ["1", "2", "3"]    # spread model servers over three availability zones
  tenancy: ${opts.owner ? 'dedicated' : 'shared'}         # shared | dedicated${opts.owner ? `\n  owner: ${opts.owner}              # the one tenant allowed on this shard` : ''}
  state: active            # active | draining | cordoned: only active shards take new tenants
  capacity: { gpus: ${opts.gpus}, gpuType: nvidia-h100, cpu: "${opts.gpus * 8}", memory: ${opts.gpus * 64}Gi }
  modelServers:
${opts.servers}  routing: { weight: 100, priority: 1${opts.failover ? `, failoverShard: ${opts.failover}` : ''} }
`;
  const llama = `    - name: llama
      model: llama-3-8b
      runtime: triton       # triton | vllm | kserve
      gpusPerReplica: 1
      replicas: { min: 2, max: 8 }
      batching: { maxBatchSize: 32, maxQueueDelayMs: 5 }
      autoscaling: { metric: queueDepth, target: 10 }
`;
  const mistral = `    - name: mistral
      model: mistral-7b
      runtime: vllm
      gpusPerReplica: 1
      replicas: { min: 2, max: 4 }
      autoscaling: { metric: gpuUtilization, target: 80 }
`;
  files.set(specPath('Shard', 'weu-1'), shard('weu-1', 'aks-weu-prod', 'westeurope', { gpus: 16, failover: 'weu-2', servers: llama + mistral }));
  files.set(specPath('Shard', 'weu-2'), shard('weu-2', 'aks-weu-prod', 'westeurope', { gpus: 16, failover: 'weu-1', servers: llama }));
  files.set(specPath('Shard', 'globex'), shard('globex', 'aks-weu-prod', 'westeurope', { gpus: 8, owner: 'globex', servers: llama + mistral }));
  files.set(specPath('Shard', 'eus-1'), shard('eus-1', 'aks-eus-prod', 'eastus', { gpus: 16, failover: 'eus-2', servers: llama + mistral }));
  files.set(specPath('Shard', 'eus-2'), shard('eus-2', 'aks-eus-prod', 'eastus', { gpus: 8, failover: 'eus-1', servers: llama }));
  const kserve = `    - name: mistral-kserve
      model: mistral-7b
      runtime: kserve       # rendered as a KServe InferenceService
      gpusPerReplica: 1
      replicas: { min: 1, max: 2 }
`;
  files.set(specPath('Shard', 'sdc-1'), shard('sdc-1', 'aks-sdc-prod', 'swedencentral', { gpus: 8, servers: llama + kserve }));

  const pool = (name: string, type: string, region: string, limit: number, createdAt: string) =>
    `# A ${type} pool instance; shared tenants keep their ${type} data in one instance of their region.
${api}
kind: ResourcePool
metadata:
  name: ${name}
spec:
  type: ${type}
  provider: azure
  region: ${region}
  limit: ${limit}               # how many tenants one instance holds
  createdAt: "${createdAt}"   # the newest instance with room takes new tenants
`;
  files.set(specPath('ResourcePool', 'search-weu-1'), pool('search-weu-1', 'search', 'westeurope', 10, '2025-06-01'));
  files.set(specPath('ResourcePool', 'search-weu-2'), pool('search-weu-2', 'search', 'westeurope', 10, '2026-01-10'));
  files.set(specPath('ResourcePool', 'blob-weu-1'), pool('blob-weu-1', 'blob', 'westeurope', 50, '2025-06-01'));
  files.set(specPath('ResourcePool', 'search-eus-1'), pool('search-eus-1', 'search', 'eastus', 20, '2025-09-15'));
  files.set(specPath('ResourcePool', 'blob-eus-1'), pool('blob-eus-1', 'blob', 'eastus', 50, '2025-09-15'));
  files.set(specPath('ResourcePool', 'search-sdc-1'), pool('search-sdc-1', 'search', 'swedencentral', 20, '2026-03-01'));

  files.set(specPath('RoutingPolicy', 'default'), `# How the request router picks a shard for a request.
${api}
kind: RoutingPolicy
metadata:
  name: default
spec:
  method: performance      # performance | priority | weighted | geographic
  sessionAffinity: true    # a conversation stays on its shard
  healthProbe: { path: /health, intervalSeconds: 10 }
`);

  type T = [name: string, display: string, plan: string, shard: string, gpus: number, models: string, pools: string];
  const weu = 'westeurope';
  const tenants: Array<T & { 7?: string }> = [
    ['acme', 'Acme Corp', 'premium', 'weu-1', 4, 'llama-3-8b, mistral-7b', 'search: search-weu-1, blob: blob-weu-1'],
    ['initech', 'Initech', 'standard', 'weu-1', 2, 'llama-3-8b', 'search: search-weu-1, blob: blob-weu-1'],
    ['umbrella', 'Umbrella Health', 'premium', 'weu-1', 2, 'mistral-7b', 'search: search-weu-1, blob: blob-weu-1'],
    ['hooli', 'Hooli', 'standard', 'weu-1', 1, 'llama-3-8b', 'search: search-weu-1, blob: blob-weu-1'],
    ['stark', 'Stark Industries', 'premium', 'weu-2', 4, 'llama-3-8b', 'search: search-weu-1, blob: blob-weu-1'],
    ['wayne', 'Wayne Enterprises', 'standard', 'weu-2', 2, 'llama-3-8b', 'search: search-weu-1, blob: blob-weu-1'],
    ['tyrell', 'Tyrell Corp', 'free', 'weu-2', 0, 'llama-3-8b', 'search: search-weu-2, blob: blob-weu-1'],
    ['cyberdyne', 'Cyberdyne Systems', 'standard', 'weu-2', 1, 'llama-3-8b', 'search: search-weu-2, blob: blob-weu-1'],
    ['soylent', 'Soylent', 'free', 'weu-2', 0, 'llama-3-8b', 'search: search-weu-2, blob: blob-weu-1'],
    ['globex', 'Globex Corporation', 'premium', 'globex', 6, 'llama-3-8b, mistral-7b', ''],
    ['vandelay', 'Vandelay Industries', 'standard', 'eus-1', 2, 'llama-3-8b', 'search: search-eus-1, blob: blob-eus-1'],
    ['pied-piper', 'Pied Piper', 'premium', 'eus-1', 4, 'llama-3-8b, mistral-7b', 'search: search-eus-1, blob: blob-eus-1'],
    ['dunder', 'Dunder Mifflin', 'free', 'eus-1', 0, 'llama-3-8b', 'search: search-eus-1, blob: blob-eus-1'],
    ['oscorp', 'Oscorp', 'standard', 'eus-1', 2, 'mistral-7b', 'search: search-eus-1, blob: blob-eus-1'],
    ['prestige', 'Prestige Worldwide', 'standard', 'eus-2', 2, 'llama-3-8b', 'search: search-eus-1, blob: blob-eus-1'],
    ['monarch', 'Monarch Solutions', 'free', 'eus-2', 1, 'llama-3-8b', 'search: search-eus-1, blob: blob-eus-1'],
    ['nakatomi', 'Nakatomi Trading', 'standard', 'eus-2', 2, 'llama-3-8b', 'search: search-eus-1, blob: blob-eus-1'],
    ['aperture', 'Aperture Science', 'premium', 'sdc-1', 2, 'llama-3-8b', 'search: search-sdc-1'],
    ['massive', 'Massive Dynamic', 'standard', 'sdc-1', 2, 'llama-3-8b', 'search: search-sdc-1'],
    ['wonka', 'Wonka Industries', 'free', 'sdc-1', 0, 'llama-3-8b', 'search: search-sdc-1'],
  ];
  const regionOf: Record<string, string> = { 'weu-1': weu, 'weu-2': weu, globex: weu, 'eus-1': 'eastus', 'eus-2': 'eastus', 'sdc-1': 'swedencentral' };
  for (const [name, display, plan, sh, gpus, models, pools] of tenants) {
    const dedicated = sh === name;
    files.set(specPath('Tenant', name), `# Tenant ${display}.
${api}
kind: Tenant
metadata:
  name: ${name}
spec:
  displayName: ${display}
  tier: ${dedicated ? 'dedicated' : 'shared'}${dedicated ? '         # runs on its own shard' : '            # shared | dedicated'}
  plan: ${plan}${' '.repeat(Math.max(1, 14 - plan.length))}# free | standard | premium (routing priority: premium highest)
  region: ${regionOf[sh]}${' '.repeat(Math.max(1, 12 - regionOf[sh]!.length))}# data residency: must equal the region of its shard
  latencyTargetMs: ${plan === 'premium' ? 100 : plan === 'standard' ? 250 : 1000}
  models: [${models}]
  quotas:
    gpus: ${gpus}${gpus > 0 ? '\n    gpuType: nvidia-h100' : ''}
    cpu: "${Math.max(2, gpus * 8)}"
    memory: ${Math.max(8, gpus * 32)}Gi${plan !== 'free' ? `\n    tokensPerMinute: ${plan === 'premium' ? 500000 : 100000}` : ''}
  placement:
    shard: ${sh}
${pools ? `  pools: { ${pools} }\n` : ''}`);
  }
  return files;
}
