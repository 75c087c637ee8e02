import { liveSpecOf, type LiveSpec, type ViewInputs } from '../../../gitops/core/live/index.ts';
import type { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import type { ModelRender } from '../../../gitops/core/render/model-render.ts';
import type { ClusterSpecRef } from './cluster-service.ts';
import { DriftRender } from './drift-render.ts';

/** The Cluster specs of the open workspace (none when no workspace is open). */
export function clusterSpecs(model: WorkspaceModel | undefined): ClusterSpecRef[] {
  if (!model) return [];
  return model.objects('Cluster').map((c) => ({
    name: c.name,
    provider: c.spec.provider,
    region: c.spec.region,
    gitops: c.spec.gitops,
    ...(c.spec.kubeContext ? { kubeContext: c.spec.kubeContext } : {}),
  }));
}

export function shardsOn(model: WorkspaceModel | undefined, cluster: string): string[] {
  if (!model) return [];
  return model.objects('Shard').filter((s) => s.spec.cluster === cluster).map((s) => s.name);
}

/** The namespaces Gantry renders on a cluster: its shards' and the tenants placed on them. */
export function namespacesOn(model: WorkspaceModel | undefined, cluster: string): string[] {
  if (!model) return [];
  const shards = new Set(shardsOn(model, cluster));
  const tenants = model.objects('Tenant').filter((t) => shards.has(t.spec.placement.shard)).map((t) => `tenant-${t.name}`);
  return [...[...shards].map((s) => `shard-${s}`), ...tenants];
}

const NO_SPEC: LiveSpec = { clusters: {}, shards: {}, tenants: {} };
const SPEC_PARTS = new Set(['Cluster', 'Shard', 'Tenant']);
let memo: { model: WorkspaceModel; parts: unknown[]; spec: LiveSpec } | undefined;

/**
 * liveSpecOf the open workspace (none open: an empty spec), computed again only when one of its
 * Cluster, Shard or Tenant files was parsed anew (views ask up to 10 times a second).
 */
export function liveSpecOfWorkspace(model: WorkspaceModel | undefined): LiveSpec {
  if (!model) return NO_SPEC;
  const parts: unknown[] = [];
  for (const pf of model.files.values()) if (SPEC_PARTS.has(pf.kind)) parts.push(pf);
  if (memo && memo.model === model && memo.parts.length === parts.length && memo.parts.every((p, i) => p === parts[i])) return memo.spec;
  memo = { model, parts, spec: liveSpecOf(model) };
  return memo.spec;
}

/** What drift is compared with: the workspace's own render (what a commit of it would push). */
export const RENDERED_FROM = "the workspace's render";

const renders = new WeakMap<ModelRender, DriftRender>();

/**
 * The rendered objects of each cluster, for drift, from the open workspace's render (`render`:
 * WorkspaceService.renderOf(), the one review, commit and drain read, so the workspace is rendered
 * once): a tenant edit re-renders that tenant only, and each rendered file is parsed again only when
 * its text changed; none while the workspace does not render (errors) or none is open.
 */
export function renderedInputsOf(render: ModelRender | undefined): NonNullable<ViewInputs['rendered']> {
  return (cluster) => {
    const objects = driftRenderFor(render, cluster)?.objectsOf(cluster);
    return objects ? { objects, from: RENDERED_FROM } : undefined;
  };
}

/** Drift's parses of `render` (made on first use), when the workspace has a Cluster spec named `cluster`. */
function driftRenderFor(render: ModelRender | undefined, cluster: string): DriftRender | undefined {
  if (!render || !render.model.objects('Cluster').some((c) => c.name === cluster)) return undefined;
  let r = renders.get(render);
  if (!r) renders.set(render, (r = new DriftRender(render)));
  return r;
}

/**
 * Parses `cluster`'s rendered files for drift ahead (DriftRender.prepare), once the workspace's
 * render ahead (`renderedAhead`) is done: called when the cluster connects, so the first view
 * update with drift finds them parsed. Never throws; a closed workspace stops it.
 */
export async function prepareRenderedOf(render: ModelRender | undefined, cluster: string, renderedAhead: Promise<void> | undefined, pause: () => Promise<void>): Promise<void> {
  const r = driftRenderFor(render, cluster);
  if (!r) return;
  try {
    await renderedAhead;
    await r.prepare(cluster, pause);
  } catch {
    // Closed or switched meanwhile, or a render that fails: the view update says so when it asks.
  }
}

/** Drift's parses of `render` (tests and the bench read its counts). */
export function driftRenderOf(render: ModelRender): DriftRender | undefined {
  return renders.get(render);
}
