import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { findTooDeep } from '../load/nesting.ts';
import type { RenderedFiles } from '../render/renderer.ts';

/** A Kubernetes object by identity. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What changes in one cluster's rendered manifests. */
export interface ClusterRenderDiff {
  cluster: string;
  files: { added: string[]; removed: string[]; modified: string[] };
  objects: { added: ObjectRef[]; removed: ObjectRef[]; modified: ObjectRef[] };
  /** Unified diffs by file path, for files that changed (at most `maxPatches` per diff). */
  patches: Record<string, string>;
}

/** A unified diff as git prints it: `--- a/x`, `+++ b/x`, then hunks (no `Index:`/`====` header). */
export function unifiedPatch(from: string, to: string, before: string, after: string, context = 3): string {
  const text = createTwoFilesPatch(from, to, before, after, '', '', { context });
  const start = text.indexOf('--- ');
  return (start < 0 ? text : text.slice(start)).replace(/^(---|\+\+\+) (.*?)\t$/gm, '$1 $2');
}

/** The cluster a rendered path belongs to (`rendered/<cluster>/...` or `rendered/_bootstrap/<cluster>.yaml`). */
export function clusterOfRenderedPath(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'rendered' || parts.length < 3) return undefined;
  if (parts[1] === '_bootstrap') return parts[2]!.replace(/\.ya?ml$/, '');
  return parts[1];
}

interface ParsedObject {
  ref: ObjectRef;
  key: string;
  json: string;
}

function objectsOf(text: string | undefined): ParsedObject[] {
  // A rendered file from someone else's commit can be anything; too deep to parse safely, it holds no object we compare.
  if (text === undefined || findTooDeep(text)) return [];
  const out: ParsedObject[] = [];
  for (const doc of parseAllDocuments(text) as unknown as Array<{ toJS(): unknown }>) {
    let v: unknown;
    try {
      v = doc.toJS();
    } catch {
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    if (typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') continue;
    const ref: ObjectRef = {
      apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
      kind: o.kind,
      ...(typeof o.metadata.namespace === 'string' ? { namespace: o.metadata.namespace } : {}),
      name: o.metadata.name,
    };
    out.push({ ref, key: `${ref.apiVersion.split('/')[0]}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`, json: JSON.stringify(v) });
  }
  return out;
}

const byRef = (a: ObjectRef, b: ObjectRef) => {
  const ka = `${a.namespace ?? ''}/${a.kind}/${a.name}`;
  const kb = `${b.namespace ?? ''}/${b.kind}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * Compares two renders of a workspace: per cluster, which files are added, removed or modified
 * and which Kubernetes objects that adds, removes or changes (files are compared as text, objects
 * by apiVersion group, kind, namespace and name). `objects: false` lists the files only (every
 * `objects` list empty): a caller that shows files need not parse them, which for a cluster's
 * routing file of 5,000 tenants is most of the comparison's time.
 */
export function diffRenderedFiles(before: RenderedFiles, after: RenderedFiles, opts: { maxPatches?: number; objects?: boolean } = {}): ClusterRenderDiff[] {
  const maxPatches = opts.maxPatches ?? 500;
  const withObjects = opts.objects ?? true;
  const clusters = new Map<string, ClusterRenderDiff>();
  const get = (c: string) => {
    let d = clusters.get(c);
    if (!d) {
      d = { cluster: c, files: { added: [], removed: [], modified: [] }, objects: { added: [], removed: [], modified: [] }, patches: {} };
      clusters.set(c, d);
    }
    return d;
  };
  const changed: string[] = [];
  for (const [path, text] of after) if (before.get(path) !== text) changed.push(path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(path);
  changed.sort();
  let patches = 0;
  const objBefore = new Map<string, Map<string, ParsedObject>>();
  const objAfter = new Map<string, Map<string, ParsedObject>>();
  for (const path of changed) {
    const cluster = clusterOfRenderedPath(path) ?? '';
    const d = get(cluster);
    const a = before.get(path);
    const b = after.get(path);
    if (a === undefined) d.files.added.push(path);
    else if (b === undefined) d.files.removed.push(path);
    else d.files.modified.push(path);
    if (patches < maxPatches) {
      d.patches[path] = unifiedPatch(a === undefined ? '/dev/null' : `a/${path}`, b === undefined ? '/dev/null' : `b/${path}`, a ?? '', b ?? '');
      patches++;
    }
    if (!withObjects) continue;
    for (const [side, text] of [[objBefore, a], [objAfter, b]] as const) {
      let m = side.get(cluster);
      if (!m) side.set(cluster, (m = new Map()));
      for (const o of objectsOf(text)) m.set(o.key, o);
    }
  }
  for (const [cluster, d] of clusters) {
    const a = objBefore.get(cluster) ?? new Map<string, ParsedObject>();
    const b = objAfter.get(cluster) ?? new Map<string, ParsedObject>();
    for (const [k, o] of b) {
      const old = a.get(k);
      if (!old) d.objects.added.push(o.ref);
      else if (old.json !== o.json) d.objects.modified.push(o.ref);
    }
    for (const [k, o] of a) if (!b.has(k)) d.objects.removed.push(o.ref);
    d.objects.added.sort(byRef);
    d.objects.removed.sort(byRef);
    d.objects.modified.sort(byRef);
  }
  return [...clusters.values()].sort((x, y) => (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : 0));
}
