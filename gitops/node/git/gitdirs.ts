import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a file of the git folder lives, as git decides it for linked worktrees (`git worktree add`).
 *
 * A linked worktree's git folder (`<main>/.git/worktrees/<name>/`) holds only what is private to
 * that working tree: HEAD, the index, the in-progress markers (MERGE_HEAD, rebase-merge/, ...),
 * `info/sparse-checkout`, `logs/HEAD` and the per-worktree refs (refs/bisect/, refs/worktree/,
 * refs/rewritten/). Everything else (objects, branches and tags, packed-refs, config, info/exclude,
 * shallow, hooks, the other reflogs) is in the common folder its `commondir` file names, as git's
 * path.c `common_list` says. In an ordinary repository both are the same folder.
 */
const commonDirs = new Map<string, string>();

/** The common git folder of `gitdir`: what its `commondir` file names, or `gitdir` itself. */
export function commonDir(gitdir: string): string {
  let dir = commonDirs.get(gitdir);
  if (dir === undefined) {
    dir = gitdir;
    try {
      const text = readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim();
      if (text) dir = path.resolve(gitdir, text);
    } catch {
      // no commondir file: an ordinary git folder
    }
    commonDirs.set(gitdir, dir);
  }
  return dir;
}

/** True when `gitdir` is a linked worktree's private git folder. */
export function isLinkedWorktree(gitdir: string): boolean {
  return commonDir(gitdir) !== gitdir;
}

/**
 * True for refs private to each working tree: HEAD and other pseudo-refs (ORIG_HEAD, FETCH_HEAD,
 * MERGE_HEAD: names outside refs/), refs/bisect/, refs/worktree/ and refs/rewritten/ (git's
 * `is_per_worktree_ref`).
 */
export function isPerWorktreeRef(ref: string): boolean {
  if (!ref.startsWith('refs/')) return true;
  return ref.startsWith('refs/bisect/') || ref.startsWith('refs/worktree/') || ref.startsWith('refs/rewritten/');
}

/** The file of a loose ref. */
export function refFile(gitdir: string, ref: string): string {
  return path.join(isPerWorktreeRef(ref) ? gitdir : commonDir(gitdir), ref);
}

/** The reflog file of a ref (`logs/HEAD` is private to a worktree, `logs/refs/heads/...` shared). */
export function reflogFile(gitdir: string, ref: string): string {
  return path.join(isPerWorktreeRef(ref) ? gitdir : commonDir(gitdir), 'logs', ref);
}

/** A file of the common folder: `config`, `packed-refs`, `shallow`, `info/exclude`, `objects`. */
export function commonFile(gitdir: string, ...parts: string[]): string {
  return path.join(commonDir(gitdir), ...parts);
}

/**
 * The other working trees of the repository whose branch is `ref`, as git lists them
 * (`git worktree list`): the main one (unless the repository is bare) and each linked one under
 * `<common>/worktrees/`. git refuses to check one branch out in two working trees.
 */
export function worktreesOnBranch(gitdir: string, ref: string, isBare: (common: string) => boolean): string[] {
  const common = commonDir(gitdir);
  const found: string[] = [];
  const headRef = (dir: string): string | undefined => {
    try {
      const m = /^ref:\s*(\S+)/.exec(readFileSync(path.join(dir, 'HEAD'), 'utf8'));
      return m?.[1];
    } catch {
      return undefined;
    }
  };
  if (common !== gitdir && !isBare(common) && headRef(common) === ref) found.push(path.dirname(common));
  let names: string[] = [];
  try {
    names = readdirSync(path.join(common, 'worktrees'));
  } catch {
    // no linked worktrees
  }
  for (const name of names) {
    const dir = path.join(common, 'worktrees', name);
    if (dir === gitdir || headRef(dir) !== ref) continue;
    let where = dir;
    try {
      where = path.dirname(readFileSync(path.join(dir, 'gitdir'), 'utf8').trim());
    } catch {
      // a worktree whose gitdir file is gone (prunable): still holds the branch for git
    }
    found.push(where);
  }
  return found;
}

/**
 * The folder a working tree's `.git` names: `.git` itself when it is a folder, else the target of
 * its `gitdir:` line (a linked worktree, a submodule's absorbed folder). Undefined when there is
 * no `.git` or it cannot be read; whether the folder holds a repository is for the caller to check.
 */
export function dotGitTarget(dir: string): string | undefined {
  const dotgit = path.join(dir, '.git');
  try {
    if (statSync(dotgit).isDirectory()) return dotgit;
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotgit, 'utf8'));
    return m ? path.resolve(dir, m[1]!) : undefined;
  } catch {
    return undefined;
  }
}
