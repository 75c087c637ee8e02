import { diff3Merge } from 'node-diff3';
import { commitBody, readCommit, type CommitObject } from './commits.ts';
import type { ObjectStore } from './objects.ts';
import { diffTrees, isTree, parseTree, serializeTree, sortTreeEntries, treeLookup, TREE_MODE, type TreeChange, type TreeEntry, type TreeFile } from './tree.ts';
import { GitError, type GitIdentity } from './types.ts';

/** Edits to a tree: a file (or null to delete) per repository-relative path. */
export type TreeEdits = Map<string, TreeFile | null>;

/** Writes a new tree with `edits` applied to `root`, reading and writing only the folders on edited paths. */
export function updateTree(store: ObjectStore, root: string | null, edits: TreeEdits): string {
  const apply = (oid: string | null, list: Array<[string, TreeFile | null]>): string | null => {
    const entries = new Map<string, TreeEntry>();
    if (oid) for (const e of parseTree(store.readTyped(oid, 'tree'))) entries.set(e.name, e);
    const sub = new Map<string, Array<[string, TreeFile | null]>>();
    for (const [p, f] of list) {
      const slash = p.indexOf('/');
      if (slash < 0) {
        if (f) entries.set(p, { mode: f.mode.toString(8), name: p, oid: f.oid });
        else entries.delete(p);
      } else {
        const name = p.slice(0, slash);
        const l = sub.get(name) ?? [];
        l.push([p.slice(slash + 1), f]);
        sub.set(name, l);
      }
    }
    for (const [name, l] of sub) {
      const cur = entries.get(name);
      const child = apply(cur && isTree(cur.mode) ? cur.oid : null, l);
      if (child) entries.set(name, { mode: TREE_MODE, name, oid: child });
      else entries.delete(name);
    }
    if (entries.size === 0) return null;
    return store.write('tree', serializeTree(sortTreeEntries([...entries.values()])), { fsync: true });
  };
  return apply(root, [...edits]) ?? store.write('tree', Buffer.alloc(0), { fsync: true });
}

const same = (a: TreeFile | undefined, b: TreeFile | undefined) => (a === undefined ? b === undefined : b !== undefined && a.oid === b.oid && a.mode === b.mode);

/** Lines with their line ends, so a merge keeps CRLF, a missing last newline and every byte. */
function linesOf(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/**
 * Three-way merge of one file (diff3 on the merge base, node-diff3; it agrees with `git merge-file`
 * on the differential test): undefined when both sides changed the same or adjacent lines, or when
 * the file is binary (git does not merge those either). `ours` is the side being rebased onto.
 */
export function mergeFile(base: Buffer, ours: Buffer, theirs: Buffer): Buffer | undefined {
  if (!isText(base) || !isText(ours) || !isText(theirs)) return undefined;
  const regions = diff3Merge(linesOf(ours.toString('utf8')), linesOf(base.toString('utf8')), linesOf(theirs.toString('utf8')));
  const out: string[] = [];
  for (const r of regions) {
    if (!r.ok) return undefined;
    out.push(...r.ok);
  }
  return Buffer.from(out.join(''), 'utf8');
}

/** Text git would merge: no NUL byte in the first 8,000 bytes (git's buffer_is_binary) and valid UTF-8. */
function isText(b: Buffer): boolean {
  if (b.subarray(0, 8000).includes(0)) return false;
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/**
 * Files of a repository that are made from other files (Gantry's rendered/ from its specs): a
 * replayed commit does not merge them but has them made again from its merged result.
 */
export interface DerivedFiles {
  /** Whether the commit's changes (on `tree`, the tree it is replayed onto) make derived files again. */
  regenerates(store: ObjectStore, tree: string, changes: readonly TreeChange[]): boolean;
  /** A derived path (left out of the merge when the commit regenerates). */
  isDerived(path: string): boolean;
  /** After a commit's edits made `tree`: the derived files' edits (empty when nothing changes). */
  after(store: ObjectStore, tree: string, edits: TreeEdits, regenerated: boolean): TreeEdits;
}

export interface RebaseResult {
  head: string;
  /** Rebased commits, oldest first (new ids). */
  commits: string[];
}

/**
 * Replays `commits` (oldest first) onto `onto`, in memory: only objects are written, no ref,
 * index or working file, so a conflict leaves the repository exactly as it was. Each commit's
 * edits are applied file by file (a text file changed on both sides is merged when the hunks do
 * not collide). Files `derived` names are not merged but made again from the merged result
 * (the workspace sync passes rendered/, so it always matches the merged specs). Throws GitError 'merge-conflict' naming the files.
 */
export function rebaseCommits(store: ObjectStore, opts: { onto: string; commits: readonly CommitObject[]; committer: GitIdentity; date?: Date; derived?: DerivedFiles }): RebaseResult {
  let base = opts.onto;
  let tree = readCommit(store, base).tree;
  const out: string[] = [];
  for (const c of opts.commits) {
    const parentTree = c.parents[0] ? readCommit(store, c.parents[0]).tree : null;
    const changes = diffTrees(store, parentTree, c.tree);
    const regenerate = opts.derived?.regenerates(store, tree, changes) ?? false;
    const edits: TreeEdits = new Map();
    const conflicts: string[] = [];
    for (const ch of changes) {
      if (regenerate && opts.derived!.isDerived(ch.path)) continue; // made again below
      const cur = treeLookup(store, tree, ch.path);
      if (same(cur, ch.after)) continue;
      if (same(cur, ch.before)) {
        edits.set(ch.path, ch.after ?? null);
        continue;
      }
      if (ch.before && ch.after && cur && ch.before.mode === ch.after.mode && cur.mode === ch.after.mode) {
        const merged = mergeFile(store.readTyped(ch.before.oid, 'blob'), store.readTyped(cur.oid, 'blob'), store.readTyped(ch.after.oid, 'blob'));
        if (merged !== undefined) {
          edits.set(ch.path, { oid: store.write('blob', merged, { fsync: true }), mode: ch.after.mode });
          continue;
        }
      }
      conflicts.push(ch.path);
    }
    if (conflicts.length) {
      const subject = c.message.split('\n')[0];
      throw new GitError(
        'merge-conflict',
        `Pull stopped: your commit "${subject}" and the remote both changed ${conflicts.join(', ')}. Nothing was changed: your commits are still there, unpushed. Redo that change on top of the remote version (discard your commit or edit the file), then commit and push again.`,
        { files: conflicts, commit: { oid: c.oid, message: c.message } },
      );
    }
    tree = updateTree(store, tree, edits);
    if (opts.derived) {
      const more = opts.derived.after(store, tree, edits, regenerate);
      if (more.size) tree = updateTree(store, tree, more);
    }
    const date = opts.date ?? new Date();
    const body = commitBody({
      tree,
      parents: [base],
      author: c.author,
      authorDate: new Date(c.author.timestamp * 1000),
      authorTz: c.author.tz,
      committer: opts.committer,
      commitDate: date,
      message: c.message,
    });
    base = store.write('commit', body, { fsync: true });
    out.push(base);
  }
  return { head: base, commits: out };
}
