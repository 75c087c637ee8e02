/** Container images per model-server runtime, pinned so rendering is deterministic. */
export const RUNTIME_IMAGES = {
  triton: 'nvcr.io/nvidia/tritonserver:25.01-py3',
  vllm: 'vllm/vllm-openai:v0.8.5',
} as const;

/**
 * Metric names the HorizontalPodAutoscaler reads through the custom-metrics API (prometheus-adapter
 * rules map the servers' own series, e.g. Triton's nv_inference_queue_duration_us, to these).
 */
export const AUTOSCALING_METRICS = {
  queueDepth: 'gantry_queue_depth',
  latencyMs: 'gantry_request_latency_ms',
  gpuUtilization: 'DCGM_FI_DEV_GPU_UTIL',
} as const;

export const LABEL = {
  tenant: 'gantry.dev/tenant',
  tier: 'gantry.dev/tier',
  shard: 'gantry.dev/shard',
  plan: 'gantry.dev/plan',
  gpuType: 'gantry.dev/gpu-type',
  modelServer: 'gantry.dev/model-server',
  model: 'gantry.dev/model',
  managedBy: 'app.kubernetes.io/managed-by',
  zone: 'topology.kubernetes.io/zone',
} as const;

export const SYSTEM_NAMESPACE = 'gantry-system';
export const GPU_RESOURCE = 'nvidia.com/gpu';
