import { describe, expect, it } from 'vitest';
import { workspace, type WorkspaceDef } from '../__fixtures__/plan-workspace.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { validateFiles } from '../validate/validator.ts';
import type { ShardHealthInput } from './live-health.ts';
import { routingProblems } from './failover-problems.ts';

// The routing problems as the on-call engineer reads them: `code shard: message`, and the same
// findings from `gantry validate` (warnings, on the shard file's spec.routing.failoverShard).

const problems = (def: WorkspaceDef, health?: ShardHealthInput) =>
  routingProblems(WorkspaceModel.fromFiles(workspace(def)), health).map((p) => `${p.code} ${p.shard}: ${p.message}`);

const findings = (def: WorkspaceDef) =>
  validateFiles(workspace(def)).findings.filter((f) => f.code.startsWith('failover.') || f.code === 'region.full').map((f) => `${f.code} ${f.severity} ${f.file}:${f.path}`);

const down = (reason: string) => ({ status: 'down' as const, reasons: [reason] });

describe('failover.unavailable', () => {
  it('a failover target that is draining or cordoned', () => {
    for (const state of ['draining', 'cordoned'] as const) {
      expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', state }] })).toEqual([
        `failover.unavailable a: Shard a fails over to b, which is ${state}; point failoverShard at an active shared shard of aks-westeurope in westeurope.`,
      ]);
    }
    expect(findings({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', state: 'cordoned' }] })).toEqual(['failover.unavailable warning shards/a.yaml:spec.routing.failoverShard']);
  });

  it('an active, healthy target is fine; with live input a degraded or down one is not, unknown is', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a', failover: 'b' }, { name: 'b' }] };
    expect(problems(def)).toEqual([]);
    expect(problems(def, new Map([['b', down('no ready node in zones 1, 2, 3')]]))).toEqual([
      'failover.unavailable a: Shard a fails over to b, which is down (no ready node in zones 1, 2, 3); point failoverShard at an active shared shard of aks-westeurope in westeurope.',
    ]);
    expect(problems(def, new Map([['b', { status: 'degraded', reasons: [] }]]))[0]).toMatch(/which is degraded;/);
    expect(problems(def, new Map([['b', { status: 'unknown', reasons: ['no data'] }]]))).toEqual([]);
    // a's own health does not make b unavailable
    expect(problems(def, new Map([['a', down('x')]]))).toEqual([]);
  });

  it('a target on another cluster, in another region, or dedicated', () => {
    expect(problems({ clusters: [['c1', 'westeurope'], ['c2', 'westeurope']], shards: [{ name: 'a', cluster: 'c1', failover: 'b' }, { name: 'b', cluster: 'c2' }] })).toEqual([
      'failover.unavailable a: Shard a fails over to b, which runs on cluster c2, and the router of c1 only knows its own cluster\'s shards (routing.json); point failoverShard at an active shared shard of c1 in westeurope.',
    ]);
    expect(problems({ clusters: [['c1', 'westeurope']], shards: [{ name: 'a', cluster: 'c1', failover: 'b' }, { name: 'b', cluster: 'c1', region: 'eastus' }] })[0])
      .toMatch(/which is in eastus, and the tenants of a must stay in westeurope;/);
    expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', tenancy: 'dedicated', owner: 'x' }] })[0])
      .toMatch(/which is dedicated to x, so shared tenants cannot run there;/);
  });
});

describe('failover.capacity', () => {
  it('names the tenants the failover shard cannot hold: GPUs (premium placed first), gpuType, models', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 'a', gpus: 16, failover: 'b', models: ['llama-3-8b', 'phi-3'] }, { name: 'b', gpus: 4 }],
      tenants: [
        { name: 'on-b', shard: 'b', gpus: 1 },
        { name: 'vip', shard: 'a', gpus: 2, plan: 'premium' },
        { name: 'big', shard: 'a', gpus: 3 },
        { name: 'phi', shard: 'a', gpus: 0, models: ['phi-3'] },
      ],
    };
    expect(problems(def)).toEqual([
      'failover.capacity a: If shard a fails over to b, tenants big (3 GPUs) would not fit in its 3 GPUs free (2 GPUs more needed); phi (phi-3) use models it does not serve; add GPUs and model servers to b, or choose another failoverShard.',
    ]);
    expect(findings(def)).toEqual(['failover.capacity warning shards/a.yaml:spec.routing.failoverShard']);
  });

  it('exactly filling the free GPUs fits; a tenant of another GPU type does not', () => {
    expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', gpus: 3 }], tenants: [{ name: 't', shard: 'a', gpus: 3 }] })).toEqual([]);
    const files = workspace({ shards: [{ name: 'a', failover: 'b', gpuType: 'nvidia-a100' }, { name: 'b', gpus: 8 }], tenants: [{ name: 't', shard: 'a', gpus: 1 }] });
    files.set('tenants/t.yaml', files.get('tenants/t.yaml')!.replace('gpuType: nvidia-h100', 'gpuType: nvidia-a100'));
    expect(routingProblems(WorkspaceModel.fromFiles(files)).map((p) => p.message)).toEqual([
      'If shard a fails over to b, tenants t (nvidia-a100) ask for another GPU type than its nvidia-h100; choose a failoverShard with the GPU type they ask for.',
    ]);
  });

  it('is not reported when the target is unavailable (failover.unavailable says it)', () => {
    expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', gpus: 0, state: 'draining' }], tenants: [{ name: 't', shard: 'a', gpus: 3 }] }).map((p) => p.split(' ')[0])).toEqual(['failover.unavailable']);
  });
});

