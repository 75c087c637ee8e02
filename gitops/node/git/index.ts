/**
 * Gantry's Git layer: Node adapters on isomorphic-git plus a native index/status engine, for the
 * host's git service and the CLI. No git binary needed. Every function takes a Repository from
 * openRepository, cloneRepository or initRepository and throws GitError (types.ts) with a code
 * the UI can act on.
 */
export * from './types.ts';
export { Repository } from './repository.ts';
export { initRepository, openRepository } from './open.ts';
export { cloneRepository, type CloneOptions } from './clone.ts';
export { status } from './status.ts';
export { watchRepository, type RepositoryWatcher, type WatchOptions } from './watch.ts';
export { changedFiles, diffFile, diffWorkspace, readFileAt, type FileDiff, type Revision, type WorkspaceDiff } from './diff.ts';
export { commit, isWorkspacePath, warmCommitCache, type CommitOptions, type CommitResult, type CommitWorkspace } from './commit.ts';
export { containsCommit, log } from './log.ts';
export { push, type PushOptions, type PushResult } from './push.ts';
export { fetch, pull, type FetchOptions, type PullOptions, type PullResult } from './fetch-pull.ts';
export { setAsideLocalCommits, SET_ASIDE_PREFIX, type SetAsideResult } from './set-aside.ts';
export { branchState, createBranch, currentBranch, listBranches, switchBranch, type BranchInfo } from './branches.ts';
export { scanChanges, scanCommitMessage, scanText, ALLOW_MARK, COMMIT_MESSAGE_FILE, SECRET_KINDS } from './secrets.ts';
export { FileGuard } from './file-guard.ts';
export { configuredIdentity } from './config-chain.ts';
export { isLoopbackHost, mayCarryToken, originOf, PLAIN_HTTP_TOKEN } from './origin.ts';
export { suggestCommitMessage } from '../../core/diff/commit-message.ts';
export { semanticDiff, formatSemanticDiff, type SemanticChange } from '../../core/diff/semantic.ts';
export { diffRenderedFiles, type ClusterRenderDiff, type ObjectRef } from '../../core/diff/rendered-diff.ts';
