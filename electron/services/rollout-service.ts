import { controllerRef } from '../../gitops/core/render/cluster-objects.ts';
import { argoApplicationState, fluxKustomizationState, type RolloutState } from '../../gitops/core/rollout/rollout-state.ts';
import type { RolloutClusterDto, RolloutDto } from '../../shared/ipc/schemas.ts';
import { reportBackgroundError } from './background.ts';
import type { EventBus } from './event-bus.ts';
import { KubeReadError, type ControllerReader } from './kube-client.ts';
import type { WorkspaceService } from './workspace-service.ts';

/** What the follower needs from the Git side. */
export interface RolloutGit {
  commitFacts(oid?: string): Promise<{ oid: string; subject: string }>;
  /** undefined: not known yet (the clone lacks `descendant`). */
  contains(ancestor: string, descendant: string): Promise<boolean | undefined>;
}

export interface RolloutServiceDeps {
  workspace: WorkspaceService;
  events: EventBus;
  git: () => Promise<RolloutGit>;
  reader: ControllerReader;
  /** Between two reads of every cluster (default 2 s). */
  intervalMs?: number;
  /** A follow ends by itself after this long (default 20 minutes). */
  limitMs?: number;
}

/** Phases after which a cluster's row will not change by waiting. */
const FINAL = new Set<RolloutClusterDto['phase']>(['applied', 'failed', 'not-connected']);

interface Follow {
  dto: RolloutDto;
  timer: NodeJS.Timeout | undefined;
  deadline: number;
  stopped: boolean;
  /** Whether the followed commit is in the history of a commit a controller names (ancestry never changes; reads repeat every 2 s). */
  contained: Map<string, boolean>;
}

/**
 * Follows one commit after a push until each cluster's GitOps controller (Flux Kustomization or
 * Argo CD Application, named by the bootstrap in rendered/_bootstrap) reports it applied, or
 * failed with the controller's message. Reads every cluster every `intervalMs` (a handful of GETs;
 * informers come with live monitoring), publishes a changed picture on cluster:onRollout, and
 * stops when every cluster is final, at the time limit, when another commit is followed, or when
 * the workspace closes.
 */
export class RolloutService {
  private follow: Follow | undefined;

  constructor(private readonly deps: RolloutServiceDeps) {}

  snapshot(): RolloutDto | null {
    return this.follow?.dto ?? null;
  }

  async start(commit?: string): Promise<RolloutDto> {
    this.forget();
    const facts = await (await this.deps.git()).commitFacts(commit);
    const clusters = this.deps.workspace.current().model.objects('Cluster');
    const dto: RolloutDto = {
      commit: facts.oid,
      subject: facts.subject,
      startedAt: new Date().toISOString(),
      following: clusters.length > 0,
      clusters: clusters.map((c) => ({ cluster: c.name, gitops: c.spec.gitops, phase: 'unknown' as const })),
    };
    const f: Follow = { dto, timer: undefined, deadline: Date.now() + (this.deps.limitMs ?? 20 * 60_000), stopped: false, contained: new Map() };
    this.follow = f;
    await this.poll(f);
    return f.dto;
  }

  /**
   * Ends the follow without a word: a new follow replaces it, or another workspace opens (or none),
   * whose clusters are not this follow's.
   */
  forget(): void {
    const f = this.follow;
    if (!f) return;
    f.stopped = true;
    clearTimeout(f.timer);
    this.follow = undefined;
  }

