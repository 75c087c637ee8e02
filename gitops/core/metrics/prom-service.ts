/**
 * Finding a cluster's own Prometheus among its Services, to read it through the API server's
 * service proxy (`/api/v1/namespaces/<ns>/services/<name>:<port>/proxy/`). Two installs are known,
 * by the labels they put on the Service:
 *  - the Prometheus Operator (kube-prometheus-stack): `prometheus-operated`, `operated-prometheus: "true"`, port `web` 9090;
 *  - the prometheus-community chart: `app.kubernetes.io/name: prometheus` (component `server`), port `http` 80.
 * The operator's comes first; among several, the one in the namespace `monitoring`, then by name.
 */

export interface ServiceLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: Array<{ name?: string; port?: number }> };
}

export interface PromService {
  namespace: string;
  name: string;
  /** The port's name where it has one (the proxy path takes either), else its number. */
  port: string;
}

/** Label selectors to list Services with, in order of preference. */
export const PROM_SERVICE_SELECTORS = ['operated-prometheus=true', 'app.kubernetes.io/name=prometheus'] as const;

const PORT_NAMES = ['web', 'http-web', 'http'];

function portOf(s: ServiceLike): string | undefined {
  const ports = s.spec?.ports ?? [];
  const named = PORT_NAMES.map((n) => ports.find((p) => p.name === n)).find(Boolean);
  const p = named ?? ports.find((x) => x.port === 9090) ?? ports[0];
  if (!p) return undefined;
  return p.name || (p.port !== undefined ? String(p.port) : undefined);
}

/** The Prometheus Service to use from the Services each selector listed (same order as PROM_SERVICE_SELECTORS). */
export function pickPromService(listed: ReadonlyArray<ReadonlyArray<ServiceLike>>): PromService | undefined {
  for (const items of listed) {
    const cands = items
      .filter((s) => s.metadata?.name && s.metadata.namespace && portOf(s))
      // The community chart labels its other parts (alertmanager, pushgateway) prometheus too: prefer the server.
      .filter((s) => !s.metadata!.labels?.['app.kubernetes.io/component'] || s.metadata!.labels['app.kubernetes.io/component'] === 'server')
      .sort((a, b) => Number(b.metadata!.namespace === 'monitoring') - Number(a.metadata!.namespace === 'monitoring') || a.metadata!.namespace!.localeCompare(b.metadata!.namespace!) || a.metadata!.name!.localeCompare(b.metadata!.name!));
    const s = cands[0];
    if (s) return { namespace: s.metadata!.namespace!, name: s.metadata!.name!, port: portOf(s)! };
  }
  return undefined;
}

/** The base URL Prometheus's API paths go under, through the API server's service proxy. */
export function proxyBase(server: string, s: PromService): string {
  const seg = (x: string) => encodeURIComponent(x);
  return `${server.replace(/\/+$/, '')}/api/v1/namespaces/${seg(s.namespace)}/services/${seg(s.name)}:${seg(s.port)}/proxy`;
}
