import type { Agent } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { pickPromService, PROM_SERVICE_SELECTORS, proxyBase, type ServiceLike } from '../../../gitops/core/metrics/prom-service.ts';
import { execRequest, type ExecRequest } from '../cluster/consent-store.ts';
import type { ExecRun } from '../cluster/exec-credential.ts';
import { contextKubeConfig, kubeconfigFiles, loadKubeconfigs, type IssuedCredential, type KubeContextEntry } from '../cluster/kubeconfig.ts';
import type { KubeAuth } from '../cluster/kube-transport.ts';

/**
 * The in-cluster Prometheus of a Cluster that has no spec.prometheusUrl, read through the API
 * server's service proxy with the cluster's kubeconfig credentials (the same context, exec-plugin
 * consent and credential runner as the cluster service). The credentials go to the API server's
 * origin only: the fetch it hands the Prometheus client refuses any other URL.
 */

export interface InClusterDeps {
  /** Consent to exec credential plugins and the runner that caches their credentials: the cluster service's own. */
  consent: { isAllowed(req: ExecRequest): boolean };
  exec: { get(key: string, run: ExecRun): Promise<IssuedCredential> };
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** How long a found Service is used before it is looked up again (default 5 min). */
  ttlMs?: number;
}

export type InClusterTarget =
  | { ok: true; baseUrl: string; fetchImpl: typeof fetch; via: string }
  | { ok: false; state: 'not-configured' | 'unauthorized' | 'unreachable'; message: string };

const LIST_TIMEOUT_MS = 15_000;

export class InClusterPrometheus {
  private readonly found = new Map<string, { at: number; target: InClusterTarget }>();

  constructor(private readonly d: InClusterDeps) {}

  /** Forgets what was found (a kubeconfig or consent changed). */
  reset(): void {
    this.found.clear();
  }

  async resolve(cluster: string, kubeContext: string | undefined, signal?: AbortSignal): Promise<InClusterTarget> {
    const key = `${cluster}\u0000${kubeContext ?? ''}`;
    const hit = this.found.get(key);
    if (hit && Date.now() - hit.at < (this.d.ttlMs ?? 300_000)) return hit.target;
    const target = await this.find(cluster, kubeContext ?? cluster, signal);
    // A failure is looked up again on the next refresh; a Service found is kept for the TTL.
    if (target.ok) this.found.set(key, { at: Date.now(), target });
    else this.found.delete(key);
    return target;
  }

  private async find(cluster: string, contextName: string, signal?: AbortSignal): Promise<InClusterTarget> {
    const entry = findContext(this.d, contextName);
    const noUrl = `clusters/${cluster}.yaml has no spec.prometheusUrl`;
    if (!entry) return { ok: false, state: 'not-configured', message: `${noUrl}, and the kubeconfig has no context "${contextName}" to reach its in-cluster Prometheus through.` };
    let auth: KubeAuth;
    try {
      auth = await this.auth(entry);
    } catch (err) {
      return { ok: false, state: 'unauthorized', message: err instanceof Error ? err.message : String(err) };
    }
    const fetchImpl = kubeFetch(auth);
    const listed: ServiceLike[][] = [];
    for (const sel of PROM_SERVICE_SELECTORS) {
      let res: Response;
      try {
        const both = signal ? AbortSignal.any([signal, AbortSignal.timeout(LIST_TIMEOUT_MS)]) : AbortSignal.timeout(LIST_TIMEOUT_MS);
        res = await fetchImpl(`${auth.server.replace(/\/+$/, '')}/api/v1/services?labelSelector=${encodeURIComponent(sel)}`, { signal: both });
      } catch (err) {
        if (signal?.aborted) throw err;
        return { ok: false, state: 'unreachable', message: `Cannot reach the API server of context ${entry.name} (${auth.server}): ${err instanceof Error ? err.message : String(err)}` };
      }
      const body = (await res.json().catch(() => ({}))) as { items?: ServiceLike[]; message?: string };
      if (res.status === 401) return { ok: false, state: 'unauthorized', message: `The API server of context ${entry.name} refused its credentials (HTTP 401)${body.message ? `: ${body.message}` : ''}.` };
      if (res.status === 403) return { ok: false, state: 'unauthorized', message: `Context ${entry.name} may not list Services cluster-wide, which finding the in-cluster Prometheus needs${body.message ? `: ${body.message}` : ''}.` };
      if (!res.ok) return { ok: false, state: 'unreachable', message: `The API server of context ${entry.name} answered HTTP ${res.status} listing Services${body.message ? `: ${body.message}` : ''}.` };
      listed.push(body.items ?? []);
    }
    const svc = pickPromService(listed);
    if (!svc) return { ok: false, state: 'not-configured', message: `${noUrl}, and context ${entry.name} shows no Prometheus Service (labels ${PROM_SERVICE_SELECTORS.join(' or ')}).` };
    return { ok: true, baseUrl: proxyBase(auth.server, svc), fetchImpl, via: `${svc.namespace}/${svc.name}:${svc.port} through the API server of context ${entry.name}` };
  }

