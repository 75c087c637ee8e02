/**
 * Builds hostile commits in a bare repository the way an attacker would: with git's plumbing
 * (`hash-object --literally` for raw tree objects that `mktree` would refuse), so the trees hold
 * duplicate names, names with `/`, `.git` folders and symlinks that lead out.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: os.tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Mallory',
  GIT_AUTHOR_EMAIL: 'mallory@example.com',
  GIT_COMMITTER_NAME: 'Mallory',
  GIT_COMMITTER_EMAIL: 'mallory@example.com',
  LANG: 'C',
};

function git(gitdir: string, args: string[], input?: Buffer | string): string {
  const r = spawnSync('git', [`--git-dir=${gitdir}`, ...args], { env: ENV, input });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8').trim();
}

/** One entry of a raw tree: mode as git writes it (100644, 100755, 120000, 40000), name, object id. */
export type RawEntry = [mode: string, name: string, oid: string];

export class Plumbing {
  constructor(readonly gitdir: string) {}

  blob(content: string): string {
    return git(this.gitdir, ['hash-object', '-w', '--stdin'], content);
  }

  /** A tree object with exactly these entries in this order: no check, no sort, duplicates kept. */
  tree(entries: RawEntry[]): string {
    const parts: Buffer[] = [];
    for (const [mode, name, oid] of entries) parts.push(Buffer.from(`${mode} ${name}\0`, 'utf8'), Buffer.from(oid, 'hex'));
    return git(this.gitdir, ['hash-object', '-t', 'tree', '-w', '--literally', '--stdin'], Buffer.concat(parts));
  }

  /** The entries of an existing tree (`git ls-tree`), to add hostile ones beside them. */
  entries(treeish: string): RawEntry[] {
    const out = git(this.gitdir, ['ls-tree', '-z', treeish]);
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta, name] = line.split('\t') as [string, string];
        const [mode, , oid] = meta.split(' ') as [string, string, string];
        return [mode === '040000' ? '40000' : mode, name, oid];
      });
  }

  commit(tree: string, message: string, parent?: string): string {
    return git(this.gitdir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message]);
  }

  /** Moves `refs/heads/<branch>` (as a colleague's push would). */
  setBranch(branch: string, oid: string): void {
    git(this.gitdir, ['update-ref', `refs/heads/${branch}`, oid]);
  }

  rev(rev: string): string {
    return git(this.gitdir, ['rev-parse', rev]);
  }
}
