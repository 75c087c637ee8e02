import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelMetricsInput } from '../../gitops/core/metrics/inputs.ts';
import { InClusterPrometheus, kubeFetch } from '../../electron/services/metrics/in-cluster.ts';
import { MetricsService } from '../../electron/services/metrics/metrics-service.ts';
import { PromClient } from '../../electron/services/metrics/prometheus-client.ts';
import { ConsentStore } from '../../electron/services/cluster/consent-store.ts';
import { ExecCredentialRunner } from '../../electron/services/cluster/exec-credential.ts';
import { startCaptureServer, type TestHttpServer } from '../support/auth-capture.ts';
import { kubectl, peersUp, type Peers } from '../support/peers.ts';
import { ModelServerEmulator } from './emulator.ts';
import { startPrometheus, waitForTargets, type RunningPrometheus } from './prometheus.ts';
import { EXAMPLE_SHARDS } from './workspace.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A Cluster without spec.prometheusUrl: the metrics service finds its in-cluster Prometheus among
// the Services of the real kube-apiserver of e2e/peers (with the kubeconfig's credentials, as the
// cluster service has them) and queries it through the API server's service proxy.
const NS = 'gantry-metrics-proxy';
const CONTEXT = 'gantry-peers';

describe('the in-cluster Prometheus through the API server of the test peers', () => {
  let peers: Peers;
  let dataDir: string;
  const model = (kubeContext: string): ModelMetricsInput => ({ clusters: [{ name: 'aks-weu-prod', kubeContext }], shards: [], tenants: [] });
  const service = (kubeconfig: string, ctx = CONTEXT) => {
    const inCluster = new InClusterPrometheus({ consent: new ConsentStore(dataDir), exec: new ExecCredentialRunner({ timeoutMs: 10_000 }), env: { KUBECONFIG: kubeconfig } });
    return new MetricsService({ model: () => model(ctx), inCluster });
  };

  beforeAll(() => {
    peers = peersUp();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gantry-metrics-incluster-'));
    kubectl(peers.kubeconfig, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true']);
    kubectl(peers.kubeconfig, ['create', 'namespace', NS]);
    // The Prometheus Operator's Service as it names it (prometheus-operated, operated-prometheus=true, port web 9090).
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], {
      input: `apiVersion: v1\nkind: Service\nmetadata: { name: prometheus-operated, namespace: ${NS}, labels: { operated-prometheus: "true" } }\nspec: { ports: [{ name: web, port: 9090, targetPort: 9090 }] }\n`,
    });
  }, 180_000);

  afterAll(() => {
    if (peers) kubectl(peers.kubeconfig, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false'], { allowFail: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the Service with the cluster credentials and asks Prometheus through the service proxy; the API server answers for it', async () => {
    // The API server will not proxy to a loopback address: it refuses Endpoints on 127.0.0.1 (the
    // test Prometheus's only address), so this Service's Endpoints are empty and the proxy says so.
    const refused = kubectl(peers.kubeconfig, ['apply', '-f', '-'], {
      input: `apiVersion: v1\nkind: Endpoints\nmetadata: { name: prometheus-operated, namespace: ${NS} }\nsubsets: [{ addresses: [{ ip: 127.0.0.1 }], ports: [{ name: web, port: 9090 }] }]\n`,
      allowFail: true,
    });
    expect(refused.err + refused.out).toMatch(/may not be in the loopback range/);
    kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Endpoints\nmetadata: { name: prometheus-operated, namespace: ${NS} }\nsubsets: []\n` });
    const svc = service(peers.kubeconfig);
    const b = await svc.board({ viewId: 'v', range: '15m' });
    const c = b.clusters[0]!;
    expect(c.url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/${NS}/services/prometheus-operated:web/proxy$`));
    // Past authentication and RBAC: the answer is the proxy's own (no endpoint), in the API server's words.
    expect(c.state).toBe('unreachable');
    expect(c.message).toMatch(/HTTP 503: no endpoints available for service "prometheus-operated"/);
    svc.dispose();
  }, 60_000);

  it('says the restricted user may not list Services cluster-wide, and names a missing context', async () => {
    const restricted = service(peers.restrictedKubeconfig);
    const b = await restricted.board({ viewId: 'v', range: '15m' });
    expect(b.clusters[0]).toMatchObject({ state: 'unauthorized' });
    expect(b.clusters[0]!.message).toMatch(/Context gantry-peers may not list Services cluster-wide, which finding the in-cluster Prometheus needs: services is forbidden: User "gantry-restricted"/);
    const none = service(peers.kubeconfig, 'aks-weu-prod');
    const n = await none.board({ viewId: 'v', range: '15m' });
    expect(n.clusters[0]).toMatchObject({ state: 'not-configured', message: 'clusters/aks-weu-prod.yaml has no spec.prometheusUrl, and the kubeconfig has no context "aks-weu-prod" to reach its in-cluster Prometheus through.' });
  }, 60_000);
});

describe("the service proxy's fetch", () => {
  let em: ModelServerEmulator;
  let prom: RunningPrometheus;
  let capture: TestHttpServer;

  beforeAll(async () => {
    em = new ModelServerEmulator({ shards: EXAMPLE_SHARDS.slice(0, 1), speed: 4 });
    await em.listen();
    prom = await startPrometheus(em.scrapeConfig(1));
    await waitForTargets(prom.url, em.pods.length + em.nodes.size);
    capture = await startCaptureServer();
  }, 60_000);

  afterAll(async () => {
    await capture?.close();
    await prom?.stop();
    await em?.close();
  });

  it("carries Prometheus's answers, bad queries included, and sends the credentials to no other origin", async () => {
    // Standing in for the API server's origin: the real Prometheus, reached with the headers the context gives.
    const f = kubeFetch({ server: prom.url, agent: new Agent(), headers: { Authorization: 'Bearer cluster-token' } });
    const client = new PromClient(prom.url, f);
    const names = await client.metricNames();
    expect(names).toContain('nv_inference_request_success');
    await expect(client.instant('sum(', Date.now() / 1000)).rejects.toMatchObject({ kind: 'query' });
    const elsewhere = new PromClient(capture.baseUrl, f);
    await expect(elsewhere.metricNames()).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining("the cluster's credentials go only to its API server") });
    expect(capture.requests).toEqual([]);
  }, 60_000);
});
