// Object -> slim projection, one function per watched kind. Pure; never throws on odd input.
import { renderedFieldsOf } from './drift-fields.ts';
import { condition, defined, int, list, record, strings, text, type Json } from './json.ts';
import type { LiveKind } from './kinds.ts';
import type {
  ApplicationView, ControllerStatus, DeploymentView, EventView, GitRepositoryView, HpaView, InferenceServiceView, KustomizationView, NodeView,
  PdbView, PodView, Projection, ProjectionBase, QuotaView,
} from './projection-types.ts';
import { countOf } from './quantity.ts';

const GPU = 'nvidia.com/gpu';
const KEPT_LABELS = /^(gantry\.dev\/.+|app\.kubernetes\.io\/managed-by|serving\.kserve\.io\/inferenceservice)$/;

function base(o: Json): ProjectionBase {
  const md = record(o.metadata) ?? {};
  const name = text(md.name) ?? '';
  const namespace = text(md.namespace);
  const labels: Record<string, string> = {};
  const all = record(md.labels);
  if (all) for (const k in all) if (Object.hasOwn(all, k) && typeof all[k] === 'string' && KEPT_LABELS.test(k)) labels[k] = all[k];
  return defined({
    uid: text(md.uid) ?? (namespace ? `${namespace}/${name}` : name),
    name,
    namespace,
    resourceVersion: text(md.resourceVersion) ?? '',
    labels,
    created: text(md.creationTimestamp),
  });
}

export function nodeView(o: Json): NodeView {
  const b = base(o);
  const md = strings(record(o.metadata)?.labels);
  const spec = record(o.spec);
  const status = record(o.status);
  const taints: string[] = [];
  for (const t of list(spec?.taints)) {
    const taint = record(t);
    const key = text(taint?.key);
    if (key && (taint?.effect === 'NoSchedule' || taint?.effect === 'NoExecute') && !taints.includes(key)) taints.push(key);
  }
  return defined({
    kind: 'Node' as const,
    ...b,
    ready: condition(status?.conditions, 'Ready'),
    cordoned: spec?.unschedulable === true,
    taints,
    zone: md['topology.kubernetes.io/zone'],
    region: md['topology.kubernetes.io/region'],
    gpuType: md['gantry.dev/gpu-type'],
    gpuAllocatable: countOf(record(status?.allocatable)?.[GPU]),
    gpuCapacity: countOf(record(status?.capacity)?.[GPU]),
  });
}

function podGpus(spec: Json | undefined): number {
  let n = 0;
  for (const c of list(spec?.containers)) {
    const res = record(record(c)?.resources);
    const requested = record(res?.requests)?.[GPU] ?? record(res?.limits)?.[GPU];
    n += countOf(requested);
  }
  return n;
}

/** The Deployment owning a pod: its controlling ReplicaSet's name less the pod-template-hash. */
function owningDeployment(md: Json | undefined): string | undefined {
  const hash = strings(md?.labels)['pod-template-hash'];
  for (const r of list(md?.ownerReferences)) {
    const ref = record(r);
    if (ref?.kind !== 'ReplicaSet' || ref.controller === false) continue;
    const rs = text(ref.name);
    if (rs && hash && rs.endsWith(`-${hash}`)) return rs.slice(0, -hash.length - 1);
  }
  return undefined;
}

export function podView(o: Json): PodView {
  const b = base(o);
  const md = record(o.metadata);
  const spec = record(o.spec);
  const status = record(o.status);
  const ready = condition(status?.conditions, 'Ready');
  const scheduled = condition(status?.conditions, 'PodScheduled');
  let restarts = 0;
  let waiting: PodView['waiting'];
  for (const s of [...list(status?.initContainerStatuses), ...list(status?.containerStatuses)]) {
    const cs = record(s);
    restarts += int(cs?.restartCount) ?? 0;
    const w = record(record(cs?.state)?.waiting);
    const reason = text(w?.reason);
    // ContainerCreating and PodInitializing are the normal way up, not a fault.
    if (!waiting && reason && reason !== 'ContainerCreating' && reason !== 'PodInitializing') {
      waiting = defined({ container: text(cs?.name) ?? '', reason, message: text(w?.message) });
    }
  }
  return defined({
    kind: 'Pod' as const,
    ...b,
    node: text(spec?.nodeName),
    phase: text(status?.phase) ?? 'Pending',
    ready: ready?.status === 'True',
    readySince: ready?.since,
    restarts,
    waiting,
    unschedulable:
      scheduled?.status === 'False' ? defined({ reason: scheduled.reason ?? 'Unschedulable', message: scheduled.message, since: scheduled.since }) : undefined,
    gpus: podGpus(spec),
    deployment: owningDeployment(md),
    deleting: text(md?.deletionTimestamp) !== undefined,
  });
}

