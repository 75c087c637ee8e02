import { repoConfig, setRepoConfig } from './config.ts';
import type { Repository } from './repository.ts';

/**
 * Adds the remote `name` (default origin) or changes its URL, with git's default fetch refspec,
 * and makes `branch` track the branch of the same name there (as `git remote add` then
 * `git push -u` leave the config). Credentials never go into the config: a URL with user:password
 * is refused by the caller before this.
 */
export function setRemote(repo: Repository, url: string, opts: { name?: string; branch?: string } = {}): void {
  const name = opts.name ?? 'origin';
  setRepoConfig(repo.gitdir, `remote.${name}.url`, url);
  if (!repoConfig(repo.gitdir).get(`remote.${name}.fetch`)) setRepoConfig(repo.gitdir, `remote.${name}.fetch`, `+refs/heads/*:refs/remotes/${name}/*`);
  if (opts.branch) trackBranch(repo, opts.branch, name);
}

/** `branch.<b>.remote` and `branch.<b>.merge`, as `git push -u <remote> <b>` sets them. */
export function trackBranch(repo: Repository, branch: string, remote = 'origin'): void {
  setRepoConfig(repo.gitdir, `branch.${branch}.remote`, remote);
  setRepoConfig(repo.gitdir, `branch.${branch}.merge`, `refs/heads/${branch}`);
}
