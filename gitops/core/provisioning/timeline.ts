import { explainArmError, type Explanation } from './explain-arm-error.ts';
import { durationMs, isRunning, type ArmError, type DeploymentRecord, type OperationRecord } from './arm-records.ts';

export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled';

/** One row of the timeline: an operation of a deployment (or a resource the template has not reached yet). */
export interface TimelineStep {
  /** Stable across polls: deployment name + operation id. */
  key: string;
  /** 0 for the tenant's deployment, 1 for a nested deployment's operations, ... */
  depth: number;
  deployment: string;
  operationId: string | undefined;
  resourceType: string;
  resourceName: string;
  resourceId: string | undefined;
  state: StepState;
  /** ISO time the step started (timestamp minus duration), when known. */
  start: string | undefined;
  durationMs: number | undefined;
  statusCode: string | undefined;
  error: ArmError | undefined;
  explanation: Explanation | undefined;
  /** The nested deployment this step runs, whose steps follow it one level deeper. */
  nested: string | undefined;
}

export interface Timeline {
  deployment: string;
  state: StepState;
  correlationId: string | undefined;
  start: string | undefined;
  durationMs: number | undefined;
  outputs: Array<{ name: string; type: string | undefined; value: unknown }>;
  error: ArmError | undefined;
  explanation: Explanation | undefined;
  steps: TimelineStep[];
  counts: Record<StepState, number>;
}

const NESTED_TYPE = 'microsoft.resources/deployments';
const MAX_DEPTH = 6;

export function stepState(provisioningState: string): StepState {
  if (provisioningState === 'Succeeded') return 'succeeded';
  if (provisioningState === 'Failed') return 'failed';
  if (provisioningState === 'Canceled') return 'canceled';
  return isRunning(provisioningState) ? 'running' : 'succeeded';
}

function startOf(op: { timestamp?: string | undefined; duration?: string | undefined }, state: StepState): number | undefined {
  const t = op.timestamp ? Date.parse(op.timestamp) : NaN;
  if (Number.isNaN(t)) return undefined;
  // A running operation's timestamp is when it started; a finished one's is when it ended.
  return state === 'running' ? t : t - (durationMs(op.duration) ?? 0);
}

/**
 * The step timeline of a deployment, as a workflow history: its operations in the order they
 * started (ARM lists them in any order), each nested deployment's operations right after the step
 * that runs it, then the template's resources no operation has reached yet as pending.
 * `byName` holds every deployment of the resource group (nested ones included).
 */
export function buildTimeline(root: DeploymentRecord, byName: ReadonlyMap<string, DeploymentRecord>, templateResources: ReadonlyArray<{ type: string; name?: string }> = []): Timeline {
  const steps: TimelineStep[] = [];
  const seen = new Set<string>();
  const walk = (d: DeploymentRecord, depth: number) => {
    if (seen.has(d.name) || depth > MAX_DEPTH) return;
    seen.add(d.name);
    const ops = d.operations
      .filter((op) => op.provisioningOperation !== 'EvaluateDeploymentOutput' || op.provisioningState === 'Failed')
      .map((op) => ({ op, state: stepState(op.provisioningState) }))
      .map((x) => ({ ...x, start: startOf(x.op, x.state) }))
      .sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || a.op.operationId.localeCompare(b.op.operationId));
    for (const { op, state, start } of ops) {
      const type = op.targetResource?.resourceType ?? op.provisioningOperation ?? 'operation';
      const isNested = type.toLowerCase() === NESTED_TYPE && !!op.targetResource?.resourceName;
      steps.push(step(d.name, depth, op, state, start, isNested ? op.targetResource!.resourceName : undefined));
      const child = isNested ? byName.get(op.targetResource!.resourceName!) : undefined;
      if (child) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  const rootState = stepState(root.provisioningState);
  if (rootState === 'running') {
    // Resources of the template that no operation has started yet: pending, by type.
    const started = new Map<string, number>();
    for (const s of steps) if (s.depth === 0) started.set(s.resourceType.toLowerCase(), (started.get(s.resourceType.toLowerCase()) ?? 0) + 1);
    for (const r of templateResources) {
      const k = r.type.toLowerCase();
      const n = started.get(k) ?? 0;
      if (n > 0) {
        started.set(k, n - 1);
        continue;
      }
      steps.push({
        key: `${root.name}/pending/${steps.length}`, depth: 0, deployment: root.name, operationId: undefined, resourceType: r.type,
        resourceName: r.name && !r.name.startsWith('[') ? r.name : '', resourceId: undefined, state: 'pending', start: undefined,
        durationMs: undefined, statusCode: undefined, error: undefined, explanation: undefined, nested: undefined,
      });
    }
  }
  const counts: Record<StepState, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, canceled: 0 };
  for (const s of steps) counts[s.state]++;
  const rootStart = startOf(root, rootState);
  // The deployment's own error only repeats "see the operations" unless no step carries one.
  const error = root.error;
  return {
    deployment: root.name,
    state: rootState,
    correlationId: root.correlationId,
    start: rootStart === undefined ? undefined : new Date(rootStart).toISOString(),
    durationMs: durationMs(root.duration),
    outputs: Object.entries(root.outputs ?? {}).map(([name, o]) => ({ name, type: o.type, value: o.value })),
    error,
    explanation: error ? explainArmError(error) : undefined,
    steps,
    counts,
  };
}

function step(deployment: string, depth: number, op: OperationRecord, state: StepState, start: number | undefined, nested: string | undefined): TimelineStep {
  return {
    key: `${deployment}/${op.operationId}`,
    depth,
    deployment,
    operationId: op.operationId,
    resourceType: op.targetResource?.resourceType ?? op.provisioningOperation ?? 'operation',
    resourceName: op.targetResource?.resourceName ?? '',
    resourceId: op.targetResource?.id,
    state,
    start: start === undefined ? undefined : new Date(start).toISOString(),
    durationMs: durationMs(op.duration),
    statusCode: op.statusCode,
    error: op.error,
    explanation: op.error ? explainArmError(op.error) : undefined,
    nested,
  };
}

/** The steps a "failed only" filter shows: failed steps, and the nested-deployment steps that lead to them. */
export function failedOnly(steps: readonly TimelineStep[]): TimelineStep[] {
  const keep = new Set<number>();
  steps.forEach((s, i) => {
    if (s.state !== 'failed') return;
    keep.add(i);
  });
  return steps.filter((_, i) => keep.has(i));
}
