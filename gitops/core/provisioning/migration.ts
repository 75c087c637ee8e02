import { editYamlText } from '../edit/yaml-edit.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { planAddTenant } from '../plan/add-tenant.ts';
import type { PlannedFile } from '../plan/plan-types.ts';

/** One piece of the tenant's data in a shared pool instance, to move before the cut-over. */
export interface ChecklistItem {
  /** `<pool type>:<pool>`: stable, the key of the tick. */
  id: string;
  poolType: string;
  pool: string;
  /** What to move, in words ("Blob folder acme/ in blob-weu-1"). */
  what: string;
  /** The pool instance's Azure resource id, when its spec names one. */
  where: string | undefined;
  how: string;
}

export type MigrationStage = 'add-shard' | 'move-data' | 'done';

/**
 * Moving a shared tenant to its own dedicated stack, in the order that loses nothing:
 * 1. commit the dedicated shard (the core planner's `add-tenant --tier dedicated` shard);
 *    Azure provisions the tenant's stack (its resource group) and the cluster gets the shard;
 * 2. move the tenant's data out of each shared pool instance it uses, ticking each item;
 * 3. a last commit, allowed only when every item is ticked, moves the tenant: tier dedicated,
 *    placement on its own shard, and its shared-pool references removed.
 * The tenant's placement changes in the last commit, with the pool references: SPEC-FORMAT allows
 * `pools` on shared tenants only, and a shared tenant on a dedicated shard is an error, so no valid
 * commit has the new placement and the old references; traffic moves only once the data has.
 */
export interface MigrationPlan {
  tenant: string;
  fromShard: string;
  toShard: string;
  region: string;
  stage: MigrationStage;
  /** Step 1's files (empty once the shard is in the workspace). */
  shardFiles: PlannedFile[];
  notes: string[];
  checklist: ChecklistItem[];
  /** The last commit's tenant edit, for the preview (its content is recomputed at cut-over). */
  cutover: PlannedFile | undefined;
}

export type MigrationResult = { ok: true; plan: MigrationPlan } | { ok: false; message: string };

export function planMigration(m: WorkspaceModel, tenant: string, today: string): MigrationResult {
  const t = m.valid('Tenant', tenant);
  if (!t) return { ok: false, message: `Tenant ${tenant} is missing or invalid; fix its file first.` };
  const own = m.valid('Shard', tenant);
  if (t.spec.tier === 'dedicated') {
    if (t.spec.placement.shard === tenant) return { ok: true, plan: { tenant, fromShard: tenant, toShard: tenant, region: t.spec.region, stage: 'done', shardFiles: [], notes: [`${tenant} already runs on its dedicated shard.`], checklist: [], cutover: undefined } };
    return { ok: false, message: `${tenant} is dedicated already but placed on ${t.spec.placement.shard}; fix its placement by hand.` };
  }
  const checklist = checklistOf(m, tenant);
  const cut = cutoverEdit(m, tenant);
  if (!cut.ok) return cut;
  if (own) {
    if (own.spec.tenancy !== 'dedicated' || own.spec.owner !== tenant) {
      return { ok: false, message: `A shard named ${tenant} exists (${own.file}) but is not dedicated to ${tenant}; a dedicated tenant's shard takes its name.` };
    }
    return {
      ok: true,
      plan: {
        tenant, fromShard: t.spec.placement.shard, toShard: tenant, region: t.spec.region, stage: 'move-data', shardFiles: [],
        notes: [`Dedicated shard ${tenant} is in the workspace (${own.file}).`], checklist, cutover: cut.file,
      },
    };
  }
  // The core planner plans the tenant as new; planned on the workspace without it, its shard is what the tenant needs.
  const without = WorkspaceModel.fromParsed([...m.files.values()].filter((pf) => pf.file !== t.file));
  const planned = planAddTenant(without, {
    name: tenant,
    tier: 'dedicated',
    region: t.spec.region,
    gpus: t.spec.quotas.gpus,
    ...(t.spec.quotas.gpuType ? { gpuType: t.spec.quotas.gpuType } : {}),
    models: t.spec.models,
    plan: t.spec.plan,
    displayName: t.spec.displayName,
    today,
  });
  if (!planned.ok) return planned;
  const shardFiles = planned.plan.files.filter((f) => f.path.startsWith('shards/'));
  return {
    ok: true,
    plan: {
      tenant, fromShard: t.spec.placement.shard, toShard: tenant, region: t.spec.region, stage: 'add-shard', shardFiles,
      notes: planned.plan.notes.filter((n) => !n.startsWith('Tenant ')), checklist, cutover: cut.file,
    },
  };
}

