import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workspace, type WorkspaceDef } from '../__fixtures__/plan-workspace.ts';
import { validate } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { planDrainShard } from './drain-shard.ts';
import type { LiveShardHealth } from '../routing/live-health.ts';
import type { Plan, PlanResult } from './plan-types.ts';

// Choice tests for `gantry plan drain-shard` (SPEC-FORMAT.md, and README "Decisions" on drain
// order). Each case is named after the sentence it pins and asserts what the user sees: the
// planned files (path, action, content), the notes, or the error message.

function drain(def: WorkspaceDef | Map<string, string>, name = 'old'): PlanResult {
  return planDrainShard(WorkspaceModel.fromFiles(def instanceof Map ? def : workspace(def)), name);
}

function ok(r: PlanResult): Plan {
  if (!r.ok) throw new Error(r.message);
  return r.plan;
}

function error(r: PlanResult): string {
  if (r.ok) throw new Error(`expected an error, got a plan: ${JSON.stringify(r.plan.notes)}`);
  return r.message;
}

/** `tenant -> shard` for every tenant file the plan modifies, in plan order. */
function moves(p: Plan): string[] {
  return p.files
    .filter((f) => f.path.startsWith('tenants/'))
    .map((f) => {
      expect(f.action).toBe('modify');
      const t = parse(f.content);
      expect(f.path).toBe(`tenants/${t.metadata.name}.yaml`);
      return `${t.metadata.name} -> ${t.spec.placement.shard}`;
    });
}

describe('plan drain-shard NAME: "sets the shard draining"', () => {
  it('modifies the shard file (first) to state draining, keeping the rest of the file', () => {
    const files = workspace({ shards: [{ name: 'old' }, { name: 'new' }], tenants: [{ name: 't', shard: 'old' }] });
    files.set('shards/old.yaml', files.get('shards/old.yaml')!.replace('state: active', 'state: active # only active shards take tenants'));
    const p = ok(drain(files));
    expect(p.files[0]).toEqual({
      path: 'shards/old.yaml',
      action: 'modify',
      content: files.get('shards/old.yaml')!.replace('state: active', 'state: draining'),
    });
    expect(p.notes[0]).toBe('Shard old is set to draining; it takes no new tenants.');
  });

  it('modifies each moved tenant\'s file to the new shard, keeping its comments', () => {
    const files = workspace({ shards: [{ name: 'old' }, { name: 'new' }], tenants: [{ name: 't', shard: 'old' }] });
    const before = files.get('tenants/t.yaml')!.replace('shard: old', 'shard: old   # where it runs').replace('placement:', '# placement, by gantry\n  placement:');
    files.set('tenants/t.yaml', before);
    const p = ok(drain(files));
    expect(p.files[1]).toEqual({ path: 'tenants/t.yaml', action: 'modify', content: before.replace('shard: old', 'shard: new') });
  });

  it('a shard with no tenants: only the shard file, and a note saying so', () => {
    const p = ok(drain({ shards: [{ name: 'old' }] }));
    expect(p.files.map((f) => `${f.action} ${f.path}`)).toEqual(['modify shards/old.yaml']);
    expect(p.notes).toEqual(['Shard old is set to draining; it takes no new tenants.', 'No tenants were placed on old.']);
  });

  it('refuses a shard that does not exist or has errors', () => {
    expect(error(drain({ shards: [{ name: 'a' }] }, 'nope'))).toBe('Shard nope does not exist.');
    const files = workspace({ shards: [{ name: 'old' }] });
    files.set('shards/old.yaml', files.get('shards/old.yaml')!.replace('tenancy: shared', 'tenancy: sometimes'));
    expect(error(drain(files))).toBe('Shard old has errors; fix them before draining it (gantry validate).');
  });
});

