// Drift's inputs on the large example (gitops/core/examples large: 500 shards, 5,000 tenants, 10
// clusters): after one tenant edit, the time until one cluster's rendered objects are ready for drift
// (the host's renderedInputsOf, called synchronously in a view update), against the old path (render
// the whole workspace, parse the cluster's rendered files). Drift reads the workspace's own render (a
// ModelRender, as WorkspaceService.renderOf() gives the host), so the figure includes bringing that
// render in step with the edit, as before. One line per figure; exits 0 even over budget.
//   npx tsx bench/drift.bench.ts
import { loadavg } from 'node:os';
import { renderedObjectsOf } from '../gitops/core/live/index.ts';
import { largeExample } from '../gitops/core/examples/large.ts';
import { WorkspaceModel } from '../gitops/core/model/workspace-model.ts';
import { ModelRender } from '../gitops/core/render/model-render.ts';
import { Renderer, renderWorkspace } from '../gitops/core/render/renderer.ts';
import { driftRenderOf, prepareRenderedOf, renderedInputsOf } from '../electron/services/cluster/workspace-clusters.ts';

const EDITS = 7;
const line = (figure: string, value: number, unit: string, budget?: number) =>
  console.log(`${figure}: ${value.toFixed(unit === 'ms' ? 1 : 0)} ${unit}${budget === undefined ? '' : ` (budget ${budget} ${unit})`}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
};

const model = WorkspaceModel.fromFiles(largeExample());
const clusterOfTenant = (name: string) => model.valid('Shard', model.valid('Tenant', name)!.spec.placement.shard)!.spec.cluster;
const cluster = clusterOfTenant(model.objects('Tenant')[0]!.name);
// Tenants placed on the measured cluster: an edit of one changes that cluster's render.
const tenants = model.objects('Tenant').filter((t) => clusterOfTenant(t.name) === cluster);

/** Edits tenant `i`'s file: a quota change, as a person would make on Changes. */
function editTenant(i: number): void {
  const t = tenants[(i * 97) % tenants.length]!;
  const text = model.files.get(t.file)!.text!;
  const next = text.replace(/memory: (\d+)Gi/, (_, n: string) => `memory: ${Number(n) + 1}Gi`);
  if (next === text) throw new Error(`bench: cannot edit ${t.file}`);
  model.setFile(t.file, next);
}

// Old path (before issue 11's fix): every first update after a change rendered everything and parsed the cluster's files.
const oldTimes: number[] = [];
let oldCount = 0;
for (let i = 0; i < 2; i++) {
  editTenant(30 + i);
  const [objects, ms] = time(() => renderedObjectsOf(renderWorkspace(model), cluster));
  oldCount = objects.length;
  oldTimes.push(ms);
}

// How much of an edit's time is the renderer's own re-render of the tenant (gitops/core/render).
let rerenderMs = 0;
const rerender = Renderer.prototype.rerender;
Renderer.prototype.rerender = function (this: Renderer, changes) {
  const [v, ms] = time(() => rerender.call(this, changes));
  rerenderMs += ms;
  return v;
};
// The open workspace's render, as the host keeps it (WorkspaceService.renderOf()).
const render = new ModelRender(model);
const input = renderedInputsOf(render);
// The host renders the opened workspace ahead (WorkspaceService's warm, in slices between other work),
// so the first view update with drift finds the render made and only parses the cluster's files.
const [, renderMs] = time(() => render.rendered());
// When the cluster connects, the host parses its rendered files ahead, a slice at a time, while the lists arrive.
const slices: number[] = [];
let sliceStart = performance.now();
const pause = () =>
  new Promise<void>((resolve) => {
    slices.push(performance.now() - sliceStart);
    setImmediate(() => {
      sliceStart = performance.now();
      resolve();
    });
  });
const prepareStart = performance.now();
sliceStart = prepareStart;
await prepareRenderedOf(render, cluster, Promise.resolve(), pause);
slices.push(performance.now() - sliceStart);
const prepareMs = performance.now() - prepareStart;
const [, firstMs] = time(() => input(cluster));
// Another cluster, asked for with nothing parsed ahead: the one block the first view update would be.
const other = model.objects('Cluster').map((c) => c.name).find((c) => c !== cluster)!;
const [, coldMs] = time(() => input(other));
const times: number[] = [];
const parsed: number[] = [];
const rerenderTimes: number[] = [];
for (let i = 0; i < EDITS; i++) {
  editTenant(i);
  const before = driftRenderOf(render)!.stats.parsed;
  rerenderMs = 0;
  const [r, ms] = time(() => renderedInputsOf(render)(cluster));
  if (!r || r.objects.length === 0) throw new Error('bench: no rendered objects');
  times.push(ms);
  rerenderTimes.push(rerenderMs);
  parsed.push(driftRenderOf(render)!.stats.parsed - before);
}
const [, againMs] = time(() => renderedInputsOf(render)(cluster));
const stats = render.stats;

console.log(`large example: ${model.objects('Tenant').length} tenants, ${model.objects('Cluster').length} clusters; drift inputs of ${cluster} (${oldCount} rendered objects); ${EDITS} edits of tenants placed there`);
line('drift inputs after one tenant edit, median', median(times), 'ms', 50);
line('longest synchronous block after a tenant edit', Math.max(...times), 'ms', 50);
line('of which Renderer.rerender, median', median(rerenderTimes), 'ms');
line('rendered files parsed after a tenant edit, median', median(parsed), 'files');
line('drift inputs with no file change', againMs, 'ms', 5);
line('full renders during the edits', stats.renderAll - 1, 'renders', 0);
line('workspace render after open (made ahead by the host, in slices)', renderMs, 'ms');
line('parse ahead of the cluster\'s rendered files on connect, longest slice', Math.max(...slices), 'ms', 50);
line('parse ahead on connect, whole (slices with turns of the event loop between)', prepareMs, 'ms');
line('first drift inputs after connect (parsed ahead)', firstMs, 'ms', 50);
line('first drift inputs of a cluster not parsed ahead (one block)', coldMs, 'ms');
line('old path after a tenant edit (full render + parse), median', median(oldTimes), 'ms');
const [l1, l5] = loadavg();
console.log(`load average: ${l1!.toFixed(2)} (1 min), ${l5!.toFixed(2)} (5 min) on ${2} cores`);