describe('failover.cycle', () => {
  it('a mutual pair or a ring of active shards is fine', () => {
    expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'a' }] })).toEqual([]);
    expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'c' }, { name: 'c', failover: 'a' }] })).toEqual([]);
  });

  it('a loop through shards that all cannot take the traffic', () => {
    const out = problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'c', state: 'draining' }, { name: 'c', failover: 'a', state: 'cordoned' }] });
    expect(out).toContain('failover.cycle a: Shard a\'s failover chain a -> b -> c -> a goes round without reaching a shard that can take its traffic (b is draining, c is cordoned); make one of them active again or point one failoverShard outside the loop.');
    // b's chain reaches a, which is active: no loop for b.
    expect(out.filter((p) => p.startsWith('failover.cycle'))).toHaveLength(1);
  });

  it('with live input, down shards count; a chain that ends is no loop', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'c' }, { name: 'c', failover: 'b' }] };
    const health = new Map([['b', down('x')], ['c', down('y')]]);
    expect(problems(def, health).filter((p) => p.startsWith('failover.cycle a'))).toEqual([
      'failover.cycle a: Shard a\'s failover chain a -> b -> c -> b goes round without reaching a shard that can take its traffic (b is down, c is down); make one of them active again or point one failoverShard outside the loop.',
    ]);
    expect(problems({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'c', state: 'draining' }, { name: 'c', state: 'draining' }] }).filter((p) => p.includes('cycle'))).toEqual([]);
  });
});

describe('region.full', () => {
  const def = (state: 'draining' | 'active'): WorkspaceDef => ({
    shards: [{ name: 'a', gpus: 2 }, { name: 'b', state }, { name: 'ded', tenancy: 'dedicated', owner: 'x' }],
    tenants: [{ name: 't', shard: 'a', gpus: 2 }],
  });

  it('the only shared shard of a region that can take tenants is full', () => {
    expect(problems(def('draining'))).toEqual([
      'region.full a: Shard a is the only shared shard in westeurope that can take tenants (b is draining) and all 2 of its GPUs are placed, so nothing in westeurope can take a failed-over or new tenant; add capacity to a or bring another shard back to active.',
    ]);
    expect(findings(def('draining'))).toEqual(['region.full warning shards/a.yaml:spec.capacity.gpus']);
  });

  it('not when another shard is active, the shard has room, or it is alone in its region', () => {
    expect(problems(def('active'))).toEqual([]);
    expect(problems({ shards: [{ name: 'a', gpus: 3 }, { name: 'b', state: 'draining' }], tenants: [{ name: 't', shard: 'a', gpus: 2 }] })).toEqual([]);
    expect(problems({ shards: [{ name: 'a', gpus: 2 }], tenants: [{ name: 't', shard: 'a', gpus: 2 }] })).toEqual([]);
  });

  it('with live input: the other shard down makes the full one the only healthy one', () => {
    expect(problems(def('active'), new Map([['b', down('zone 1 empty')]]))[0]).toMatch(/^region\.full a: .*\(b is down\)/);
  });
});

describe('incremental validation keeps the routing warnings right', () => {
  it('after edits along a failover chain and on a target\'s tenants, the validator agrees with a fresh run', async () => {
    const { Validator } = await import('../validate/validator.ts');
    const files = workspace({
      shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'c', gpus: 4 }, { name: 'c', failover: 'a' }, { name: 'd', gpus: 2 }],
      tenants: [{ name: 't1', shard: 'a', gpus: 2 }, { name: 't2', shard: 'b', gpus: 1 }, { name: 't3', shard: 'd', gpus: 2 }],
    });
    const v = new Validator(WorkspaceModel.fromFiles(files));
    const step = (file: string, from: string, to: string) => {
      const text = files.get(file)!.replace(from, to);
      files.set(file, text);
      v.update(file, text);
      expect(v.findings()).toEqual(validateFiles(files).findings);
    };
    step('shards/b.yaml', 'state: active', 'state: draining');
    step('shards/c.yaml', 'state: active', 'state: cordoned');
    expect(v.findings().map((f) => f.code)).toContain('failover.cycle');
    step('tenants/t2.yaml', 'gpus: 1', 'gpus: 3');
    step('shards/b.yaml', 'state: draining', 'state: active');
    step('tenants/t2.yaml', 'gpus: 3', 'gpus: 4');
    expect(v.findingsOf('shards/a.yaml').map((f) => f.code)).toEqual(['failover.capacity']);
    step('shards/a.yaml', 'state: active', 'state: draining');
    step('shards/c.yaml', 'state: cordoned', 'state: draining');
    expect(v.findingsOf('shards/d.yaml').map((f) => f.code)).not.toContain('region.full');
    step('shards/b.yaml', 'state: active', 'state: draining');
    expect(v.findingsOf('shards/d.yaml').map((f) => f.code)).toContain('region.full');
  });
});
