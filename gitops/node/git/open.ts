import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoConfig } from './config.ts';
import { dotGitTarget, isLinkedWorktree } from './gitdirs.ts';
import { Repository } from './repository.ts';
import { GitError } from './types.ts';

/**
 * Opens the repository whose working tree is `dir` (the folder holding `.git`). Throws GitError
 * 'not-a-repository' for anything else, naming the repository root when `dir` is inside one.
 */
export async function openRepository(dir: string): Promise<Repository> {
  const root = path.resolve(dir);
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new GitError('not-a-repository', `${dir} does not exist.`);
  }
  if (!st.isDirectory()) throw new GitError('not-a-repository', `${dir} is not a folder.`);
  const gitdir = findGitdir(root);
  if (!gitdir) {
    if (existsSync(path.join(root, 'HEAD')) && existsSync(path.join(root, 'objects')) && repoConfig(root).getBool('core.bare', false)) {
      throw new GitError('not-a-repository', `${dir} is a bare repository; Gantry needs a working tree (clone it, or \`git worktree add\` one).`);
    }
    const above = findRepoAbove(path.dirname(root));
    throw new GitError(
      'not-a-repository',
      above ? `${dir} is inside the Git repository ${above}; open that folder instead.` : `${dir} is not a Git repository (it has no .git folder). Clone one, or run \`git init\` there.`,
      above ? { root: above } : undefined,
    );
  }
  // A linked worktree of a bare repository is a working tree (git ignores core.bare there).
  if (!isLinkedWorktree(gitdir) && repoConfig(gitdir).getBool('core.bare', false)) {
    throw new GitError('not-a-repository', `${dir} is a bare repository; Gantry needs a working tree.`);
  }
  const unsupported = unsupportedFormat(gitdir);
  if (unsupported) throw new GitError('not-supported', `${dir}: ${unsupported} Nothing was changed; the git CLI still works on it.`, { reason: unsupported });
  return new Repository(root, gitdir);
}

/** Repository extensions git defines that change nothing Gantry reads or writes. */
const HARMLESS_EXTENSIONS = new Set(['noop', 'noop-v1', 'preciousobjects', 'partialclone', 'worktreeconfig']);

/**
 * Why Gantry cannot work on the repository in `gitdir` without risking it, or undefined: it reads
 * the format as git does (core.repositoryformatversion and its extensions) and refuses what it
 * would get wrong instead of guessing. Each reason is a sentence saying what and why.
 */
export function unsupportedFormat(gitdir: string): string | undefined {
  const config = repoConfig(gitdir);
  const version = Number(config.get('core.repositoryformatversion') ?? '0');
  if (!(version === 0 || version === 1)) return `its repository format version is ${config.get('core.repositoryformatversion')}; Gantry (like git) knows versions 0 and 1 only.`;
  const objectFormat = (config.get('extensions.objectformat') ?? 'sha1').toLowerCase();
  if (objectFormat !== 'sha1') return `it is a ${objectFormat.toUpperCase()} repository; Gantry reads and writes SHA-1 objects only (isomorphic-git has no SHA-256 support).`;
  const refStorage = (config.get('extensions.refstorage') ?? 'files').toLowerCase();
  if (refStorage !== 'files') return `its refs are stored as ${refStorage}; Gantry reads and writes loose and packed refs only.`;
  if (version === 1) {
    for (const key of config.keys()) {
      const m = /^extensions\.(.+)$/.exec(key);
      if (m && !HARMLESS_EXTENSIONS.has(m[1]!) && m[1] !== 'objectformat' && m[1] !== 'refstorage') return `it uses the repository extension "${m[1]}", which Gantry does not know; git refuses unknown extensions too.`;
    }
  }
  if (config.getBool('index.sparse', false)) return 'it uses a sparse index (index.sparse); Gantry does not read sparse indexes yet. Run `git sparse-checkout init --no-sparse-index` to use it here.';
  return undefined;
}

/** `<root>/.git` as a folder, or the folder a `.git` file (worktrees, submodules) points at. */
function findGitdir(root: string): string | undefined {
  const target = dotGitTarget(root);
  return target && existsSync(path.join(target, 'HEAD')) ? target : undefined;
}

function findRepoAbove(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (findGitdir(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Creates an empty repository in `dir` (like `git init -b <branch>`) and opens it. */
export async function initRepository(dir: string, opts: { branch?: string } = {}): Promise<Repository> {
  const root = path.resolve(dir);
  const gitdir = path.join(root, '.git');
  if (existsSync(path.join(gitdir, 'HEAD'))) return openRepository(root);
  for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags', 'info']) mkdirSync(path.join(gitdir, sub), { recursive: true });
  const filemode = process.platform !== 'win32';
  writeFileSync(
    path.join(gitdir, 'config'),
    `[core]\n\trepositoryformatversion = 0\n\tfilemode = ${filemode}\n\tbare = false\n\tlogallrefupdates = true\n`,
  );
  writeFileSync(path.join(gitdir, 'HEAD'), `ref: refs/heads/${opts.branch ?? 'main'}\n`);
  writeFileSync(path.join(gitdir, 'description'), 'Unnamed repository; edit this file to name it.\n');
  return openRepository(root);
}
