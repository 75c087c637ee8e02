// Drift's rendered objects after edits: the same objects as a full render of the edited workspace,
// got by re-rendering only the edited tenant and parsing only the rendered files whose text changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterDrift, renderedObjectsOf } from '../../../gitops/core/live/index.ts';
import { smallExample } from '../../../gitops/core/examples/small.ts';
import { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { Renderer, renderWorkspace } from '../../../gitops/core/render/renderer.ts';
import { DriftRender } from './drift-render.ts';
import { renderedInputsOf } from './workspace-clusters.ts';

const CLUSTERS = ['aks-weu-prod', 'aks-eus-prod', 'aks-sdc-prod'];

function edited(model: WorkspaceModel, file: string, edit: (text: string) => string): void {
  const before = model.files.get(file)!.text!;
  const after = edit(before);
  expect(after).not.toBe(before);
  model.setFile(file, after);
}

/** Every cluster's objects from the incremental render equal those of a full render of the same model. */
function expectSameAsFullRender(r: DriftRender, model: WorkspaceModel): void {
  const full = renderWorkspace(model);
  for (const c of CLUSTERS) {
    const objects = r.objectsOf(c);
    const expected = renderedObjectsOf(full, c);
    expect(objects).toEqual(expected);
    // And so the same drift, field by field, against a cluster not watched yet.
    expect(clusterDrift(objects!, undefined)).toEqual(clusterDrift(expected, undefined));
  }
}

afterEach(() => vi.restoreAllMocks());

describe("drift's rendered objects", () => {
  it('after one tenant edit: a full render\'s objects, by re-rendering that tenant and parsing only its changed files', () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const r = new DriftRender(model);
    const first = r.objectsOf('aks-weu-prod')!;
    expect(first.length).toBeGreaterThan(20);
    expect(r.stats.renderAll).toBe(1);
    const parsedAtStart = r.stats.parsed;

    edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 2').replace('[llama-3-8b, mistral-7b]', '[llama-3-8b]'));
    const after = r.objectsOf('aks-weu-prod')!;
    expect(after).not.toBe(first);
    expect(r.stats).toMatchObject({ renderAll: 1, rerenderTenant: 1 });
    // The tenant's few files and its cluster's routing map, not the cluster's whole render.
    const parsedForEdit = r.stats.parsed - parsedAtStart;
    expect(parsedForEdit).toBeGreaterThan(0);
    expect(parsedForEdit).toBeLessThan(first.length / 2);
    expectSameAsFullRender(r, model);
  });

  it('a second call with no file change neither renders nor parses again', () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const r = new DriftRender(model);
    const a = r.objectsOf('aks-eus-prod');
    const stats = { ...r.stats };
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll');
    const rerender = vi.spyOn(Renderer.prototype, 'rerenderTenant');
    expect(r.objectsOf('aks-eus-prod')).toBe(a);
    expect(r.stats).toEqual(stats);
    expect(renderAll).not.toHaveBeenCalled();
    expect(rerender).not.toHaveBeenCalled();
  });

  it('a tenant moved to another cluster, one removed and one added: still a full render\'s objects', () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const r = new DriftRender(model);
    for (const c of CLUSTERS) r.objectsOf(c);
    const eus = model.files.get('shards/eus-1.yaml')!.text!;
    const eusRegion = /region: (\S+)/.exec(eus)?.[1] ?? 'eastus';
    edited(model, 'tenants/acme.yaml', (t) => t.replace('shard: weu-1', 'shard: eus-1').replace('region: westeurope', `region: ${eusRegion}`));
    model.deleteFile('tenants/initech.yaml');
    model.setFile('tenants/newco.yaml', model.files.get('tenants/umbrella.yaml')!.text!.replace(/name: umbrella/, 'name: newco'));
    expectSameAsFullRender(r, model);
    expect(r.stats.renderAll).toBe(1);
    expect(r.stats.rerenderTenant).toBe(3); // acme, initech and newco, once each
  });

  it('a shard edit renders everything again but parses only the files whose text changed', () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const r = new DriftRender(model);
    const total = CLUSTERS.reduce((n, c) => n + r.objectsOf(c)!.length, 0);
    const parsed = r.stats.parsed;
    edited(model, 'shards/weu-1.yaml', (t) => t.replace('replicas: { min: 2, max: 8 }', 'replicas: { min: 3, max: 8 }'));
    expectSameAsFullRender(r, model);
    expect(r.stats.renderAll).toBe(2);
    expect(r.stats.parsed - parsed).toBeLessThan(total / 4);
  });

  it("the host's input renders the workspace once, not again for the first update after a tenant edit", () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll');
    const input = renderedInputsOf(model);
    expect(input('aks-weu-prod')?.objects.length).toBeGreaterThan(20);
    edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 3'));
    const after = renderedInputsOf(model)('aks-weu-prod')?.objects;
    expect(after).toEqual(renderedObjectsOf(new Renderer(model).renderAll(), 'aks-weu-prod'));
    // One render at the start, one for the comparison just above: none for the edit itself.
    expect(renderAll).toHaveBeenCalledTimes(2);
    expect(input('nope')).toBeUndefined();
  });

  it('a workspace that does not render: no drift, and no render again until a file changes', () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const r = new DriftRender(model);
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll').mockImplementation(() => {
      throw new Error('does not render');
    });
    expect(r.objectsOf('aks-weu-prod')).toBeUndefined();
    expect(r.objectsOf('aks-weu-prod')).toBeUndefined();
    expect(renderAll).toHaveBeenCalledTimes(1);
    renderAll.mockRestore();
    edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 2'));
    expectSameAsFullRender(r, model);
  });
});
