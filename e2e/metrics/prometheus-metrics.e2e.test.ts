import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsInputs } from '../../gitops/core/metrics/inputs.ts';
import { loadWorkspace } from '../../gitops/node/workspace-io.ts';
import { MetricsService } from '../../electron/services/metrics/metrics-service.ts';
import type { BoardDto, ShardMetricsDto } from '../../shared/ipc/metrics-schemas.ts';
import { ModelServerEmulator } from './emulator.ts';
import { startPrometheus, waitForTargets, type RunningPrometheus } from './prometheus.ts';
import { EXAMPLE_SHARDS, exampleWithPrometheus } from './workspace.ts';

// Real Prometheus scraping the emulator every second; the emulator replays the H100 capture 4x
// faster: weu-2 replays the whole run with the 130% spike, the other shards a calm cycle, and
// zone 3's servers fail every request between capture seconds 20 and 50 of each cycle. Every
// figure below is what the app's metrics service answers, checked against the capture itself.

const SPEED = 4;
const SCRAPE_S = 1;

describe('metrics service against Prometheus scraping the model-server emulator', () => {
  let em: ModelServerEmulator;
  let prom: RunningPrometheus;
  let dir: string;
  let svc: MetricsService;
  /** Wall seconds at capture second `t` of the first cycle. */
  const at = (t: number) => em.wallAt(0, t) / 1000;
  /** Waits (bounded) until Prometheus has scraped past capture second `t`. */
  const after = async (t: number) => {
    const until = em.wallAt(0, t) + SCRAPE_S * 1500;
    const wait = until - Date.now();
    expect(wait).toBeLessThan(60_000);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const shard = (b: BoardDto, name: string): ShardMetricsDto => b.shards.find((s) => s.shard === name)!;

  beforeAll(async () => {
    em = new ModelServerEmulator({ shards: EXAMPLE_SHARDS, speed: SPEED, saturate: ['weu-2'], failZone: { zone: '3', from: 20, to: 50 }, startMs: Date.now() + 3_600_000 });
    await em.listen();
    prom = await startPrometheus(em.scrapeConfig(SCRAPE_S));
    await waitForTargets(prom.url, em.pods.length + em.nodes.size);
    // Start the replay once every target is scraped, so the first samples see the idle phase.
    em.startAt(Date.now() + 1500);
    dir = exampleWithPrometheus(prom.url);
    const model = loadWorkspace(dir).model;
    // Time is compressed 4x: a board of 1 s steps, and a saturation window inside the 15 s spike.
    svc = new MetricsService({ model: () => metricsInputs(model), boardPoints: 900, chartPoints: 900, saturationWindowS: 3, slaPoints: 3600 });
  }, 60_000);

  afterAll(async () => {
    svc?.dispose();
    await prom?.stop();
    await em?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the steady phase p95 within 10% of the capture summary, from Triton and vLLM histograms', async () => {
    const c = em.capture;
    await after(c.phases.steady.to + 1);
    // The whole phase as the span: its start is in the idle phase (no requests), its end half a scrape past.
    const span = { from: at(c.phases.steady.from) - 1.5, to: at(c.phases.steady.to) + 0.5 };
    const want = c.summary.phases.steady.latency_ms_p95!;
    const triton = await svc.chart({ viewId: 't', range: '15m', shard: 'weu-2', panel: 'latency', by: 'server', span });
    expect(triton.connection.state).toBe('live');
    expect(triton.connection.notes).toContain('Triton counters without the _total suffix (nv_inference_request_success), as Triton exports them.');
    expect(triton.connection.notes).toContain('vLLM KV-cache use from vllm:gpu_cache_usage_perc.');
    const p95 = triton.stats.find((s) => s.key === 'llama|p95')!.value!;
    expect(Math.abs(p95 - want) / want).toBeLessThan(0.1);
    const p50 = triton.stats.find((s) => s.key === 'llama|p50')!.value!;
    expect(Math.abs(p50 - c.summary.phases.steady.latency_ms_p50!) / c.summary.phases.steady.latency_ms_p50!).toBeLessThan(0.1);
    expect(triton.notes.join(' ')).toContain('histogram_quantile over nv_inference_first_response_histogram_ms_bucket');
    // vLLM: one engine step per replayed request, so its time to first token is the request's latency.
    // The pod in zone 1 (zone 3's fails part of the phase, which changes the server's mix).
    const vllm = await svc.chart({ viewId: 'v', range: '15m', shard: 'weu-1', panel: 'llm', by: 'pod', span });
    const ttft = vllm.stats.find((s) => s.key.startsWith('mistral/') && s.key.endsWith('/1|TTFT p95'))!.value!;
    expect(Math.abs(ttft - want) / want).toBeLessThan(0.1);
    // Requests per second: each pod replays the captured stream, time runs 4x.
    const board = await svc.board({ viewId: 'b', range: '15m', at: at(c.phases.steady.to) });
    const rps = shard(board, 'weu-2').now.rps!;
    const steadyRps = c.summary.phases.steady.rps * 2 * SPEED;
    expect(Math.abs(rps - steadyRps) / steadyRps).toBeLessThan(0.15);
    expect(shard(board, 'weu-2').saturated).toBe(false);
  }, 90_000);

  it("sees zone 3's failing servers: failures by zone, XID 79 on their GPUs", async () => {
    await after(40);
    const z = await svc.chart({ viewId: 'z', range: '15m', at: at(40), shard: 'weu-1', panel: 'throughput', by: 'zone' });
    const last = (key: string) => z.series.find((s) => s.key === key)?.v.filter((x) => x !== null).at(-1) ?? null;
    expect(last('3|failed')).toBeGreaterThan(100);
    expect(last('3|ok') ?? 0).toBe(0);
    expect(last('1|failed') ?? 0).toBe(0);
    expect(last('1|ok')).toBeGreaterThan(100);
    const heat = await svc.gpus({ viewId: 'g', range: '15m', at: at(40) });
    const zone3 = heat.gpus.filter((g) => g.zone === '3');
    expect(zone3.length).toBeGreaterThan(0);
    expect(zone3.every((g) => g.xid === 79)).toBe(true);
    expect(heat.gpus.filter((g) => g.zone !== '3').every((g) => g.xid === 0)).toBe(true);
    expect(zone3.map((g) => g.shard).sort()).toEqual(['globex', 'weu-1']);
  }, 90_000);

  it('flags the saturated GPU and shard during the spike and lists the tenants whose target it breaks', async () => {
    const c = em.capture;
    const end = c.phases.spike.to;
    await after(end);
    const board = await svc.board({ viewId: 'b', range: '15m', at: at(end) });
    const hot = shard(board, 'weu-2');
    expect(hot.saturated).toBe(true);
    expect(hot.saturationWhy).toMatch(/^llama: GPU 9\d% busy, queue \+\d+ in 3 s$/);
    expect(hot.now.p95).toBeGreaterThan(1000);
    expect(hot.autoscaling).toEqual([expect.objectContaining({ server: 'llama', metric: 'queueDepth', target: 10, state: 'scaling', pods: 2, maxReplicas: 8 })]);
    for (const calm of ['weu-1', 'globex']) {
      expect(shard(board, calm).saturated).toBe(false);
      expect(shard(board, calm).now.gpu).toBeLessThan(90);
    }
    const heat = await svc.gpus({ viewId: 'g', range: '15m', at: at(end) });
    const busy = heat.gpus.filter((g) => (g.v.filter((x) => x !== null).at(-1) ?? 0) >= 90).map((g) => g.shard);
    expect([...new Set(busy)]).toEqual(['weu-2']);

    const sla = await svc.sla({ viewId: 's', at: at(end) });
    const overNow = sla.rows.filter((r) => r.overNow).map((r) => r.tenant).sort();
    expect(overNow).toEqual(['cyberdyne', 'soylent', 'stark', 'tyrell', 'wayne']);
    // Worst first: the tenants over target lead the table (others may have spent their budget in the warm-up at the start of steady).
    expect(sla.rows.slice(0, 5).every((r) => r.overNow && r.status === 'breached')).toBe(true);
    for (const r of sla.rows.filter((x) => x.shard !== 'weu-2')) expect(r.overNow).toBe(false);
    // vLLM's e2e buckets start at 300 ms: a 100 ms target cannot be judged from them, and the table says so.
    const umbrella = sla.rows.find((r) => r.tenant === 'umbrella')!;
    expect(umbrella.status).toBe('unclear');
    expect(sla.rows.find((r) => r.tenant === 'initech')!.status).toBe('ok');
  }, 90_000);

  it('sees recovery: the backlog drained, p95 back under target, no longer saturated, the budget spent', async () => {
    // Just after the run's end (the next cycle opens with 8 s idle): with the 1 s step floored and a
    // 4 s (16 capture-second) rate window, the window covers the end of recovery, after the backlog drained at 81 s.
    const end = em.capture.lengthS + 3;
    await after(end);
    const board = await svc.board({ viewId: 'b', range: '15m', at: at(end) });
    const w = shard(board, 'weu-2');
    expect(w.saturated).toBe(false);
    expect(w.now.p95).toBeLessThan(100);
    expect(w.now.queue).toBeLessThan(32);
    const peak = Math.max(...w.p95.filter((x): x is number => x !== null));
    expect(peak).toBeGreaterThan(3000);
    const sla = await svc.sla({ viewId: 's', at: at(end) });
    const stark = sla.rows.find((r) => r.tenant === 'stark')!;
    expect(stark.p95Ms).toBeLessThan(stark.targetMs);
    expect(stark.budgetLeft).toBeLessThan(0);
    expect(stark.status).toBe('breached');
  }, 90_000);

  it('answers a repeated refresh within one step from the cache, and a closed view cancels', async () => {
    const t = Date.now() / 1000 + 60; // a window no earlier call asked about
    const first = await svc.board({ viewId: 'c', range: '1h', at: t });
    const again = await svc.board({ viewId: 'c', range: '1h', at: t });
    // Six questions (an earlier call may already have asked the instant one at the same time).
    expect(first.queries.sent + first.queries.cached).toBe(6);
    expect(first.queries.sent).toBeGreaterThanOrEqual(5);
    expect(again.queries).toEqual({ sent: 0, cached: 6 });
    const pending = svc.board({ viewId: 'x', range: '6h' });
    expect(svc.close('x').cancelled).toBe(1);
    await expect(pending).rejects.toThrow(/view closed/);
  }, 30_000);
});
