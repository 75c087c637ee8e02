import { readFileSync, statSync } from 'node:fs';
import { formatBundleHead, parseBundleHead, type BundleHead } from './bundle-format.ts';
import { bundleProblem, readPack, writePack, type PackObjects } from './bundle-pack.ts';
import { aheadBehind, parseCommit, readCommit, shallowCommits, type CommitObject } from './commits.ts';
import { ObjectStore } from './objects.ts';
import type { ObjectType, RawObject } from './pack.ts';
import { readRef, resolveRev } from './refs.ts';
import { upstreamOf } from './remote.ts';
import type { Repository } from './repository.ts';
import { isTree, parseTree } from './tree.ts';
import { assertTreeSafe } from './tree-safety.ts';
import { GitError } from './types.ts';

/** The largest bundle Gantry reads (it is checked in memory before anything is stored). */
export const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;

export interface CreatedBundle {
  /** The bundle file's bytes (`# v2 git bundle`, prerequisites, the ref, a pack). */
  bytes: Buffer;
  ref: string;
  tip: string;
  /** The commits it carries, oldest first (parent before child). */
  commits: CommitObject[];
  /** Commits the receiver must have (`-<oid>` lines). */
  prerequisites: string[];
  objects: number;
}

/**
 * A git bundle of `branch`'s commits that `base` lacks (default: the branch's remote-tracking
 * branch, so `origin/<branch>..<branch>`, the unpushed commits; no remote-tracking branch: the
 * whole history). Like `git bundle create f <base>..<branch>`: the ref is refs/heads/<branch>,
 * the prerequisites are the commits the range builds on, and the pack holds every object of the
 * range's commits that those prerequisites' trees do not (whole objects, no deltas).
 */
