import path from 'node:path';
import { readFileNoFollow } from '../path-safety.ts';
import { GitConfig } from './config.ts';
import { dotGitTarget } from './gitdirs.ts';
import { readHead } from './refs.ts';
import { Repository } from './repository.ts';

/**
 * How a submodule's working tree differs from its gitlink entry, as `git status` decides it
 * (` M` in porcelain for each): its HEAD is another commit ("new commits"), or it has modified
 * tracked files ("modified content") or untracked files ("untracked content"). A submodule folder
 * without a repository (not initialized) is unchanged, as in git.
 *
 * `submodule.<name>.ignore` (the repository's config first, then .gitmodules) or else
 * `diff.ignoreSubmodules` says what counts: `all` (nothing), `dirty` (new commits only),
 * `untracked` (not untracked files), `none` (everything, the default).
 */
export function submoduleChanged(root: string, rel: string, indexOid: string, config: GitConfig): boolean {
  const dir = path.join(root, rel);
  const gitdir = dotGitTarget(dir);
  if (!gitdir) return false;
  const ignore = ignoreSetting(root, rel, config);
  if (ignore === 'all') return false;
  if (readHead(gitdir).oid !== indexOid) return true;
  if (ignore === 'dirty') return false;
  const repo = new Repository(dir, gitdir);
  try {
    return repo
      .statusEngine()
      .status()
      .some((c) => ignore !== 'untracked' || c.xy !== '??');
  } catch {
    // A submodule git can read but Gantry cannot: say it changed rather than hide a change.
    return true;
  } finally {
    repo.close();
  }
}

function ignoreSetting(root: string, rel: string, config: GitConfig): string {
  const name = submoduleName(root, rel);
  const own = name ? (config.get(`submodule.${name}.ignore`) ?? gitmodules(root).get(`submodule.${name}.ignore`)) : undefined;
  return (own ?? config.get('diff.ignoresubmodules') ?? 'none').toLowerCase();
}

/** `.gitmodules` of the working tree, never read through a symbolic link (git does not follow one either). */
function gitmodules(root: string): GitConfig {
  try {
    return new GitConfig(readFileNoFollow(path.join(root, '.gitmodules')).toString('utf8'));
  } catch {
    return new GitConfig();
  }
}

/** The name .gitmodules gives the submodule at `rel` (its `submodule.<name>.path`). */
function submoduleName(root: string, rel: string): string | undefined {
  const modules = gitmodules(root);
  for (const key of modules.keys()) {
    const m = /^submodule\.(.+)\.path$/.exec(key);
    if (m && modules.get(key) === rel) return m[1];
  }
  return undefined;
}

/** The commit a submodule's HEAD names (what `git add` records for its gitlink), or undefined. */
export function submoduleHead(root: string, rel: string): string | undefined {
  const gitdir = dotGitTarget(path.join(root, rel));
  return gitdir ? readHead(gitdir).oid : undefined;
}
