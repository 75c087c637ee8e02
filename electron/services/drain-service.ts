import { CoreV1Api } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { previewDrain, type DrainPreview } from '../../gitops/core/routing/drain-preview.ts';
import type { ShardHealthInput } from '../../gitops/core/routing/live-health.ts';
import type { RoutingMap } from '../../gitops/core/routing/routing-map.ts';
import { GitError } from '../../gitops/node/sync/index.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { DrainPreviewDto, DrainRunDto, PlacementClusterDto, PlacementDto } from '../../shared/ipc/drain-schemas.ts';
import { execRequest } from './cluster/consent-store.ts';
import { consentSentence } from './cluster/connection.ts';
import { contextKubeConfig, kubeconfigFiles, loadKubeconfigs, type KubeContextEntry } from './cluster/kubeconfig.ts';
import type { GitService } from './git-service.ts';
import type { ExecGate } from './kube-client.ts';
import type { WorkspaceService } from './workspace-service.ts';

type Health = Array<{ shard: string; status: 'healthy' | 'degraded' | 'down' | 'unknown'; reasons: string[] }>;

/** What a cluster's API server holds of the placement: tenant namespaces' labels and the router's map. */
export interface LivePlacement {
  namespaces: Array<{ name: string; labels: Record<string, string> }>;
  /** The gantry-routing ConfigMap's routing.json; undefined when the ConfigMap is not there. */
  routingJson: string | undefined;
}

/** The I/O of the placement check (a seam: the logic below is tested without sockets). */
export interface PlacementReader {
  contexts(): string[];
  /** Throws with a sentence when the cluster cannot be read. */
  read(context: string): Promise<LivePlacement>;
}

export interface DrainServiceDeps {
  workspace: WorkspaceService;
  git: () => Promise<GitService>;
  /** Starts following a commit until each cluster's Flux or Argo CD applied it (cluster:followRollout). */
  follow: (commit: string) => Promise<unknown>;
  reader: () => Promise<PlacementReader>;
}

const TENANT_LABEL = 'gantry.dev/tenant';
const SHARD_LABEL = 'gantry.dev/shard';

/**
 * The host side of the on-call flow "Drain and fail over" (issue 15): the planner's drain as a
 * preview, then written, committed with its message and trailers, pushed (a push someone made
 * meanwhile is pulled and ours replayed on top, as a pull does) and followed; the undo as a revert
 * pushed and followed the same way; and the check that each cluster shows the placement the specs
 * ask for (tenant namespaces labelled with their shard, the gantry-routing ConfigMap's map).
 */
export class DrainService {
  constructor(private readonly deps: DrainServiceDeps) {}

  preview(shard: string, partial: boolean, health: Health | undefined): DrainPreviewDto {
    return toDto(this.plan(shard, partial, health));
  }

  private plan(shard: string, partial: boolean, health: Health | undefined): DrainPreview {
    const { model } = this.deps.workspace.current();
    const input: ShardHealthInput | undefined = health && new Map(health.map((h) => [h.shard, { status: h.status, reasons: h.reasons }]));
    const r = previewDrain(model, shard, { partial, ...(input ? { health: input } : {}) });
    if (!r.ok) throw new HostError('plan-failed', r.message);
    return r.preview;
  }

  async apply(opId: string, shard: string, partial: boolean, health: Health | undefined): Promise<DrainRunDto> {
    const { workspace } = this.deps;
    const git = await this.deps.git();
    if (workspace.drafts().length) throw new HostError('invalid-workspace', `Save or discard your edits to ${workspace.drafts().join(', ')} first: the drain commits files as they are on disk.`);
    const dirty = (await git.status()).changes.filter((c) => !c.path.startsWith('rendered/'));
    if (dirty.length) {
      throw new HostError('invalid-workspace', `${dirty.map((c) => c.path).slice(0, 5).join(', ')} ${dirty.length === 1 ? 'has' : 'have'} uncommitted changes; commit or discard them first, so the drain commit holds the drain only.`);
    }
    const p = this.plan(shard, partial, health);
    const before = p.plan.files.map((f) => ({ path: f.path, content: workspace.modelText(f.path) }));
    workspace.writeFiles(p.plan.files.map((f) => ({ path: f.path, content: f.content })));
    try {
      await git.commit(p.commit.message);
    } catch (err) {
      // Nothing half-done stays behind: the files go back as they were.
      workspace.writeFiles(before.filter((b): b is { path: string; content: string } => b.content !== undefined), 'write');
      throw err;
    }
    return this.pushAndFollow(git, opId, p.commit.message, {});
  }

  async undo(opId: string, commit: string): Promise<DrainRunDto> {
    const git = await this.deps.git();
    const facts = await git.commitFacts(commit);
    const r = await git.revert(commit, [`Gantry-Undo: ${facts.subject.slice(0, 200)}`]);
    return this.pushAndFollow(git, opId, r.message, { reverted: r.reverted });
  }

