import { randomUUID } from 'node:crypto';
import { applyWatchEvent, dropCluster, EMPTY_STATE, project, selectView, type LiveSpec, type LiveState, type TimelineCommit, type ViewArg, type ViewInputs, type WatchEvent } from '../../../gitops/core/live/index.ts';
import type { ControllerRef } from '../../../gitops/core/render/cluster-objects.ts';
import { HostError } from '../../../shared/ipc/envelope.ts';
import type { ClusterEntryDto, ClusterListDto, ExecGrantDto, ExecRequestDto, ViewArgDto, ViewDeltaDto, ViewSnapshotDto } from '../../../shared/ipc/cluster-schemas.ts';
import { reportBackgroundError } from '../background.ts';
import { ViewCoalescer } from './coalescer.ts';
import { ClusterConnection, type ConnectionStatus, type ConnectionTuning } from './connection.ts';
import { ConsentStore, execRequest } from './consent-store.ts';
import { PageQueue } from './page-queue.ts';
import { controllerResourceOf, isControllerResource, WatchedControllers } from './watched-controllers.ts';
import { ExecCredentialRunner } from './exec-credential.ts';
import { kubeconfigFiles, loadKubeconfigs, type KubeContextEntry, type LoadedKubeconfig } from './kubeconfig.ts';
import type { KubeObject } from './list-watch.ts';

/** A Cluster spec as far as the service needs it. */
export interface ClusterSpecRef {
  name: string;
  provider: string;
  region: string;
  gitops: 'flux' | 'argocd';
  kubeContext?: string;
}

export interface ClusterServiceDeps {
  /** The host's state folder (consent to exec plugins is kept there). */
  dataDir: string;
  /** The open workspace's Cluster specs (none when no workspace is open). */
  clusters: () => ClusterSpecRef[];
  /** The workspace as live monitoring reads it (clusters, shards with zones and servers, tenants): liveSpecOf(model). */
  liveSpec: () => LiveSpec;
  /** The namespaces the workspace renders on a cluster (shard-x, tenant-y), tried when the user may not watch cluster-wide. */
  namespacesOf?: (cluster: string) => string[];
  /** The rendered objects drift is compared with, per cluster (none: no drift shown). */
  rendered?: ViewInputs['rendered'];
  /** Called when a cluster connects: drift's rendered objects of it may be made ahead, in slices (never throws). */
  prepareRendered?: (cluster: string) => void;
  /** The branch's last commits, newest first, for the reconciliation timeline (read again on inputsChanged). */
  commits?: () => Promise<TimelineCommit[]>;
  emitDelta: (d: ViewDeltaDto) => void;
  emitConnection: (c: ClusterEntryDto) => void;
  emitNotice: (n: { cluster: string; context: string; text: string; at: string }) => void;
  /** Environment for KUBECONFIG and the home folder for ~/.kube/config (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Kill a credential plugin after this long (default 30 s). */
  execTimeoutMs?: number;
  tuning?: ConnectionTuning;
  maxDeltasPerSecond?: number;
}

interface Subscription {
  id: string;
  arg: ViewArg;
  coalescer: ViewCoalescer;
}

const MAX_SUBSCRIPTIONS = 64;

/**
 * Live monitoring in the host: the kubeconfig's contexts mapped to the workspace's Cluster specs
 * (by kubeContext, else a context named like the cluster), a connection per cluster the person
 * opens (a subscribed view or an explicit connect; never every context at start), the watches'
 * changes in one store, and per subscribed view numbered deltas (at most 10 a second).
 */
export class ClusterService {
  /** Every connected cluster's objects as the pure half's slim projections (gitops/core/live). */
  state: LiveState = EMPTY_STATE;
  readonly consent: ConsentStore;
  readonly exec: ExecCredentialRunner;
  private kubeconfig: LoadedKubeconfig | undefined;
  private readonly connections = new Map<string, { conn: ClusterConnection; entry: KubeContextEntry }>();
  private readonly subs = new Map<string, Subscription>();
  /** Whole Flux Kustomizations and Argo CD Applications, for the rollout follower (watched-controllers.ts). */
  private readonly controllers = new WatchedControllers();
  /**
   * Every cluster's list pages are parsed in turns, the cluster connected first going first: when
   * several connect at once (the overview), the board opened first is complete after its own lists,
   * not after everyone's.
   */
  private readonly pages = new PageQueue();
  /** How many connections were made (a connection's place in the page queue). */
  private connectCount = 0;
  private commits: readonly TimelineCommit[] = [];
  /** The commits are read again before the next timeline view shows them. */
  private commitsStale = true;