export function createBundle(repo: Repository, opts: { branch: string; base?: string }): CreatedBundle {
  const store = repo.objects;
  const ref = `refs/heads/${opts.branch}`;
  const tip = readRef(repo.gitdir, ref);
  if (!tip) throw new GitError('not-found', `There is no branch ${opts.branch} to hand over.`);
  let base: string | undefined;
  if (opts.base !== undefined) {
    base = resolveRev(repo.gitdir, opts.base) ?? (/^[0-9a-f]{40}$/.test(opts.base) && store.has(opts.base) ? opts.base : undefined);
    if (!base) throw new GitError('not-found', `There is no commit or branch ${opts.base} to start the bundle from.`);
  } else base = upstreamOf(repo, opts.branch).trackingOid;
  const range = new Set(aheadBehind(store, repo.gitdir, tip, base).ahead);
  if (range.size === 0) {
    throw new GitError('nothing-to-commit', `Nothing to hand over: ${opts.branch} has no commits that ${opts.base ?? 'the remote'} lacks.`);
  }
  const shallow = shallowCommits(repo.gitdir);
  const commits: CommitObject[] = [];
  const prerequisites = new Map<string, string>();
  // Parent before child: walk from the tip, then reverse a topological order.
  const visit = new Map<string, CommitObject>();
  for (const oid of range) visit.set(oid, readCommit(store, oid));
  const done = new Set<string>();
  const order = (c: CommitObject) => {
    const stack: Array<{ c: CommitObject; i: number }> = [{ c, i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const p = top.c.parents[top.i++];
      if (p === undefined) {
        stack.pop();
        if (!done.has(top.c.oid)) {
          done.add(top.c.oid);
          commits.push(top.c);
        }
        continue;
      }
      const pc = visit.get(p);
      if (pc && !done.has(p)) stack.push({ c: pc, i: 0 });
      else if (!pc && !shallow.has(top.c.oid) && store.has(p)) prerequisites.set(p, readCommit(store, p).message.split('\n')[0]!);
    }
  };
  order(visit.get(tip)!);
  // Objects of the range's commits the receiver lacks: each commit's tree walked against its first
  // parent's, descending only into folders that differ (what the parent has, a receiver with the
  // prerequisites and the earlier commits of the range has too), as git's rev-list --objects does.
  const known = new Set<string>();
  const objects: Array<{ oid: string; type: ObjectType; data: Buffer }> = [];
  const add = (oid: string, type: ObjectType): Buffer | undefined => {
    if (known.has(oid)) return undefined;
    known.add(oid);
    const data = store.readTyped(oid, type);
    objects.push({ oid, type, data });
    return data;
  };
  const walk = (tree: string, before: string | undefined) => {
    if (tree === before) return;
    const data = add(tree, 'tree');
    if (!data) return;
    const old = new Map<string, string>();
    if (before) for (const e of parseTree(store.readTyped(before, 'tree'))) old.set(e.name, e.oid);
    for (const e of parseTree(data)) {
      if (e.mode === '160000') continue;
      const was = old.get(e.name);
      if (was === e.oid) continue;
      if (isTree(e.mode)) walk(e.oid, was);
      else add(e.oid, 'blob');
    }
  };
  for (const c of commits) {
    add(c.oid, 'commit');
    const parent = c.parents[0];
    const parentTree = parent && !shallow.has(c.oid) && store.has(parent) ? readCommit(store, parent).tree : undefined;
    walk(c.tree, parentTree);
  }
  const { pack } = writePack(objects);
  const head = formatBundleHead([...prerequisites].map(([oid, comment]) => ({ oid, comment })), [{ oid: tip, name: ref }]);
  return { bytes: Buffer.concat([head, pack]), ref, tip, commits, prerequisites: [...prerequisites.keys()], objects: objects.length };
}

/** The repository's objects with a checked bundle's on top, read-only: for checks before anything is stored. */
export class OverlayStore extends ObjectStore {
  constructor(
    private readonly under: ObjectStore,
    private readonly extra: PackObjects,
  ) {
    super(under.gitdir);
  }

  override tryRead(oid: string): RawObject | undefined {
    return this.extra.get(oid) ?? this.under.tryRead(oid);
  }

  override has(oid: string): boolean {
    return this.extra.has(oid) || this.under.has(oid);
  }

  override write(): string {
    throw new Error('OverlayStore is read-only');
  }
}

export interface VerifiedBundle {
  file: string;
  head: BundleHead;
  /** Objects the bundle brings that the repository lacks. */
  objects: PackObjects;
  /** The repository and the bundle together (nothing stored yet). */
  store: ObjectStore;
}

/**
 * Reads a bundle file and checks it the way `git bundle verify` and `git fetch` do before a ref
 * moves: the head (signature, prerequisite and reference lines, reference names git accepts),
 * every prerequisite present in the repository, the pack (checksum, every object, delta bases),
 * every reference's history complete from the bundle and the repository together, and every new
 * tree safe to check out (no `.git`, `..`, duplicate names or bad modes). Nothing is written;
 * refusals are GitError 'invalid-bundle', 'not-found' (a missing prerequisite) or 'unsafe-path'.
 */
export function verifyBundle(repo: Repository, file: string, bytes?: Buffer): VerifiedBundle {
  let buf = bytes;
  if (!buf) {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new GitError('not-found', `There is no file ${file}.`);
    }
    if (size > MAX_BUNDLE_BYTES) throw new GitError('invalid-bundle', `${file} is ${Math.round(size / 1048576)} MiB; Gantry reads bundles up to ${MAX_BUNDLE_BYTES / 1048576} MiB. Nothing was written.`);
    buf = readFileSync(file);
  }
  const head = parseBundleHead(buf, file);
  const store = repo.objects;
  const missing = head.prerequisites.filter((p) => {
    const o = store.tryRead(p.oid);
    return !o || o.type !== 'commit';
  });
  if (missing.length) {
    const first = missing[0]!;
    throw new GitError(
      'not-found',
      `${file} builds on ${missing.length === 1 ? 'commit' : `${missing.length} commits, the first`} ${first.oid.slice(0, 7)}${first.comment ? ` ("${first.comment}")` : ''}, which this repository does not have, so its commits cannot be added. Bring this repository up to that commit first (pull, or import the bundle that carries it), or ask for a bundle made from a commit you have (git bundle create <file> <a commit you have>..<branch>). Nothing was written.`,
      { missing: missing.map((m) => m.oid) },
    );
  }
  const problem = bundleProblem(file);
  const objects = readPack(buf.subarray(head.packStart), (oid) => store.tryRead(oid), problem);
  for (const oid of [...objects.keys()]) if (store.has(oid)) objects.delete(oid);
  const all = new OverlayStore(store, objects);
  checkComplete(all, objects, head, problem);
  // Every new commit's tree, not only the tips': a commit in the middle can be checked out by a rebase.
  // Folders equal to the first parent's are skipped: the parent is here already or checked as well.
  for (const [oid, obj] of objects) {
    if (obj.type !== 'commit') continue;
    const c = parseCommit(oid, obj.data);
    const parent = c.parents[0] ? all.tryRead(c.parents[0]) : undefined;
    const from = parent?.type === 'commit' ? parseCommit(c.parents[0]!, parent.data).tree : null;
    assertTreeSafe(all, from, c.tree, `The bundle's commit ${oid.slice(0, 7)}`);
  }
  return { file, head, objects, store: all };
}

