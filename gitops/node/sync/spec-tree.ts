import { KIND_FOLDERS, WORKSPACE_FILE, kindOfPath } from '../../../shared/kinds.ts';
import type { ObjectStore } from '../git/objects.ts';
import { readTreeFlat, type TreeFile } from '../git/tree.ts';

/** Whether a path is one of a workspace's spec files: gantry.yaml or a file of a kind's folder. */
export const isSpecPath = (p: string): boolean => p === WORKSPACE_FILE || kindOfPath(p) !== undefined;

/**
 * The spec files of a tree (gantry.yaml and the kind folders' files) with their blob ids, reading
 * only the kind folders (never rendered/): what a WorkspaceModel of that revision is made from.
 */
export function specEntriesOfTree(store: ObjectStore, tree: string): Map<string, TreeFile> {
  const folders = new Set<string>(Object.values(KIND_FOLDERS));
  const out = new Map<string, TreeFile>();
  for (const [p, f] of readTreeFlat(store, tree, (dir) => folders.has(dir.split('/')[0]!))) if (isSpecPath(p)) out.set(p, f);
  return out;
}

/** Spec entries (from specEntriesOfTree) with their bytes, for WorkspaceModel.fromFiles. */
export function specFilesOf(store: ObjectStore, entries: ReadonlyMap<string, TreeFile>): Array<[string, Buffer]> {
  return [...entries].map(([p, f]) => [p, store.readTyped(f.oid, 'blob')]);
}

/** The spec files of a tree with their bytes. */
export function specFilesOfTree(store: ObjectStore, tree: string): Array<[string, Buffer]> {
  return specFilesOf(store, specEntriesOfTree(store, tree));
}