  constructor(private readonly d: ClusterServiceDeps) {
    this.consent = new ConsentStore(d.dataDir);
    this.exec = new ExecCredentialRunner({ timeoutMs: d.execTimeoutMs ?? 30_000 });
  }

  private loaded(): LoadedKubeconfig {
    return (this.kubeconfig ??= loadKubeconfigs(kubeconfigFiles(this.d.env ?? process.env, this.d.home)));
  }

  /** Reads the kubeconfig files again (the next connect uses what they say now). */
  reload(): void {
    this.kubeconfig = undefined;
  }

  private spec(cluster: string): ClusterSpecRef {
    const s = this.d.clusters().find((c) => c.name === cluster);
    if (!s) throw new HostError('not-found', `No Cluster named ${cluster} in the workspace.`);
    return s;
  }

  private contextOf(spec: ClusterSpecRef): KubeContextEntry | undefined {
    const name = spec.kubeContext ?? spec.name;
    return this.loaded().contexts.find((c) => c.name === name);
  }

  private entryDto(spec: ClusterSpecRef): ClusterEntryDto {
    const ctx = this.contextOf(spec);
    const base = { cluster: spec.name, provider: spec.provider, region: spec.region, gitops: spec.gitops };
    if (!ctx) {
      const reason = spec.kubeContext
        ? `No context "${spec.kubeContext}" in the kubeconfig.`
        : `No kubeContext in clusters/${spec.name}.yaml, and no context "${spec.name}" in the kubeconfig.`;
      return { ...base, state: 'no-context', reason, synced: false, scopes: [] };
    }
    const c = this.connections.get(spec.name);
    const withCtx = { ...base, context: ctx.name, kubeconfig: ctx.file };
    if (!c) {
      const req = ctx.exec ? execRequest(ctx.userFile ?? ctx.file, ctx.name, ctx.exec) : undefined;
      return { ...withCtx, state: 'disconnected', synced: false, scopes: [], ...(req && !this.consent.isAllowed(req) ? { consent: req } : {}) };
    }
    return { ...withCtx, ...statusDto(c.conn.current) };
  }

  list(): ClusterListDto {
    const k = this.loaded();
    return {
      clusters: this.d.clusters().map((s) => this.entryDto(s)),
      contexts: k.contexts.map((c) => c.name),
      kubeconfigFiles: k.files,
      problems: k.problems,
    };
  }

  status(cluster: string): ClusterEntryDto {
    return this.entryDto(this.spec(cluster));
  }

  /** The list/watch loops' counters of a connected cluster (tests, benchmark). */
  loopStats(cluster: string): ReturnType<ClusterConnection['loopStats']> {
    return this.connections.get(cluster)?.conn.loopStats() ?? [];
  }

  /** Connects (or reconnects, after a consent or a fixed kubeconfig) the cluster; returns its state. */
  connect(cluster: string): ClusterEntryDto {
    const spec = this.spec(cluster);
    const existing = this.connections.get(cluster);
    if (existing && !['needs-consent', 'unauthorized', 'unreachable', 'forbidden'].includes(existing.conn.current.state)) return this.entryDto(spec);
    if (existing) this.disconnect(cluster, true);
    this.reload();
    const entry = this.contextOf(spec);
    if (!entry) return this.entryDto(spec);
    const priority = ++this.connectCount;
    const conn = new ClusterConnection({
      cluster,
      entry,
      pages: { queue: this.pages, priority: () => priority },
      consent: this.consent,
      exec: this.exec,
      namespaces: () => this.d.namespacesOf?.(cluster) ?? [],
      ...(this.d.tuning ? { tuning: this.d.tuning } : {}),
      onEvent: (resource, type, obj) => {
        if (isControllerResource(resource)) this.controllers.event(cluster, resource, type, obj);
        this.apply({ cluster, kind: resource, type, object: obj });
      },
      // Each listed object becomes its slim projection as its page arrives (the page is dropped at
      // once); Flux Kustomizations and Argo CD Applications are kept whole (few; the rollout follower reads them).
      listItem: (resource) => (isControllerResource(resource) ? undefined : (obj) => project(resource, obj)),
      onRelist: (resource, items, resourceVersion, projected) => {
        if (!projected && isControllerResource(resource)) this.controllers.relisted(cluster, resource, items as KubeObject[]);
        this.apply({ cluster, kind: resource, type: 'RELIST', objects: items, resourceVersion, ...(projected ? { projected } : {}) });
      },
      onForbidden: (resource, message) => this.apply({ cluster, kind: resource, type: 'ERROR', status: { code: 403, reason: 'Forbidden', message } }),
      onStatus: () => {
        try {
          this.d.emitConnection(this.entryDto(spec));
        } catch (err) {
          reportBackgroundError(`publishing the connection of ${cluster}`, err);
        }
        this.touched(cluster);
      },
      onNotice: (text) => this.d.emitNotice({ cluster, context: entry.name, text, at: new Date().toISOString() }),
    });
    this.connections.set(cluster, { conn, entry });
    conn.start();
    try {
      this.d.prepareRendered?.(cluster);
    } catch (err) {
      reportBackgroundError(`preparing the drift of ${cluster}`, err);
    }
    return this.entryDto(spec);
  }

