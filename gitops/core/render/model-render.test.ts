import { describe, expect, it } from 'vitest';
import { largeExample } from '../examples/large.ts';
import { WorkspaceModel } from '../model/workspace-model.ts';
import { ModelRender, specChanges } from './model-render.ts';
import { Renderer, type RenderedFiles } from './renderer.ts';

const sorted = (files: RenderedFiles) => [...files].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const full = (model: WorkspaceModel) => new Renderer(model).renderAll();

function workspace(): WorkspaceModel {
  return WorkspaceModel.fromFiles(largeExample({ tenants: 60, shards: 8, pools: 4, clusters: 4 }));
}

const text = (m: WorkspaceModel, file: string) => {
  const t = m.files.get(file)?.text;
  if (t === undefined) throw new Error(`no ${file}`);
  return t;
};

/** One edit of each kind a person makes, applied to the model in place. */
const edits: Array<[string, (m: WorkspaceModel) => void]> = [
  ['a tenant plan', (m) => m.setFile('tenants/tenant-00001.yaml', text(m, 'tenants/tenant-00001.yaml').replace('plan: free', 'plan: premium'))],
  ['a tenant moved to a shard on another cluster', (m) => m.setFile('tenants/tenant-00002.yaml', text(m, 'tenants/tenant-00002.yaml').replace(/shard: \S+/, 'shard: aks-eus-1-s002'))],
  ['a shard (replicas and state)', (m) => m.setFile('shards/aks-weu-1-s001.yaml', text(m, 'shards/aks-weu-1-s001.yaml').replace('max: 8', 'max: 6').replace('state: active', 'state: draining'))],
  ['a shard moved to another cluster', (m) => m.setFile('shards/aks-neu-1-s001.yaml', text(m, 'shards/aks-neu-1-s001.yaml').replace('cluster: aks-neu-1', 'cluster: aks-wus-1'))],
  ['a pool limit', (m) => m.setFile('pools/search-weu-1.yaml', text(m, 'pools/search-weu-1.yaml').replace('limit: 400', 'limit: 300'))],
  ['a routing policy', (m) => m.setFile('routing/default.yaml', text(m, 'routing/default.yaml').replace('sessionAffinity: true', 'sessionAffinity: false'))],
  ['a tenant deleted', (m) => m.deleteFile('tenants/tenant-00003.yaml')],
  ['a shard deleted (its tenants no longer render)', (m) => m.deleteFile('shards/aks-wus-1-s002.yaml')],
  [
    'a tenant renamed (file and metadata.name)',
    (m) => {
      const t = text(m, 'tenants/tenant-00004.yaml');
      m.deleteFile('tenants/tenant-00004.yaml');
      m.setFile('tenants/tenant-renamed.yaml', t.replace('name: tenant-00004', 'name: tenant-renamed'));
    },
  ],
  [
    'a shard renamed (its tenants follow in the same change)',
    (m) => {
      const s = text(m, 'shards/aks-eus-1-s001.yaml');
      m.deleteFile('shards/aks-eus-1-s001.yaml');
      m.setFile('shards/aks-eus-1-s009.yaml', s.replace('name: aks-eus-1-s001', 'name: aks-eus-1-s009'));
      for (const [file, pf] of [...m.files]) {
        if (pf.kind === 'Tenant' && pf.text?.includes('shard: aks-eus-1-s001')) m.setFile(file, pf.text.replace('shard: aks-eus-1-s001', 'shard: aks-eus-1-s009'));
      }
    },
  ],
  ['a tenant added', (m) => m.setFile('tenants/tenant-new.yaml', text(m, 'tenants/tenant-00005.yaml').replace('name: tenant-00005', 'name: tenant-new'))],
  ['a tenant made invalid', (m) => m.setFile('tenants/tenant-00006.yaml', text(m, 'tenants/tenant-00006.yaml').replace(/gpus: \d+/, 'gpus: lots'))],
  ['a cluster', (m) => m.setFile('clusters/aks-weu-1.yaml', text(m, 'clusters/aks-weu-1.yaml').replace(/gitops: \w+/, 'gitops: argocd'))],
];

