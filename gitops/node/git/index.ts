/**
 * Gantry's Git plumbing: git's own behaviour (status, index, objects, refs, checkout, commit of
 * working-tree changes, fetch/pull/push over isomorphic-git), exact against the git CLI and knowing
 * nothing of specs. No git binary needed. Every function takes a Repository from openRepository,
 * cloneRepository or initRepository and throws GitError (types.ts) with a code the UI can act on.
 * The workspace sync (../sync/) builds the app's verbs on it; the host imports that.
 */
export * from './types.ts';
export { Repository } from './repository.ts';
export { initRepository, openRepository } from './open.ts';
export { cloneRepository, type CloneOptions } from './clone.ts';
export { status } from './status.ts';
export { watchRepository, type RepositoryWatcher, type WatchOptions } from './watch.ts';
export { changedFiles, diffFile, readFileAt, type FileDiff, type Revision } from './diff.ts';
export { commitChanges, type CommitChangesOptions, type CommitResult, type CommittedText } from './commit.ts';
export { containsCommit, log } from './log.ts';
export { push, type PushOptions, type PushResult } from './push.ts';
export { fetch, pull as pullBranch, type FetchOptions, type PullOptions, type PullResult } from './fetch-pull.ts';
export { type DerivedFiles } from './rebase.ts';
export { setAsideLocalCommits, SET_ASIDE_PREFIX, type SetAsideResult } from './set-aside.ts';
export { branchState, createBranch, currentBranch, listBranches, switchBranch, type BranchInfo } from './branches.ts';
export { FileGuard } from './file-guard.ts';
export { configuredIdentity } from './config-chain.ts';
export { isLoopbackHost, mayCarryToken, originOf, PLAIN_HTTP_TOKEN } from './origin.ts';