describe('plan drain-shard NAME: "moves its tenants to other active shared shards of the same region and gpuType that serve their models"', () => {
  // Each distractor has more free GPUs than `target`, so it would win if its rule were missing.
  const both = ['llama-3-8b', 'mistral-7b'];
  const def: WorkspaceDef = {
    shards: [
      { name: 'old', gpus: 64 },
      { name: 'd-dedicated', tenancy: 'dedicated', owner: 'x', gpus: 40, models: both },
      { name: 'd-draining', state: 'draining', gpus: 40, models: both },
      { name: 'd-cordoned', state: 'cordoned', gpus: 40, models: both },
      { name: 'd-east', region: 'eastus', gpus: 40, models: both },
      { name: 'd-a100', gpuType: 'nvidia-a100', gpus: 40, models: both },
      { name: 'd-llama-only', gpus: 40, models: ['llama-3-8b', 'phi-3'] },
      { name: 'target', gpus: 8, models: both },
    ],
    tenants: [
      { name: 't1', shard: 'old', gpus: 2, models: ['llama-3-8b', 'mistral-7b'] },
      { name: 'elsewhere', shard: 'd-draining', gpus: 1 },
    ],
  };

  it('skips dedicated, draining, cordoned, other-region, other-gpuType shards and those missing a model', () => {
    const p = ok(drain(def));
    expect(moves(p)).toEqual(['t1 -> target']);
    expect(p.notes).toEqual([
      'Shard old is set to draining; it takes no new tenants.',
      'Move t1 (2 GPUs) to target.',
      'Shard target: 2 of 8 GPUs placed after the moves.',
    ]);
  });

  it('never moves a tenant back onto the drained shard itself', () => {
    const p = ok(drain({ shards: [{ name: 'a', gpus: 4 }, { name: 'old', gpus: 64 }], tenants: [{ name: 't1', shard: 'old', gpus: 1 }] }));
    expect(moves(p)).toEqual(['t1 -> a']);
  });

  it('only the drained shard\'s tenants move ("fewest moves"): one modified file per tenant, others untouched', () => {
    const p = ok(drain({
      shards: [{ name: 'a', gpus: 8 }, { name: 'old', gpus: 8 }],
      tenants: [{ name: 'stay', shard: 'a', gpus: 6 }, { name: 't1', shard: 'old', gpus: 1 }, { name: 't2', shard: 'old', gpus: 1 }],
    }));
    expect(p.files.map((f) => f.path)).toEqual(['shards/old.yaml', 'tenants/t1.yaml', 'tenants/t2.yaml']);
    expect(moves(p)).toEqual(['t1 -> a', 't2 -> a']);
    expect(p.notes.at(-1)).toBe('Shard a: 8 of 8 GPUs placed after the moves.');
  });

  it('each to the fitting shard with the most free GPUs, ties by name', () => {
    const p = ok(drain({
      shards: [{ name: 'a', gpus: 8 }, { name: 'b', gpus: 8 }, { name: 'c', gpus: 8 }, { name: 'old' }],
      tenants: [{ name: 'on-a', shard: 'a', gpus: 3 }, { name: 'on-b', shard: 'b', gpus: 1 }, { name: 'on-c', shard: 'c', gpus: 1 }, { name: 't1', shard: 'old', gpus: 2 }],
    }));
    // free: a 5, b 7, c 7.
    expect(moves(p)).toEqual(['t1 -> b']);
    expect(p.notes.slice(1)).toEqual(['Move t1 (2 GPUs) to b.', 'Shard b: 3 of 8 GPUs placed after the moves.']);
  });
});

