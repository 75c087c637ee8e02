// Watch state: what the host knows of each cluster, kept as slim projections keyed by cluster, kind
// and uid, updated by one pure function per watch event. Updates are immutable and share every
// part they do not touch, so "did this change" is an identity check: a kind's set is split into
// fixed buckets by uid, and an event copies one bucket, never the whole set (50,000 pods stay cheap).
import { deepEqual } from './equal.ts';
import { record, text } from './json.ts';
import type { LiveKind } from './kinds.ts';
import type { Projection } from './projection-types.ts';
import { project } from './projections.ts';

const BUCKETS = 64;

type Bucket = Readonly<Record<string, Projection>>;

/** Where a kind's watch stands, as far as the events say. */
export type KindPhase = 'live' | 'expired' | 'error';

/** Every object of one kind in one cluster. */
export interface KindSet {
  readonly phase: KindPhase;
  /** The resourceVersion to resume the watch from (last list, event or bookmark). */
  readonly resourceVersion?: string;
  /** The API's Status of the last ERROR event (403 forbidden, 410 expired, ...), until the watch is live again. */
  readonly error?: { readonly code?: number; readonly reason?: string; readonly message: string };
  readonly size: number;
  readonly buckets: readonly Bucket[];
}

export interface ClusterState {
  readonly kinds: Readonly<Partial<Record<LiveKind, KindSet>>>;
}

export interface LiveState {
  readonly clusters: Readonly<Record<string, ClusterState>>;
}

interface EventBase {
  cluster: string;
  kind: LiveKind;
}

/**
 * One thing the host's list/watch loop saw. ADDED / MODIFIED / DELETED / BOOKMARK / ERROR are the
 * watch's own events (`object` is the event's object, for ERROR a metav1.Status); RELIST is a whole
 * list (every chunk put together), which replaces the kind's set: what it lacks was deleted meanwhile.
 */
export type WatchEvent =
  | (EventBase & { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: unknown })
  | (EventBase & { type: 'BOOKMARK'; resourceVersion: string })
  | (EventBase & { type: 'ERROR'; status: unknown })
  | (EventBase & { type: 'RELIST'; objects: readonly unknown[]; resourceVersion?: string });

export interface ApplyResult {
  /** The new state; the very same object as the input when nothing changed. */
  state: LiveState;
  /** liveKey of every projection added, changed or removed. */
  changedKeys: readonly string[];
  /** The kind's phase or error changed (a screen shows "forbidden" or "resyncing"). */
  statusChanged: boolean;
  /** The watch's resourceVersion is gone (410 Gone / Expired): list again, then send RELIST. */
  relist: boolean;
}

export const EMPTY_STATE: LiveState = { clusters: {} };

const EMPTY_BUCKETS: readonly Bucket[] = Array.from({ length: BUCKETS }, () => ({}));

/** `<cluster>/<kind>/<uid>`: the key a change is reported under. */
export function liveKey(cluster: string, kind: LiveKind, uid: string): string {
  return `${cluster}/${kind}/${uid}`;
}

/** The parts of a liveKey (the uid may itself hold a "/" for objects without one). */
export function parseLiveKey(key: string): { cluster: string; kind: LiveKind; uid: string } {
  const a = key.indexOf('/');
  const b = key.indexOf('/', a + 1);
  return { cluster: key.slice(0, a), kind: key.slice(a + 1, b) as LiveKind, uid: key.slice(b + 1) };
}

