import { readFileSync } from 'node:fs';
import type { ObjectStore } from './objects.ts';
import { tzOffset } from './refs.ts';
import type { CommitInfo, GitIdentity } from './types.ts';
import { commonFile } from './gitdirs.ts';

/** A parsed commit object. */
export interface CommitObject {
  oid: string;
  tree: string;
  parents: string[];
  author: GitIdentity & { timestamp: number; tz: string };
  committer: GitIdentity & { timestamp: number; tz: string };
  message: string;
}

function parsePerson(line: string): GitIdentity & { timestamp: number; tz: string } {
  const m = /^(.*?) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: '', timestamp: 0, tz: '+0000' };
  return { name: m[1]!, email: m[2]!, timestamp: Number(m[3]), tz: m[4]! };
}

export function parseCommit(oid: string, data: Buffer): CommitObject {
  const text = data.toString('utf8');
  const end = text.indexOf('\n\n');
  const header = end < 0 ? text : text.slice(0, end);
  const message = end < 0 ? '' : text.slice(end + 2);
  const c: CommitObject = {
    oid,
    tree: '',
    parents: [],
    author: parsePerson(''),
    committer: parsePerson(''),
    message,
  };
  for (const line of header.split('\n')) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (gpgsig)
    const sp = line.indexOf(' ');
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'tree') c.tree = value;
    else if (key === 'parent') c.parents.push(value);
    else if (key === 'author') c.author = parsePerson(value);
    else if (key === 'committer') c.committer = parsePerson(value);
  }
  return c;
}

/** Reads a commit, peeling annotated tags. */
export function readCommit(store: ObjectStore, oid: string): CommitObject {
  let id = oid;
  for (let i = 0; i < 5; i++) {
    const obj = store.read(id);
    if (obj.type === 'commit') return parseCommit(id, obj.data);
    if (obj.type !== 'tag') break;
    id = /^object ([0-9a-f]{40})/.exec(obj.data.toString('utf8'))![1]!;
  }
  throw new Error(`${oid} is not a commit`);
}

export function toCommitInfo(c: CommitObject): CommitInfo {
  return {
    oid: c.oid,
    message: c.message,
    author: { name: c.author.name, email: c.author.email, timestamp: c.author.timestamp },
    committer: { name: c.committer.name, email: c.committer.email, timestamp: c.committer.timestamp },
    parents: c.parents,
    tree: c.tree,
  };
}

/** git's default message cleanup for `-m`: no trailing spaces, no leading/trailing blank lines, one final newline. */
export function cleanMessage(message: string): string {
  const lines = message.replace(/\r\n/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  const out: string[] = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? `${out.join('\n')}\n` : '';
}

function person(who: GitIdentity, date: Date, tz?: string): string {
  return `${who.name.replace(/[<>\n]/g, '')} <${who.email.replace(/[<>\n]/g, '')}> ${Math.floor(date.getTime() / 1000)} ${tz ?? tzOffset(date)}`;
}

/** The bytes of a commit object. */
export function commitBody(opts: {
  tree: string;
  parents: readonly string[];
  author: GitIdentity;
  authorDate: Date;
  authorTz?: string;
  committer: GitIdentity;
  commitDate: Date;
  message: string;
}): Buffer {
  const lines = [`tree ${opts.tree}`, ...opts.parents.map((p) => `parent ${p}`), `author ${person(opts.author, opts.authorDate, opts.authorTz)}`, `committer ${person(opts.committer, opts.commitDate)}`];
  return Buffer.from(`${lines.join('\n')}\n\n${opts.message}`, 'utf8');
}

/** Commits listed in `.git/shallow`: their parents are not in the repository. */
export function shallowCommits(gitdir: string): Set<string> {
  try {
    return new Set(readFileSync(commonFile(gitdir, 'shallow'), 'utf8').split('\n').filter((l) => /^[0-9a-f]{40}$/.test(l)));
  } catch {
    return new Set();
  }
}

/**
 * Walks history from `starts` newest first (by committer date), the way `git log` orders it,
 * stopping at shallow boundaries and missing objects.
 */
export function* walkCommits(store: ObjectStore, gitdir: string, starts: readonly string[]): Generator<CommitObject> {
  const shallow = shallowCommits(gitdir);
  const seen = new Set<string>();
  const queue: CommitObject[] = [];
  const push = (oid: string) => {
    if (seen.has(oid)) return;
    seen.add(oid);
    const obj = store.tryRead(oid);
    if (!obj || obj.type !== 'commit') return;
    const c = parseCommit(oid, obj.data);
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.committer.timestamp < c.committer.timestamp) i--;
    queue.splice(i, 0, c);
  };
  for (const s of starts) push(s);
  while (queue.length) {
    const c = queue.shift()!;
    yield c;
    if (!shallow.has(c.oid)) for (const p of c.parents) push(p);
  }
}