  disconnect(cluster: string, keepViews = false): boolean {
    const c = this.connections.get(cluster);
    if (!c) return false;
    c.conn.stop();
    this.connections.delete(cluster);
    this.state = dropCluster(this.state, cluster).state;
    this.controllers.drop(cluster);
    if (!keepViews) this.touched(cluster);
    return true;
  }

  /**
   * The rollout follower's read from a live watch: the controller object (or that it does not
   * exist) when a connected cluster of that context watches its kind there; undefined otherwise
   * (the follower then GETs it).
   */
  watchedController(context: string, ref: ControllerRef): { found: boolean; object?: unknown } | undefined {
    const resource = controllerResourceOf(ref);
    if (!resource) return undefined;
    for (const [cluster, c] of this.connections) {
      if (c.entry.name !== context || !c.conn.watching(resource, ref.namespace)) continue;
      const object = this.controllers.get(cluster, resource, ref.namespace, ref.name);
      return object ? { found: true, object } : { found: false };
    }
    return undefined;
  }

  private apply(ev: WatchEvent): void {
    const r = applyWatchEvent(this.state, ev);
    if (r.state === this.state) return;
    this.state = r.state;
    if (r.changedKeys.length || r.statusChanged) this.touched(ev.cluster);
  }

  /** The cluster a view shows (a shard's, from the spec), if it shows one. */
  private clusterOfView(arg: ViewArg, spec = this.d.liveSpec()): string | undefined {
    if (arg.view === 'cluster') return arg.cluster;
    if (arg.view === 'shard') return spec.shards[arg.shard]?.cluster;
    return undefined;
  }

  private touched(cluster: string): void {
    for (const s of this.subs.values()) {
      const c = this.clusterOfView(s.arg);
      if (c === undefined || c === cluster) s.coalescer.markDirty();
    }
  }

  /** Namespaces where this user may not read pods or workloads, with the API's sentence (a restricted user). */
  private forbiddenNamespaces(cluster: string): Map<string, string> | undefined {
    const scopes = this.connections.get(cluster)?.conn.current.scopes;
    let out: Map<string, string> | undefined;
    for (const s of scopes ?? []) {
      if (s.state !== 'forbidden' || !s.namespace || !['Pod', 'Deployment', 'InferenceService'].includes(s.resource)) continue;
      if (!out?.has(s.namespace)) (out ??= new Map()).set(s.namespace, s.message ?? `${s.resource} is forbidden in ${s.namespace}`);
    }
    return out;
  }

  /** A view's items: the pure half's selectView, plus the host's connection state of the clusters it shows. */
  private viewItems(arg: ViewArg): Record<string, unknown> {
    const spec = this.d.liveSpec();
    const inputs = { ...(this.d.rendered ? { rendered: this.d.rendered } : {}), commits: this.commits, forbidden: (c: string) => this.forbiddenNamespaces(c) };
    const items: Record<string, unknown> = { ...selectView(this.state, spec, arg, inputs) };
    const one = this.clusterOfView(arg, spec);
    for (const c of this.d.clusters()) {
      if (one !== undefined && c.name !== one) continue;
      const e = this.entryDto(c);
      items[`connection/${c.name}`] = { state: e.state, ...(e.reason ? { reason: e.reason } : {}), ...(e.since ? { since: e.since } : {}), synced: e.synced };
    }
    return items;
  }

  /**
   * The workspace's files or its Git history changed: every view is computed again (drift reads the
   * render), and the timeline's commits are read again when one is shown.
   */
  inputsChanged(): void {
    this.commitsStale = true;
    if ([...this.subs.values()].some((s) => s.arg.view === 'timeline')) void this.readCommits();
    for (const s of this.subs.values()) s.coalescer.markDirty();
  }

  private async readCommits(): Promise<void> {
    if (!this.d.commits) return;
    this.commitsStale = false;
    try {
      this.commits = await this.d.commits();
    } catch (err) {
      reportBackgroundError('reading the commits for the reconciliation timeline', err);
      return;
    }
    for (const s of this.subs.values()) if (s.arg.view === 'timeline') s.coalescer.markDirty();
  }