  private auth(e: KubeContextEntry): Promise<KubeAuth> {
    return contextAuth(this.d, e);
  }
}

/** The kubeconfig context named `name`, from the files the cluster service reads (KUBECONFIG, else ~/.kube/config). */
export function findContext(d: Pick<InClusterDeps, 'env' | 'home'>, name: string): KubeContextEntry | undefined {
  return loadKubeconfigs(kubeconfigFiles(d.env ?? process.env, d.home)).contexts.find((c) => c.name === name);
}

/** The context's TLS agent and auth headers, as the cluster service builds them (exec plugins only with consent). */
export async function contextAuth(d: Pick<InClusterDeps, 'consent' | 'exec'>, e: KubeContextEntry): Promise<KubeAuth> {
  if (!e.cluster) throw new Error(`Context ${e.name} names a cluster the kubeconfig does not define.`);
  if (e.authProvider && !e.exec) throw new Error(`Context ${e.name} uses the "${e.authProvider}" auth-provider, which Gantry does not run; use an exec credential plugin.`);
  let credential: IssuedCredential | undefined;
  if (e.exec) {
    const req = execRequest(e.userFile ?? e.file, e.name, e.exec);
    if (!d.consent.isAllowed(req)) throw new Error(`Context ${e.name} gets its credential from "${e.exec.command}", which has not been allowed yet: allow it under Clusters (live), then refresh.`);
    credential = await d.exec.get(`${e.userFile ?? e.file}\u0000${e.user?.name ?? ''}\u0000${e.name}`, {
      label: `context ${e.name}`,
      spec: e.exec,
      kubeconfigFile: e.userFile ?? e.file,
      cluster: { server: e.cluster.server, ...(e.cluster.caData ? { caData: e.cluster.caData } : {}), skipTLSVerify: e.cluster.skipTLSVerify, ...(e.cluster.tlsServerName ? { tlsServerName: e.cluster.tlsServerName } : {}) },
    });
  }
  const kc = contextKubeConfig(e, credential);
  const opts: { agent?: Agent; headers?: Record<string, string>; auth?: string } = {};
  await kc.applyToHTTPSOptions(opts as never);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return { server: kc.getCurrentCluster()!.server, agent: opts.agent!, headers };
}

/**
 * A fetch for the Prometheus client that sends the cluster's credentials (TLS client certificate,
 * bearer token) to the API server's origin and to nothing else. GET only; the body is read whole.
 */
export function kubeFetch(auth: KubeAuth): typeof fetch {
  const origin = new URL(auth.server).origin;
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== origin) throw new TypeError(`Refused: the cluster's credentials go only to its API server ${origin}, not to ${url.origin}.`);
    const signal = init?.signal ?? undefined;
    const mod = url.protocol === 'http:' ? http : https;
    return await new Promise<Response>((resolve, reject) => {
      const req = mod.request(url, { method: 'GET', agent: auth.agent, headers: { ...auth.headers, Accept: 'application/json' } });
      const onAbort = () => {
        req.destroy();
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const status = res.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') } }));
        });
        res.on('error', (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        });
      });
      req.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
      req.end();
    });
  }) as typeof fetch;
}