export function deploymentView(o: Json): DeploymentView {
  const spec = record(o.spec);
  const status = record(o.status);
  const md = record(o.metadata);
  return defined({
    kind: 'Deployment' as const,
    ...base(o),
    desired: int(spec?.replicas) ?? 1,
    replicas: int(status?.replicas) ?? 0,
    ready: int(status?.readyReplicas) ?? 0,
    available: int(status?.availableReplicas) ?? 0,
    updated: int(status?.updatedReplicas) ?? 0,
    availableCondition: condition(status?.conditions, 'Available'),
    progressing: condition(status?.conditions, 'Progressing'),
    replicaFailure: condition(status?.conditions, 'ReplicaFailure'),
    observed: (int(status?.observedGeneration) ?? 0) >= (int(md?.generation) ?? 0),
    rendered: renderedFieldsOf('Deployment', o),
  });
}

export function hpaView(o: Json): HpaView {
  const spec = record(o.spec);
  const status = record(o.status);
  return defined({
    kind: 'HorizontalPodAutoscaler' as const,
    ...base(o),
    target: text(record(spec?.scaleTargetRef)?.name),
    min: int(spec?.minReplicas) ?? 1,
    max: int(spec?.maxReplicas) ?? 1,
    current: int(status?.currentReplicas) ?? 0,
    desired: int(status?.desiredReplicas) ?? 0,
    ableToScale: condition(status?.conditions, 'AbleToScale'),
    scalingActive: condition(status?.conditions, 'ScalingActive'),
    scalingLimited: condition(status?.conditions, 'ScalingLimited'),
    rendered: renderedFieldsOf('HorizontalPodAutoscaler', o),
  });
}

export function pdbView(o: Json): PdbView {
  const status = record(o.status);
  return {
    kind: 'PodDisruptionBudget',
    ...base(o),
    currentHealthy: int(status?.currentHealthy) ?? 0,
    desiredHealthy: int(status?.desiredHealthy) ?? 0,
    disruptionsAllowed: int(status?.disruptionsAllowed) ?? 0,
    expectedPods: int(status?.expectedPods) ?? 0,
    rendered: renderedFieldsOf('PodDisruptionBudget', o),
  };
}

export function eventView(o: Json): EventView {
  const inv = record(o.involvedObject) ?? record(o.regarding);
  const series = record(o.series);
  return defined({
    kind: 'Event' as const,
    ...base(o),
    type: text(o.type) ?? 'Normal',
    reason: text(o.reason),
    message: text(o.message) ?? text(o.note),
    involved: defined({ kind: text(inv?.kind), name: text(inv?.name), namespace: text(inv?.namespace), uid: text(inv?.uid) }),
    count: int(o.count) ?? int(series?.count) ?? 1,
    last: text(o.lastTimestamp) ?? text(series?.lastObservedTime) ?? text(o.eventTime) ?? text(o.firstTimestamp),
  });
}

export function quotaView(o: Json): QuotaView {
  const status = record(o.status);
  const hard = strings(status?.hard ?? record(o.spec)?.hard);
  const used = strings(status?.used);
  const key = `requests.${GPU}`;
  return defined({
    kind: 'ResourceQuota' as const,
    ...base(o),
    gpuHard: hard[key] === undefined ? undefined : countOf(hard[key]),
    gpuUsed: used[key] === undefined ? undefined : countOf(used[key]),
    hard,
    used,
    rendered: renderedFieldsOf('ResourceQuota', o),
  });
}

/** Only the conditions rollout-state.ts reads, with only the fields it reads. */
function slimConditions(conditions: unknown, keep: (type: string) => boolean): Json[] {
  const out: Json[] = [];
  for (const item of list(conditions)) {
    const c = record(item);
    const type = text(c?.type);
    if (!c || !type || !keep(type)) continue;
    out.push(defined({ type, status: text(c.status), reason: text(c.reason), message: text(c.message), lastTransitionTime: text(c.lastTransitionTime) }));
  }
  return out;
}

