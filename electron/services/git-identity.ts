// Who Gantry's commits are by, when the host was not given an identity: the environment first, then
// git's own `user.name` / `user.email` (the repository's config, then ~/.gitconfig), then the OS user.
import os from 'node:os';
import { configuredIdentity, type GitIdentity } from '../../gitops/node/sync/index.ts';

/** The author of a commit in the repository whose git directory is `gitdir`. */
export function authorIdentity(gitdir: string): GitIdentity {
  const env = process.env;
  const configured = configuredIdentity(gitdir);
  const user = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return 'gantry';
    }
  })();
  return {
    name: env.GANTRY_GIT_AUTHOR_NAME || env.GIT_AUTHOR_NAME || configured.name || user,
    email: env.GANTRY_GIT_AUTHOR_EMAIL || env.GIT_AUTHOR_EMAIL || configured.email || `${user}@${os.hostname() || 'localhost'}`,
  };
}