  /** Before subscribing `arg`: the timeline's commits are read when they are not yet (its first snapshot then lists them). */
  async prepare(arg: ViewArgDto): Promise<void> {
    if (arg.view === 'timeline' && this.commitsStale) await this.readCommits();
  }

  subscribe(arg: ViewArgDto): ViewSnapshotDto {
    const cluster = this.clusterOfView(arg);
    if (arg.view === 'shard' && cluster === undefined) throw new HostError('not-found', `No Shard named ${arg.shard} in the workspace.`);
    if (cluster !== undefined) this.connect(cluster);
    if (this.subs.size >= MAX_SUBSCRIPTIONS) {
      // A renderer that went away without unsubscribing: its oldest subscription goes first.
      const oldest = this.subs.keys().next().value;
      if (oldest) this.unsubscribe(oldest);
    }
    const id = randomUUID();
    const coalescer = new ViewCoalescer(
      () => this.viewItems(arg),
      (delta) => this.d.emitDelta({ subscription: id, seq: delta.seq, set: { ...delta.set }, remove: [...delta.remove] }),
      { maxPerSecond: this.d.maxDeltasPerSecond ?? 10 },
    );
    this.subs.set(id, { id, arg, coalescer });
    return { subscription: id, ...coalescer.snapshot() };
  }

  unsubscribe(id: string): boolean {
    const s = this.subs.get(id);
    if (!s) return false;
    s.coalescer.dispose();
    this.subs.delete(id);
    return true;
  }

  snapshot(id: string): ViewSnapshotDto {
    const s = this.subs.get(id);
    if (!s) throw new HostError('not-found', `No live view subscription ${id} (it ended; subscribe again).`);
    return { subscription: id, ...s.coalescer.snapshot() };
  }

  consentList(): { grants: ExecGrantDto[]; pending: ExecRequestDto[] } {
    const pending: ExecRequestDto[] = [];
    for (const c of this.list().clusters) if (c.consent && !pending.some((p) => p.context === c.consent!.context && p.kubeconfig === c.consent!.kubeconfig)) pending.push(c.consent);
    return { grants: this.consent.list(), pending };
  }

  /**
   * Allows the plugin a context runs, as the kubeconfig says it now (the person saw this command
   * and these arguments): a request naming anything else is refused. Clusters waiting for it reconnect.
   */
  consentAllow(req: { kubeconfig: string; context: string; command: string; args: string[] }): ExecGrantDto {
    this.reload();
    const ctx = this.loaded().contexts.find((c) => c.name === req.context && (c.userFile ?? c.file) === req.kubeconfig);
    if (!ctx?.exec) throw new HostError('not-found', `Context ${req.context} in ${req.kubeconfig} runs no credential plugin.`);
    const now = execRequest(ctx.userFile ?? ctx.file, ctx.name, ctx.exec);
    if (now.command !== req.command || JSON.stringify(now.args) !== JSON.stringify(req.args)) {
      throw new HostError('external-change', `The kubeconfig now runs ${[now.command, ...now.args].join(' ')} for context ${req.context}, not what was shown; look again before allowing it.`);
    }
    const grant = this.consent.allow(now);
    for (const [cluster, c] of this.connections) if (c.entry.name === req.context && c.conn.current.state === 'needs-consent') this.connect(cluster);
    return grant;
  }

  consentRevoke(kubeconfig: string, context: string): number {
    const n = this.consent.revoke(kubeconfig, context);
    // A revoked plugin's credential is not used again: its clusters disconnect.
    for (const [cluster, c] of [...this.connections]) {
      if (c.entry.name === context && (c.entry.userFile ?? c.entry.file) === kubeconfig && c.entry.exec) {
        this.disconnect(cluster);
        this.exec.invalidate(`${c.entry.userFile ?? c.entry.file}\u0000${c.entry.user?.name ?? ''}\u0000${c.entry.name}`);
      }
    }
    return n;
  }

  /** Stops every watch, timer and plugin; subscriptions end. */
  dispose(): void {
    for (const cluster of [...this.connections.keys()]) this.disconnect(cluster, true);
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
    this.exec.dispose();
  }

  /** The workspace changed (opened, closed): its clusters' connections end. */
  forgetAll(): void {
    for (const cluster of [...this.connections.keys()]) this.disconnect(cluster, true);
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
  }
}

function statusDto(s: ConnectionStatus): Omit<ClusterEntryDto, 'cluster' | 'provider' | 'region' | 'gitops' | 'context' | 'kubeconfig'> {
  return {
    state: s.state,
    ...(s.reason ? { reason: s.reason } : {}),
    since: s.since,
    synced: s.synced,
    scopes: s.scopes,
    ...(s.consent ? { consent: s.consent } : {}),
  };
}