/** The data-move checklist: one item per shared pool instance the tenant's spec names. */
export function checklistOf(m: WorkspaceModel, tenant: string): ChecklistItem[] {
  const t = m.valid('Tenant', tenant);
  if (!t?.spec.pools) return [];
  return Object.entries(t.spec.pools)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([type, pool]) => {
      const where = m.valid('ResourcePool', pool)?.spec.azureResourceId;
      const [what, how] = words(type, tenant, pool);
      return { id: `${type}:${pool}`, poolType: type, pool, what, where, how };
    });
}

function words(type: string, tenant: string, pool: string): [string, string] {
  switch (type) {
    case 'blob':
      return [`Blob folder ${tenant}/ in ${pool}`, "Copy it to the dedicated stack's storage account (azcopy copy --recursive), then compare file counts and sizes."];
    case 'search':
      return [`Search index ${tenant} in ${pool}`, 'Create the index on the dedicated search service and re-index (or copy the documents), then compare document counts.'];
    case 'database':
      return [`Database ${tenant} in ${pool}`, 'Copy it to the dedicated server (backup and restore, or a database copy); hold writes during the last sync.'];
    case 'vectorstore':
      return [`Vector collection ${tenant} in ${pool}`, 'Export the collection and import it into the dedicated store, then compare vector counts.'];
    default:
      return [`${type} data of ${tenant} in ${pool}`, `Move ${tenant}'s ${type} data to its dedicated stack and check it arrived whole.`];
  }
}

/** The last commit's edit of the tenant file: tier dedicated, placement on its own shard, no shared pools. */
export function cutoverEdit(m: WorkspaceModel, tenant: string): { ok: true; file: PlannedFile } | { ok: false; message: string } {
  const t = m.valid('Tenant', tenant);
  if (!t?.text) return { ok: false, message: `Tenant ${tenant} is missing or invalid.` };
  try {
    const edits = [
      { op: 'set' as const, path: 'spec.tier', value: 'dedicated' },
      { op: 'set' as const, path: 'spec.placement.shard', value: tenant },
      ...(t.spec.pools ? [{ op: 'delete' as const, path: 'spec.pools' }] : []),
    ];
    return { ok: true, file: { path: t.file, action: 'modify', content: editYamlText(t.text, edits) } };
  } catch (err) {
    return { ok: false, message: `Cannot edit ${t.file}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The cut-over, refused while a checklist item is not ticked or the dedicated shard is missing. */
export function cutover(m: WorkspaceModel, tenant: string, ticked: ReadonlySet<string>): { ok: true; file: PlannedFile; message: string } | { ok: false; message: string } {
  const own = m.valid('Shard', tenant);
  if (!own || own.spec.owner !== tenant || own.spec.tenancy !== 'dedicated') return { ok: false, message: `Commit the dedicated shard ${tenant} first (step 1).` };
  const open = checklistOf(m, tenant).filter((i) => !ticked.has(i.id));
  if (open.length) return { ok: false, message: `${open.length} data item${open.length === 1 ? ' is' : 's are'} not ticked yet: ${open.map((i) => i.what).join('; ')}.` };
  const cut = cutoverEdit(m, tenant);
  if (!cut.ok) return cut;
  return { ok: true, file: cut.file, message: `Move ${tenant} to its dedicated shard and drop its shared-pool references` };
}