describe('ModelRender (the render kept in step with a model)', () => {
  it('equals a full render after each kind of edit, one after another, re-rendering only what the edit touches', () => {
    const m = workspace();
    const r = new ModelRender(m);
    expect(sorted(r.rendered())).toEqual(sorted(full(m)));
    for (const [what, apply] of edits) {
      const before = new Map(r.rendered());
      apply(m);
      const after = full(m);
      expect(sorted(r.rendered()), what).toEqual(sorted(after));
      // The edit shows in the render (a pool and a change of nothing rendered aside).
      if (!what.startsWith('a pool')) expect([...after].some(([p, c]) => before.get(p) !== c) || [...before.keys()].some((p) => !after.has(p)), what).toBe(true);
    }
    // One full render at the start and one for the cluster edit; every other edit was incremental.
    expect(r.stats).toEqual({ renderAll: 1, rerender: edits.length });
    expect(specChanges([{ before: m.files.get('clusters/aks-weu-1.yaml'), after: undefined }])).toEqual({ all: true });
  });

  it('derives the render of another version of the workspace (HEAD) from its own, equal to rendering that version in full', () => {
    for (const [what, apply] of edits) {
      const head = workspace();
      const work = WorkspaceModel.fromParsed(head.files.values());
      apply(work);
      const r = new ModelRender(work);
      r.rendered();
      const derived = r.derive(head);
      expect(sorted(derived.rendered), what).toEqual(sorted(full(head)));
      // The working side is untouched by the derivation.
      expect(sorted(r.rendered()), what).toEqual(sorted(full(work)));
    }
  });

  it('leaves the renders of a pool edit alone and tells the renderer nothing to do', () => {
    const m = workspace();
    const pool = m.files.get('pools/search-weu-1.yaml')!;
    expect(specChanges([{ before: pool, after: pool }])).toEqual({ tenants: new Set(), shards: new Set(), policies: false });
  });
});

describe('ModelRender.subscribe (what a reader keeping something per rendered file hears)', () => {
  it("tells 'all' for a render from scratch and then exactly the files each edit changed (null: gone), so a copy kept from them equals the render", () => {
    const m = workspace();
    const r = new ModelRender(m);
    const heard: Array<string | number> = [];
    let copy = new Map<string, string>();
    const stop = r.subscribe((change) => {
      if (change === 'all') {
        heard.push('all');
        copy = new Map(r.rendered());
        return;
      }
      heard.push(change.size);
      for (const [p, c] of change) {
        if (c === null) copy.delete(p);
        else copy.set(p, c);
      }
    });
    r.rendered();
    expect(heard).toEqual(['all']);
    for (const [what, apply] of edits) {
      apply(m);
      r.rendered();
      expect(sorted(copy), what).toEqual(sorted(full(m)));
    }
    // Nothing changed, nothing heard; a pool edit renders no file differently; after stop(), nothing.
    const count = heard.length;
    r.rendered();
    expect(heard.length).toBe(count);
    expect(heard.slice(1).every((n) => typeof n === 'number' && n > 0)).toBe(true);
    stop();
    edits[0]![1](m);
    m.setFile('tenants/tenant-00001.yaml', text(m, 'tenants/tenant-00001.yaml').replace('plan: premium', 'plan: free'));
    r.rendered();
    expect(heard.length).toBe(count);
  });
});

describe('ModelRender.warm (rendering ahead in slices)', () => {
  it('lets other work run between slices, and a model edited meanwhile still renders as a full render does', async () => {
    const m = workspace();
    const r = new ModelRender(m);
    let pauses = 0;
    await r.warm(async () => {
      pauses++;
      // Edits land between slices, as requests do in the host.
      if (pauses === 1) edits[1]![1](m);
      if (pauses === 2) edits[3]![1](m);
      if (pauses === 3) edits[6]![1](m);
    }, 0);
    expect(pauses).toBeGreaterThan(3);
    expect(r.stats).toEqual({ renderAll: 1, rerender: 0 });
    expect(sorted(r.rendered())).toEqual(sorted(full(m)));
    expect(r.stats).toEqual({ renderAll: 1, rerender: 1 });
  });

  it('is finished at once by a rendered() call in the middle', async () => {
    const m = workspace();
    const r = new ModelRender(m);
    let mid: RenderedFiles | undefined;
    let pauses = 0;
    await r.warm(async () => {
      if (++pauses === 3) {
        edits[0]![1](m);
        mid = new Map(r.rendered());
      }
    }, 0);
    expect(pauses).toBe(3);
    expect(sorted(mid!)).toEqual(sorted(full(m)));
    expect(r.stats).toEqual({ renderAll: 1, rerender: 1 });
  });
});

describe('Renderer.rerender', () => {
  it('reports the files a tenant edit changes, with null for files gone, as the difference of two full renders', () => {
    const m = workspace();
    const renderer = new Renderer(m);
    const before = new Map(renderer.renderAll());
    m.setFile('tenants/tenant-00002.yaml', text(m, 'tenants/tenant-00002.yaml').replace(/shard: \S+/, 'shard: aks-eus-1-s002'));
    const changed = renderer.rerenderTenant('tenant-00002');
    const after = full(m);
    const expected = new Map<string, string | null>();
    for (const [p, c] of after) if (before.get(p) !== c) expected.set(p, c);
    for (const p of before.keys()) if (!after.has(p)) expected.set(p, null);
    expect([...changed].sort()).toEqual([...expected].sort());
    expect([...changed.values()].filter((c) => c === null).length).toBeGreaterThan(0);
  });
});
