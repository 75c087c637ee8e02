/**
 * The workspace sync: the app's Git verbs for a Gantry workspace, on top of the Git plumbing
 * (../git/, which knows nothing of specs). A commit validates and renders, stages specs and
 * rendered/ together and refuses credentials; a pull renders rendered/ again from merged specs; a
 * review diffs the workspace semantically and per cluster; set-aside summarizes in spec terms.
 * The host and the CLI import this module; it re-exports the plumbing they use as it is.
 */
export * from '../git/index.ts';
export { commit, isWorkspacePath, type CommitOptions, type CommitWorkspace } from './commit-workspace.ts';
export { syncRendered, warmCommitCache } from './rendered-sync.ts';
export { diffWorkspace, type WorkspaceDiff } from './diff-workspace.ts';
export { pull, setAside } from './pull-workspace.ts';
export { revert, revertMessage, type RevertOptions, type RevertResult } from './revert-workspace.ts';
export { renderedDerivation } from './rendered-derived.ts';
export { scanChanges, scanCommitMessage, scanText, ALLOW_MARK, COMMIT_MESSAGE_FILE, SECRET_KINDS } from './secrets.ts';
export { suggestCommitMessage } from '../../core/diff/commit-message.ts';
export { semanticDiff, formatSemanticDiff, type SemanticChange } from '../../core/diff/semantic.ts';
export { diffRenderedFiles, type ClusterRenderDiff, type ObjectRef } from '../../core/diff/rendered-diff.ts';
