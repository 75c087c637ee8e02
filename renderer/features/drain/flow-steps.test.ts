import { describe, expect, it } from 'vitest';
import type { DrainRunDto, PlacementClusterDto } from '../../../shared/ipc/drain-schemas.ts';
import type { RolloutDto } from '../../../shared/ipc/schemas.ts';
import { flowDone, flowSteps, type FlowInput } from './flow-steps.ts';

const OID = 'a'.repeat(40);
const run: DrainRunDto = { oid: OID, subject: 'Drain shard weu-1: move 2 tenants to weu-2', message: '', pushed: true, replayed: false, branch: { branch: 'main', ahead: 0, behind: 0 } };
const rollout = (phase: RolloutDto['clusters'][number]['phase'], message?: string): RolloutDto => ({
  commit: OID, subject: run.subject, startedAt: '', following: phase !== 'applied',
  clusters: [{ cluster: 'aks-weu-prod', gitops: 'flux', phase, ...(message ? { message } : {}) }],
});
const placement = (acme: string, initech: string, routing: string, state: string): PlacementClusterDto => ({
  cluster: 'aks-weu-prod', state: 'checked', matches: false,
  tenants: [{ tenant: 'acme', expected: 'weu-2', namespace: acme, routing }, { tenant: 'initech', expected: 'weu-2', namespace: initech, routing }],
  shards: [{ shard: 'weu-1', expected: 'draining', routing: state }],
});
const base: FlowInput = { kind: 'drain', shard: 'weu-1', cluster: 'aks-weu-prod', moves: [{ tenant: 'acme', to: 'weu-2' }, { tenant: 'initech', to: 'weu-2' }], busy: false, rollout: null };
const states = (f: FlowInput) => flowSteps(f).map((s) => `${s.id}:${s.state}`);

describe('flowSteps', () => {
  it('goes from the commit to the map in the cluster, each step waiting on the one before', () => {
    expect(states({ ...base, busy: true })).toEqual(['commit:active', 'push:waiting', 'apply:waiting', 'namespaces:waiting', 'routing:waiting']);
    expect(states({ ...base, run })).toEqual(['commit:done', 'push:done', 'apply:active', 'namespaces:waiting', 'routing:waiting']);
    // A rollout of another commit does not count for this one.
    expect(states({ ...base, run, rollout: { ...rollout('applied'), commit: 'b'.repeat(40) } })[2]).toBe('apply:active');
    expect(states({ ...base, run, rollout: rollout('progressing') })[2]).toBe('apply:active');
    const applied = { ...base, run, rollout: rollout('applied') };
    expect(states({ ...applied, placement: placement('weu-1', 'weu-1', 'weu-1', 'active') })).toEqual(['commit:done', 'push:done', 'apply:done', 'namespaces:active', 'routing:active']);
    expect(states({ ...applied, placement: placement('weu-2', 'weu-1', 'weu-2', 'draining') }).slice(3)).toEqual(['namespaces:active', 'routing:done']);
    const all = flowSteps({ ...applied, placement: placement('weu-2', 'weu-2', 'weu-2', 'draining') });
    expect(flowDone(all)).toBe(true);
    expect(all.find((s) => s.id === 'namespaces')!.text).toBe('Namespaces labelled gantry.dev/shard: tenant-acme and tenant-initech → weu-2');
    expect(all.find((s) => s.id === 'routing')!.text).toBe('gantry-routing ConfigMap in aks-weu-prod holds the new map: acme and initech → weu-2; weu-1 draining');
  });

  it('says what happens next and how long it usually takes, while a step is not done', () => {
    const steps = flowSteps({ ...base, run, rollout: rollout('unknown') });
    expect(steps.find((s) => s.id === 'apply')!.next).toMatch(/next poll .*usually a minute/);
    for (const s of steps.filter((x) => x.state !== 'done')) expect(s.next, s.id).toMatch(/second|minute/);
    expect(flowDone(steps)).toBe(false);
  });

  it('names a push replayed over someone else\'s, a queued push, Flux\'s failure and a cluster it cannot read', () => {
    expect(flowSteps({ ...base, run: { ...run, replayed: true } })[1]!.text).toMatch(/someone had pushed meanwhile, so their commits were pulled and this one replayed on top/);
    const queued = flowSteps({ ...base, run: { ...run, pushed: false, pushNote: 'Not pushed: offline.' } });
    expect(queued[1]).toMatchObject({ state: 'blocked', next: 'Not pushed: offline.' });
    const failed = flowSteps({ ...base, run, rollout: rollout('failed', 'kustomize build failed') })[2]!;
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed.next).toContain('kustomize build failed');
    const unread = flowSteps({ ...base, run, rollout: rollout('applied'), placement: { cluster: 'aks-weu-prod', state: 'error', message: 'HTTP 403', matches: false, tenants: [], shards: [] } });
    expect(unread.slice(3).map((s) => [s.state, s.next])).toEqual([['blocked', 'HTTP 403'], ['blocked', 'HTTP 403']]);
  });

  it('an undo waits for the tenants back on the drained shard, active again', () => {
    const undo: FlowInput = { ...base, kind: 'undo', moves: [{ tenant: 'acme', to: 'weu-1' }], run, rollout: rollout('applied'), placement: { cluster: 'aks-weu-prod', state: 'checked', matches: true, tenants: [{ tenant: 'acme', expected: 'weu-1', namespace: 'weu-1', routing: 'weu-1' }], shards: [{ shard: 'weu-1', expected: 'active', routing: 'active' }] } };
    const steps = flowSteps(undo);
    expect(flowDone(steps)).toBe(true);
    expect(steps[4]!.text).toBe('gantry-routing ConfigMap in aks-weu-prod holds the new map: acme → weu-1; weu-1 active');
  });
});