  /**
   * Pushes; when someone pushed meanwhile, pulls (their commits, ours replayed on top with
   * rendered/ made again) and pushes once more. No remote or offline: the commit stays queued and
   * the result says so. Then follows the pushed commit.
   */
  private async pushAndFollow(git: GitService, opId: string, message: string, extra: { reverted?: string }): Promise<DrainRunDto> {
    let replayed = false;
    let pushed = false;
    let pushNote: string | undefined;
    if (!(await git.branchState()).remoteUrl) {
      pushNote = 'The branch has no remote: add one in Changes, then push; the clusters apply it only then.';
    } else {
      try {
        await git.push(opId);
        pushed = true;
      } catch (err) {
        if (codeOf(err) === 'push-rejected') {
          await git.pull(`${opId}-pull`);
          replayed = true;
          await git.push(`${opId}-again`);
          pushed = true;
        } else if (codeOf(err) === 'network') {
          pushNote = `Not pushed: ${err instanceof Error ? err.message : String(err)} The commit waits in the queue; push when the remote answers.`;
        } else throw err;
      }
    }
    const head = await git.commitFacts();
    if (pushed) await this.deps.follow(head.oid);
    return { oid: head.oid, subject: head.subject, message, pushed, replayed, ...(pushNote ? { pushNote } : {}), ...extra, branch: await git.branchState() };
  }