  private async poll(f: Follow): Promise<void> {
    if (f.stopped) return;
    const contexts = new Set(this.deps.reader.contexts());
    const clusters = this.deps.workspace.current().model;
    const rows = await Promise.all(
      f.dto.clusters.map(async (row): Promise<RolloutClusterDto> => {
        const spec = clusters.valid('Cluster', row.cluster)?.spec;
        const context = spec?.kubeContext ?? row.cluster;
        if (!contexts.has(context)) {
          const message = spec?.kubeContext
            ? `No context "${context}" in the kubeconfig.`
            : `No kubeContext in clusters/${row.cluster}.yaml, and no context "${context}" in the kubeconfig.`;
          return { cluster: row.cluster, gitops: row.gitops, phase: 'not-connected', message };
        }
        return { ...(await this.readCluster(f, row.cluster, row.gitops, context)), context };
      }),
    );
    if (f.stopped) return;
    const done = rows.every((r) => FINAL.has(r.phase));
    const timedOut = Date.now() >= f.deadline;
    this.publish(f, { ...f.dto, clusters: rows, following: !done && !timedOut });
    if (f.dto.following) {
      f.timer = setTimeout(() => this.poll(f).catch((err: unknown) => this.failed(f, err)), this.deps.intervalMs ?? 2000);
      f.timer.unref?.();
    }
  }

  /** A later poll failed (no caller to tell): report it, and the follow ends rather than the host. */
  private failed(f: Follow, err: unknown): void {
    reportBackgroundError(`following the rollout of ${f.dto.commit.slice(0, 12)}`, err);
    try {
      const why = `Gantry stopped following: ${err instanceof Error ? err.message : String(err)}`;
      const clusters = f.dto.clusters.map((c) => (FINAL.has(c.phase) ? c : { ...c, message: why }));
      if (!f.stopped) this.publish(f, { ...f.dto, clusters, following: false });
    } catch (e) {
      reportBackgroundError('publishing the rollout', e);
    }
  }

  private async readCluster(f: Follow, cluster: string, gitops: 'flux' | 'argocd', context: string): Promise<RolloutClusterDto> {
    const commit = f.dto.commit;
    const ref = controllerRef(cluster, gitops);
    let obj: unknown;
    try {
      obj = await this.deps.reader.read(context, ref);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A missing controller object is a setup problem, and missing credentials need the person
      // (gcloud auth login, a new token): waiting fixes neither, so both end the follow for that cluster.
      // A plugin the person has not allowed was not run: the row says so (and waits for consent, not for time).
      const kind = err instanceof KubeReadError ? err.kind : 'unreachable';
      const phase = kind === 'missing' ? 'failed' : kind === 'refused' || kind === 'needs-consent' ? 'not-connected' : 'unreachable';
      return { cluster, gitops, phase, message, ...(kind === 'needs-consent' ? { needsConsent: true } : {}) };
    }
    // The interpreter asks whether our commit is in the history of the revisions the controller
    // names (applied, attempted); ancestry needs the repository, so answer for those up front.
    const later = new Set<string>();
    for (const oid of commitsNamedIn(obj)) {
      if (oid === commit) continue;
      let inside = f.contained.get(oid);
      if (inside === undefined) {
        inside = await (await this.deps.git()).contains(commit, oid);
        if (inside !== undefined) f.contained.set(oid, inside);
      }
      if (inside) later.add(oid);
    }
    const opts = { isAncestor: (a: string, b: string) => a === b || (a === commit && later.has(b)) };
    // The interpreter leaves out what the controller did not report, so its state is the row as is.
    const state: RolloutState = gitops === 'flux' ? fluxKustomizationState(obj, commit, opts) : argoApplicationState(obj, commit, opts);
    return { cluster, gitops, ...state };
  }

  private publish(f: Follow, next: RolloutDto): void {
    const changed = JSON.stringify(next) !== JSON.stringify(f.dto);
    f.dto = next;
    if (changed && this.follow === f) this.deps.events.emit('cluster:onRollout', next);
  }
}

/** Every commit id the object's status mentions (revisions, messages), at most 20. */
function commitsNamedIn(obj: unknown): Set<string> {
  const status = typeof obj === 'object' && obj !== null ? (obj as { status?: unknown }).status : undefined;
  const text = JSON.stringify(status ?? null);
  return new Set((text.match(/\b[0-9a-f]{40}\b/g) ?? []).slice(0, 20));
}
