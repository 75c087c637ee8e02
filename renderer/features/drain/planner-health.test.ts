import { describe, expect, it } from 'vitest';
import { plannerHealth } from './planner-health.ts';

describe('plannerHealth', () => {
  it('a shard degraded only because its failover target fails can take tenants; its own problems still count', () => {
    const h = plannerHealth([
      { shard: 'weu-1', status: 'degraded', reasons: [{ code: 'node-not-ready', text: 'node kwok-h100-z3-a is NotReady' }, { code: 'failover-unhealthy', text: 'failover shard weu-2 is degraded' }] },
      { shard: 'weu-2', status: 'degraded', reasons: [{ code: 'failover-unhealthy', text: 'failover shard weu-1 is degraded' }] },
      { shard: 'globex', status: 'healthy', reasons: [] },
      { shard: 'sdc-1', status: 'unknown', reasons: [] },
    ]);
    expect(h).toEqual([
      { shard: 'weu-1', status: 'degraded', reasons: ['node kwok-h100-z3-a is NotReady'] },
      { shard: 'weu-2', status: 'healthy', reasons: [] },
      { shard: 'globex', status: 'healthy', reasons: [] },
      { shard: 'sdc-1', status: 'unknown', reasons: [] },
    ]);
  });
});
