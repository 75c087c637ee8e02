import { componentProblem, UnsafePathError } from '../path-safety.ts';
import type { ObjectStore } from './objects.ts';
import { isTree, parseTree, TREE_MODE, type TreeEntry } from './tree.ts';
import { GitError } from './types.ts';

/**
 * Tree modes git writes. 100664 is what very old git wrote for a group-writable file; fsck accepts
 * it outside --strict and checkout treats it as 100644, so it is accepted here too.
 */
const VALID_MODES = new Set(['100644', '100755', '120000', '160000', TREE_MODE, '100664']);

/** Why one tree's entries are unsafe to check out (git fsck's tree checks), or undefined. */
export function treeEntriesProblem(entries: readonly TreeEntry[]): { name: string; reason: string } | undefined {
  const seen = new Set<string>();
  for (const e of entries) {
    if (!VALID_MODES.has(e.mode)) {
      return { name: e.name, reason: e.mode === '040000' ? 'has a zero-padded mode (040000)' : `has mode ${e.mode}, which git does not write` };
    }
    const reason = componentProblem(e.name, parseInt(e.mode, 8));
    if (reason) return { name: e.name, reason };
    // A file and a folder of one name, or the same name twice: the second would land inside (or through) the first.
    if (seen.has(e.name)) return { name: e.name, reason: 'appears twice in its folder' };
    seen.add(e.name);
  }
  return undefined;
}

/**
 * `err` as the Git layer's GitError 'unsafe-path' when it is a path refusal (`tail` says what
 * became of the work), else `err` itself: for a `catch` that rethrows.
 */
export function asUnsafePathError(err: unknown, tail: string): unknown {
  return err instanceof UnsafePathError ? new GitError('unsafe-path', `${err.message} ${tail}`, { path: err.path, reason: err.reason }) : err;
}

/** Tree ids already found safe, per object store (an object id names the same content forever). */
const verified = new WeakMap<ObjectStore, Set<string>>();

/**
 * Walks tree `to` and throws GitError 'unsafe-path' (naming the path) at the first entry git's
 * fsck would refuse: `.git` in any case or its HFS/NTFS look-alikes, `.`/`..`, a name containing
 * `/` or a backslash, an empty name, a duplicate name, a bad mode, a symlinked `.gitmodules`.
 * Subtrees equal to the same folder in `from` (what the working tree already holds) are skipped,
 * as are trees checked before. `what` names the commit for the message.
 */
export function assertTreeSafe(store: ObjectStore, from: string | null, to: string, what: string): void {
  let done = verified.get(store);
  if (!done) verified.set(store, (done = new Set()));
  const seen = done;
  const walk = (before: string | null, after: string, dir: string) => {
    if (after === before || seen.has(after)) return;
    const entries = parseTree(store.readTyped(after, 'tree'));
    const bad = treeEntriesProblem(entries);
    if (bad) {
      const p = dir ? `${dir}/${bad.name}` : bad.name;
      throw new GitError(
        'unsafe-path',
        `${what} holds ${JSON.stringify(p)}, which ${bad.reason}. Gantry (like git) refuses to check out such a tree, because it could write outside the repository or into .git; nothing was written.`,
        { path: p, reason: bad.reason },
      );
    }
    const old = before ? new Map(parseTree(store.readTyped(before, 'tree')).filter((e) => isTree(e.mode)).map((e) => [e.name, e.oid])) : undefined;
    for (const e of entries) if (isTree(e.mode)) walk(old?.get(e.name) ?? null, e.oid, dir ? `${dir}/${e.name}` : e.name);
    seen.add(after);
  };
  walk(from, to, '');
}
