// Drift's rendered objects after edits: the same drift findings as a full render of the edited
// workspace, read from the workspace's own render (one ModelRender, rendered from scratch once), with
// only the rendered files whose text changed parsed again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterDrift, renderedObjectsOf } from '../../../gitops/core/live/index.ts';
import { capturedState } from '../../../gitops/core/live/__fixtures__/load.ts';
import { smallExample } from '../../../gitops/core/examples/small.ts';
import { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { ModelRender } from '../../../gitops/core/render/model-render.ts';
import { Renderer, renderWorkspace } from '../../../gitops/core/render/renderer.ts';
import { DriftRender } from './drift-render.ts';
import { prepareRenderedOf, renderedInputsOf } from './workspace-clusters.ts';

const CLUSTERS = ['aks-weu-prod', 'aks-eus-prod', 'aks-sdc-prod'];
/** The live state of aks-weu-prod as the real API server held it after the small example's render was applied. */
const LIVE = capturedState('aks-weu-prod').clusters['aks-weu-prod'];

function edited(model: WorkspaceModel, file: string, edit: (text: string) => string): void {
  const before = model.files.get(file)!.text!;
  const after = edit(before);
  expect(after).not.toBe(before);
  model.setFile(file, after);
}

/** Drift as a person sees it for each cluster: against the captured live state (aks-weu-prod) or a cluster not watched yet. */
function driftOf(objectsOf: (cluster: string) => readonly unknown[] | undefined) {
  return CLUSTERS.map((c) => clusterDrift(objectsOf(c)!, c === 'aks-weu-prod' ? LIVE : undefined));
}

/** Every cluster's drift from drift's render equals the drift from a full render of the same model (and so do the objects). */
function expectSameAsFullRender(r: DriftRender, model: WorkspaceModel): void {
  const full = renderWorkspace(model);
  expect(driftOf((c) => r.objectsOf(c))).toEqual(driftOf((c) => renderedObjectsOf(full, c)));
  for (const c of CLUSTERS) expect(r.objectsOf(c)).toEqual(renderedObjectsOf(full, c));
}

function setUp() {
  const model = WorkspaceModel.fromFiles(smallExample());
  const render = new ModelRender(model);
  return { model, render, drift: new DriftRender(render) };
}

afterEach(() => vi.restoreAllMocks());

describe("drift's rendered objects", () => {
  it("after one tenant edit: the edit's drift (a quota on the cluster no longer as rendered), a full render's findings, parsing only the changed files", () => {
    const { model, render, drift } = setUp();
    const first = drift.objectsOf('aks-weu-prod')!;
    expect(first.length).toBeGreaterThan(20);
    // The render the live state was captured from: no drift.
    expect(driftOf((c) => drift.objectsOf(c))[0]).toMatchObject({ missing: [], changed: [] });
    const parsedAtStart = drift.stats.parsed;

    edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 2').replace('[llama-3-8b, mistral-7b]', '[llama-3-8b]'));
    const after = drift.objectsOf('aks-weu-prod')!;
    expect(after).not.toBe(first);
    expect(clusterDrift(after, LIVE).changed).toContainEqual({
      kind: 'ResourceQuota',
      namespace: 'tenant-acme',
      name: 'gantry-quota',
      fields: [{ field: 'spec.hard.requests.nvidia.com/gpu', rendered: '2', live: '4' }],
    });
    expectSameAsFullRender(drift, model);
    // The workspace was rendered from scratch once; the edit re-rendered what it touched.
    expect(render.stats).toEqual({ renderAll: 1, rerender: 1 });
    // The tenant's few files and its cluster's routing map, not the cluster's whole render.
    const parsedForEdit = drift.stats.parsed - parsedAtStart;
    expect(parsedForEdit).toBeGreaterThan(0);
    expect(parsedForEdit).toBeLessThan(first.length / 2);
  });

  it('a second call with no file change neither renders nor parses again', () => {
    const { render, drift } = setUp();
    const a = drift.objectsOf('aks-eus-prod');
    const parsed = drift.stats.parsed;
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll');
    const rerender = vi.spyOn(Renderer.prototype, 'rerender');
    expect(drift.objectsOf('aks-eus-prod')).toBe(a);
    expect(drift.stats.parsed).toBe(parsed);
    expect(render.stats).toEqual({ renderAll: 1, rerender: 0 });
    expect(renderAll).not.toHaveBeenCalled();
    expect(rerender).not.toHaveBeenCalled();
  });

  it("a tenant moved to another cluster, one removed and one added: still a full render's findings", () => {
    const { model, render, drift } = setUp();
    for (const c of CLUSTERS) drift.objectsOf(c);
    const eus = model.files.get('shards/eus-1.yaml')!.text!;
    const eusRegion = /region: (\S+)/.exec(eus)?.[1] ?? 'eastus';
    edited(model, 'tenants/acme.yaml', (t) => t.replace('shard: weu-1', 'shard: eus-1').replace('region: westeurope', `region: ${eusRegion}`));
    model.deleteFile('tenants/initech.yaml');
    model.setFile('tenants/newco.yaml', model.files.get('tenants/umbrella.yaml')!.text!.replace(/name: umbrella/, 'name: newco'));
    // acme's objects are still on aks-weu-prod but no longer rendered for it: not drift (Gantry prunes them), and gone from its render.
    expect(drift.objectsOf('aks-weu-prod')!.some((o) => JSON.stringify(o).includes('tenant-acme'))).toBe(false);
    expect(drift.objectsOf('aks-eus-prod')!.some((o) => JSON.stringify(o).includes('tenant-acme'))).toBe(true);
    expectSameAsFullRender(drift, model);
    expect(render.stats.renderAll).toBe(1);
  });

  it('a shard edit: the changed replicas show as drift, the files whose text did not change are not parsed again', () => {
    const { model, render, drift } = setUp();
    const total = CLUSTERS.reduce((n, c) => n + drift.objectsOf(c)!.length, 0);
    const parsed = drift.stats.parsed;
    edited(model, 'shards/weu-1.yaml', (t) => t.replace('replicas: { min: 2, max: 8 }', 'replicas: { min: 3, max: 8 }'));
    expectSameAsFullRender(drift, model);
    expect(clusterDrift(drift.objectsOf('aks-weu-prod')!, LIVE).changed.map((c) => `${c.kind} ${c.namespace}/${c.name}`)).toContain('HorizontalPodAutoscaler shard-weu-1/llama');
    expect(render.stats.renderAll).toBe(1);
    expect(drift.stats.parsed - parsed).toBeLessThan(total / 4);
  });

  it("the host's input shares the workspace's render: the workspace is rendered once for drift and review together", () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const render = new ModelRender(model);
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll');
    // What review and commit read (WorkspaceService.renderOf().rendered()), then drift.
    render.rendered();
    const input = renderedInputsOf(render);
    expect(input('aks-weu-prod')?.objects.length).toBeGreaterThan(20);
    edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 3'));
    render.rendered();
    const after = renderedInputsOf(render)('aks-weu-prod')?.objects;
    expect(render.stats).toEqual({ renderAll: 1, rerender: 1 });
    expect(renderAll).toHaveBeenCalledTimes(1);
    expect(clusterDrift(after!, LIVE)).toEqual(clusterDrift(renderedObjectsOf(new Renderer(model).renderAll(), 'aks-weu-prod'), LIVE));
    expect(input('nope')).toBeUndefined();
    expect(renderedInputsOf(undefined)('aks-weu-prod')).toBeUndefined();
  });

  it('a workspace that does not render: no drift, and no render again until a file changes', () => {
    const { model, drift } = setUp();
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll').mockImplementation(() => {
      throw new Error('does not render');
    });
    expect(drift.objectsOf('aks-weu-prod')).toBeUndefined();
    expect(drift.objectsOf('aks-weu-prod')).toBeUndefined();
    expect(renderAll).toHaveBeenCalledTimes(1);
    renderAll.mockRestore();
    edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 2'));
    expectSameAsFullRender(drift, model);
  });
  it('parsed ahead on connect, a slice at a time: the first view update parses nothing, an edit made between slices is picked up', async () => {
    const { model, render, drift } = setUp();
    render.rendered();
    let pauses = 0;
    const pause = async () => {
      // Between the first and second slices, a person edits a tenant on this cluster.
      if (++pauses === 1) edited(model, 'tenants/acme.yaml', (t) => t.replace('gpus: 4', 'gpus: 2'));
    };
    // A slice of 0 ms: one file per slice, so the edit lands in the middle of the parse.
    await drift.prepare('aks-weu-prod', pause, 0);
    expect(pauses).toBeGreaterThan(20);
    const parsed = drift.stats.parsed;
    const objects = drift.objectsOf('aks-weu-prod')!;
    expect(drift.stats.parsed).toBe(parsed);
    expectSameAsFullRender(drift, model);
    expect(clusterDrift(objects, LIVE).changed.map((c) => `${c.kind} ${c.namespace}/${c.name}`)).toContain('ResourceQuota tenant-acme/gantry-quota');
    // Only that cluster was parsed ahead.
    expect(drift.stats.parsed - parsed).toBeGreaterThan(0);
  });

  it("the host's parse ahead waits for the render ahead, stops when the workspace closes, and never throws", async () => {
    const model = WorkspaceModel.fromFiles(smallExample());
    const render = new ModelRender(model);
    const renderAll = vi.spyOn(Renderer.prototype, 'renderAll');
    let rendered!: () => void;
    const ahead = new Promise<void>((resolve) => (rendered = resolve));
    let slices = 0;
    const closed = async () => {
      slices++;
      throw new Error('closed');
    };
    const done = prepareRenderedOf(render, 'aks-weu-prod', ahead, closed);
    await new Promise((r) => setImmediate(r));
    expect(renderAll).not.toHaveBeenCalled();
    await render.warm(async () => {});
    rendered();
    await expect(done).resolves.toBeUndefined();
    // One slice, then the closed workspace's pause stopped it: the rest is parsed when a view asks.
    expect(slices).toBeLessThanOrEqual(1);
    expect(renderAll).toHaveBeenCalledTimes(0);
    expect(renderedInputsOf(render)('aks-weu-prod')?.objects.length).toBeGreaterThan(20);
    await expect(prepareRenderedOf(render, 'nope', undefined, closed)).resolves.toBeUndefined();
    await expect(prepareRenderedOf(undefined, 'aks-weu-prod', undefined, closed)).resolves.toBeUndefined();
  });
});
