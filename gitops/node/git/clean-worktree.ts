import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { effectiveConfig } from './config-chain.ts';
import { Conversions } from './convert.ts';
import { Repository } from './repository.ts';

/**
 * For code outside the Git layer that compares working files with content it made (`gantry
 * validate` / `gantry render` checking `rendered/`): the file as git would store it, so a checkout
 * with CRLF line endings (core.autocrlf=true, the git-for-Windows default, or `eol=crlf`) counts
 * as equal to the LF content it came from, exactly where git status would call it clean.
 * Undefined when `root` is not the top of a git working tree (then bytes are all there is).
 */
export function worktreeCleaner(root: string): ((rel: string, data: Buffer) => Buffer) | undefined {
  const gitdir = gitdirOf(root);
  if (!gitdir) return undefined;
  let conv: Conversions | undefined;
  return (rel, data) => {
    if (!conv) {
      const repo = new Repository(path.resolve(root), gitdir);
      const engine = repo.statusEngine();
      engine.currentIndex();
      conv = new Conversions(gitdir, effectiveConfig(gitdir), repo.objects, (p) => engine.indexEntry(p)?.oid, 'worktree-first', repo.dir);
    }
    return conv.clean(rel, data).content;
  };
}

/** `<root>/.git` as a folder, or the folder a `.git` file names (linked worktrees, submodules). */
function gitdirOf(root: string): string | undefined {
  const dotgit = path.join(root, '.git');
  try {
    if (statSync(dotgit).isDirectory()) return dotgit;
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotgit, 'utf8'));
    return m ? path.resolve(root, m[1]!) : undefined;
  } catch {
    return undefined;
  }
}