/** Every object reachable from the references is in the bundle or the repository (git's connectivity check). */
function checkComplete(all: ObjectStore, objects: PackObjects, head: BundleHead, problem: (why: string) => Error): void {
  const seen = new Set<string>();
  const stack: Array<{ oid: string; type?: ObjectType; from: string }> = head.refs.map((r) => ({ oid: r.oid, from: r.name }));
  while (stack.length) {
    const { oid, type, from } = stack.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const obj = objects.get(oid);
    if (!obj) {
      const there = all.tryRead(oid);
      if (!there) throw problem(`${from} needs the object ${oid.slice(0, 12)}, which neither the bundle nor this repository has`);
      if (type && there.type !== type) throw problem(`${from} names ${oid.slice(0, 12)} as a ${type}, but it is a ${there.type}`);
      continue; // in the repository: its history is there already
    }
    if (type && obj.type !== type) throw problem(`${from} names ${oid.slice(0, 12)} as a ${type}, but it is a ${obj.type}`);
    if (obj.type === 'commit') {
      const c = parseCommit(oid, obj.data);
      if (!/^[0-9a-f]{40}$/.test(c.tree)) throw problem(`the commit ${oid.slice(0, 12)} has no tree`);
      stack.push({ oid: c.tree, type: 'tree', from: `the commit ${oid.slice(0, 7)}` });
      for (const p of c.parents) stack.push({ oid: p, type: 'commit', from: `the commit ${oid.slice(0, 7)}` });
    } else if (obj.type === 'tree') {
      let entries;
      try {
        entries = parseTree(obj.data);
      } catch {
        throw problem(`the tree ${oid.slice(0, 12)} is garbled`);
      }
      for (const e of entries) {
        if (e.mode === '160000') continue;
        stack.push({ oid: e.oid, type: isTree(e.mode) ? 'tree' : 'blob', from: `the tree ${oid.slice(0, 7)}` });
      }
    } else if (obj.type === 'tag') {
      const m = /^object ([0-9a-f]{40})\ntype (\w+)/.exec(obj.data.toString('utf8'));
      if (!m) throw problem(`the tag ${oid.slice(0, 12)} is garbled`);
      stack.push({ oid: m[1]!, type: m[2] as ObjectType, from: `the tag ${oid.slice(0, 7)}` });
    }
  }
}

/** Stores a verified bundle's objects as loose objects (fsync'd before any ref may point at them). */
export async function storeBundleObjects(repo: Repository, verified: VerifiedBundle): Promise<number> {
  const list = [...verified.objects.values()].map((o) => ({ type: o.type, data: o.data }));
  await repo.objects.writeMany(list, { fsync: true });
  return list.length;
}
