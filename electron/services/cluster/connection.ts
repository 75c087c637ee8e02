import type { Agent } from 'node:http';
import { guarded, reportBackgroundError } from '../background.ts';
import { reviewListWatch } from './access-review.ts';
import { Backoff } from './backoff.ts';
import { execRequest, type ConsentStore, type ExecRequest } from './consent-store.ts';
import { ExecCredentialError, type ExecCredentialRunner } from './exec-credential.ts';
import { contextKubeConfig, type IssuedCredential, type KubeContextEntry } from './kubeconfig.ts';
import { KubeHttpError, KubeTransport, type KubeAuth } from './kube-transport.ts';
import { ListWatch, type KubeObject, type LoopStatus, type WatchEventType } from './list-watch.ts';
import type { PageQueue } from './page-queue.ts';
import { trimObject } from './trim-object.ts';
import { collectionPath, groupVersionPath, isGantryNamespace, GANTRY_FIXED_NAMESPACES, RESOURCES, type ResourceId, type WatchedResource } from './resources.ts';

export type ConnectionState = 'connecting' | 'live' | 'stale' | 'unauthorized' | 'forbidden' | 'unreachable' | 'needs-consent';

/** One watched scope: a resource cluster-wide or in one namespace. */
export interface ScopeStatus {
  resource: ResourceId;
  namespace?: string;
  state: 'listing' | 'watching' | 'retrying' | 'forbidden' | 'unauthorized' | 'not-installed';
  message?: string;
}

export interface ConnectionStatus {
  state: ConnectionState;
  /** In the API's, the network's or the plugin's own words. */
  reason?: string;
  /** Since when the state holds (stale: since the first watch was lost). */
  since: string;
  /** Every resource has delivered a complete list (the state is whole, if perhaps stale). */
  synced: boolean;
  scopes: ScopeStatus[];
  consent?: ExecRequest;
}

export interface ConnectionTuning {
  pageSize?: number;
  silenceMs?: number;
  requestTimeoutMs?: number;
  /** Which resources (default: all of RESOURCES). */
  resources?: readonly ResourceId[];
}

export interface ConnectionDeps {
  cluster: string;
  entry: KubeContextEntry;
  consent: ConsentStore;
  exec: ExecCredentialRunner;
  /** Namespaces the workspace renders for this cluster (shard-x, tenant-y), tried when the user may not watch cluster-wide. */
  namespaces: () => string[];
  tuning?: ConnectionTuning;
  onEvent: (resource: ResourceId, type: WatchEventType, obj: KubeObject) => void;
  /**
   * A whole cluster-wide list of `resource` (it replaces what was known of that kind): what
   * `listItem` made of each object, or the (trimmed) objects themselves where it gives no mapping.
   */
  onRelist: (resource: ResourceId, items: unknown[], resourceVersion: string, mapped: boolean) => void;
  /** What to keep of each listed object of `resource` as its page arrives (its projection), if not the object. */
  listItem?: (resource: ResourceId) => ((obj: KubeObject) => unknown) | undefined;
  /** No scope of `resource` may be read (the API's words): the state marks the kind as such. */
  onForbidden: (resource: ResourceId, message: string) => void;
  onStatus: (s: ConnectionStatus) => void;
  onNotice: (text: string) => void;
  /** List pages parsed in turns with other clusters' (see page-queue.ts), this cluster's at `priority()`. */
  pages?: { queue: PageQueue; priority: () => number };
}

interface Loop {
  resource: WatchedResource;
  namespace?: string;
  lw: ListWatch;
  /** Objects outside the watched namespaces are dropped (cluster-wide watches of namespaced kinds). */
  filter: boolean;
}

/**
 * One cluster as one kubeconfig context: credentials (an exec plugin only with consent), a
 * SelfSubjectAccessReview per resource, then a list/watch loop per allowed scope. Its status is the
 * roll-up of every loop's. Connecting is retried with backoff while the API cannot be reached;
 * a plugin that failed or a missing consent waits for the person (connect again, or allow).
 */
export class ClusterConnection {
  private loops: Loop[] = [];
  private fixed: ScopeStatus[] = [];
  private status: ConnectionStatus;
  private stopped = false;
  private everLive = false;
  private auth: { credential?: IssuedCredential; value: KubeAuth } | undefined;
  private retry: NodeJS.Timeout | undefined;
  private probe: NodeJS.Timeout | undefined;
  private readonly backoff = new Backoff();
  readonly transport: KubeTransport;

  constructor(private readonly d: ConnectionDeps) {
    this.status = { state: 'connecting', since: new Date().toISOString(), synced: false, scopes: [] };
    this.transport = new KubeTransport(() => this.currentAuth());
  }