describe('plan drain-shard NAME: "capacity respected"', () => {
  it('a shard that fills up with earlier moves takes no more; the next move goes to the shard then most free', () => {
    const p = ok(drain({
      shards: [{ name: 'a', gpus: 4 }, { name: 'b', gpus: 3 }, { name: 'old' }],
      tenants: [{ name: 't1', shard: 'old', gpus: 3 }, { name: 't2', shard: 'old', gpus: 2 }],
    }));
    expect(moves(p)).toEqual(['t1 -> a', 't2 -> b']);
    expect(p.notes).toEqual([
      'Shard old is set to draining; it takes no new tenants.',
      'Move t1 (3 GPUs) to a.',
      'Move t2 (2 GPUs) to b.',
      'Shard a: 3 of 4 GPUs placed after the moves.',
      'Shard b: 2 of 3 GPUs placed after the moves.',
    ]);
  });

  it('a tenant exactly filling the free GPUs fits', () => {
    const p = ok(drain({ shards: [{ name: 'a', gpus: 4 }, { name: 'old' }], tenants: [{ name: 'x', shard: 'a', gpus: 1 }, { name: 't1', shard: 'old', gpus: 3 }] }));
    expect(moves(p)).toEqual(['t1 -> a']);
    expect(p.notes).toContain('Shard a: 4 of 4 GPUs placed after the moves.');
  });

  it('the drained shard\'s moves count against each target\'s free GPUs', () => {
    const r = drain({
      shards: [{ name: 'a', gpus: 4 }, { name: 'old' }],
      tenants: [{ name: 't1', shard: 'old', gpus: 3 }, { name: 't2', shard: 'old', gpus: 2 }],
    });
    expect(error(r)).toBe('Cannot drain shard old: t2 (2 GPUs, llama-3-8b) fits on no other active shared nvidia-h100 shard in westeurope. Add capacity in westeurope or move these tenants by hand.');
  });
});

describe('plan drain-shard NAME: "largest first" (README Decisions)', () => {
  it('the largest tenant moves first, so it gets the room it needs (name order would fail)', () => {
    // By name, a-small (1) would take the 4 free GPUs of `big`, and b-large (4) would fit nowhere.
    const p = ok(drain({
      shards: [{ name: 'big', gpus: 4 }, { name: 'small', gpus: 2 }, { name: 'old' }],
      tenants: [{ name: 'a-small', shard: 'old', gpus: 1 }, { name: 'b-large', shard: 'old', gpus: 4 }],
    }));
    expect(moves(p)).toEqual(['b-large -> big', 'a-small -> small']);
    expect(p.notes.slice(1, 3)).toEqual(['Move b-large (4 GPUs) to big.', 'Move a-small (1 GPU) to small.']);
  });

  it('tenants of the same size go in name order', () => {
    const p = ok(drain({
      shards: [{ name: 'a', gpus: 3 }, { name: 'b', gpus: 2 }, { name: 'old' }],
      tenants: [{ name: 'y', shard: 'old', gpus: 2 }, { name: 'x', shard: 'old', gpus: 2 }, { name: 'z', shard: 'old', gpus: 0 }],
    }));
    expect(moves(p)).toEqual(['x -> a', 'y -> b', 'z -> a']);
  });
});

describe('plan drain-shard NAME: "exits 1 with a clear message when they do not fit"', () => {
  it('names each tenant that fits nowhere, its GPUs and models', () => {
    const r = drain({
      shards: [{ name: 'a', gpus: 2 }, { name: 'old' }],
      tenants: [
        { name: 'fits', shard: 'old', gpus: 2 },
        { name: 'no-room', shard: 'old', gpus: 1 },
        { name: 'no-model', shard: 'old', gpus: 0, models: ['phi-3', 'mistral-7b'] },
        { name: 'none', shard: 'old', gpus: 3, models: [] },
      ],
    });
    expect(error(r)).toBe(
      'Cannot drain shard old: none (3 GPUs, no models) fits on no other active shared nvidia-h100 shard in westeurope; no-room (1 GPU, llama-3-8b) fits on no other active shared nvidia-h100 shard in westeurope; no-model (0 GPUs, phi-3, mistral-7b) fits on no other active shared nvidia-h100 shard in westeurope. Add capacity in westeurope or move these tenants by hand.',
    );
  });

  it('"dedicated tenants cannot be drained onto shared shards" (README Decisions), even with room for them', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 'old', tenancy: 'dedicated', owner: 'solo', gpus: 8 }, { name: 'roomy', gpus: 64, models: ['llama-3-8b', 'mistral-7b'] }],
      tenants: [{ name: 'solo', shard: 'old', tier: 'dedicated', gpus: 2 }],
    };
    expect(error(drain(def))).toBe('Cannot drain shard old: solo is dedicated and runs only on its own shard. Add capacity in westeurope or move these tenants by hand.');
  });

  it('the planned workspace validates (no tenant left on a draining shard)', () => {
    const files = workspace({
      shards: [{ name: 'a', gpus: 8 }, { name: 'old', gpus: 8 }],
      tenants: [{ name: 't1', shard: 'old', gpus: 2 }, { name: 't2', shard: 'old', gpus: 1 }],
    });
    const p = ok(drain(files));
    const after = new Map(files);
    for (const f of p.files) after.set(f.path, f.content);
    const report = validate(after);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.findings.filter((f) => f.code === 'placement.state')).toEqual([]);
  });
});