function bucketOf(uid: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < uid.length; i++) h = Math.imul(h ^ uid.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

/** The projection of `uid`, if the set holds it. */
export function getItem(set: KindSet | undefined, uid: string): Projection | undefined {
  return set?.buckets[bucketOf(uid)]![uid];
}

/** Every projection of a kind set (bucket order: stable for a given set of uids, not sorted). */
export function* itemsOf(set: KindSet | undefined): Generator<Projection> {
  if (!set) return;
  for (const bucket of set.buckets) for (const uid in bucket) yield bucket[uid]!;
}

/** Every projection of `kind` in a cluster, typed. */
export function itemsOfKind<K extends LiveKind>(cluster: ClusterState | undefined, kind: K): Array<Extract<Projection, { kind: K }>> {
  return [...itemsOf(cluster?.kinds[kind])] as Array<Extract<Projection, { kind: K }>>;
}

/** Same projection for the screens: equal in everything but resourceVersion. */
function sameView(a: Projection, b: Projection): boolean {
  const { resourceVersion: _a, ...ra } = a;
  const { resourceVersion: _b, ...rb } = b;
  return deepEqual(ra, rb);
}

function withKind(state: LiveState, cluster: string, kind: LiveKind, set: KindSet): LiveState {
  const c = state.clusters[cluster] ?? { kinds: {} };
  return { clusters: { ...state.clusters, [cluster]: { kinds: { ...c.kinds, [kind]: set } } } };
}

function unchanged(state: LiveState): ApplyResult {
  return { state, changedKeys: [], statusChanged: false, relist: false };
}

function statusOf(value: unknown): NonNullable<KindSet['error']> {
  const s = record(value);
  const code = typeof s?.code === 'number' ? s.code : undefined;
  const reason = text(s?.reason);
  const message = text(s?.message) ?? reason ?? 'the watch failed';
  return { ...(code !== undefined ? { code } : {}), ...(reason ? { reason } : {}), message };
}

function rvOf(obj: unknown): string | undefined {
  return text(record(record(obj)?.metadata)?.resourceVersion);
}

/** A set that is live again, with `rv` when known. Keeps identity when neither changes. */
function liveSet(set: KindSet, rv: string | undefined, buckets = set.buckets, size = set.size): KindSet {
  const resourceVersion = rv ?? set.resourceVersion;
  if (set.phase === 'live' && resourceVersion === set.resourceVersion && buckets === set.buckets) return set;
  return { phase: 'live', ...(resourceVersion !== undefined ? { resourceVersion } : {}), size, buckets };
}

function applyObject(state: LiveState, set: KindSet, ev: Extract<WatchEvent, { object: unknown }>): ApplyResult {
  const { cluster, kind } = ev;
  const view = project(kind, ev.object);
  const statusChanged = set.phase !== 'live';
  if (!view) return unchanged(state);
  const i = bucketOf(view.uid);
  const bucket = set.buckets[i]!;
  const old = bucket[view.uid];
  let next: Bucket | undefined;
  let size = set.size;
  if (ev.type === 'DELETED') {
    if (old) {
      const { [view.uid]: _gone, ...rest } = bucket;
      next = rest;
      size--;
    }
  } else if (!old || !sameView(old, view)) {
    next = { ...bucket, [view.uid]: view };
    if (!old) size++;
  }
  const rv = rvOf(ev.object);
  if (!next) {
    const kept = liveSet(set, rv);
    return { state: kept === set ? state : withKind(state, cluster, kind, kept), changedKeys: [], statusChanged, relist: false };
  }
  const buckets = set.buckets.slice();
  buckets[i] = next;
  return { state: withKind(state, cluster, kind, liveSet(set, rv, buckets, size)), changedKeys: [liveKey(cluster, kind, view.uid)], statusChanged, relist: false };
}

function applyRelist(state: LiveState, set: KindSet | undefined, ev: Extract<WatchEvent, { type: 'RELIST' }>): ApplyResult {
  const { cluster, kind } = ev;
  const fresh: Array<Record<string, Projection>> = Array.from({ length: BUCKETS }, () => ({}));
  const changed: string[] = [];
  let size = 0;
  for (const obj of ev.objects) {
    const view = project(kind, obj);
    if (!view) continue;
    const i = bucketOf(view.uid);
    const old = set?.buckets[i]![view.uid];
    if (!fresh[i]![view.uid]) size++;
    if (old && sameView(old, view)) fresh[i]![view.uid] = old;
    else {
      fresh[i]![view.uid] = view;
      changed.push(liveKey(cluster, kind, view.uid));
    }
  }
  const buckets = fresh.map((b, i) => {
    const before = set?.buckets[i] ?? EMPTY_BUCKETS[i]!;
    let same = Object.keys(before).length === Object.keys(b).length;
    for (const uid in before) {
      if (!(uid in b)) {
        // No ghosts: what the new list lacks was deleted while the watch was down.
        changed.push(liveKey(cluster, kind, uid));
        same = false;
      } else if (b[uid] !== before[uid]) same = false;
    }
    return same ? before : b;
  });
  const statusChanged = set === undefined || set.phase !== 'live';
  const next: KindSet = { phase: 'live', ...(ev.resourceVersion ? { resourceVersion: ev.resourceVersion } : {}), size, buckets };
  return { state: withKind(state, cluster, kind, next), changedKeys: changed, statusChanged, relist: false };
}

/**
 * Applies one watch event. Returns the new state (the same object when nothing the screens show
 * changed), the keys of the projections that changed, and whether the kind must be listed again.
 *
 * - ADDED / MODIFIED: stores the projection; one equal to the stored one (say only resourceVersion
 *   moved) keeps the stored object. DELETED removes it (unknown uids are ignored).
 * - BOOKMARK: only the resourceVersion to resume from moves.
 * - ERROR: 410 (Gone / Expired) marks the kind 'expired' and asks for a relist; any other Status
 *   (403 forbidden, 500) marks it 'error' with the API's message. Objects are kept (shown as stale)
 *   until the next list.
 * - RELIST: the kind's set becomes exactly the list; objects missing from it are reported deleted.
 */
export function applyWatchEvent(state: LiveState, ev: WatchEvent): ApplyResult {
  const set = state.clusters[ev.cluster]?.kinds[ev.kind];
  if (ev.type === 'RELIST') return applyRelist(state, set, ev);
  const current: KindSet = set ?? { phase: 'live', size: 0, buckets: EMPTY_BUCKETS };
  if (ev.type === 'BOOKMARK') {
    const next = liveSet(current, ev.resourceVersion);
    return { state: next === set ? state : withKind(state, ev.cluster, ev.kind, next), changedKeys: [], statusChanged: current.phase !== 'live', relist: false };
  }
  if (ev.type === 'ERROR') {
    const error = statusOf(ev.status);
    const expired = error.code === 410 || error.reason === 'Expired' || error.reason === 'Gone';
    const phase: KindPhase = expired ? 'expired' : 'error';
    const next: KindSet = { ...current, phase, error };
    const statusChanged = current.phase !== phase || !deepEqual(current.error, error);
    return { state: statusChanged || !set ? withKind(state, ev.cluster, ev.kind, next) : state, changedKeys: [], statusChanged, relist: expired };
  }
  return applyObject(state, current, ev);
}

/** Forgets a cluster (disconnected, or removed from the workspace); the keys of all it held. */
export function dropCluster(state: LiveState, cluster: string): ApplyResult {
  const c = state.clusters[cluster];
  if (!c) return unchanged(state);
  const changedKeys: string[] = [];
  for (const [kind, set] of Object.entries(c.kinds) as Array<[LiveKind, KindSet]>) {
    for (const item of itemsOf(set)) changedKeys.push(liveKey(cluster, kind, item.uid));
  }
  const { [cluster]: _gone, ...rest } = state.clusters;
  return { state: { clusters: rest }, changedKeys, statusChanged: true, relist: false };
}