  get current(): ConnectionStatus {
    return this.status;
  }

  private get credentialKey(): string {
    return `${this.d.entry.userFile ?? this.d.entry.file}\u0000${this.d.entry.user?.name ?? ''}\u0000${this.d.entry.name}`;
  }

  /** The exec request this context needs consent for, if it runs a plugin. */
  execRequest(): ExecRequest | undefined {
    const e = this.d.entry;
    return e.exec ? execRequest(e.userFile ?? e.file, e.name, e.exec) : undefined;
  }

  private async currentAuth(): Promise<KubeAuth> {
    const e = this.d.entry;
    let credential: IssuedCredential | undefined;
    if (e.exec) {
      const req = this.execRequest()!;
      if (!this.d.consent.isAllowed(req)) throw new NeedsConsent(req);
      credential = await this.d.exec.get(this.credentialKey, {
        label: `context ${e.name}`,
        spec: e.exec,
        kubeconfigFile: e.userFile ?? e.file,
        ...(e.cluster ? { cluster: { server: e.cluster.server, caData: e.cluster.caData, skipTLSVerify: e.cluster.skipTLSVerify, tlsServerName: e.cluster.tlsServerName } } : {}),
        onPrompt: (line) => this.d.onNotice(line),
      });
    }
    if (this.auth && this.auth.credential === credential) return this.auth.value;
    const kc = contextKubeConfig(e, credential);
    const opts: { agent?: Agent; headers?: Record<string, string>; auth?: string } = {};
    await kc.applyToHTTPSOptions(opts as never);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const value: KubeAuth = { server: kc.getCurrentCluster()!.server, agent: opts.agent!, headers };
    this.auth = { credential, value };
    return value;
  }

  /** Whether a loop is watching `resource` in `namespace` (cluster-wide or that namespace), with a complete list. */
  watching(resource: ResourceId, namespace: string): boolean {
    return this.loops.some((l) => l.resource.id === resource && (!l.namespace || l.namespace === namespace) && l.lw.current.phase === 'watching' && l.lw.current.synced);
  }

  /** Each loop's counters (lists, relists on 410, watchdog restarts, events), by scope. */
  loopStats(): Array<{ resource: ResourceId; namespace?: string; size: number } & ListWatch['stats']> {
    return this.loops.map((l) => ({ resource: l.resource.id, ...(l.namespace ? { namespace: l.namespace } : {}), size: l.lw.size, ...l.lw.stats }));
  }

  /** Whether the resource is known not to be installed (its CRD is missing). */
  notInstalled(resource: ResourceId): boolean {
    return this.fixed.some((f) => f.resource === resource && f.state === 'not-installed');
  }

