import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoConfig } from './config.ts';
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
    const above = findRepoAbove(path.dirname(root));
    throw new GitError(
      'not-a-repository',
      above ? `${dir} is inside the Git repository ${above}; open that folder instead.` : `${dir} is not a Git repository (it has no .git folder). Clone one, or run \`git init\` there.`,
      above ? { root: above } : undefined,
    );
  }
  if (repoConfig(gitdir).getBool('core.bare', false)) {
    throw new GitError('not-a-repository', `${dir} is a bare repository; Gantry needs a working tree.`);
  }
  return new Repository(root, gitdir);
}

/** `<root>/.git` as a folder, or the folder a `.git` file (worktrees, submodules) points at. */
function findGitdir(root: string): string | undefined {
  const dotgit = path.join(root, '.git');
  let st;
  try {
    st = statSync(dotgit);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return existsSync(path.join(dotgit, 'HEAD')) ? dotgit : undefined;
  const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotgit, 'utf8'));
  if (!m) return undefined;
  const target = path.resolve(root, m[1]!.trim());
  return existsSync(path.join(target, 'HEAD')) ? target : undefined;
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