describe('drain with plans, affinity, live health and --partial (issue 15)', () => {
  const partial = (def: WorkspaceDef, name = 'old', health?: Map<string, LiveShardHealth>) =>
    planDrainShard(WorkspaceModel.fromFiles(workspace(def)), name, { partial: true, health });

  it('premium tenants are placed first: with room for one, the premium tenant moves and the larger standard one stays', () => {
    const def: WorkspaceDef = {
      shards: [{ name: 'a', gpus: 2 }, { name: 'old' }],
      tenants: [{ name: 'big-std', shard: 'old', gpus: 2 }, { name: 'vip', shard: 'old', gpus: 2, plan: 'premium' }],
    };
    const p = ok(partial(def));
    expect(moves(p)).toEqual(['vip -> a']);
    expect(p.notes).toContain('big-std (2 GPUs, llama-3-8b) stays on old: the shards that serve its models have too few GPUs free after the other moves (a 0).');
    // Largest first alone would have moved big-std (same size, name order first).
    expect(error(drain(def))).toBe('Cannot drain shard old: big-std (2 GPUs, llama-3-8b) fits on no other active shared nvidia-h100 shard in westeurope. Add capacity in westeurope or move these tenants by hand.');
  });

  it('free tenants come after standard ones', () => {
    const p = ok(partial({
      shards: [{ name: 'a', gpus: 1 }, { name: 'old' }],
      tenants: [{ name: 'a-free', shard: 'old', gpus: 1, plan: 'free' }, { name: 'b-std', shard: 'old', gpus: 1 }],
    }));
    expect(moves(p)).toEqual(['b-std -> a']);
  });

  it('when premium first would leave someone behind but largest first places everyone, everyone moves', () => {
    // Premium first puts the 1-GPU premium tenant on `big` (most free), and the 3-GPU one then fits nowhere.
    const p = ok(drain({
      shards: [{ name: 'big', gpus: 3 }, { name: 'small', gpus: 1 }, { name: 'old' }],
      tenants: [{ name: 'vip', shard: 'old', gpus: 1, plan: 'premium' }, { name: 'large', shard: 'old', gpus: 3 }],
    }));
    expect(moves(p)).toEqual(['large -> big', 'vip -> small']);
  });

  it('session affinity sends tenants to the drained shard\'s failover shard when it fits, not to the most free', () => {
    const def: WorkspaceDef = {
      affinity: true,
      shards: [{ name: 'roomy', gpus: 32 }, { name: 'standby', gpus: 4 }, { name: 'old', failover: 'standby' }],
      tenants: [{ name: 't1', shard: 'old', gpus: 3 }, { name: 't2', shard: 'old', gpus: 2 }],
    };
    const p = ok(drain(def));
    // t1 fills the standby (3 of 4); t2 no longer fits there and goes to the most free.
    expect(moves(p)).toEqual(['t1 -> standby', 't2 -> roomy']);
    expect(p.notes).toContain('Session affinity is on, so t1 goes to standby, the failover shard of old, where the router moves their conversations.');
    // Without affinity in the policy, the most free shard wins.
    expect(moves(ok(drain({ ...def, affinity: false })))).toEqual(['t1 -> roomy', 't2 -> roomy']);
  });

  it('a failover shard that is draining is never a target, affinity or not', () => {
    const p = ok(drain({
      affinity: true,
      shards: [{ name: 'a', gpus: 8 }, { name: 'standby', gpus: 8, state: 'draining' }, { name: 'old', failover: 'standby' }],
      tenants: [{ name: 't1', shard: 'old', gpus: 1 }],
    }));
    expect(moves(p)).toEqual(['t1 -> a']);
  });

  it('with live health, a degraded or down shard takes no tenants, and the stay says which is unhealthy', () => {
    const def: WorkspaceDef = { shards: [{ name: 'a', gpus: 8 }, { name: 'b', gpus: 8 }, { name: 'old' }], tenants: [{ name: 't1', shard: 'old', gpus: 1 }] };
    const health = new Map<string, LiveShardHealth>([['b', { status: 'down', reasons: ['zone 1 has no ready node'] }], ['a', { status: 'healthy', reasons: [] }]]);
    expect(moves(ok(partial(def, 'old', health)))).toEqual(['t1 -> a']);
    health.set('a', { status: 'degraded', reasons: ['llama has 1 of 2 replicas ready'] });
    const p = ok(partial(def, 'old', health));
    expect(moves(p)).toEqual([]);
    expect(p.notes).toContain('t1 (1 GPU, llama-3-8b) stays on old: every other active shared nvidia-h100 shard in westeurope is unhealthy (a degraded (llama has 1 of 2 replicas ready); b down (zone 1 has no ready node)).');
    health.set('a', { status: 'unknown', reasons: [] });
    expect(moves(ok(partial(def, 'old', health)))).toEqual(['t1 -> a']);
  });

  it('--partial: the shard still goes draining, what fits moves, each other tenant stays with one sentence why', () => {
    const p = ok(partial({
      shards: [{ name: 'a', gpus: 2, models: ['llama-3-8b'] }, { name: 'old', gpus: 16, models: ['llama-3-8b', 'phi-3'] }, { name: 'solo', tenancy: 'dedicated', owner: 'x' }],
      tenants: [
        { name: 'fits', shard: 'old', gpus: 2 },
        { name: 'no-room', shard: 'old', gpus: 1 },
        { name: 'no-model', shard: 'old', gpus: 0, models: ['phi-3'] },
        { name: 'ded', shard: 'old', gpus: 1, tier: 'dedicated' },
      ],
    }));
    expect(p.files.map((f) => f.path)).toEqual(['shards/old.yaml', 'tenants/fits.yaml']);
    expect(parse(p.files[0]!.content).spec.state).toBe('draining');
    expect(p.notes).toEqual([
      'Shard old is set to draining; it takes no new tenants.',
      'Move fits (2 GPUs) to a.',
      'Partial drain: 1 of 4 tenants move; 3 stay on old until there is room.',
      'ded (1 GPU, llama-3-8b) stays on old: it is dedicated and runs only on its own shard.',
      'no-room (1 GPU, llama-3-8b) stays on old: the shards that serve its models have too few GPUs free after the other moves (a 0).',
      'no-model (0 GPUs, phi-3) stays on old: no other healthy active shared nvidia-h100 shard in westeurope serves phi-3.',
      'Shard a: 2 of 2 GPUs placed after the moves.',
    ]);
  });

  it('--partial with no other shard at all, and --partial when everything fits is the plain plan', () => {
    const alone = ok(partial({ shards: [{ name: 'old' }], tenants: [{ name: 't1', shard: 'old' }] }));
    expect(alone.notes).toContain('t1 (1 GPU, llama-3-8b) stays on old: there is no other active shared nvidia-h100 shard in westeurope.');
    const def: WorkspaceDef = { shards: [{ name: 'a', gpus: 8 }, { name: 'old' }], tenants: [{ name: 't1', shard: 'old', gpus: 2 }] };
    expect(partial(def)).toEqual(drain(def));
  });

  it('a tenant using two models that no single other shard serves together', () => {
    const p = ok(partial({
      shards: [{ name: 'a', models: ['llama-3-8b'] }, { name: 'b', models: ['mistral-7b'] }, { name: 'old', models: ['llama-3-8b', 'mistral-7b'] }],
      tenants: [{ name: 't1', shard: 'old', models: ['llama-3-8b', 'mistral-7b'] }],
    }));
    expect(p.notes).toContain('t1 (1 GPU, llama-3-8b, mistral-7b) stays on old: no single other healthy active shared nvidia-h100 shard in westeurope serves all of llama-3-8b, mistral-7b.');
  });
});
