import path from 'node:path';
import { planAddTenant } from '../../core/plan/add-tenant.ts';
import { planDrainShard } from '../../core/plan/drain-shard.ts';
import type { Plan, PlanResult } from '../../core/plan/plan-types.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { Validator } from '../../core/validate/validator.ts';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import { resolveInside } from '../../node/path-safety.ts';
import { loadWorkspace, writeRendered } from '../../node/workspace-io.ts';
import { flag, has, oneOf, parseArgs, UsageError } from '../args.ts';
import { plural, type Io } from '../output.ts';

export const PLAN_USAGE = `gantry plan add-tenant NAME --tier shared|dedicated --region R --gpus N [--gpu-type T] [--model M]... [--plan P] [--display-name S] [--dir DIR] [--write] [--format text|json]
gantry plan drain-shard NAME [--partial] [--dir DIR] [--write] [--format text|json]`;

export function planCommand(argv: readonly string[], io: Io): number {
  const [sub, ...rest] = argv;
  if (sub === 'add-tenant') return addTenant(rest, io);
  if (sub === 'drain-shard') return drainShard(rest, io);
  throw new UsageError(`${sub === undefined ? 'a plan needs a kind' : `unknown plan "${sub}"`}\nusage:\n${PLAN_USAGE}`);
}

function addTenant(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['tier', 'region', 'gpus', 'gpu-type', 'model', 'plan', 'display-name', 'dir', 'format'], ['write']);
  const [name, ...extra] = args.positionals;
  if (!name || extra.length) throw new UsageError(`add-tenant takes one NAME\nusage:\n${PLAN_USAGE}`);
  const tier = oneOf(flag(args, 'tier'), ['shared', 'dedicated'] as const, 'tier', undefined as never);
  if (!tier) throw new UsageError('--tier shared|dedicated is required');
  const region = flag(args, 'region');
  if (!region) throw new UsageError('--region is required');
  const gpusText = flag(args, 'gpus');
  if (gpusText === undefined || !/^\d+$/.test(gpusText)) throw new UsageError('--gpus needs a whole number of GPUs (0 or more)');
  const plan = flag(args, 'plan');
  const planned = oneOf(plan, ['free', 'standard', 'premium'] as const, 'plan', 'standard');
  const { root, model } = loadWorkspace(flag(args, 'dir') ?? '.');
  const result = planAddTenant(model, {
    name,
    tier,
    region,
    gpus: Number(gpusText),
    gpuType: flag(args, 'gpu-type'),
    models: args.flags.get('model') ?? [],
    plan: planned,
    displayName: flag(args, 'display-name'),
    today: new Date().toISOString().slice(0, 10),
  });
  return finish(result, root, has(args, 'write'), flag(args, 'format'), io);
}

function drainShard(argv: readonly string[], io: Io): number {
  // --partial (an addition to SPEC-FORMAT): move the tenants that fit, leave the rest on the
  // draining shard with a note each saying why, and exit 0.
  const args = parseArgs(argv, ['dir', 'format'], ['write', 'partial']);
  const [name, ...extra] = args.positionals;
  if (!name || extra.length) throw new UsageError(`drain-shard takes one NAME\nusage:\n${PLAN_USAGE}`);
  const { root, model } = loadWorkspace(flag(args, 'dir') ?? '.');
  return finish(planDrainShard(model, name, { partial: has(args, 'partial') }), root, has(args, 'write'), flag(args, 'format'), io);
}

function finish(result: PlanResult, root: string, write: boolean, formatFlag: string | undefined, io: Io): number {
  const format = oneOf(formatFlag, ['text', 'json'] as const, 'format', 'text');
  if (!result.ok) {
    if (format === 'json') io.out(`${JSON.stringify({ error: result.message, files: [], notes: [] }, null, 2)}\n`);
    io.err(`${result.message}\n`);
    return 1;
  }
  const plan = result.plan;
  if (format === 'json') io.out(`${JSON.stringify(plan, null, 2)}\n`);
  else io.out(formatPlan(plan));
  if (!write) {
    if (format === 'text') io.out('\nNothing written; run again with --write to apply this plan.\n');
    return 0;
  }
  applyPlan(root, plan, io, format === 'text');
  return 0;
}

/** Writes the plan's files atomically, then re-renders rendered/ when the result validates. */
function applyPlan(root: string, plan: Plan, io: Io, talk: boolean): void {
  for (const f of plan.files) writeFileAtomic(resolveInside(root, f.path), f.content);
  const { model } = loadWorkspace(root);
  const report = new Validator(model).report();
  const say = (s: string) => (talk ? io.out(s) : io.err(s));
  if (!report.ok) {
    say(`\nWrote ${plural(plan.files.length, 'file')}; the workspace has ${plural(report.counts.errors, 'error')}, so rendered/ was not updated (gantry validate).\n`);
    return;
  }
  const diff = writeRendered(root, new Renderer(model).renderAll());
  say(`\nWrote ${plural(plan.files.length, 'file')} in ${path.basename(root)}; rendered/: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed.\n`);
}

function formatPlan(plan: Plan): string {
  const lines = [...plan.notes.map((n) => `- ${n}`), ''];
  for (const f of plan.files) {
    lines.push(`${f.action === 'create' ? 'create' : 'modify'} ${f.path}`);
    if (f.action === 'create') lines.push(...f.content.trimEnd().split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}