export function kustomizationView(o: Json): KustomizationView {
  const spec = record(o.spec);
  const status = record(o.status);
  const src = record(spec?.sourceRef);
  const suspended = spec?.suspend === true;
  const controller: ControllerStatus = {
    ...(suspended ? { spec: { suspend: true } } : {}),
    status: defined({
      lastAppliedRevision: text(status?.lastAppliedRevision),
      lastAttemptedRevision: text(status?.lastAttemptedRevision),
      conditions: slimConditions(status?.conditions, (t) => t === 'Ready' || t === 'Reconciling' || t === 'Stalled'),
    }),
  };
  return defined({
    kind: 'Kustomization' as const,
    ...base(o),
    lastAppliedRevision: text(status?.lastAppliedRevision),
    lastAttemptedRevision: text(status?.lastAttemptedRevision),
    ready: condition(status?.conditions, 'Ready'),
    suspended,
    source: src ? defined({ kind: text(src.kind), name: text(src.name), namespace: text(src.namespace) }) : undefined,
    controller,
  });
}

export function gitRepositoryView(o: Json): GitRepositoryView {
  const status = record(o.status);
  return defined({
    kind: 'GitRepository' as const,
    ...base(o),
    artifactRevision: text(record(status?.artifact)?.revision),
    ready: condition(status?.conditions, 'Ready'),
  });
}

function revisionsPart(part: Json | undefined): Json | undefined {
  if (!part) return undefined;
  const revisions = list(part.revisions).filter((r) => typeof r === 'string');
  return defined({ revision: text(part.revision), revisions: revisions.length > 0 ? revisions : undefined });
}

export function applicationView(o: Json): ApplicationView {
  const status = record(o.status);
  const sync = record(status?.sync);
  const health = record(status?.health);
  const op = record(status?.operationState);
  const history = list(status?.history);
  const last = record(history[history.length - 1]);
  const controller: ControllerStatus = {
    status: status
      ? defined({
          sync: sync ? defined({ status: text(sync.status), ...revisionsPart(sync) }) : undefined,
          health: health ? defined({ status: text(health.status), message: text(health.message), lastTransitionTime: text(health.lastTransitionTime) }) : undefined,
          operationState: op
            ? defined({
                phase: text(op.phase),
                message: text(op.message),
                startedAt: text(op.startedAt),
                finishedAt: text(op.finishedAt),
                syncResult: revisionsPart(record(op.syncResult)),
                operation: record(record(op.operation)?.sync) ? { sync: revisionsPart(record(record(op.operation)?.sync)) } : undefined,
              })
            : undefined,
          conditions: slimConditions(status.conditions, (t) => t.endsWith('Error')),
          history: last ? [revisionsPart(last)] : undefined,
        })
      : undefined,
  };
  return defined({
    kind: 'Application' as const,
    ...base(o),
    syncStatus: text(sync?.status),
    syncRevision: text(sync?.revision) ?? text(list(sync?.revisions)[0]),
    healthStatus: text(health?.status),
    healthMessage: text(health?.message),
    operationPhase: text(op?.phase),
    operationMessage: text(op?.message),
    controller,
  });
}

export function inferenceServiceView(o: Json): InferenceServiceView {
  const status = record(o.status);
  const failure = record(record(status?.modelStatus)?.lastFailureInfo);
  return defined({
    kind: 'InferenceService' as const,
    ...base(o),
    ready: condition(status?.conditions, 'Ready'),
    failure: failure ? defined({ reason: text(failure.reason), message: text(failure.message) }) : undefined,
    url: text(status?.url),
    rendered: renderedFieldsOf('InferenceService', o),
  });
}

const PROJECT: Record<LiveKind, (o: Json) => Projection> = {
  Node: nodeView,
  Pod: podView,
  Deployment: deploymentView,
  HorizontalPodAutoscaler: hpaView,
  PodDisruptionBudget: pdbView,
  Event: eventView,
  ResourceQuota: quotaView,
  GitRepository: gitRepositoryView,
  Kustomization: kustomizationView,
  Application: applicationView,
  InferenceService: inferenceServiceView,
};

/** The projection of an object of `kind`; undefined when it is not an object or has no name. */
export function project(kind: LiveKind, obj: unknown): Projection | undefined {
  const o = record(obj);
  if (!o || !text(record(o.metadata)?.name)) return undefined;
  return PROJECT[kind](o);
}