  /** Each cluster of the workspace: its tenant namespaces' shard label and its router's map, against the specs. */
  async placement(): Promise<PlacementDto> {
    const { model } = this.deps.workspace.current();
    const rendered = this.deps.workspace.renderOf().rendered();
    const reader = await this.deps.reader();
    const contexts = new Set(reader.contexts());
    const clusters = await Promise.all(
      model.objects('Cluster').map(async (c): Promise<PlacementClusterDto> => {
        const expected = routingOf(rendered.get(`rendered/${c.name}/gantry-system/configmap-gantry-routing.yaml`));
        const context = model.valid('Cluster', c.name)?.spec.kubeContext ?? c.name;
        const base = { cluster: c.name, matches: false, tenants: [], shards: [] };
        if (!contexts.has(context)) return { ...base, state: 'not-connected', message: `No context "${context}" in the kubeconfig.` };
        try {
          return comparePlacement(c.name, expected, await reader.read(context));
        } catch (err) {
          return { ...base, state: 'error', message: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    return { at: new Date().toISOString(), clusters };
  }
}

function codeOf(err: unknown): string | undefined {
  if (err instanceof HostError || err instanceof GitError) return err.code;
  return undefined;
}

interface RoutingJson {
  shards: Record<string, { state: string }>;
  tenants: Record<string, { shard: string }>;
}

/** routing.json out of a rendered gantry-routing ConfigMap (or its data), empty when absent. */
export function routingOf(configMapYaml: string | undefined): RoutingJson {
  if (!configMapYaml) return { shards: {}, tenants: {} };
  const doc = parse(configMapYaml) as { data?: Record<string, string> } | null;
  return parseRoutingJson(doc?.data?.['routing.json']);
}

function parseRoutingJson(text: string | undefined): RoutingJson {
  if (!text) return { shards: {}, tenants: {} };
  const j = JSON.parse(text) as Partial<RoutingJson>;
  return { shards: j.shards ?? {}, tenants: j.tenants ?? {} };
}

/**
 * Whether the cluster shows what the specs ask: every tenant's namespace labelled with its shard
 * and the router's map placing it there, every shard in its state. Pure.
 */
export function comparePlacement(cluster: string, expected: RoutingJson, live: LivePlacement): PlacementClusterDto {
  let liveRouting: RoutingJson | undefined;
  let message: string | undefined;
  try {
    liveRouting = live.routingJson === undefined ? undefined : parseRoutingJson(live.routingJson);
    if (!liveRouting) message = 'No gantry-routing ConfigMap in gantry-system yet.';
  } catch {
    message = 'The gantry-routing ConfigMap holds no readable routing.json.';
  }
  const nsShard = new Map<string, string>();
  for (const ns of live.namespaces) {
    const tenant = ns.labels[TENANT_LABEL];
    const shard = ns.labels[SHARD_LABEL];
    if (tenant && shard) nsShard.set(tenant, shard);
  }
  const tenants = Object.entries(expected.tenants)
    .map(([tenant, t]) => ({ tenant, expected: t.shard, namespace: nsShard.get(tenant) ?? null, routing: liveRouting?.tenants[tenant]?.shard ?? null }))
    .sort((a, b) => a.tenant.localeCompare(b.tenant));
  const shards = Object.entries(expected.shards)
    .map(([shard, s]) => ({ shard, expected: s.state, routing: liveRouting?.shards[shard]?.state ?? null }))
    .sort((a, b) => a.shard.localeCompare(b.shard));
  const matches = tenants.every((t) => t.namespace === t.expected && t.routing === t.expected) && shards.every((s) => s.routing === s.expected);
  return { cluster, state: 'checked', matches, tenants, shards, ...(message ? { message } : {}) };
}

function rowsOf(map: RoutingMap): DrainPreviewDto['routing']['before'] {
  return map.clusters.flatMap((c) =>
    c.regions.flatMap((r) =>
      r.shards.map((s) => ({
        cluster: c.cluster,
        region: r.region,
        shard: s.name,
        state: s.state,
        failoverShard: s.failoverShard,
        gpus: s.gpus,
        tenants: s.tenants.map((t) => ({ name: t.name, plan: t.plan, gpus: t.gpus })),
        ...(s.health ? { health: s.health.status } : {}),
      })),
    ),
  );
}

function toDto(p: DrainPreview): DrainPreviewDto {
  const cluster = p.routing.before.clusters.find((c) => c.regions.some((r) => r.shards.some((s) => s.name === p.shard)))?.cluster ?? '';
  return {
    shard: p.shard,
    cluster,
    partial: p.partial,
    specDiff: p.specDiff,
    summary: p.summary,
    renderedDiff: p.renderedDiff.map((d) => ({
      cluster: d.cluster,
      files: [
        ...d.files.added.map((path) => ({ path, change: 'added' as const })),
        ...d.files.modified.map((path) => ({ path, change: 'modified' as const })),
        ...d.files.removed.map((path) => ({ path, change: 'deleted' as const })),
      ]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((f) => (d.patches[f.path] ? { ...f, patch: d.patches[f.path]! } : f)),
    })),
    routing: { before: rowsOf(p.routing.before), after: rowsOf(p.routing.after) },
    maps: { before: { clusters: p.routing.before.clusters.filter((c) => c.cluster === cluster) }, after: { clusters: p.routing.after.clusters.filter((c) => c.cluster === cluster) } },
    moves: p.moves,
    stays: p.stays,
    headroom: p.headroom,
    problemsAfter: p.problemsAfter.map((x) => ({ code: x.code, shard: x.shard, message: x.message })),
    commit: { subject: p.commit.subject, message: p.commit.message, trailers: p.commit.trailers },
  };
}

const READ_TIMEOUT_MS = 10_000;

/**
 * Reads tenant namespaces and the gantry-routing ConfigMap with the person's kubeconfig. A context
 * whose user runs an exec plugin is read only after the person allowed it (the same consent as
 * live monitoring); the plugin runs through the shared runner.
 */
export class KubePlacementReader implements PlacementReader {
  private readonly entries: Map<string, KubeContextEntry>;

  constructor(private readonly gate: ExecGate) {
    this.entries = new Map(loadKubeconfigs(kubeconfigFiles()).contexts.map((c) => [c.name, c]));
  }

  contexts(): string[] {
    return [...this.entries.keys()];
  }

  async read(context: string): Promise<LivePlacement> {
    const entry = this.entries.get(context);
    if (!entry) throw new Error(`No context "${context}" in the kubeconfig.`);
    let credential;
    if (entry.exec) {
      const req = execRequest(entry.userFile ?? entry.file, entry.name, entry.exec);
      if (!this.gate.consent.isAllowed(req)) throw new Error(consentSentence(req));
      credential = await this.gate.exec.get(`${entry.userFile ?? entry.file}\u0000${entry.user?.name ?? ''}\u0000${entry.name}`, { label: `context ${context}`, spec: entry.exec, kubeconfigFile: entry.userFile ?? entry.file });
    }
    const api = contextKubeConfig(entry, credential).makeApiClient(CoreV1Api);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The Kubernetes API of context ${context} did not answer within ${READ_TIMEOUT_MS / 1000} s.`)), READ_TIMEOUT_MS);
    });
    try {
      const [namespaces, routingJson] = await Promise.race([
        Promise.all([
          api.listNamespace({ labelSelector: TENANT_LABEL }),
          api.readNamespacedConfigMap({ name: 'gantry-routing', namespace: 'gantry-system' }).then(
            (cm) => cm.data?.['routing.json'] ?? '',
            (err: unknown) => {
              if ((err as { code?: number }).code === 404) return undefined;
              throw err;
            },
          ),
        ]),
        timeout,
      ]);
      return { namespaces: namespaces.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })), routingJson };
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 401 || code === 403) throw new Error(`Context ${context} may not list namespaces or read gantry-system/gantry-routing (HTTP ${code}).`);
      throw err instanceof Error && !code ? err : new Error(`Cannot read context ${context}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
