import { WORKSPACE_FILE, kindOfPath } from '../../../shared/kinds.ts';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { Renderer, type RenderedFiles } from '../../core/render/renderer.ts';
import type { ObjectStore } from '../git/objects.ts';
import type { DerivedFiles, TreeEdits } from '../git/rebase.ts';
import { isTree, parseTree, readTreeFlat, treeLookup, type TreeChange } from '../git/tree.ts';
import { MODE_FILE } from '../git/worktree-files.ts';
import { isSpecPath, specFilesOfTree } from './spec-tree.ts';


/**
 * rendered/ as files derived from the specs, for pull's replay (the Git layer's DerivedFiles): a
 * replayed commit that changes specs in a Gantry workspace does not merge rendered/ but renders it
 * again from the merged specs, so it always matches them. One renderer follows the whole replay,
 * re-rendering only the tenants a commit touched when it touches tenants only.
 */
export function renderedDerivation(): DerivedFiles {
  let model: WorkspaceModel | undefined;
  let renderer: Renderer | undefined;
  let renderedTree: Map<string, string> | undefined;
  return {
    regenerates: (store: ObjectStore, tree: string, changes: readonly TreeChange[]) => treeLookup(store, tree, WORKSPACE_FILE) !== undefined && changes.some((ch) => isSpecPath(ch.path)),
    isDerived: (p: string) => p.startsWith('rendered/'),
    after(store: ObjectStore, tree: string, edits: TreeEdits, regenerated: boolean): TreeEdits {
      const out: TreeEdits = new Map();
      if (regenerated) {
        if (!model || !renderer || !renderedTree) {
          model = WorkspaceModel.fromFiles(specFilesOfTree(store, tree));
          renderer = new Renderer(model);
          renderer.renderAll();
          renderedTree = renderedOfTree(store, tree);
        } else {
          const tenantsOnly = [...edits.keys()].every((p) => kindOfPath(p) === 'Tenant' || !isSpecPath(p));
          for (const [p, f] of edits) {
            if (!isSpecPath(p)) continue;
            if (f) model.setFile(p, store.readTyped(f.oid, 'blob'));
            else model.deleteFile(p);
          }
          if (tenantsOnly) {
            for (const p of edits.keys()) if (kindOfPath(p) === 'Tenant') renderer.rerenderTenant(p.slice(p.lastIndexOf('/') + 1, -5));
          } else renderer.renderAll();
        }
        const rendered: RenderedFiles = renderer.current();
        for (const [p, text] of rendered) if (renderedTree.get(p) !== text) out.set(p, { oid: store.write('blob', Buffer.from(text, 'utf8'), { fsync: true }), mode: MODE_FILE });
        for (const p of renderedTree.keys()) if (!rendered.has(p)) out.set(p, null);
        renderedTree = new Map(rendered);
      } else if (renderedTree) {
        // A commit that edits rendered/ by hand: keep our picture of the tree's rendered/ in step.
        for (const [p, f] of edits) {
          if (!p.startsWith('rendered/')) continue;
          if (f) renderedTree.set(p, blobText(store, f.oid));
          else renderedTree.delete(p);
        }
      }
      return out;
    },
  };
}

function blobText(store: ObjectStore, oid: string): string {
  return store.readTyped(oid, 'blob').toString('utf8');
}

/** rendered/ of a tree as path -> text. */
function renderedOfTree(store: ObjectStore, tree: string): Map<string, string> {
  const out = new Map<string, string>();
  const entry = parseTree(store.readTyped(tree, 'tree')).find((e) => e.name === 'rendered' && isTree(e.mode));
  if (!entry) return out;
  for (const [p, f] of readTreeFlat(store, entry.oid, () => true, 'rendered')) out.set(p, blobText(store, f.oid));
  return out;
}
