import { describe, expect, it } from 'vitest';
import { exampleFiles } from '../__fixtures__/workspace-files.ts';
import { workspace } from '../__fixtures__/plan-workspace.ts';
import { routingScreenSchema } from '../../../shared/ipc/routing-schemas.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { validateFiles } from '../validate/validator.ts';
import { allShards, buildRoutingMap } from './routing-map.ts';
import { routingConfigMapPath } from './routing-json.ts';
import { healthInputOf, renderedRouting, routingScreen } from './routing-screen.ts';

const example = () => WorkspaceModel.fromFiles(exampleFiles());

describe('routing screen: the map with its problems placed on cluster, region and line', () => {
  it('the example: failover.capacity on weu-1 and eus-1, each on its cluster and region, at the failoverShard line the validator gives', () => {
    const m = example();
    const screen = routingScreen(m);
    expect(screen.live).toBe(false);
    expect(screen.problems.map((p) => `${p.cluster} ${p.region} ${p.shard} ${p.code}`)).toEqual([
      'aks-eus-prod eastus eus-1 failover.capacity',
      'aks-weu-prod westeurope weu-1 failover.capacity',
    ]);
    const weu1 = screen.problems.find((p) => p.shard === 'weu-1')!;
    expect(weu1.message).toMatch(/^If shard weu-1 fails over to weu-2, tenants .*mistral-7b/);
    // The same line and column as the validation warning, so opening the problem lands where the Problems panel does.
    const finding = validateFiles(exampleFiles()).findings.find((f) => f.code === 'failover.capacity' && f.file === 'shards/weu-1.yaml')!;
    expect(finding.line).toBeGreaterThan(1);
    expect({ line: weu1.line, column: weu1.column }).toEqual({ line: finding.line, column: finding.column });
    expect(allShards(screen.map).every((s) => s.health === undefined)).toBe(true);
  });

  it('live health joins into the map and makes a degraded failover target a failover.unavailable problem', () => {
    const health = healthInputOf([
      { shard: 'weu-1', status: 'down', reasons: ['zone 2 has no ready node'] },
      { shard: 'weu-2', status: 'healthy', reasons: [] },
    ]);
    const screen = routingScreen(example(), health);
    expect(screen.live).toBe(true);
    const shards = new Map(allShards(screen.map).map((s) => [s.name, s]));
    expect(shards.get('weu-1')!.health).toEqual({ status: 'down', reasons: ['zone 2 has no ready node'] });
    expect(shards.get('globex')!.health).toBeUndefined();
    // weu-2 fails over to weu-1, now down: the on-call engineer reads that in one sentence.
    const weu2 = screen.problems.filter((p) => p.shard === 'weu-2');
    expect(weu2.map((p) => p.code)).toEqual(['failover.unavailable']);
    expect(weu2[0]!.message).toBe('Shard weu-2 fails over to weu-1, which is down (zone 2 has no ready node); point failoverShard at an active shared shard of aks-weu-prod in westeurope.');
  });

  it('an empty health list counts as no live input; the last entry of a shard wins', () => {
    expect(routingScreen(example(), healthInputOf([])).live).toBe(false);
    const h = healthInputOf([{ shard: 'a', status: 'down', reasons: ['x'] }, { shard: 'a', status: 'healthy', reasons: [] }]);
    expect(h.get('a')).toEqual({ status: 'healthy', reasons: [] });
  });

  it('a failover cycle through draining shards is placed on each shard of the loop', () => {
    const m = WorkspaceModel.fromFiles(workspace({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', failover: 'c', state: 'draining' }, { name: 'c', failover: 'b', state: 'cordoned' }] }));
    const screen = routingScreen(m);
    const cycles = screen.problems.filter((p) => p.code === 'failover.cycle');
    expect(cycles.map((p) => p.shard)).toEqual(['a']);
    expect(cycles[0]!.message).toMatch(/a -> b -> c -> b/);
    expect(cycles[0]!.region).toBe('westeurope');
  });

  it('renders only the routing ConfigMaps, byte for byte what the whole render writes, so the map is the same', () => {
    for (const m of [example(), WorkspaceModel.fromFiles(workspace({ shards: [{ name: 'a', failover: 'b' }, { name: 'b', state: 'draining' }] }))]) {
      const whole = renderWorkspace(m);
      const only = renderedRouting(m);
      const clusters = m.objects('Cluster').map((c) => c.name);
      expect([...only.keys()].sort()).toEqual(clusters.map(routingConfigMapPath).sort());
      for (const [path, text] of only) expect(text).toBe(whole.get(path));
      expect(routingScreen(m).map).toEqual(buildRoutingMap(m, whole));
    }
  });

  it('crosses IPC whole: the contract\'s output schema takes it and gives back the same data (the client parses every output)', () => {
    const screen = routingScreen(example(), healthInputOf([{ shard: 'weu-2', status: 'degraded', reasons: ['llama-3-8b: 1 of 2 replicas ready'] }]));
    expect(routingScreenSchema.parse(JSON.parse(JSON.stringify(screen)))).toEqual(JSON.parse(JSON.stringify(screen)));
  });
});
