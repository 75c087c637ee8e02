import { semanticDiff, formatSemanticDiff } from '../diff/semantic.ts';
import { diffRenderedFiles, unifiedPatch, type ClusterRenderDiff } from '../diff/rendered-diff.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { decideDrain, drainPlan, type DrainOptions, type DrainOutcome } from '../plan/drain-shard.ts';
import type { Plan } from '../plan/plan-types.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { routingProblems, type RoutingProblem } from './failover-problems.ts';
import { buildRoutingMap, withLiveHealth, type RoutingMap } from './routing-map.ts';

const SUBJECT_MAX = 72;

export interface DrainCommit {
  subject: string;
  body: string;
  /** git trailers (`Key: value`), in order; `git interpret-trailers --parse` reads them back. */
  trailers: Array<[key: string, value: string]>;
  /** subject, blank line, body, blank line, trailers. */
  message: string;
}

/** Everything the "Drain and fail over" preview shows before anything is written. */
export interface DrainPreview {
  shard: string;
  partial: boolean;
  plan: Plan;
  /** Unified diff per spec file the plan changes. */
  specDiff: Array<{ path: string; patch: string }>;
  /** The plain summary (`tenant stark: placement.shard weu-2 -> weu-1`, ...). */
  summary: string[];
  renderedDiff: ClusterRenderDiff[];
  routing: { before: RoutingMap; after: RoutingMap };
  moves: Array<{ tenant: string; plan: string; gpus: number; from: string; to: string; affinity: boolean }>;
  stays: Array<{ tenant: string; reason: string }>;
  /** GPUs left on each shard that takes tenants, after the moves. */
  headroom: Array<{ shard: string; capacity: number; placedBefore: number; placedAfter: number; free: number }>;
  /** Routing problems of the workspace after the drain (with the live health given). */
  problemsAfter: RoutingProblem[];
  commit: DrainCommit;
}

/**
 * The preview of draining shard `name`: the plan, the spec and rendered diffs, the routing map
 * before and after, which tenant moves where, the GPU headroom left on each target, the routing
 * problems left, and the commit message with its trailers. Pure: renders in memory.
 */
export function previewDrain(m: WorkspaceModel, name: string, opts: DrainOptions = {}): { ok: true; preview: DrainPreview } | { ok: false; message: string } {
  const decided = decideDrain(m, name, opts);
  if (!decided.ok) return decided;
  const o = decided.outcome;
  const plan = drainPlan(o);
  const after = applyPlan(m, plan);
  const specDiff = plan.files.map((f) => ({ path: f.path, patch: unifiedPatch(`a/${f.path}`, `b/${f.path}`, m.files.get(f.path)?.text ?? '', f.content) }));
  const renderedBefore = renderWorkspace(m);
  const renderedAfter = renderWorkspace(after);
  const map = (model: WorkspaceModel, rendered: ReturnType<typeof renderWorkspace>) => {
    const base = buildRoutingMap(model, rendered);
    return opts.health ? withLiveHealth(base, opts.health) : base;
  };
  return {
    ok: true,
    preview: {
      shard: name,
      partial: o.partial,
      plan,
      specDiff,
      summary: formatSemanticDiff(semanticDiff(m, after)),
      renderedDiff: diffRenderedFiles(renderedBefore, renderedAfter),
      routing: { before: map(m, renderedBefore), after: map(after, renderedAfter) },
      moves: o.moves.map((mv) => ({ tenant: mv.tenant.name, plan: mv.tenant.spec.plan, gpus: mv.tenant.spec.quotas.gpus, from: name, to: mv.to.name, affinity: mv.affinity })),
      stays: o.stays.map((s) => ({ tenant: s.tenant.name, reason: s.reason })),
      headroom: o.headroom.map((h) => ({ ...h, free: h.capacity - h.placedAfter })),
      problemsAfter: routingProblems(after, opts.health),
      commit: drainCommit(o),
    },
  };
}

/** The commit message of a drain, in the style of diff/commit-message.ts, with trailers for the flow and undo. */
export function drainCommit(o: DrainOutcome): DrainCommit {
  const name = o.shard.name;
  const targets = [...new Set(o.moves.map((mv) => mv.to.name))];
  const n = o.moves.length;
  const tenants = `${n} tenant${n === 1 ? '' : 's'}`;
  let subject = n === 0
    ? `Drain shard ${name}${o.partial ? ` (partial: ${o.stays.length} stay)` : ''}`
    : `Drain shard ${name}${o.partial ? ' (partial)' : ''}: move ${tenants} to ${targets.join(', ')}`;
  if (subject.length > SUBJECT_MAX) subject = `Drain shard ${name}${o.partial ? ' (partial)' : ''}: move ${tenants} to ${targets.length} shards`;
  if (subject.length > SUBJECT_MAX) subject = `${subject.slice(0, SUBJECT_MAX - 3)}...`;
  const body = drainPlan(o).notes.map((line) => `- ${line}`).join('\n');
  const trailers: Array<[string, string]> = [['Gantry-Plan', `drain-shard ${name}${o.partial ? ' --partial' : ''}`]];
  for (const mv of o.moves) trailers.push(['Gantry-Move', `${mv.tenant.name} ${name} -> ${mv.to.name}`]);
  for (const s of o.stays) trailers.push(['Gantry-Stays', `${s.tenant.name} on ${name}`]);
  const message = `${subject}\n\n${body}\n\n${trailers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
  return { subject, body, trailers, message };
}

/** A new model with the plan's files written over `m`'s. */
function applyPlan(m: WorkspaceModel, plan: Plan): WorkspaceModel {
  const files = new Map<string, string>();
  for (const pf of m.files.values()) if (pf.text !== undefined) files.set(pf.file, pf.text);
  for (const f of plan.files) files.set(f.path, f.content);
  return WorkspaceModel.fromFiles(files);
}
