import { editYamlText } from '../edit/yaml-edit.ts';
import type { Obj, WorkspaceModel } from '../model/workspace-model.ts';
import { placedGpus, placedTenants, serves } from '../model/capacity.ts';
import { gpuCount, planError, type PlannedFile, type PlanResult } from './plan-types.ts';

/**
 * Plans `drain-shard`: the shard goes `draining` and each of its tenants moves to another active
 * shared shard of the same region and GPU type that serves its models. Only the drained shard's
 * tenants move (one move each, the fewest possible); the largest go first, each to the shard with
 * the most free GPUs, so capacity is respected. Edits keep every comment of the files.
 */
export function planDrainShard(m: WorkspaceModel, name: string): PlanResult {
  const shard = m.valid('Shard', name);
  if (!shard) {
    return planError(m.get('Shard', name) ? `Shard ${name} has errors; fix them before draining it (gantry validate).` : `Shard ${name} does not exist.`);
  }
  const tenants = placedTenants(m, name).sort((a, b) => b.spec.quotas.gpus - a.spec.quotas.gpus || (a.name < b.name ? -1 : 1));
  const targets = m
    .objects('Shard')
    .filter((s) => s.name !== name && s.spec.tenancy === 'shared' && s.spec.state === 'active' && s.spec.region === shard.spec.region && s.spec.capacity.gpuType === shard.spec.capacity.gpuType);
  const free = new Map(targets.map((s) => [s.name, s.spec.capacity.gpus - placedGpus(m, s.name)]));
  const moves: Array<{ tenant: Obj<'Tenant'>; to: Obj<'Shard'> }> = [];
  const stuck: string[] = [];
  for (const t of tenants) {
    if (t.spec.tier === 'dedicated') {
      stuck.push(`${t.name} is dedicated and runs only on its own shard`);
      continue;
    }
    const fits = targets
      .filter((s) => serves(s, t.spec.models) && free.get(s.name)! >= t.spec.quotas.gpus)
      .sort((a, b) => free.get(b.name)! - free.get(a.name)! || (a.name < b.name ? -1 : 1));
    const to = fits[0];
    if (!to) {
      stuck.push(`${t.name} (${gpuCount(t.spec.quotas.gpus)}, ${t.spec.models.join(', ') || 'no models'}) fits on no other active shared ${shard.spec.capacity.gpuType} shard in ${shard.spec.region}`);
      continue;
    }
    free.set(to.name, free.get(to.name)! - t.spec.quotas.gpus);
    moves.push({ tenant: t, to });
  }
  if (stuck.length) return planError(`Cannot drain shard ${name}: ${stuck.join('; ')}. Add capacity in ${shard.spec.region} or move these tenants by hand.`);

  const files: PlannedFile[] = [];
  const shardText = shard.text ?? '';
  files.push({ path: shard.file, action: 'modify', content: editYamlText(shardText, [{ op: 'set', path: 'spec.state', value: 'draining' }]) });
  for (const { tenant, to } of moves) {
    files.push({ path: tenant.file, action: 'modify', content: editYamlText(tenant.text ?? '', [{ op: 'set', path: 'spec.placement.shard', value: to.name }]) });
  }
  const notes = [`Shard ${name} is set to draining; it takes no new tenants.`];
  if (moves.length === 0) notes.push(`No tenants were placed on ${name}.`);
  for (const { tenant, to } of moves) notes.push(`Move ${tenant.name} (${gpuCount(tenant.spec.quotas.gpus)}) to ${to.name}.`);
  for (const s of targets.filter((x) => moves.some((mv) => mv.to.name === x.name))) {
    notes.push(`Shard ${s.name}: ${s.spec.capacity.gpus - free.get(s.name)!} of ${s.spec.capacity.gpus} GPUs placed after the moves.`);
  }
  return { ok: true, plan: { files, notes } };
}
