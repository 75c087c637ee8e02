import { anyExtFlag, cacheTreeRoot, EXT_INTENT_TO_ADD, stageOf, type GitIndex, type IndexEntry } from './index-file.ts';
import type { ObjectStore } from './objects.ts';
import { buildIndexTrees, commitTree, isTree, parseTree, readTreeFlat, treeLookup, type TreeFile } from './tree.ts';
import type { FileChange } from './types.ts';
import { MODE_LINK } from './worktree-files.ts';
import { gitBefore } from './git-order.ts';

/** How a tracked file differs from its index entry. */
export interface WtChange {
  kind: 'M' | 'D' | 'T';
  /** The working-tree blob id, when the file was hashed. */
  oid?: string;
}

/**
 * The paths whose index entry differs from HEAD, with HEAD's file (null: not in HEAD). The index's
 * cache-tree decides most of it: equal tree ids mean equal folders, so only differing folders of
 * HEAD are read.
 */
export function headIndexDiff(store: ObjectStore, headOid: string | undefined, index: GitIndex, conflicts: boolean): Map<string, TreeFile | null> {
  const diff = new Map<string, TreeFile | null>();
  const headTree = headOid ? commitTree(store, headOid) : undefined;
  const staged = conflicts ? { ...index, entries: index.entries.filter((e) => stageOf(e) === 0), cacheTree: new Map() } : index;
  // An intent-to-add entry (`git add -N`) is always listed, with HEAD's file (null: none), and
  // porcelainChanges leaves it out of HEAD-vs-index as git does.
  const ita = (e: IndexEntry) => (e.extFlags & EXT_INTENT_TO_ADD) !== 0;
  if (!headTree) {
    for (const e of staged.entries) diff.set(e.path, null);
    return diff;
  }
  // Trees leave intent-to-add entries out, so equal trees can hide them: list them first.
  if (anyExtFlag(staged, EXT_INTENT_TO_ADD)) for (const e of staged.entries) if (ita(e)) diff.set(e.path, treeLookup(store, headTree, e.path) ?? null);
  const root = cacheTreeRoot(staged) ?? buildIndexTrees(staged);
  if (root === headTree) return diff;
  const entries = staged.entries;
  const walk = (dir: string, treeOid: string | undefined, start: number, end: number) => {
    const prefix = dir ? `${dir}/` : '';
    const files = new Map<string, TreeFile>();
    const trees = new Map<string, string>();
    for (const h of treeOid ? parseTree(store.readTyped(treeOid, 'tree')) : []) {
      if (isTree(h.mode)) trees.set(h.name, h.oid);
      else files.set(h.name, { oid: h.oid, mode: parseInt(h.mode, 8) });
    }
    let i = start;
    while (i < end) {
      const e = entries[i]!;
      const slash = e.path.indexOf('/', prefix.length);
      if (slash < 0) {
        const name = e.path.slice(prefix.length);
        const h = files.get(name);
        files.delete(name);
        if (ita(e)) {
          i++;
          continue;
        }
        if (!h) diff.set(e.path, null);
        else if (h.oid !== e.oid || h.mode !== e.mode) diff.set(e.path, h);
        i++;
        continue;
      }
      const name = e.path.slice(prefix.length, slash);
      const sub = `${prefix}${name}`;
      const stop = `${sub}0`;
      let j = i;
      while (j < end && gitBefore(entries[j]!.path, stop)) j++;
      const h = trees.get(name);
      trees.delete(name);
      if (!h || staged.cacheTree.get(sub)?.oid !== h) walk(sub, h, i, j);
      i = j;
    }
    for (const [name, f] of files) diff.set(`${prefix}${name}`, f);
    for (const [name, oid] of trees) for (const [fp, f] of readTreeFlat(store, oid, () => true, `${prefix}${name}`)) diff.set(fp, f);
  };
  walk('', headTree, 0, entries.length);
  return diff;
}

const STAGE_CODES: Record<number, string> = { 2: 'DD', 4: 'AU', 6: 'UD', 8: 'UA', 10: 'DU', 12: 'AA', 14: 'UU' };

/**
 * The changes as `git status --porcelain -uall --no-renames` lists them: tracked paths sorted,
 * each with its two letters (index vs HEAD, working tree vs index), then untracked paths.
 */
export function porcelainChanges(s: {
  headDiff: ReadonlyMap<string, TreeFile | null>;
  index: { get(path: string): IndexEntry | undefined };
  worktree: ReadonlyMap<string, WtChange>;
  conflicted: ReadonlyMap<string, number>;
  untracked: ReadonlySet<string>;
}): FileChange[] {
  const out: FileChange[] = [];
  const paths = new Set<string>([...s.headDiff.keys(), ...s.worktree.keys(), ...s.conflicted.keys()]);
  for (const p of [...paths].sort()) {
    const stages = s.conflicted.get(p);
    if (stages !== undefined) {
      out.push({ path: p, change: 'modified', xy: STAGE_CODES[stages] ?? 'UU' });
      continue;
    }
    const e = s.index.get(p);
    const intentToAdd = e !== undefined && (e.extFlags & EXT_INTENT_TO_ADD) !== 0;
    let x = ' ';
    if (s.headDiff.has(p)) {
      const h = s.headDiff.get(p);
      // Not staged yet: ' ' when HEAD has no such file, 'D' after `git rm --cached` of HEAD's file.
      if (intentToAdd) x = h ? 'D' : ' ';
      else if (!e) x = 'D';
      else if (h === null) x = 'A';
      else x = (h!.mode === MODE_LINK) !== (e.mode === MODE_LINK) ? 'T' : 'M';
    }
    let y = e ? (s.worktree.get(p)?.kind ?? ' ') : ' ';
    // `git add -N`: the file is meant to be added, not yet staged; git shows ` A` (or ` D` once it is
    // gone), and `DA` after `git rm --cached` of a file of HEAD then `git add -N` of it.
    if (intentToAdd && y !== 'D') y = 'A';
    if (x === ' ' && y === ' ') continue;
    const change: FileChange['change'] = x === 'A' || y === 'A' ? 'added' : x === 'D' || y === 'D' ? 'deleted' : 'modified';
    out.push({ path: p, change, xy: `${x}${y}` });
  }
  for (const p of [...s.untracked].sort()) out.push({ path: p, change: 'added', xy: '??' });
  return out;
}
