import type { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import type { AsoViewDto } from '../../../shared/ipc/cloud-schemas.ts';
import { contextAuth, findContext, kubeFetch, type InClusterDeps } from '../metrics/in-cluster.ts';
import { asoResource, sortAso, type AsoObject } from './aso-status.ts';

/**
 * Azure Service Operator resources of a tenant, read from its shard's cluster with the kubeconfig
 * context the cluster service uses (the same consent to exec plugins and credential runner): ASO's
 * API groups are found by discovery (every group ending in `.azure.com` is ASO's), and each of their
 * namespaced kinds is listed in the tenant's namespace (`tenant-<name>`, as Gantry renders it).
 * Nothing is read until the view asks; an answer is kept for 10 s.
 */

export interface AsoDeps extends InClusterDeps {
  model: () => WorkspaceModel;
}

interface Kind {
  group: string;
  version: string;
  plural: string;
}

const TIMEOUT_MS = 15_000;
/** ASO installs a few hundred kinds; at most this many lists run at once. */
const PARALLEL = 8;
const DISCOVERY_TTL_MS = 300_000;

export class AsoResources {
  private readonly kinds = new Map<string, { at: number; kinds: Kind[] }>();
  private readonly recent = new Map<string, { at: number; view: AsoViewDto }>();

  constructor(private readonly d: AsoDeps) {}

  async read(tenant: string): Promise<AsoViewDto> {
    const hit = this.recent.get(tenant);
    if (hit && Date.now() - hit.at < 10_000) return hit.view;
    const view = await this.load(tenant);
    this.recent.set(tenant, { at: Date.now(), view });
    return view;
  }

  private async load(tenant: string): Promise<AsoViewDto> {
    const m = this.d.model();
    const namespace = `tenant-${tenant}`;
    const t = m.objects('Tenant').find((x) => x.name === tenant);
    const base = { tenant, namespace, resources: [] };
    if (!t) return { ...base, state: 'no-context', message: `No tenant ${tenant} in the workspace.` };
    const shard = m.objects('Shard').find((s) => s.name === t.spec.placement.shard);
    const cluster = shard ? m.objects('Cluster').find((c) => c.name === shard.spec.cluster) : undefined;
    if (!cluster) return { ...base, state: 'no-context', message: `Tenant ${tenant}'s shard has no Cluster in the workspace.` };
    const contextName = cluster.spec.kubeContext ?? cluster.name;
    const withCluster = { ...base, cluster: cluster.name, context: contextName };
    const entry = findContext(this.d, contextName);
    if (!entry) return { ...withCluster, state: 'no-context', message: `The kubeconfig has no context "${contextName}" for cluster ${cluster.name}.` };
    let get: (path: string) => Promise<{ status: number; body: Record<string, unknown> }>;
    try {
      const auth = await contextAuth(this.d, entry);
      const f = kubeFetch(auth);
      const server = auth.server.replace(/\/+$/, '');
      get = async (path) => {
        const res = await f(`${server}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
        return { status: res.status, body: ((await res.json().catch(() => ({}))) ?? {}) as Record<string, unknown> };
      };
    } catch (err) {
      return { ...withCluster, state: 'unauthorized', message: err instanceof Error ? err.message : String(err) };
    }
    try {
      const kinds = await this.discover(cluster.name, get);
      if (!kinds.length) return { ...withCluster, state: 'not-installed', message: `Azure Service Operator is not installed on ${cluster.name} (no API group ending in .azure.com).` };
      const items: AsoObject[] = [];
      let forbidden: string | undefined;
      const queue = [...kinds];
      await Promise.all(
        Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
          for (let k = queue.shift(); k; k = queue.shift()) {
            const r = await get(`/apis/${k.group}/${k.version}/namespaces/${encodeURIComponent(namespace)}/${k.plural}`);
            if (r.status === 403) forbidden ??= typeof r.body.message === 'string' ? r.body.message : `HTTP 403 listing ${k.plural}.${k.group}`;
            else if (r.status === 200) items.push(...(((r.body.items as AsoObject[] | undefined) ?? []).map((o) => ({ ...o, apiVersion: o.apiVersion ?? `${k.group}/${k.version}` }))));
          }
        }),
      );
      const resources = sortAso(items.map(asoResource));
      if (forbidden && !resources.length) return { ...withCluster, state: 'unauthorized', message: `Context ${contextName} may not list ASO resources in ${namespace}: ${forbidden}` };
      return { ...withCluster, state: 'ok', resources, ...(forbidden ? { message: `Some ASO kinds could not be listed: ${forbidden}` } : {}) };
    } catch (err) {
      return { ...withCluster, state: 'unreachable', message: `Cannot read ${cluster.name} through context ${contextName}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** ASO's namespaced kinds on the cluster: the preferred version of every `*.azure.com` group. */
  private async discover(cluster: string, get: (path: string) => Promise<{ status: number; body: Record<string, unknown> }>): Promise<Kind[]> {
    const hit = this.kinds.get(cluster);
    if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.kinds;
    const groups = await get('/apis');
    if (groups.status === 401 || groups.status === 403) throw new Error(`the API server refused discovery (HTTP ${groups.status})`);
    const list = ((groups.body.groups as Array<{ name: string; preferredVersion?: { version?: string } }> | undefined) ?? []).filter((g) => g.name.endsWith('.azure.com') && g.preferredVersion?.version);
    const kinds: Kind[] = [];
    for (const g of list) {
      const r = await get(`/apis/${g.name}/${g.preferredVersion!.version}`);
      const res = (r.body.resources as Array<{ name: string; namespaced?: boolean; verbs?: string[] }> | undefined) ?? [];
      for (const x of res) if (x.namespaced && !x.name.includes('/') && x.verbs?.includes('list')) kinds.push({ group: g.name, version: g.preferredVersion!.version!, plural: x.name });
    }
    this.kinds.set(cluster, { at: Date.now(), kinds });
    return kinds;
  }
}
