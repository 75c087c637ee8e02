import { PathGuard, readFileNoFollow } from '../path-safety.ts';
import { AttributeRules, indexFirst, worktreeFirst, type AttrValue } from './attributes.ts';
import type { GitConfig } from './config.ts';
import { crlfAction, eolConfig, toGit, toWorktree, type CleanResult, type EolConfig } from './eol.ts';
import type { ObjectStore } from './objects.ts';
import { GitError } from './types.ts';
import { blobId, MODE_LINK } from './worktree-files.ts';

/**
 * What git does to a file's bytes between the working tree and the object store, per path: the
 * end-of-line conversion of eol.ts under the path's attributes (attributes.ts). What Gantry does
 * not do itself (a configured `filter=` driver such as Git LFS, `working-tree-encoding`, `ident`
 * on content holding `$Id`) is named by `refusal`, so that commit and checkout refuse that path
 * instead of storing or writing something git would not.
 */
export class Conversions {
  private readonly rules: AttributeRules;
  private readonly cfg: EolConfig;
  private readonly cache = new Map<string, Map<string, AttrValue>>();

  constructor(
    gitdir: string,
    private readonly config: GitConfig,
    private readonly store: ObjectStore,
    private readonly indexOid: (rel: string) => string | undefined,
    source: 'worktree-first' | 'index-first',
    root: string,
    /** Files a checkout removes before it writes (git unlinks them first): their working copy does not count. */
    removed?: (rel: string) => boolean,
  ) {
    this.cfg = eolConfig(config);
    const guard = new PathGuard(root);
    const readWorktree = (rel: string) => {
      if (removed?.(rel)) return undefined;
      try {
        const abs = guard.resolveExisting(rel);
        return abs ? readFileNoFollow(abs).toString('utf8') : undefined;
      } catch {
        return undefined;
      }
    };
    const readIndex = (rel: string) => {
      const oid = this.indexOid(rel);
      if (!oid) return undefined;
      try {
        return store.readTyped(oid, 'blob').toString('utf8');
      } catch {
        return undefined;
      }
    };
    this.rules = new AttributeRules(gitdir, config, source === 'worktree-first' ? worktreeFirst(readWorktree, readIndex) : indexFirst(readWorktree, readIndex));
  }

  attributes(rel: string): Map<string, AttrValue> {
    let a = this.cache.get(rel);
    if (!a) {
      a = this.rules.get(rel);
      this.cache.set(rel, a);
    }
    return a;
  }

  /**
   * Why Gantry cannot convert `rel` as git would (undefined: it can). `content` is the file or blob
   * when known (an `ident` file without `$Id` converts to itself).
   */
  refusal(rel: string, content?: Uint8Array | (() => Uint8Array)): string | undefined {
    const a = this.attributes(rel);
    const filter = a.get('filter');
    if (typeof filter === 'string') {
      const driver = ['clean', 'smudge', 'process', 'required'].some((k) => this.config.get(`filter.${filter}.${k}`) !== undefined);
      if (driver) return `${rel} goes through the "${filter}" filter (filter=${filter} in .gitattributes${filter === 'lfs' ? ': Git LFS' : ''}), which Gantry does not run; use the git CLI for it.`;
    }
    const enc = a.get('working-tree-encoding');
    if (typeof enc === 'string' && !/^utf-?8$/i.test(enc)) return `${rel} is kept in ${enc} in the working tree (working-tree-encoding), which Gantry does not convert; use the git CLI for it.`;
    if (a.get('ident') === true) {
      const bytes = typeof content === 'function' ? content() : content;
      if (bytes && !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('$Id')) return undefined;
      return `${rel} has the ident attribute ($Id$ expansion), which Gantry does not do; use the git CLI for it.`;
    }
    return undefined;
  }

  /** The blob content git stores for working-tree `content` of `rel` (end-of-line conversion only). */
  clean(rel: string, content: Buffer): CleanResult {
    const action = crlfAction(this.attributes(rel), this.cfg);
    return toGit(rel, content, action, this.cfg, () => {
      const oid = this.indexOid(rel);
      return oid ? this.store.readTyped(oid, 'blob') : undefined;
    });
  }

  /** The working-tree bytes git writes for blob `content` of `rel`. */
  smudge(rel: string, content: Buffer): Buffer {
    return toWorktree(content, crlfAction(this.attributes(rel), this.cfg), this.cfg);
  }
}

/** A snapshot of a working file with its content and blob id as git would store them. */
export function cleanSnapshot<T extends { content: Buffer; oid: string; mode: number }>(conv: Conversions, rel: string, snap: T): T & { irreversible?: string } {
  if (snap.mode === MODE_LINK) return snap;
  const r = conv.clean(rel, snap.content);
  if (r.content === snap.content && !r.irreversible) return snap;
  return { ...snap, content: r.content, oid: r.content === snap.content ? snap.oid : blobId(r.content), ...(r.irreversible ? { irreversible: r.irreversible } : {}) };
}

/**
 * The snapshot `git add` would store for `rel`, or GitError 'not-supported' when Gantry cannot
 * convert it as git would (a filter driver, working-tree-encoding, ident) or git would refuse it
 * (core.safecrlf = true and the conversion would not round-trip).
 */
export function stageableSnapshot<T extends { content: Buffer; oid: string; mode: number }>(conv: Conversions, rel: string, snap: T): T {
  const why = snap.mode === MODE_LINK ? undefined : conv.refusal(rel, snap.content);
  if (why) throw new GitError('not-supported', `Not committing: ${why} Nothing was committed.`, { path: rel, reason: why });
  const clean = cleanSnapshot(conv, rel, snap);
  if (clean.irreversible) {
    throw new GitError('not-supported', `Not committing: ${clean.irreversible} (core.safecrlf is true, so git refuses this too). Fix the line endings of ${rel}, or set core.safecrlf to warn. Nothing was committed.`, { path: rel, reason: clean.irreversible });
  }
  const { irreversible: _, ...rest } = clean;
  return rest as T;
}
