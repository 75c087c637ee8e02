// A stand-in for a Prometheus holding 500 shards' history (run by bench/metrics.bench.ts in its own
// process, so the host's CPU figure is the host's alone). Debian's Prometheus cannot hold that on
// this machine within a benchmark's time, so this answers the HTTP API (label values, targets,
// query, query_range) in Prometheus's JSON shape, with one series per (shard, model_server) as the
// board's queries group them, and values from the H100 capture (each shard offset in time).
// e2e/metrics/prometheus-metrics.e2e.test.ts checks the same queries against the real Prometheus.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCapture, nvmlAt } from '../e2e/metrics/capture.ts';
import { largeExample } from '../gitops/core/examples/large.ts';

const shards = Number(process.argv[2] ?? 500);
const c = loadCapture();
const NAMES = [
  'nv_inference_request_success',
  'nv_inference_request_failure',
  'nv_inference_count',
  'nv_inference_exec_count',
  'nv_inference_queue_duration_us',
  'nv_inference_compute_infer_duration_us',
  'nv_inference_request_duration_us',
  'nv_inference_pending_request_count',
  'nv_inference_first_response_histogram_ms_bucket',
  'vllm:request_success_total',
  'vllm:num_requests_running',
  'vllm:num_requests_waiting',
  'vllm:gpu_cache_usage_perc',
  'vllm:e2e_request_latency_seconds_bucket',
  'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_DEV_XID_ERRORS',
];
// The shards of the bench's workspace (the same large example), so every board row has its lines.
const names = [...largeExample({ tenants: 500, shards, pools: 50, clusters: 10 })].flatMap(([rel]) => {
  const m = /^shards\/(.+)\.yaml$/.exec(rel);
  return m ? [m[1]!] : [];
});

function value(expr: string, i: number, t: number): number {
  const s = nvmlAt(c, (t + i * 7) % c.lengthS);
  if (expr.includes('DCGM_FI_DEV_GPU_UTIL')) return s.gpuUtilPct;
  if (expr.includes('pending_request_count') || expr.includes('num_requests_waiting')) return s.queueDepth;
  if (expr.includes('histogram_quantile')) return 20 + s.queueDepth * 0.6;
  if (expr.includes('failure') || expr.includes('abort')) return 0;
  return (s.gpuUtilPct / 100) * c.summary.capacity_rps;
}

function seriesFor(expr: string, point: (i: number) => Array<[number, string]>, key: 'value' | 'values') {
  const out: unknown[] = [];
  names.forEach((shard, i) => {
    for (const model_server of ['llama', 'mistral']) {
      const pts = point(i);
      out.push({ metric: { shard, model_server }, [key]: key === 'value' ? pts[0] : pts });
    }
  });
  return out;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (data: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data }));
  const q = url.searchParams.get('query') ?? '';
  if (url.pathname === '/api/v1/label/__name__/values') return send(NAMES);
  if (url.pathname === '/api/v1/targets') return send({ activeTargets: [{ scrapeInterval: '15s', health: 'up' }], droppedTargets: [] });
  if (url.pathname === '/api/v1/query') {
    const time = Number(url.searchParams.get('time'));
    if (q.startsWith('count by (le)')) {
      const les = q.includes('vllm') ? ['0.3', '0.5', '0.8', '1', '+Inf'] : ['10', '25', '50', '100', '250', '+Inf'];
      return send({ resultType: 'vector', result: les.map((le) => ({ metric: { le }, value: [time, '1'] })) });
    }
    if (q.startsWith('count by (shard, model_server)')) return send({ resultType: 'vector', result: seriesFor(q, () => [[time, '2']], 'value') });
    return send({ resultType: 'vector', result: [] });
  }
  if (url.pathname === '/api/v1/query_range') {
    const start = Number(url.searchParams.get('start'));
    const end = Number(url.searchParams.get('end'));
    const step = Number(url.searchParams.get('step'));
    const result = seriesFor(
      q,
      (i) => {
        const pts: Array<[number, string]> = [];
        for (let t = start; t <= end; t += step) pts.push([t, String(value(q, i, t))]);
        return pts;
      },
      'values',
    );
    return send({ resultType: 'matrix', result });
  }
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`standin ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
