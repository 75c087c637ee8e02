import { describe, expect, it } from 'vitest';
import { histogramNames, resolveNames } from './names.ts';
import { QueryBuilder, rateWindow } from './promql.ts';

const TRITON = ['nv_inference_request_success', 'nv_inference_request_failure', 'nv_inference_count', 'nv_inference_exec_count', 'nv_inference_request_duration_us', 'nv_inference_queue_duration_us', 'nv_inference_compute_infer_duration_us'];
const total = (names: string[]) => names.map((n) => `${n}_total`);

describe('metric-name fallbacks', () => {
  it('reads Triton counters with or without _total, whichever the server has, and says which', () => {
    const bare = resolveNames(TRITON);
    expect(bare.triton.success).toBe('nv_inference_request_success');
    expect(bare.notes.join(' ')).toContain('without the _total suffix');
    const suffixed = resolveNames(total(TRITON));
    expect(suffixed.triton.success).toBe('nv_inference_request_success_total');
    expect(suffixed.triton.latency.queue).toEqual({ source: 'counter-average', name: 'nv_inference_queue_duration_us_total', per: 'nv_inference_request_success_total', msPerUnit: 0.001 });
    expect(suffixed.notes.join(' ')).toContain('carry the _total suffix');
  });

  it('prefers a Triton histogram, then a summary, then the counter average for e2e latency', () => {
    expect(resolveNames(TRITON).triton.latency.e2e?.source).toBe('counter-average');
    expect(resolveNames([...TRITON, 'nv_inference_request_summary_us_count', 'nv_inference_request_summary_us']).triton.latency.e2e?.source).toBe('summary');
    const h = resolveNames([...TRITON, 'nv_inference_request_summary_us_count', 'nv_inference_first_response_histogram_ms_bucket']);
    expect(h.triton.latency.e2e).toEqual({ source: 'histogram', name: 'nv_inference_first_response_histogram_ms', msPerUnit: 1 });
    expect(histogramNames(h)).toEqual(['nv_inference_first_response_histogram_ms']);
  });

  it('reads vLLM v0.8.5 gpu_cache_usage_perc or the newer kv_cache_usage_perc', () => {
    const base = ['vllm:request_success_total', 'vllm:num_requests_running'];
    expect(resolveNames([...base, 'vllm:gpu_cache_usage_perc']).vllm.kvCache).toBe('vllm:gpu_cache_usage_perc');
    expect(resolveNames([...base, 'vllm:kv_cache_usage_perc']).vllm.kvCache).toBe('vllm:kv_cache_usage_perc');
    const none = resolveNames(base);
    expect(none.vllm.kvCache).toBeUndefined();
    expect(none.notes.join(' ')).toContain('no KV-cache gauge');
    expect(new QueryBuilder(none).kvCache('shard')).toBeUndefined();
  });

  it('takes inter-token latency from the newer histogram when both exist', () => {
    const n = resolveNames(['vllm:request_success_total', 'vllm:time_per_output_token_seconds_bucket', 'vllm:inter_token_latency_seconds_bucket']);
    expect(n.vllm.latency.itl?.name).toBe('vllm:inter_token_latency_seconds');
    expect(resolveNames(['vllm:request_success_total', 'vllm:time_per_output_token_seconds_bucket']).vllm.latency.itl?.name).toBe('vllm:time_per_output_token_seconds');
  });
});

describe('PromQL builders', () => {
  const n = resolveNames([...total(TRITON), 'nv_inference_first_response_histogram_ms_bucket', 'vllm:request_success_total', 'vllm:num_requests_running', 'vllm:e2e_request_latency_seconds_bucket', 'DCGM_FI_DEV_GPU_UTIL']);

  it('covers both runtimes in one expression, vLLM aborts counted as failures', () => {
    const q = new QueryBuilder(n, { shard: 'weu-1' });
    expect(q.requestRate('shard', '4s').expr).toBe(
      'sum by (shard) ((rate(nv_inference_request_success_total{shard="weu-1"}[4s])) or (rate(vllm:request_success_total{shard="weu-1",finished_reason!="abort"}[4s])))',
    );
    expect(q.errorRate('shard', '4s').expr).toContain('finished_reason="abort"');
    expect(q.errorRate('shard', '4s').expr).toContain('nv_inference_request_failure_total');
  });

  it('takes quantiles per model server from histogram buckets, converted to ms, then the worst server', () => {
    const q = new QueryBuilder(n).latency('e2e', 0.95, 'shard', '1m');
    expect(q.expr).toBe(
      'max by (shard) ((histogram_quantile(0.95, sum by (shard, model_server, le) (rate(nv_inference_first_response_histogram_ms_bucket[1m]))) * 1) or (histogram_quantile(0.95, sum by (shard, model_server, le) (rate(vllm:e2e_request_latency_seconds_bucket[1m]))) * 1000))',
    );
    expect(q.sources).toEqual([
      { runtime: 'triton', source: 'histogram', metric: 'nv_inference_first_response_histogram_ms' },
      { runtime: 'vllm', source: 'histogram', metric: 'vllm:e2e_request_latency_seconds' },
    ]);
  });

  it('labels a counter-only Triton latency as a mean', () => {
    const q = new QueryBuilder(resolveNames(TRITON)).latency('queue', 0.95, 'pod', '1m');
    expect(q.label).toBe('mean queue latency');
    expect(q.expr).toContain('rate(nv_inference_queue_duration_us[1m])) / sum by (shard, model_server, pod, zone) (rate(nv_inference_request_success[1m])) * 0.001');
  });

  it('joins DCGM GPUs to pods through their namespace and pod labels', () => {
    const q = new QueryBuilder(n).gpu('util', 'shard');
    expect(q.expr).toContain('DCGM_FI_DEV_GPU_UTIL * on (namespace, pod) group_left (shard, model_server, zone) group by (namespace, pod, shard, model_server, zone)');
  });

  it('escapes label values', () => {
    expect(new QueryBuilder(n, { shard: 'a"b\\c' }).queueDepth('shard').expr).toContain('shard="a\\"b\\\\c"');
  });

  it('uses a rate window of at least four scrapes and one step plus a scrape', () => {
    expect(rateWindow(1, 1)).toBe('4s');
    expect(rateWindow(60, 15)).toBe('75s');
    expect(rateWindow(0.5, 0.25)).toBe('1s');
  });
});
