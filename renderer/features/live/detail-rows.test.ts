import { describe, expect, it } from 'vitest';
import { smallExample } from '../../../gitops/core/examples/small.ts';
import { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { capturedState } from '../../../gitops/core/live/__fixtures__/load.ts';
import { liveSpecOf } from '../../../gitops/core/live/live-spec.ts';
import { selectView } from '../../../gitops/core/live/views.ts';
import { podState, shardDetail } from './detail-rows.ts';

const spec = liveSpecOf(WorkspaceModel.fromFiles(smallExample()));

describe('the shard detail\'s rows, from the shard view of the captured cluster', () => {
  const d = shardDetail(selectView(capturedState(), spec, { view: 'shard', shard: 'weu-2' }));

  it('pods per spec zone, every zone of the servers listed even when empty, pods on no node last', () => {
    expect(d.zones.map((z) => [z.zone, z.pods.map((p) => p.name)])).toEqual([
      ['1', ['llama-76f55446b-tlfjb']],
      ['2', ['llama-76f55446b-fwcth']],
      ['3', []],
      ['', ['big-84d7478d4c-crmlg']],
    ]);
    expect(d.zones[1]!.pods.map(podState)).toEqual([{ text: 'CrashLoopBackOff', tone: 'danger' }]);
    expect(podState(d.zones[3]!.pods[0]!)).toEqual({ text: 'Unschedulable', tone: 'warn' });
  });

  it('its model servers, HPA and PDB, tenants with quota, and events newest first', () => {
    expect(d.deployments.map((x) => x.name)).toEqual(['big', 'llama']);
    expect(d.hpas.map((x) => [x.name, x.min, x.max])).toEqual([['llama', 2, 8]]);
    expect(d.pdbs.map((x) => x.name)).toEqual(['llama']);
    expect(d.tenants.map((t) => t.tenant)).toEqual([...d.tenants.map((t) => t.tenant)].sort());
    expect(d.tenants.find((t) => t.tenant === 'stark')).toMatchObject({ specGpus: 4, quota: { hard: 4, used: 0 } });
    const times = d.events.map((e) => Date.parse(e.last ?? ''));
    expect(times.length).toBeGreaterThan(2);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
