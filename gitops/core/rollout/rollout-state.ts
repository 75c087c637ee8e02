// Has this cluster applied that commit yet? Reads the status a GitOps controller writes on its own
// object (a Flux Kustomization or an Argo CD Application, as plain JSON from the Kubernetes API) and
// answers for one Git commit. Pure: no I/O, and it never throws on odd input.

export type RolloutPhase = 'applied' | 'progressing' | 'failed' | 'suspended' | 'unknown';

export interface RolloutState {
  phase: RolloutPhase;
  /** The commit id (40 lowercase hex) the controller last applied, when it reports one. */
  appliedCommit?: string;
  /** A sentence for a person: why it failed or what it is doing (the controller's own message). */
  message?: string;
  /** When the controller's verdict last changed (ISO 8601), when it says. */
  since?: string;
}

/** Options: isAncestor(a, b) says whether commit a is an ancestor of commit b (a newer applied commit contains ours). */
export interface RolloutOptions {
  isAncestor?: (ancestor: string, descendant: string) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Revisions

// Decision: hex is matched case-insensitively and returned lowercase; other hash kinds (sha256:…,
// OCI digests) and non-commit revisions (chart versions, branch names) give undefined.
const WITH_SHA1 = /^(?:\S+@)?sha1:([0-9a-f]{40})$/i; // 'main@sha1:<oid>', 'v1.2.0@sha1:<oid>', 'sha1:<oid>'
const WITH_SLASH = /^\S+\/([0-9a-f]{40})$/i; // 'main/<oid>', 'feature/x/<oid>'
const BARE = /^([0-9a-f]{40})$/i;

/** 'main@sha1:<oid>' (Flux v1), 'main/<oid>' (Flux v1beta), 'sha1:<oid>', or a bare '<oid>' -> the 40-hex oid; anything else -> undefined. */
export function commitOfRevision(revision: unknown): string | undefined {
  if (typeof revision !== 'string') return undefined;
  const match = WITH_SHA1.exec(revision) ?? WITH_SLASH.exec(revision) ?? BARE.exec(revision);
  return match?.[1]?.toLowerCase();
}

/** The first revision named in a controller message, e.g. 'Applied revision: main@sha1:<oid>'. */
function commitInText(text: string | undefined): string | undefined {
  for (const word of text?.split(/\s+/) ?? []) {
    const commit = commitOfRevision(word.replace(/^['"(]+|['",.;)]+$/g, ''));
    if (commit) return commit;
  }
  return undefined;
}

/** Whether a revision the controller reports is our commit or a later one that contains it. */
type Covers = (revision: string | undefined) => boolean;

function coverage(commit: string, opts: RolloutOptions | undefined): Covers {
  return (revision) => revision !== undefined && (revision === commit || askAncestor(opts, commit, revision));
}

// Decision: an isAncestor that throws counts as "not an ancestor", so this module never throws.
function askAncestor(opts: RolloutOptions | undefined, ancestor: string, descendant: string): boolean {
  try {
    return opts?.isAncestor?.(ancestor, descendant) === true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Narrowing untrusted JSON

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Builds a state, leaving out the fields nobody reported. */
function state(phase: RolloutPhase, fields: Omit<RolloutState, 'phase'> = {}): RolloutState {
  const out: RolloutState = { phase };
  if (fields.appliedCommit) out.appliedCommit = fields.appliedCommit;
  if (fields.message) out.message = fields.message;
  if (fields.since) out.since = fields.since;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Flux Kustomization (kustomize.toolkit.fluxcd.io/v1)

/** A kstatus condition: type Ready / Reconciling / Stalled, status "True" / "False" / "Unknown". */
interface Condition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
  since?: string;
}

function conditionsOf(status: Json | undefined): Condition[] {
  const out: Condition[] = [];
  for (const item of list(status?.conditions)) {
    const c = record(item);
    const type = text(c?.type);
    if (!c || !type) continue;
    out.push({ type, status: text(c.status), reason: text(c.reason), message: text(c.message), since: text(c.lastTransitionTime) });
  }
  return out;
}

function conditionOf(conditions: Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

// Decision: Ready=False is a failure unless its reason only means "waiting" (the docs list the
// failure reasons PruneFailed, ArtifactFailed, BuildFailed, HealthCheckFailed, ReconciliationFailed;
// DependencyNotReady and a canceled health check clear up by themselves). Unknown reasons fail,
// so a new failure reason is not mistaken for progress.
const FLUX_WAITING_REASONS = new Set(['DependencyNotReady', 'HealthCheckCanceled', 'Progressing', 'ProgressingWithRetry']);

/** The condition that says the Kustomization is failing, if any: Stalled=True, or Ready=False for a failure reason. */
function fluxFailure(ready: Condition | undefined, stalled: Condition | undefined): Condition | undefined {
  if (stalled?.status === 'True') return stalled;
  if (ready?.status === 'False' && !FLUX_WAITING_REASONS.has(ready.reason ?? '')) return ready;
  return undefined;
}

/** The message and time of a condition, for a state. */
function told(condition: Condition | undefined): Omit<RolloutState, 'phase' | 'appliedCommit'> {
  return { message: condition?.message, since: condition?.since };
}

/**
 * How far a Flux Kustomization has got with one commit.
 *
 * 'applied' when status.lastAppliedRevision is the commit or (per opts.isAncestor) a descendant of it;
 * 'failed' when the attempt at it or at a descendant failed (Ready=False for a failure reason, or
 * Stalled=True), with the condition's message; 'suspended' when spec.suspend is set and the commit
 * is not applied; otherwise 'progressing'. 'unknown' when there is no status to read.
 */
export function fluxKustomizationState(obj: unknown, commit: string, opts?: RolloutOptions): RolloutState {
  const o = record(obj);
  if (!o) return state('unknown');
  const status = record(o.status);
  const conditions = conditionsOf(status);
  const ready = conditionOf(conditions, 'Ready');
  const reconciling = conditionOf(conditions, 'Reconciling');
  // lastAppliedRevision is written only after the apply and the health checks passed, so it is
  // the controller vouching for that revision. Decision: when it is missing but Ready=True, the
  // revision in Ready's message ('Applied revision: main@sha1:<oid>') stands in for it.
  const applied = commitOfRevision(status?.lastAppliedRevision) ?? (ready?.status === 'True' ? commitInText(ready.message) : undefined);
  // Decision: the revision being attempted is the one a Reconciling=True message names ('Fetching
  // manifests for revision main/<oid> …'), else lastAttemptedRevision: the controller fails some
  // attempts (fetch, path not found) before it updates lastAttemptedRevision.
  const attempt = (reconciling?.status === 'True' ? commitInText(reconciling.message) : undefined) ?? commitOfRevision(status?.lastAttemptedRevision);
  const suspended = record(o.spec)?.suspend === true;
  const known = { appliedCommit: applied };

  const wanted = commitOfRevision(commit);
  // Decision: a commit argument that is not a commit id cannot be matched: 'unknown'.
  if (!wanted) return state('unknown', known);
  // Decision: no status yet (or one with nothing in it) is 'unknown', not 'progressing': a
  // Kustomization nobody reconciles looks exactly like this, and we should not promise progress.
  if (!suspended && conditions.length === 0 && !applied && !attempt) return state('unknown');

  const covers = coverage(wanted, opts);
  const failure = fluxFailure(ready, conditionOf(conditions, 'Stalled'));
  if (covers(applied)) {
    // Decision: once our commit (or a descendant) is applied, a failure only takes that back when
    // it is about the applied revision itself (or names none); a failing newer attempt is that
    // newer commit's problem, and ours is still live.
    if (failure && (attempt === undefined || attempt === applied)) return state('failed', { ...known, ...told(failure) });
    return state('applied', { ...known, ...(ready?.status === 'True' ? told(ready) : {}) });
  }
  // Decision: suspension matters only while our commit is not applied: it will not get there.
  if (suspended) return state('suspended', known);
  // Decision: a failure with no attempted revision at all (source missing, say) blocks our commit too.
  if (failure && (attempt === undefined || covers(attempt))) return state('failed', { ...known, ...told(failure) });
  // Not applied yet. Say what the controller is busy with: the reason Ready is False (for example a
  // dependency), else what it is reconciling, else its last verdict.
  const doing = ready?.status === 'False' ? ready : reconciling?.status === 'True' ? reconciling : ready;
  return state('progressing', { ...known, ...told(doing) });
}

// ---------------------------------------------------------------------------------------------
// Argo CD Application (argoproj.io/v1alpha1)

/** Commit ids named by `revision` and `revisions[]` (multi-source) of one status part. */
function revisionsOf(part: Json | undefined): string[] {
  const out: string[] = [];
  for (const rev of [part?.revision, ...list(part?.revisions)]) {
    const commit = commitOfRevision(rev);
    if (commit && !out.includes(commit)) out.push(commit);
  }
  return out;
}

/** The commits the last operation synced to: its result, else what it was asked for. */
function operationRevisions(op: Json | undefined): string[] {
  const result = revisionsOf(record(op?.syncResult));
  return result.length > 0 ? result : revisionsOf(record(record(op?.operation)?.sync));
}

/** The last entry of status.history (Argo appends one per successful sync). */
function lastHistoryRevisions(status: Json): string[] {
  const history = list(status.history);
  return revisionsOf(record(history[history.length - 1]));
}

/** Argo's own rule: a condition whose type ends in 'Error' is an error (ComparisonError, SyncError, …). */
function argoError(status: Json): { message?: string; since?: string } | undefined {
  for (const item of list(status.conditions)) {
    const c = record(item);
    if (text(c?.type)?.endsWith('Error')) return { message: text(c?.message), since: text(c?.lastTransitionTime) };
  }
  return undefined;
}

interface ArgoFacts {
  syncStatus?: string;
  /** What sync.status was compared against: Git's target, which is what is live only when Synced. */
  targetRevs: string[];
  /** What is live: the target when Synced, else the last successful sync. */
  liveRevs: string[];
  health?: string;
  healthMessage?: string;
  healthSince?: string;
  opPhase?: string;
  opRevs: string[];
  opMessage?: string;
  opStarted?: string;
  opFinished?: string;
  error?: { message?: string; since?: string };
}

function argoFacts(status: Json): ArgoFacts {
  const sync = record(status.sync);
  const health = record(status.health);
  const op = record(status.operationState);
  const syncStatus = text(sync?.status);
  const targetRevs = revisionsOf(sync);
  const opPhase = text(op?.phase);
  const opRevs = operationRevisions(op);
  // Decision: when Synced to something that is not a commit id (a chart version, or the 'rev1' of
  // Argo's own test data), the last successful operation, then the history, say what is live.
  const liveRevs =
    syncStatus === 'Synced' && targetRevs.length > 0 ? targetRevs : opPhase === 'Succeeded' && opRevs.length > 0 ? opRevs : lastHistoryRevisions(status);
  return {
    syncStatus,
    targetRevs,
    liveRevs,
    health: text(health?.status),
    healthMessage: text(health?.message),
    healthSince: text(health?.lastTransitionTime),
    opPhase,
    opRevs,
    opMessage: text(op?.message),
    opStarted: text(op?.startedAt),
    opFinished: text(op?.finishedAt),
    error: argoError(status),
  };
}

function argoSaysNothing(f: ArgoFacts): boolean {
  return !f.syncStatus && !f.health && !f.opPhase && !f.error && f.targetRevs.length === 0 && f.liveRevs.length === 0;
}

const OP_ENDED_BADLY = new Set(['Failed', 'Error']);
const OP_UNDER_WAY = new Set(['Running', 'Terminating']);

/** The verdict when our commit (or a descendant) is live, from the application's health. */
function argoLiveState(f: ArgoFacts, live: string, covers: Covers): RolloutState {
  const known = { appliedCommit: live };
  const fromHealth = { message: f.healthMessage, since: f.healthSince };
  switch (f.health) {
    case 'Healthy': {
      const synced = f.opPhase === 'Succeeded' && f.opRevs.includes(live);
      return state('applied', { ...known, message: synced ? f.opMessage : f.healthMessage, since: f.healthSince ?? (synced ? f.opFinished : undefined) });
    }
    case 'Degraded':
      return state('failed', { ...known, ...fromHealth });
    // Decision: Suspended health (a paused rollout, a suspended CronJob) is Argo saying it waits on something.
    case 'Suspended':
      return state('suspended', { ...known, ...fromHealth });
    case 'Progressing':
    case 'Missing':
      return state('progressing', { ...known, ...fromHealth });
  }
  // Health is Unknown or absent: only an operation under way at our commit says more.
  if (f.opPhase && OP_UNDER_WAY.has(f.opPhase) && f.opRevs.some(covers)) return state('progressing', { ...known, message: f.opMessage, since: f.opStarted });
  return state('unknown', known);
}

/** The verdict when Argo names no commit at all: its health and last operation, taken at face value. */
function argoUnattributed(f: ArgoFacts): RolloutState {
  if (f.opPhase && OP_ENDED_BADLY.has(f.opPhase)) return state('failed', { message: f.opMessage, since: f.opFinished ?? f.opStarted });
  const fromHealth = { message: f.healthMessage, since: f.healthSince };
  if (f.health === 'Degraded') return state('failed', fromHealth);
  if (f.health === 'Suspended') return state('suspended', fromHealth);
  if (f.health === 'Progressing' || f.health === 'Missing' || (f.opPhase && OP_UNDER_WAY.has(f.opPhase))) {
    return state('progressing', { message: f.healthMessage ?? f.opMessage, since: f.healthSince ?? f.opStarted });
  }
  // Decision: Healthy without a commit is not proof that our commit is live: 'unknown'.
  return state('unknown');
}

/**
 * How far an Argo CD Application has got with one commit.
 *
 * 'applied' when the live revision (status.sync.revision(s) while Synced, else the last successful
 * sync) is the commit or (per opts.isAncestor) a descendant, and health is Healthy; 'failed' when the
 * last operation for it ended Failed/Error (operationState.message), when it is live and Degraded
 * (health.message), or on an *Error condition while Git's target is it; 'progressing' while it is
 * on its way; 'unknown' when there is no status to read.
 */
export function argoApplicationState(obj: unknown, commit: string, opts?: RolloutOptions): RolloutState {
  const status = record(record(obj)?.status);
  // Decision: no status yet is 'unknown' (see fluxKustomizationState).
  if (!status) return state('unknown');
  const f = argoFacts(status);
  if (argoSaysNothing(f)) return state('unknown');
  const wanted = commitOfRevision(commit);
  if (!wanted) return state('unknown', { appliedCommit: f.liveRevs[0] });

  const covers = coverage(wanted, opts);
  const live = f.liveRevs.find(covers);
  // Decision: with several sources, the live revision reported is the one that holds our commit, else the first.
  const known = { appliedCommit: live ?? f.liveRevs[0] };
  // Decision: a failed operation at our commit (or a descendant) wins, unless our commit is live
  // through a different revision than the one that failed (the failure is a newer commit's).
  if (f.opPhase && OP_ENDED_BADLY.has(f.opPhase) && f.opRevs.some(covers) && (live === undefined || f.opRevs.includes(live))) {
    return state('failed', { ...known, message: f.opMessage, since: f.opFinished ?? f.opStarted });
  }
  if (live) return argoLiveState(f, live, covers);
  if (f.opPhase && OP_UNDER_WAY.has(f.opPhase) && f.opRevs.some(covers)) return state('progressing', { ...known, message: f.opMessage, since: f.opStarted });
  // Decision: an error condition (say ComparisonError: manifests do not build) is ours when Git's
  // target is our commit or a descendant, or when Argo names no target at all.
  if (f.error && (f.targetRevs.length === 0 || f.targetRevs.some(covers))) return state('failed', { ...known, ...f.error });
  if (f.targetRevs.length === 0 && f.liveRevs.length === 0 && f.opRevs.length === 0) return argoUnattributed(f);
  // Our commit is not live yet. Decision: status.reconciledAt is not used for `since`: Argo refreshes
  // it on every comparison, so it says when Argo last looked, not when anything changed.
  const running = f.opPhase !== undefined && OP_UNDER_WAY.has(f.opPhase);
  return state('progressing', { ...known, ...(running ? { message: f.opMessage, since: f.opStarted } : {}) });
}
