// Which commit each cluster runs, and where each recent commit stands per cluster, from the
// projections of the cluster's Flux Kustomization (+ GitRepository) or Argo CD Application. The
// verdicts come from gitops/core/rollout/rollout-state.ts, fed the same status fields.
import { controllerRef } from '../render/cluster-objects.ts';
import { argoApplicationState, commitOfRevision, fluxKustomizationState, type RolloutPhase, type RolloutState } from '../rollout/rollout-state.ts';
import { lookup } from './cluster-index.ts';
import type { ApplicationView, KustomizationView } from './projection-types.ts';
import type { ClusterState } from './watch-state.ts';

export interface ClusterReconciliation {
  gitops: 'flux' | 'argocd';
  /** Whether the controller's object (flux-system/gantry-<cluster> or argocd/gantry-<cluster>) is there. */
  found: boolean;
  /** The commit the cluster runs: the last one the controller applied. */
  running?: string;
  /** Flux: the commit source-controller fetched (GitRepository artifact); Argo: Git's target revision. */
  fetched?: string;
  /** Flux: the commit last attempted (lastAttemptedRevision). */
  attempted?: string;
  /** The verdict on the newest commit the controller knows of (fetched, else attempted, else running). */
  phase: RolloutPhase | 'missing';
  message?: string;
  since?: string;
  /** Flux: the GitRepository cannot fetch (its Ready=False message), e.g. the remote is unreachable. */
  fetchError?: { message: string; since?: string };
}

function controllerOf(cluster: ClusterState | undefined, name: string, gitops: 'flux' | 'argocd'): KustomizationView | ApplicationView | undefined {
  const ref = controllerRef(name, gitops);
  return gitops === 'flux' ? lookup(cluster, 'Kustomization', ref.namespace, ref.name) : lookup(cluster, 'Application', ref.namespace, ref.name);
}

function verdict(view: KustomizationView | ApplicationView, commit: string, isAncestor?: (a: string, b: string) => boolean): RolloutState {
  const opts = isAncestor ? { isAncestor } : undefined;
  return view.kind === 'Kustomization' ? fluxKustomizationState(view.controller, commit, opts) : argoApplicationState(view.controller, commit, opts);
}

/** Per cluster: the commit it runs, what it fetched and attempted, and the controller's verdict and message. */
export function clusterReconciliation(cluster: ClusterState | undefined, name: string, gitops: 'flux' | 'argocd'): ClusterReconciliation {
  const view = controllerOf(cluster, name, gitops);
  if (!view) return { gitops, found: false, phase: 'missing' };
  if (view.kind === 'Kustomization') {
    const source = view.source?.name ? lookup(cluster, 'GitRepository', view.source.namespace ?? view.namespace, view.source.name) : undefined;
    const fetched = commitOfRevision(source?.artifactRevision);
    const attempted = commitOfRevision(view.lastAttemptedRevision);
    const running = commitOfRevision(view.lastAppliedRevision) ?? verdict(view, '0'.repeat(40)).appliedCommit;
    const newest = fetched ?? attempted ?? running;
    const st = newest ? verdict(view, newest) : { phase: 'unknown' as const };
    const fetchError = source?.ready?.status === 'False' ? { message: source.ready.message ?? source.ready.reason ?? 'cannot fetch', ...(source.ready.since ? { since: source.ready.since } : {}) } : undefined;
    return clean({ gitops, found: true, running: st.appliedCommit ?? running, fetched, attempted, phase: st.phase, message: st.message, since: st.since, fetchError });
  }
  const target = commitOfRevision(view.syncRevision);
  const st = verdict(view, target ?? '0'.repeat(40));
  return clean({ gitops, found: true, running: st.appliedCommit, fetched: target, phase: target ? st.phase : 'unknown', message: st.message ?? view.operationMessage, since: st.since });
}

function clean(r: ClusterReconciliation): ClusterReconciliation {
  const out = { ...r } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as ClusterReconciliation;
}

export interface TimelineCommit {
  oid: string;
  subject?: string;
  time?: string;
}

export interface TimelineRow {
  commit: TimelineCommit;
  /** cluster -> where this commit stands there ('applied' includes "a later commit containing it is applied"). */
  clusters: Readonly<Record<string, RolloutState>>;
}

/**
 * The last commits (newest first, as `git log --first-parent` lists a branch) and, per cluster,
 * where each stands. Without `isAncestor`, each commit counts as an ancestor of those listed above
 * it, which holds for a first-parent log.
 */
export function reconciliationTimeline(
  commits: readonly TimelineCommit[],
  clusters: Readonly<Record<string, { gitops: 'flux' | 'argocd'; live: ClusterState | undefined }>>,
  isAncestor?: (ancestor: string, descendant: string) => boolean,
): TimelineRow[] {
  const order = new Map(commits.map((c, i) => [c.oid, i]));
  const ancestor = isAncestor ?? ((a: string, b: string) => (order.get(a) ?? -1) > (order.get(b) ?? Infinity));
  const views = Object.entries(clusters).map(([name, c]) => [name, controllerOf(c.live, name, c.gitops)] as const);
  return commits.map((commit) => ({
    commit,
    clusters: Object.fromEntries(views.map(([name, view]) => [name, view ? verdict(view, commit.oid, ancestor) : { phase: 'unknown' as const }])),
  }));
}
