import { describe, expect, it } from 'vitest';
import { exampleFiles } from '../__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { renderWorkspace } from '../render/renderer.ts';
import { parseRoutingJson, routingConfigMapPath } from './routing-json.ts';
import { allShards, buildRoutingMap, describeShard, withLiveHealth } from './routing-map.ts';

const model = () => WorkspaceModel.fromFiles(exampleFiles());

describe('routing map: what each cluster\'s gantry-routing ConfigMap tells the router, per region', () => {
  it('the example: shards with state, weight, priority, zones, failover; tenants by plan; GPUs from the specs', () => {
    const map = buildRoutingMap(model());
    expect(map.clusters.map((c) => `${c.cluster}: ${c.regions.map((r) => `${r.region} [${r.shards.map((s) => s.name).join(' ')}]`).join('; ')}`)).toEqual([
      'aks-eus-prod: eastus [eus-1 eus-2]',
      'aks-sdc-prod: swedencentral [sdc-1]',
      'aks-weu-prod: westeurope [globex weu-1 weu-2]',
    ]);
    const weu = map.clusters.find((c) => c.cluster === 'aks-weu-prod')!;
    expect(weu.policies).toEqual([{ name: 'default', method: 'performance', sessionAffinity: true, healthProbe: { path: '/health', intervalSeconds: 10 } }]);
    const weu2 = weu.regions[0]!.shards.find((s) => s.name === 'weu-2')!;
    expect(weu2).toMatchObject({ state: 'active', weight: 100, priority: 1, zones: ['1', '2', '3'], failoverShard: 'weu-1', tenancy: 'shared', gpuType: 'nvidia-h100', models: ['llama-3-8b'] });
    expect(weu2.tenantsByPlan).toEqual({ premium: ['stark'], standard: ['cyberdyne', 'wayne'], free: ['soylent', 'tyrell'] });
    expect(weu2.tenants.map((t) => t.name)).toEqual(['stark', 'cyberdyne', 'wayne', 'soylent', 'tyrell']);
    expect(weu2.gpus).toEqual({ capacity: 16, placed: 7, free: 9 });
    expect(describeShard(weu2)).toBe('weu-2 active weight 100 priority 1 zones 1,2,3, failover weu-1, 7/16 GPUs, premium stark; standard cyberdyne wayne; free soylent tyrell');
  });

  it('reads what rendered/ holds, not the specs: a committed map that is older shows the older state', () => {
    const m = model();
    const rendered = renderWorkspace(m);
    const path = routingConfigMapPath('aks-weu-prod');
    rendered.set(path, rendered.get(path)!.replace(/("weu-2": \{\n\s+"failoverShard": "weu-1",\n\s+"priority": 1,\n\s+"state": )"active"/, '$1"draining"'));
    const weu2 = allShards(buildRoutingMap(m, rendered)).find((s) => s.name === 'weu-2')!;
    expect(weu2.state).toBe('draining');
  });

  it('a missing or unreadable routing.json is an error on that cluster, the others still show', () => {
    const m = model();
    const rendered = renderWorkspace(m);
    rendered.delete(routingConfigMapPath('aks-sdc-prod'));
    rendered.set(routingConfigMapPath('aks-eus-prod'), rendered.get(routingConfigMapPath('aks-eus-prod'))!.replace('"state": "active"', '"state": "paused"'));
    const map = buildRoutingMap(m, rendered);
    expect(map.clusters.map((c) => c.error ?? 'ok')).toEqual([
      'rendered/aks-eus-prod/gantry-system/configmap-gantry-routing.yaml: routing.json does not have the shape the router reads: shards.eus-1.state Invalid option: expected one of "active"|"draining"|"cordoned"',
      'rendered/aks-sdc-prod/gantry-system/configmap-gantry-routing.yaml is missing; run gantry render.',
      'ok',
    ]);
    expect(parseRoutingJson('{').ok).toBe(false);
  });

  it('joins live shard health when given; shards it does not report keep none', () => {
    const map = withLiveHealth(buildRoutingMap(model()), new Map([['weu-2', { status: 'down' as const, reasons: ['zone 1 has no ready node'] }]]));
    const shards = allShards(map);
    expect(shards.find((s) => s.name === 'weu-2')!.health).toEqual({ status: 'down', reasons: ['zone 1 has no ready node'] });
    expect(describeShard(shards.find((s) => s.name === 'weu-2')!)).toMatch(/, down \(zone 1 has no ready node\)$/);
    expect(shards.find((s) => s.name === 'weu-1')!.health).toBeUndefined();
  });
});
