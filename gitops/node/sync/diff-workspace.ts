import { suggestCommitMessage } from '../../core/diff/commit-message.ts';
import { diffRenderedFiles, type ClusterRenderDiff } from '../../core/diff/rendered-diff.ts';
import { semanticDiff, type SemanticChange } from '../../core/diff/semantic.ts';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { renderWorkspace, type RenderedFiles } from '../../core/render/renderer.ts';
import { changedFiles, treeOf, type Revision } from '../git/diff.ts';
import type { Repository } from '../git/repository.ts';
import type { FileChange } from '../git/types.ts';
import { specFilesOfTree } from './spec-tree.ts';
import { readWorkspaceFiles } from '../read-workspace.ts';

interface CachedTree {
  model: WorkspaceModel;
  rendered?: RenderedFiles;
}

/** Workspace models (and renders) of recent commit trees, per repository, for diffs. */
const modelCaches = new WeakMap<Repository, Map<string, CachedTree>>();

/** A workspace change as a reviewer sees it. */
export interface WorkspaceDiff {
  /** Changed files (specs, rendered files and anything else). */
  files: FileChange[];
  /** The semantic summary (`tenant acme: tier shared -> dedicated`, ...). */
  summary: SemanticChange[];
  /** A commit message suggested from the summary. */
  message: string;
  /** Per cluster: rendered files and Kubernetes objects that change, from rendering both sides. */
  rendered: ClusterRenderDiff[];
}

/** The workspace model of a commit's tree (spec files only), cached per tree. */
function modelAt(repo: Repository, tree: string | undefined): WorkspaceModel {
  if (!tree) return new WorkspaceModel();
  const cache = modelCaches.get(repo) ?? new Map<string, CachedTree>();
  modelCaches.set(repo, cache);
  const hit = cache.get(tree);
  if (hit) return hit.model;
  const model = WorkspaceModel.fromFiles(specFilesOfTree(repo.objects, tree));
  cache.set(tree, { model });
  if (cache.size > 4) cache.delete(cache.keys().next().value!);
  return model;
}

/** The workspace model of a revision's spec files (cached per tree, shared with the diffs). */
export function workspaceModelAt(repo: Repository, rev: Revision): WorkspaceModel {
  return modelAt(repo, treeOf(repo, rev));
}

function renderedAt(repo: Repository, tree: string | undefined, model: WorkspaceModel): RenderedFiles {
  const hit = tree ? modelCaches.get(repo)?.get(tree) : undefined;
  if (hit?.rendered) return hit.rendered;
  const rendered = renderWorkspace(model);
  if (hit) hit.rendered = rendered;
  return rendered;
}

/**
 * Reviews a workspace change (default HEAD to the working tree): changed files, the semantic
 * summary, a suggested commit message, and the rendered diff per cluster from rendering both
 * sides with the core Renderer. Pass the app's in-memory model (and render) of the working tree
 * as `after` to skip reading and rendering it again; commit sides are cached per tree.
 */
export async function diffWorkspace(
  repo: Repository,
  opts: { from?: Revision; to?: Revision; after?: { model: WorkspaceModel; rendered?: RenderedFiles }; maxPatches?: number } = {},
): Promise<WorkspaceDiff> {
  const from = opts.from ?? 'HEAD';
  const to = opts.to ?? 'WORKTREE';
  const fromTree = treeOf(repo, from);
  const beforeModel = from === 'WORKTREE' ? WorkspaceModel.fromFiles(readWorkspaceFiles(repo.dir)) : modelAt(repo, fromTree);
  let afterModel: WorkspaceModel;
  let afterRendered: RenderedFiles;
  if (to === 'WORKTREE') {
    afterModel = opts.after?.model ?? WorkspaceModel.fromFiles(readWorkspaceFiles(repo.dir));
    afterRendered = opts.after?.rendered ?? renderWorkspace(afterModel);
  } else {
    const toTree = treeOf(repo, to);
    afterModel = modelAt(repo, toTree);
    afterRendered = renderedAt(repo, toTree, afterModel);
  }
  const beforeRendered = renderedAt(repo, fromTree, beforeModel);
  const summary = semanticDiff(beforeModel, afterModel);
  return {
    files: await changedFiles(repo, { from, to }),
    summary,
    message: suggestCommitMessage(summary),
    rendered: diffRenderedFiles(beforeRendered, afterRendered, { maxPatches: opts.maxPatches }),
  };
}
