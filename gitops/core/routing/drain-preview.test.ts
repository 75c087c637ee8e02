import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { edit, exampleFiles } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { previewDrain, type DrainPreview } from './drain-preview.ts';
import { allShards } from './routing-map.ts';

function preview(files = exampleFiles(), name = 'weu-2', partial = false): DrainPreview {
  const r = previewDrain(WorkspaceModel.fromFiles(files), name, { partial });
  if (!r.ok) throw new Error(r.message);
  return r.preview;
}

describe('drain preview: what the on-call engineer reviews before committing', () => {
  it('draining weu-2 of the example: every tenant to weu-1 (its failover shard, session affinity on), with the GPUs left', () => {
    const p = preview();
    expect(p.moves.map((mv) => `${mv.tenant} (${mv.plan}, ${mv.gpus}) ${mv.from} -> ${mv.to}${mv.affinity ? ' affinity' : ''}`)).toEqual([
      'stark (premium, 4) weu-2 -> weu-1 affinity',
      'wayne (standard, 2) weu-2 -> weu-1 affinity',
      'cyberdyne (standard, 1) weu-2 -> weu-1 affinity',
      'soylent (free, 0) weu-2 -> weu-1 affinity',
      'tyrell (free, 0) weu-2 -> weu-1 affinity',
    ]);
    expect(p.stays).toEqual([]);
    expect(p.partial).toBe(false);
    const weu1Before = allShards(p.routing.before).find((s) => s.name === 'weu-1')!;
    expect(weu1Before.gpus.placed).toBe(9);
    expect(p.headroom).toEqual([{ shard: 'weu-1', capacity: 16, placedBefore: 9, placedAfter: 16, free: 0 }]);
    // Affinity filled weu-1, now the only shared shard of westeurope taking tenants: the preview says so.
    expect(p.problemsAfter.filter((x) => x.shard.startsWith('weu')).map((x) => `${x.code} ${x.shard}`)).toEqual(['failover.unavailable weu-1', 'region.full weu-1']);
  });

  it('the routing map before and after: weu-2 draining and empty, its tenants on weu-1', () => {
    const p = preview();
    const shard = (map: DrainPreview['routing']['before'], name: string) => allShards(map).find((s) => s.name === name)!;
    expect(shard(p.routing.before, 'weu-2')).toMatchObject({ state: 'active', tenantsByPlan: { premium: ['stark'] } });
    expect(shard(p.routing.after, 'weu-2')).toMatchObject({ state: 'draining', tenants: [] });
    expect(shard(p.routing.after, 'weu-1').tenantsByPlan.premium).toEqual(['acme', 'stark', 'umbrella']);
  });

  it('the spec diff, the plain summary and the rendered diff of the cluster', () => {
    const p = preview();
    expect(p.specDiff.map((d) => d.path)).toEqual(['shards/weu-2.yaml', 'tenants/stark.yaml', 'tenants/wayne.yaml', 'tenants/cyberdyne.yaml', 'tenants/soylent.yaml', 'tenants/tyrell.yaml']);
    expect(p.specDiff[0]!.patch).toMatch(/^--- a\/shards\/weu-2\.yaml\n\+\+\+ b\/shards\/weu-2\.yaml\n@@[^\n]*\n(?: [^\n]*\n)*-  state: active[^\n]*\n\+  state: draining/m);
    expect(p.summary).toEqual(expect.arrayContaining(['tenant stark: moved weu-2 -> weu-1', 'shard weu-2: state active -> draining', 'shard weu-1: GPUs placed 9/16 -> 16/16']));
    expect(p.renderedDiff.map((d) => d.cluster)).toEqual(['aks-weu-prod']);
    const weu = p.renderedDiff[0]!;
    expect(weu.files.modified).toContain('rendered/aks-weu-prod/gantry-system/configmap-gantry-routing.yaml');
    expect(weu.files.modified).toContain('rendered/aks-weu-prod/_cluster/namespace-tenant-stark.yaml');
    expect(weu.patches['rendered/aks-weu-prod/_cluster/namespace-tenant-stark.yaml']).toMatch(/-\s+gantry\.dev\/shard: weu-2\n\+\s+gantry\.dev\/shard: weu-1/);
  });

  it('the commit message: a subject, the notes, and trailers that git reads back', () => {
    const { commit } = preview();
    expect(commit.subject).toBe('Drain shard weu-2: move 5 tenants to weu-1');
    expect(commit.body.split('\n')[0]).toBe('- Shard weu-2 is set to draining; it takes no new tenants.');
    const parsed = execFileSync('git', ['interpret-trailers', '--parse'], { input: commit.message, encoding: 'utf8' });
    expect(parsed.trimEnd().split('\n')).toEqual([
      'Gantry-Plan: drain-shard weu-2',
      'Gantry-Move: stark weu-2 -> weu-1',
      'Gantry-Move: wayne weu-2 -> weu-1',
      'Gantry-Move: cyberdyne weu-2 -> weu-1',
      'Gantry-Move: soylent weu-2 -> weu-1',
      'Gantry-Move: tyrell weu-2 -> weu-1',
    ]);
  });

  it('a partial drain: who stays and why, the routing problems left, and the trailers say so', () => {
    const files = edit(exampleFiles(), 'tenants/stark.yaml', [{ op: 'set', path: 'spec.quotas.gpus', value: 12 }]);
    const p = preview(files, 'weu-2', true);
    expect(p.partial).toBe(true);
    expect(p.stays.map((s) => s.tenant)).toEqual(['stark']);
    expect(p.stays[0]!.reason).toMatch(/^stark \(12 GPUs, llama-3-8b\) stays on weu-2: /);
    expect(p.commit.subject).toBe('Drain shard weu-2 (partial): move 4 tenants to weu-1');
    expect(p.commit.trailers[0]).toEqual(['Gantry-Plan', 'drain-shard weu-2 --partial']);
    expect(p.commit.trailers.at(-1)).toEqual(['Gantry-Stays', 'stark on weu-2']);
    // weu-1 now fails over to a draining shard.
    expect(p.problemsAfter.map((x) => `${x.code} ${x.shard}`)).toContain('failover.unavailable weu-1');
    expect(previewDrain(WorkspaceModel.fromFiles(files), 'weu-2')).toMatchObject({ ok: false, message: expect.stringMatching(/^Cannot drain shard weu-2: stark/) });
  });
});
