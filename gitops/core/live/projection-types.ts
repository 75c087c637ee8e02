// Slim projections: per watched kind, only the fields the monitoring screens, the health roll-up,
// reconciliation and drift read. The host keeps these, never whole objects (a pod's JSON is ~4 KB,
// its projection a few hundred bytes).
import type { RenderedFields } from './drift-fields.ts';
import type { Condition } from './json.ts';

/** What every projection carries. */
export interface ProjectionBase {
  /** metadata.uid; `<namespace>/<name>` for an object without one (hand-written test data). */
  uid: string;
  name: string;
  namespace?: string;
  /** resourceVersion of the last change the projection shows. */
  resourceVersion: string;
  /** The labels Gantry reads: `gantry.dev/*`, `app.kubernetes.io/managed-by`, `serving.kserve.io/inferenceservice`. */
  labels: Readonly<Record<string, string>>;
  /** metadata.creationTimestamp */
  created?: string;
}

export interface NodeView extends ProjectionBase {
  kind: 'Node';
  /** The Ready condition; undefined when the node reports none yet. */
  ready?: Condition;
  /** spec.unschedulable: cordoned. */
  cordoned: boolean;
  /** Keys of NoSchedule / NoExecute taints (node.kubernetes.io/unreachable, ...). */
  taints: readonly string[];
  /** `topology.kubernetes.io/zone` as the provider writes it (westeurope-1, us-east-1a). */
  zone?: string;
  region?: string;
  /** `gantry.dev/gpu-type` */
  gpuType?: string;
  gpuAllocatable: number;
  gpuCapacity: number;
}

export interface PodView extends ProjectionBase {
  kind: 'Pod';
  node?: string;
  phase: string;
  /** Ready condition True. */
  ready: boolean;
  /** When Ready last changed (lastTransitionTime). */
  readySince?: string;
  restarts: number;
  /** The first container waiting for a reason (CrashLoopBackOff, ImagePullBackOff, ...). */
  waiting?: { container: string; reason: string; message?: string };
  /** PodScheduled=False: the scheduler's reason and message (e.g. "... 4 Insufficient nvidia.com/gpu"). */
  unschedulable?: { reason: string; message?: string; since?: string };
  /** nvidia.com/gpu requested by its containers (limits where no request is given). */
  gpus: number;
  /** The Deployment that owns it (through its ReplicaSet), when one does. */
  deployment?: string;
  /** Terminating (metadata.deletionTimestamp set). */
  deleting: boolean;
}

export interface DeploymentView extends ProjectionBase {
  kind: 'Deployment';
  /** spec.replicas (the HPA sets it): how many are wanted. */
  desired: number;
  replicas: number;
  ready: number;
  available: number;
  updated: number;
  availableCondition?: Condition;
  progressing?: Condition;
  replicaFailure?: Condition;
  /** Whether status describes the newest spec (observedGeneration >= generation). */
  observed: boolean;
  rendered: RenderedFields;
}

export interface HpaView extends ProjectionBase {
  kind: 'HorizontalPodAutoscaler';
  target?: string;
  min: number;
  max: number;
  current: number;
  desired: number;
  ableToScale?: Condition;
  scalingActive?: Condition;
  scalingLimited?: Condition;
  rendered: RenderedFields;
}

export interface PdbView extends ProjectionBase {
  kind: 'PodDisruptionBudget';
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
  rendered: RenderedFields;
}

export interface EventView extends ProjectionBase {
  kind: 'Event';
  type: string;
  reason?: string;
  message?: string;
  involved: { kind?: string; name?: string; namespace?: string; uid?: string };
  count: number;
  /** When it last happened: lastTimestamp, series.lastObservedTime, eventTime or firstTimestamp. */
  last?: string;
}

export interface QuotaView extends ProjectionBase {
  kind: 'ResourceQuota';
  /** status.hard / status.used of requests.nvidia.com/gpu (spec.hard before the controller reports). */
  gpuHard?: number;
  gpuUsed?: number;
  hard: Readonly<Record<string, string>>;
  used: Readonly<Record<string, string>>;
  rendered: RenderedFields;
}

/** The status fields rollout-state.ts reads, kept as a small object of the same shape. */
export interface ControllerStatus {
  spec?: { suspend?: boolean };
  status?: Record<string, unknown>;
}

export interface KustomizationView extends ProjectionBase {
  kind: 'Kustomization';
  lastAppliedRevision?: string;
  lastAttemptedRevision?: string;
  ready?: Condition;
  suspended: boolean;
  source?: { kind?: string; name?: string; namespace?: string };
  /** Input for fluxKustomizationState (gitops/core/rollout). */
  controller: ControllerStatus;
}

export interface GitRepositoryView extends ProjectionBase {
  kind: 'GitRepository';
  /** status.artifact.revision: what source-controller fetched (main@sha1:<oid>). */
  artifactRevision?: string;
  ready?: Condition;
}

export interface ApplicationView extends ProjectionBase {
  kind: 'Application';
  syncStatus?: string;
  syncRevision?: string;
  healthStatus?: string;
  healthMessage?: string;
  operationPhase?: string;
  operationMessage?: string;
  /** Input for argoApplicationState (gitops/core/rollout). */
  controller: ControllerStatus;
}

export interface InferenceServiceView extends ProjectionBase {
  kind: 'InferenceService';
  ready?: Condition;
  /** status.modelStatus.lastFailureInfo: KServe's reason and message for a model that failed. */
  failure?: { reason?: string; message?: string };
  url?: string;
  rendered: RenderedFields;
}

export type Projection =
  | NodeView
  | PodView
  | DeploymentView
  | HpaView
  | PdbView
  | EventView
  | QuotaView
  | KustomizationView
  | GitRepositoryView
  | ApplicationView
  | InferenceServiceView;

/** The projection type of a kind. */
export type ProjectionOf<K extends Projection['kind']> = Extract<Projection, { kind: K }>;
