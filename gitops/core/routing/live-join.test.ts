import { describe, expect, it } from 'vitest';
import type { ShardHealth } from '../live/shard-health.ts';
import { endpointsText, healthEntriesOf, liveShardsOf, shardBadge } from './live-join.ts';

const health = (shard: string, status: ShardHealth['status'], reasons: string[] = [], servers: Array<[string, number, number]> = []): ShardHealth => ({
  shard,
  cluster: 'aks-weu-prod',
  status,
  reasons: reasons.map((text) => ({ code: 'replicas-short', severity: status === 'down' ? 'down' : 'degraded', text })),
  servers: servers.map(([name, ready, desired]) => ({ name, runtime: 'vllm', ready, desired, readyByZone: {} })),
  gpus: { requested: 0, spec: 8 },
  ...(reasons.length ? { since: '2026-12-01T03:00:00Z' } : {}),
});

// A cluster view's items as live monitoring sends them (gitops/core/live/views.ts: `shard/<name>` -> { health, state, warnings }).
const clusterItems = (...hs: ShardHealth[]) => ({
  gpu: { allocatable: 32 },
  reconciliation: {},
  ...Object.fromEntries(hs.map((h) => [`shard/${h.shard}`, { health: h, state: 'active', warnings: [] }])),
});

describe('joining live monitoring into the routing map', () => {
  it('takes shard health and model-server readiness from clusters that report (live or stale), nothing from others', () => {
    const live = liveShardsOf(
      {
        'aks-weu-prod': clusterItems(health('weu-1', 'degraded', ['llama: 1 of 2 replicas ready'], [['llama', 1, 2], ['mistral', 2, 2]]), health('weu-2', 'healthy', [], [['llama', 2, 2]])),
        'aks-eus-prod': clusterItems(health('eus-1', 'down', ['no node ready'])),
        'aks-sdc-prod': clusterItems(health('sdc-1', 'healthy')),
      },
      { 'aks-weu-prod': 'live', 'aks-eus-prod': 'stale', 'aks-sdc-prod': 'connecting' },
    );
    expect([...live.keys()].sort()).toEqual(['eus-1', 'weu-1', 'weu-2']);
    expect(live.get('weu-1')).toEqual({
      shard: 'weu-1',
      cluster: 'aks-weu-prod',
      status: 'degraded',
      reasons: ['llama: 1 of 2 replicas ready'],
      own: { status: 'degraded', reasons: ['llama: 1 of 2 replicas ready'] },
      since: '2026-12-01T03:00:00Z',
      endpoints: { ready: 3, desired: 4, servers: [{ name: 'llama', ready: 1, desired: 2 }, { name: 'mistral', ready: 2, desired: 2 }] },
    });
    expect(endpointsText(live.get('weu-1'))).toBe('3/4 ready');
    expect(endpointsText(live.get('eus-1'))).toBeUndefined();
  });

  it('ignores items that are not shard health (a half-written or foreign item does not break the map)', () => {
    const live = liveShardsOf({ c: { 'shard/x': null, 'shard/y': { state: 'active' }, 'shard/z': { health: { shard: 'z' } }, other: 1 } }, { c: 'live' });
    expect(live.size).toBe(0);
  });

  it('sends the host every known status, unknown left out (it makes no failover target unavailable)', () => {
    const live = liveShardsOf({ c: clusterItems(health('b', 'down', ['no node ready']), health('a', 'healthy'), health('u', 'unknown', ['no data yet'])) }, { c: 'live' });
    expect(healthEntriesOf(live)).toEqual([
      { shard: 'a', status: 'healthy', reasons: [] },
      { shard: 'b', status: 'down', reasons: ['no node ready'] },
    ]);
  });

  it('a shard degraded only because its failover shard is goes to the host as healthy (its backup being away does not make it unavailable)', () => {
    const weu2 = health('weu-2', 'degraded', ['llama-3-8b: 1 pod crash-looping']);
    const weu1: ShardHealth = { ...health('weu-1', 'degraded'), reasons: [{ code: 'failover-unhealthy', severity: 'degraded', subject: 'weu-2', text: 'failover shard weu-2 is degraded' }] };
    const both: ShardHealth = { ...health('globex', 'down', ['no node ready']), reasons: [{ code: 'node-not-ready', severity: 'down', text: 'no node ready' }, { code: 'failover-unhealthy', severity: 'degraded', text: 'failover shard weu-2 is degraded' }] };
    const live = liveShardsOf({ c: clusterItems(weu1, weu2, both) }, { c: 'live' });
    // The row still shows what live monitoring says.
    expect(shardBadge({ name: 'weu-1', state: 'active' }, live.get('weu-1'), 'live')).toMatchObject({ source: 'live', label: 'degraded', detail: 'Live from c: failover shard weu-2 is degraded.' });
    expect(healthEntriesOf(live)).toEqual([
      { shard: 'globex', status: 'down', reasons: ['no node ready'] },
      { shard: 'weu-1', status: 'healthy', reasons: [] },
      { shard: 'weu-2', status: 'degraded', reasons: ['llama-3-8b: 1 pod crash-looping'] },
    ]);
  });

  it('the badge says live when the cluster reports a known status, else spec with the reason there is no live health', () => {
    const shard = { name: 'weu-1', state: 'draining' as const };
    const [live] = liveShardsOf({ c: clusterItems(health('weu-1', 'down', ['zone 2 has no ready node'])) }, { c: 'live' }).values();
    expect(shardBadge(shard, live, 'live')).toEqual({ source: 'live', label: 'down', tone: 'err', detail: 'Live from c: zone 2 has no ready node.' });
    const [healthy] = liveShardsOf({ c: clusterItems(health('weu-1', 'healthy')) }, { c: 'live' }).values();
    expect(shardBadge(shard, healthy, 'live')).toMatchObject({ source: 'live', label: 'healthy', tone: 'ok' });
    expect(shardBadge(shard, undefined, undefined)).toEqual({ source: 'spec', label: 'draining', tone: 'warn', detail: 'State from routing.json; no live health because the cluster is not connected.' });
    expect(shardBadge({ name: 'x', state: 'active' }, undefined, 'failed').detail).toBe('State from routing.json; no live health because the cluster is failed.');
    expect(shardBadge({ name: 'x', state: 'active' }, undefined, 'no-context').detail).toBe('State from routing.json; no live health because the cluster has no kubeconfig context of its name.');
    expect(shardBadge({ name: 'x', state: 'active' }, undefined, 'live').detail).toMatch(/the cluster does not report this shard/);
    const [unknown] = liveShardsOf({ c: clusterItems(health('x', 'unknown', ['no data yet'])) }, { c: 'live' }).values();
    expect(shardBadge({ name: 'x', state: 'cordoned' }, unknown, 'live')).toEqual({ source: 'spec', label: 'cordoned', tone: 'err', detail: 'State from routing.json; no live health because c does not know yet (no data yet).' });
  });
});
