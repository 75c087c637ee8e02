// Drift: the objects Gantry rendered for a cluster against what the cluster holds, comparing only
// the fields Gantry renders (drift-fields.ts says which, and why only those).
import { parse } from 'yaml';
import { fastParseYaml } from '../load/fast-yaml.ts';
import { lookup } from './cluster-index.ts';
import { renderedFieldsOf } from './drift-fields.ts';
import { record, text } from './json.ts';
import type { LiveKind } from './kinds.ts';
import type { ClusterState } from './watch-state.ts';

/** Kinds Gantry renders whose live objects are watched, and so can be checked. */
const CHECKED = new Set<string>(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ResourceQuota', 'InferenceService']);

export interface DriftObject {
  kind: string;
  namespace?: string;
  name: string;
}

export interface FieldDrift {
  field: string;
  rendered: string;
  /** undefined: the live object lacks the field. */
  live?: string;
}

export interface ClusterDrift {
  /** Rendered objects the cluster does not have. */
  missing: readonly DriftObject[];
  /** Rendered objects whose rendered fields differ on the cluster, with each field. */
  changed: ReadonlyArray<DriftObject & { fields: readonly FieldDrift[] }>;
  /** How many rendered objects were compared. */
  checked: number;
  /** Rendered kinds that are not watched, so not compared (Namespace, NetworkPolicy, ConfigMap). */
  unchecked: readonly string[];
  /**
   * Kinds that could not be compared because their watch is not live (not listed, forbidden):
   * nothing is reported missing for those.
   */
  unknown: readonly string[];
}

/**
 * The object of one rendered file, as `yaml` reads it: through the loader's fast path (which gives
 * `yaml`'s value or declines), else `yaml` itself (a ConfigMap's block scalar, say). Several times
 * faster on the ~1,850 files of a cluster, which drift parses when a cluster is first shown.
 */
export function parseRendered(content: string): unknown {
  let fast: unknown;
  try {
    fast = fastParseYaml(content);
  } catch {
    // Nested too deep for the fast path: `yaml` decides.
  }
  return fast === undefined ? parse(content) : fast;
}

/** The objects of rendered files (`RenderedFiles` of gitops/core/render) under `rendered/<cluster>/`. */
export function renderedObjectsOf(files: ReadonlyMap<string, string>, cluster: string): unknown[] {
  const prefix = `rendered/${cluster}/`;
  const out: unknown[] = [];
  for (const [path, content] of files) {
    if (!path.startsWith(prefix) || path.endsWith('/kustomization.yaml')) continue;
    out.push(parseRendered(content));
  }
  return out;
}

/** Compares `rendered` (whole objects, as the renderer makes them) with the cluster's projections. */
export function clusterDrift(rendered: readonly unknown[], cluster: ClusterState | undefined): ClusterDrift {
  const missing: DriftObject[] = [];
  const changed: Array<DriftObject & { fields: FieldDrift[] }> = [];
  const unchecked = new Set<string>();
  const unknown = new Set<string>();
  let checked = 0;
  for (const obj of rendered) {
    const o = record(obj);
    const kind = text(o?.kind);
    const md = record(o?.metadata);
    const name = text(md?.name);
    if (!kind || !name) continue;
    if (!CHECKED.has(kind)) {
      unchecked.add(kind);
      continue;
    }
    const set = cluster?.kinds[kind as LiveKind];
    if (!set || set.phase === 'error') {
      unknown.add(kind);
      continue;
    }
    checked++;
    const namespace = text(md?.namespace);
    const id: DriftObject = { kind, ...(namespace ? { namespace } : {}), name };
    const live = lookup(cluster, kind as LiveKind, namespace, name);
    if (!live) {
      missing.push(id);
      continue;
    }
    const liveFields = 'rendered' in live ? live.rendered : {};
    const fields: FieldDrift[] = [];
    for (const [field, value] of Object.entries(renderedFieldsOf(kind, obj))) {
      const now = liveFields[field];
      if (now !== value) fields.push({ field, rendered: value, ...(now !== undefined ? { live: now } : {}) });
    }
    if (fields.length > 0) changed.push({ ...id, fields });
  }
  return { missing, changed, checked, unchecked: [...unchecked].sort(), unknown: [...unknown].sort() };
}
