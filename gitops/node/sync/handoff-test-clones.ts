/** Test set-up for the handoff tests (gitops/node/sync and electron/services), with the git CLI. */
import path from 'node:path';
import { git, workspaceRepo } from '../git/test-helpers.ts';

export interface RemoteAndClones {
  root: string;
  /** A bare repository standing for the team's remote: the small example, one commit. */
  remote: string;
  /** The person's clone of `remote`. */
  local: string;
  /** A reviewer's clone of `remote`, on the other side of the air gap. */
  other: string;
}

/** Under `root`: the small example committed once, a bare `remote.git` cloned from it, and two clones of that remote, `local` and `other`. */
export async function remoteWithTwoClones(root: string): Promise<RemoteAndClones> {
  const seed = await workspaceRepo(path.join(root, 'seed'));
  const remote = path.join(root, 'remote.git');
  await git(root, 'clone', '-q', '--bare', seed, remote);
  const local = path.join(root, 'local');
  await git(root, 'clone', '-q', remote, local);
  const other = path.join(root, 'other');
  await git(root, 'clone', '-q', remote, other);
  return { root, remote, local, other };
}
