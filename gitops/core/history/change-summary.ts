import { semanticDiff, type SemanticChange } from '../diff/semantic.ts';
import type { SpecContent } from '../load/decode.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';

/**
 * What a change does to the specs, from the changed spec files alone (their text before and after;
 * a file absent on one side was added or removed): the semantic summary of those objects, and the
 * shards the changed tenants are placed on before or after. Reading only the changed files keeps a
 * commit, and a commit's diff in history, fast on a 5,000-tenant workspace; the price is that facts
 * derived from the whole workspace (GPUs placed on a shard) are not in it.
 */
export function changeSummary(
  before: Iterable<readonly [string, SpecContent]>,
  after: Iterable<readonly [string, SpecContent]>,
): { summary: SemanticChange[]; shards: string[] } {
  const a = WorkspaceModel.fromFiles(before);
  const b = WorkspaceModel.fromFiles(after);
  const shards = [...new Set([a, b].flatMap((m) => m.objects('Tenant').map((t) => t.spec.placement.shard)))];
  return { summary: semanticDiff(a, b), shards };
}
