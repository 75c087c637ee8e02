/**
 * The Git layer's public contract (isomorphic-git underneath; no git binary needed). The app's
 * host services and the tests use only these types and the functions exported from ./index.ts.
 */

/** Credentials for an HTTPS remote; handed to isomorphic-git's onAuth, never put in URLs or on disk. */
export interface GitAuth {
  username?: string;
  /** Password or personal access token. */
  password?: string;
  /**
   * The origin (`https://host[:port]`) the credentials were given for: they are sent nowhere else,
   * and over http:// only to this machine. Default: the origin of the URL the work starts from
   * (the clone URL; the branch's remote for push, fetch and pull).
   */
  origin?: string;
}

export interface GitIdentity {
  name: string;
  email: string;
}

/** Progress of long work (clone, fetch, push). */
export interface GitProgress {
  phase: string;
  loaded: number;
  total?: number;
}

export interface LongWork {
  onProgress?: (p: GitProgress) => void;
  signal?: AbortSignal;
}

/** How one path differs between HEAD and the working tree. */
export interface FileChange {
  path: string;
  change: 'added' | 'modified' | 'deleted';
  /**
   * The two status letters of `git status --porcelain` (index then working tree: `M `, ` M`, `A `,
   * ` D`, `??`, `UU`, ...), for callers that need to tell staged from unstaged changes.
   */
  xy?: string;
}

export interface CommitInfo {
  oid: string;
  message: string;
  author: GitIdentity & { timestamp: number };
  parents: string[];
  /** Who made the commit (differs from the author after a rebase). */
  committer?: GitIdentity & { timestamp: number };
  /** The commit's tree. */
  tree?: string;
}

export interface BranchState {
  branch: string;
  /** Commits on the local branch not on its remote-tracking branch (the offline push queue). */
  ahead: number;
  /** Commits on the remote-tracking branch not yet local. */
  behind: number;
  remoteUrl?: string;
}

/** Errors carry a code the UI can act on and a message a person can read. */
export type GitErrorCode =
  | 'auth-failed'
  | 'network'
  | 'not-a-repository'
  | 'push-rejected'
  | 'merge-conflict'
  | 'secret-detected'
  | 'invalid-workspace'
  | 'nothing-to-commit'
  | 'external-change'
  | 'cancelled'
  /** Another process holds the repository's lock (.git/index.lock). */
  | 'repository-locked'
  /** A branch, commit or file that was asked for does not exist. */
  | 'not-found'
  /** A path (in a tree, or asked for) would leave the repository, touch .git, or pass through a symbolic link. */
  | 'unsafe-path'
  /** The repository uses a format or extension Gantry refuses to touch (SHA-256, reftable, split index...). */
  | 'not-supported'
  /** A git bundle that is cut short, garbled, or names a reference git refuses. */
  | 'invalid-bundle'
  | 'unknown';

export class GitError extends Error {
  constructor(
    readonly code: GitErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A credential found in a file about to be committed. */
export interface SecretFinding {
  file: string;
  line: number;
  kind: string;
}
