// The two sides the Changes review compares, kept between reviews so that a review after one edit
// costs what the edit touches: HEAD's model and render are kept per HEAD tree (they change only on
// commit, pull, switch or revert), and are derived from the working tree's render rather than
// rendered anew: every spec file whose blob in HEAD has the bytes the open model parsed shares that
// parse, the others are parsed from the blob, and only what differs is rendered again.
import type { ParsedFile } from '../../gitops/core/load/parse-file.ts';
import { WorkspaceModel } from '../../gitops/core/model/workspace-model.ts';
import type { ModelRender } from '../../gitops/core/render/model-render.ts';
import { renderWorkspace, type RenderedFiles } from '../../gitops/core/render/renderer.ts';
import { hashBlob } from '../../gitops/node/git/objects.ts';
import type { Repository } from '../../gitops/node/git/repository.ts';
import { specEntriesOfTree } from '../../gitops/node/sync/spec-tree.ts';

export interface ReviewSide {
  model: WorkspaceModel;
  rendered: RenderedFiles;
}

/** HEAD's side of the review, per repository, cached for the last HEAD tree seen. */
export class HeadSide {
  private cached: { repo: Repository; tree: string | undefined; side: ReviewSide } | undefined;
  /** Blob ids of parsed spec files' text (a parse is replaced, never changed, when its file changes). */
  private oids = new WeakMap<ParsedFile, string>();
  /** For tests and benches: how often HEAD's side was built and how many of its spec files were parsed from blobs. */
  readonly stats = { built: 0, parsedFromBlobs: 0 };

  /** HEAD's model and render (`tree`: HEAD's tree, undefined for a branch with no commit yet), derived from `work` when not cached. */
  side(repo: Repository, tree: string | undefined, work: ModelRender): ReviewSide {
    const c = this.cached;
    if (c && c.repo === repo && c.tree === tree) return c.side;
    const side = tree === undefined ? { model: new WorkspaceModel(), rendered: renderWorkspace(new WorkspaceModel()) } : this.derive(repo, tree, work);
    this.cached = { repo, tree, side };
    this.stats.built++;
    return side;
  }

  /** Forgets the cached side (the repository was replaced). */
  clear(): void {
    this.cached = undefined;
  }

  private derive(repo: Repository, tree: string, work: ModelRender): ReviewSide {
    const shared: ParsedFile[] = [];
    const fromBlobs: Array<[string, Buffer]> = [];
    const open = work.model.files;
    // The same files diffWorkspace's model of a tree reads: gantry.yaml and the spec folders.
    for (const [p, f] of specEntriesOfTree(repo.objects, tree)) {
      const pf = open.get(p);
      if (pf && pf.text !== undefined && this.oidOf(pf) === f.oid) shared.push(pf);
      else fromBlobs.push([p, repo.objects.readTyped(f.oid, 'blob')]);
    }
    const model = WorkspaceModel.fromParsed(shared);
    for (const [p, bytes] of fromBlobs) model.setFile(p, bytes);
    this.stats.parsedFromBlobs += fromBlobs.length;
    return { model, rendered: work.derive(model).rendered };
  }

  private oidOf(pf: ParsedFile): string {
    let oid = this.oids.get(pf);
    if (oid === undefined) this.oids.set(pf, (oid = hashBlob(pf.text!)));
    return oid;
  }
}