/**
 * Commits reachable from `a` but not `b`, and from `b` but not `a` (ahead / behind), by painting
 * both histories newest first until every remaining commit is known to both sides.
 */
export function aheadBehind(store: ObjectStore, gitdir: string, a: string | undefined, b: string | undefined): { ahead: string[]; behind: string[] } {
  if (!a && !b) return { ahead: [], behind: [] };
  if (a === b) return { ahead: [], behind: [] };
  const shallow = shallowCommits(gitdir);
  const flags = new Map<string, number>();
  const commits = new Map<string, CommitObject>();
  const queue: CommitObject[] = [];
  const A = 1;
  const B = 2;
  const add = (oid: string, flag: number) => {
    const f = flags.get(oid) ?? 0;
    if ((f & flag) === flag) return;
    flags.set(oid, f | flag);
    if (f) return; // already queued; its new flag propagates when it is popped
    const obj = store.tryRead(oid);
    if (!obj || obj.type !== 'commit') return;
    const c = parseCommit(oid, obj.data);
    commits.set(oid, c);
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.committer.timestamp < c.committer.timestamp) i--;
    queue.splice(i, 0, c);
  };
  if (a) add(a, A);
  if (b) add(b, B);
  const done = new Set<string>();
  while (queue.length) {
    // Stop when every queued commit is reachable from both sides: nothing older can be one-sided.
    if (queue.every((c) => flags.get(c.oid) === (A | B))) break;
    const c = queue.shift()!;
    done.add(c.oid);
    const f = flags.get(c.oid)!;
    if (!shallow.has(c.oid)) {
      for (const p of c.parents) {
        const pf = flags.get(p) ?? 0;
        if ((pf & f) !== f) {
          if (done.has(p)) {
            // Re-propagate to an already processed commit's ancestors.
            flags.set(p, pf | f);
            queue.unshift(commits.get(p)!);
            done.delete(p);
          } else add(p, f);
        }
      }
    }
  }
  const ahead: string[] = [];
  const behind: string[] = [];
  for (const [oid, f] of flags) {
    if (!commits.has(oid)) continue;
    if (f === A) ahead.push(oid);
    else if (f === B) behind.push(oid);
  }
  const order = (x: string, y: string) => commits.get(y)!.committer.timestamp - commits.get(x)!.committer.timestamp;
  return { ahead: ahead.sort(order), behind: behind.sort(order) };
}

/** A best common ancestor of `a` and `b`, or undefined (unrelated, or cut off by a shallow clone). */
export function mergeBase(store: ObjectStore, gitdir: string, a: string, b: string): string | undefined {
  if (a === b) return a;
  const ancestorsOfB = new Set<string>();
  for (const c of walkCommits(store, gitdir, [b])) ancestorsOfB.add(c.oid);
  for (const c of walkCommits(store, gitdir, [a])) if (ancestorsOfB.has(c.oid)) return c.oid;
  return undefined;
}

/** Whether `ancestor` is reachable from `oid`. */
export function isAncestor(store: ObjectStore, gitdir: string, ancestor: string, oid: string): boolean {
  if (ancestor === oid) return true;
  for (const c of walkCommits(store, gitdir, [oid])) if (c.oid === ancestor) return true;
  return false;
}