  start(): void {
    this.stopped = false;
    this.connect().catch((err: unknown) => reportBackgroundError(`connecting to cluster ${this.d.cluster}`, err));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.probe);
    this.probe = undefined;
    for (const l of this.loops) l.lw.stop();
    this.loops = [];
  }

  private set(s: Partial<ConnectionStatus> & { state: ConnectionState }): void {
    const since = s.since ?? (s.state === this.status.state ? this.status.since : new Date().toISOString());
    this.status = { synced: false, scopes: this.scopes(), ...s, since };
    this.d.onStatus(this.status);
  }

  private scopes(): ScopeStatus[] {
    const live = this.loops.map((l): ScopeStatus => {
      const s = l.lw.current;
      const state: ScopeStatus['state'] = s.phase === 'stopped' ? 'retrying' : s.phase;
      return { resource: l.resource.id, ...(l.namespace ? { namespace: l.namespace } : {}), state, ...(s.message && state !== 'watching' && state !== 'listing' ? { message: s.message } : {}) };
    });
    return [...this.fixed, ...live];
  }

  private async connect(): Promise<void> {
    const e = this.d.entry;
    this.set({ state: 'connecting' });
    if (!e.cluster) return this.set({ state: 'unreachable', reason: `Context ${e.name} names a cluster the kubeconfig does not define.` });
    if (e.authProvider && !e.exec) {
      return this.set({ state: 'unauthorized', reason: `Context ${e.name} uses the "${e.authProvider}" auth-provider, which Gantry does not run; use an exec credential plugin (kubelogin, gke-gcloud-auth-plugin, aws eks get-token).` });
    }
    const req = this.execRequest();
    if (req && !this.d.consent.isAllowed(req)) return this.set({ state: 'needs-consent', reason: consentSentence(req), consent: req });
    let installed: WatchedResource[];
    try {
      installed = await this.discover();
    } catch (err) {
      if (this.stopped) return;
      return this.failedToConnect(err);
    }
    if (this.stopped) return;
    this.backoff.succeeded();
    await this.startLoops(installed);
  }

  private failedToConnect(err: unknown): void {
    if (err instanceof NeedsConsent) return this.set({ state: 'needs-consent', reason: consentSentence(err.req), consent: err.req });
    if (err instanceof ExecCredentialError) return this.set({ state: 'unauthorized', reason: err.message });
    if (err instanceof KubeHttpError && err.status === 401) {
      this.d.exec.invalidate(this.credentialKey);
      this.auth = undefined;
      return this.set({ state: 'unauthorized', reason: `The API of context ${this.d.entry.name} refused the credentials (401): ${err.message}` });
    }
    if (err instanceof KubeHttpError && err.status === 403) return this.set({ state: 'forbidden', reason: err.message });
    const reason = err instanceof Error ? err.message : String(err);
    this.set({ state: 'unreachable', reason: `Cannot reach the API of context ${this.d.entry.name} (${this.d.entry.cluster?.server}): ${reason}` });
    this.backoff.failed();
    this.retry = setTimeout(() => {
      if (!this.stopped) this.start();
    }, this.backoff.nextDelay(Date.now()));
    this.retry.unref?.();
  }

  /** Which resources the cluster serves: core ones always; a CRD's only when its group/version lists the plural. */
  private async discover(): Promise<WatchedResource[]> {
    const timeoutMs = this.d.tuning?.requestTimeoutMs ?? 15_000;
    await this.transport.json('/api/v1', { timeoutMs });
    const wanted = RESOURCES.filter((r) => !this.d.tuning?.resources || this.d.tuning.resources.includes(r.id));
    const out: WatchedResource[] = [];
    this.fixed = [];
    const groups = new Map<string, Promise<Set<string> | undefined>>();
    for (const r of wanted) {
      if (!r.crd) {
        out.push(r);
        continue;
      }
      const gv = groupVersionPath(r);
      if (!groups.has(gv)) {
        groups.set(
          gv,
          this.transport.json<{ resources?: Array<{ name?: string }> }>(gv, { timeoutMs }).then(
            (d) => new Set((d.resources ?? []).map((x) => String(x.name))),
            (err: unknown) => {
              if (err instanceof KubeHttpError && err.status === 404) return undefined;
              throw err;
            },
          ),
        );
      }
      const plurals = await groups.get(gv)!;
      if (plurals?.has(r.plural)) out.push(r);
      else this.fixed.push({ resource: r.id, state: 'not-installed', message: `${r.title} (${r.plural}.${r.group}/${r.version}) are not installed on this cluster: skipped.` });
    }
    return out;
  }

  private async startLoops(installed: WatchedResource[]): Promise<void> {
    const plans: Array<{ r: WatchedResource; namespace?: string; filter: boolean }> = [];
    let candidates: string[] | undefined;
    // The cluster-wide reviews at once (one round trip, not eleven); per-namespace ones only where needed.
    const reviews = await Promise.all(installed.map((r) => reviewListWatch(this.transport, r, undefined)));
    if (this.stopped) return;
    for (const [i, r] of installed.entries()) {
      const wide = reviews[i]!;
      if (wide.allowed) {
        plans.push({ r, filter: r.namespaced });
        continue;
      }
      if (!r.namespaced) {
        this.fixed.push({ resource: r.id, state: 'forbidden', message: wide.message });
        this.d.onForbidden(r.id, wide.message ?? `${r.title} are forbidden for this user.`);
        continue;
      }
      candidates ??= await this.namespaceCandidates();
      let allowedSomewhere = false;
      for (const ns of candidates) {
        const a = await reviewListWatch(this.transport, r, ns);
        if (this.stopped) return;
        if (a.allowed) {
          allowedSomewhere = true;
          plans.push({ r, namespace: ns, filter: false });
        } else this.fixed.push({ resource: r.id, namespace: ns, state: 'forbidden', message: a.message });
      }
      if (!allowedSomewhere) this.d.onForbidden(r.id, wide.message ?? `${r.title} are forbidden for this user.`);
    }
    const t = this.d.tuning ?? {};
    for (const p of plans) {
      const keep = p.namespace ? undefined : this.d.listItem?.(p.r.id);
      // Objects outside Gantry's namespaces are dropped as their page arrives, before anything is kept of them.
      const listItem = keep && (p.filter ? (o: KubeObject) => (isGantryNamespace(o.metadata?.namespace) ? keep(o) : undefined) : keep);
      const lw = new ListWatch({
        transport: this.transport,
        path: collectionPath(p.r, p.namespace),
        ...(t.pageSize ? { pageSize: t.pageSize } : {}),
        ...(t.silenceMs ? { silenceMs: t.silenceMs } : {}),
        ...(t.requestTimeoutMs ? { requestTimeoutMs: t.requestTimeoutMs } : {}),
        onEvent: (type, obj) => {
          if (p.filter && !isGantryNamespace(obj.metadata?.namespace)) return;
          this.d.onEvent(p.r.id, type, obj);
        },
        // A cluster-wide loop hands over whole lists (the state drops what a list lacks); loops of
        // one namespace each send their differences, so they do not replace each other's objects.
        ...(p.namespace
          ? {}
          : listItem
            ? { listItem, onRelist: (items: unknown[], rv: string) => this.d.onRelist(p.r.id, items, rv, true) }
            : { onRelist: (items: unknown[], rv: string) => this.d.onRelist(p.r.id, p.filter ? (items as KubeObject[]).filter((o) => isGantryNamespace(o.metadata?.namespace)) : items, rv, false) }),
        trim: trimObject,
        ...(this.d.pages ? { pages: this.d.pages } : {}),
        onStatus: () => this.rollUp(),
        onUnauthorized: () => {
          this.d.exec.invalidate(this.credentialKey);
          this.auth = undefined;
        },
      });
      this.loops.push({ resource: p.r, ...(p.namespace ? { namespace: p.namespace } : {}), lw, filter: p.filter });
    }
    if (!this.loops.length) {
      return this.set({ state: 'forbidden', reason: this.fixed.find((f) => f.state === 'forbidden')?.message ?? 'This user may not list or watch any resource Gantry shows.' });
    }
    this.rollUp();
    for (const l of this.loops) l.lw.start();
  }

  /** Gantry's fixed namespaces, the workspace's for this cluster, and those the user may list. */
  private async namespaceCandidates(): Promise<string[]> {
    const names = new Set<string>([...GANTRY_FIXED_NAMESPACES, ...this.d.namespaces()]);
    try {
      const list = await this.transport.json<{ items?: KubeObject[] }>('/api/v1/namespaces?limit=1000', { timeoutMs: 15_000 });
      for (const it of list.items ?? []) if (isGantryNamespace(it.metadata?.name)) names.add(String(it.metadata?.name));
    } catch {
      // Not allowed to list namespaces: the names Gantry knows are enough.
    }
    return [...names].sort();
  }

  /**
   * While watches are lost, one cheap GET /version every 2 s: when the API answers again, every lost
   * watch reconnects at once instead of at the end of its backoff (which may have grown to 30 s),
   * so a restarted apiserver is caught up with in seconds.
   */
  private startProbe(): void {
    if (this.probe || this.stopped) return;
    const tick = () => {
      this.probe = undefined;
      if (this.stopped || !this.loops.some((l) => l.lw.current.phase === 'retrying')) return;
      this.transport.json('/version', { timeoutMs: 3000 }).then(
        () => {
          for (const l of this.loops) l.lw.retryNow();
          this.startProbe();
        },
        () => this.startProbe(),
      );
    };
    this.probe = setTimeout(guarded(`probing the API of ${this.d.cluster}`, tick), 2000);
    this.probe.unref?.();
  }

  /** The cluster's state from its loops'. */
  private rollUp(): void {
    if (this.stopped) return;
    const st: LoopStatus[] = this.loops.map((l) => l.lw.current);
    const synced = st.every((s) => s.synced);
    const lost = st.filter((s) => s.phase === 'retrying' || s.phase === 'unauthorized');
    const unauthorized = st.find((s) => s.phase === 'unauthorized');
    if (unauthorized) return this.set({ state: 'unauthorized', reason: unauthorized.message, synced });
    if (lost.length) this.startProbe();
    if (lost.length) {
      const first = lost.map((s) => s.since ?? '').sort()[0] || undefined;
      const reason = lost[0]?.message;
      if (this.everLive) return this.set({ state: 'stale', ...(reason ? { reason } : {}), ...(first ? { since: first } : {}), synced });
      return this.set({ state: 'unreachable', ...(reason ? { reason } : {}), synced });
    }
    if (synced && st.every((s) => s.phase === 'watching' || s.phase === 'forbidden' || s.phase === 'listing')) {
      this.everLive = true;
      const forbidden = this.fixed.filter((f) => f.state === 'forbidden').length;
      return this.set({ state: 'live', ...(forbidden ? { reason: `${forbidden} resource scope(s) forbidden for this user; the rest is live.` } : {}), synced });
    }
    this.set({ state: 'connecting', synced });
  }
}

class NeedsConsent extends Error {
  constructor(readonly req: ExecRequest) {
    super(consentSentence(req));
  }
}

export function consentSentence(req: ExecRequest): string {
  const argv = [req.command, ...req.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  return `Context ${req.context} gets its credentials by running ${argv} (from ${req.kubeconfig}); Gantry runs it only after you allow it.`;
}
