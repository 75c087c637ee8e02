// Watch state: what the host knows of each cluster, kept as slim projections keyed by cluster, kind
// and uid, updated by one pure function per watch event. Updates are immutable and share every
// part they do not touch, so "did this change" is an identity check: a kind's set is split into
// namespaces and buckets by uid, and an event copies one bucket, never the whole set (50,000 pods stay cheap).
import { deepEqual } from './equal.ts';
import { record, text } from './json.ts';
import type { LiveKind } from './kinds.ts';
import type { Projection } from './projection-types.ts';
import { project } from './projections.ts';

const BUCKETS = 32;

/** Projections of one namespace (or of a cluster-scoped kind, under ''), in buckets by uid. */
type Bucket = ReadonlyMap<string, Projection>;

export interface NamespaceSet {
  readonly size: number;
  readonly buckets: readonly Bucket[];
}

/** Where a kind's watch stands, as far as the events say. */
export type KindPhase = 'live' | 'expired' | 'error';

/**
 * Every object of one kind in one cluster, by namespace ('' for cluster-scoped kinds), each
 * namespace in buckets by uid: an event copies one bucket, that namespace's bucket list and the
 * namespace map, and everything else stays the same object, so a namespace nobody touched (a shard
 * without events) keeps its identity and its derived figures can be reused.
 */
export interface KindSet {
  readonly phase: KindPhase;
  /** The resourceVersion to resume the watch from (last list, event or bookmark). */
  readonly resourceVersion?: string;
  /** The API's Status of the last ERROR event (403 forbidden, 410 expired, ...), until the watch is live again. */
  readonly error?: { readonly code?: number; readonly reason?: string; readonly message: string };
  readonly size: number;
  readonly namespaces: ReadonlyMap<string, NamespaceSet>;
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
  | (EventBase & {
      type: 'RELIST';
      objects: readonly unknown[];
      resourceVersion?: string;
      /**
       * The objects are already this kind's projections (`project(kind, object)`), made as each list
       * page arrived, so a 50,000-pod list is never held whole. Without it they are API objects.
       */
      projected?: boolean;
    });

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

const EMPTY_NAMESPACES: ReadonlyMap<string, NamespaceSet> = new Map();
const EMPTY_BUCKET: Bucket = new Map();

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

const nsOf = (p: { namespace?: string }) => p.namespace ?? '';

/** The projection of `uid` (in `namespace`, when known; else every namespace is looked in). */
export function getItem(set: KindSet | undefined, uid: string, namespace?: string): Projection | undefined {
  if (!set) return undefined;
  const i = bucketOf(uid);
  if (namespace !== undefined) return set.namespaces.get(namespace)?.buckets[i]!.get(uid);
  for (const ns of set.namespaces.values()) {
    const p = ns.buckets[i]!.get(uid);
    if (p) return p;
  }
  return undefined;
}

/** Every projection of one namespace set. */
export function* itemsOfNamespace(ns: NamespaceSet | undefined): Generator<Projection> {
  if (!ns) return;
  for (const bucket of ns.buckets) yield* bucket.values();
}

/** Every projection of a kind set (stable order for a given set of uids, not sorted). */
export function* itemsOf(set: KindSet | undefined): Generator<Projection> {
  if (!set) return;
  for (const ns of set.namespaces.values()) yield* itemsOfNamespace(ns);
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

/** A set that is live again, with `rv` when known. Keeps identity when nothing changes. */
function liveSet(set: KindSet, rv: string | undefined, namespaces = set.namespaces, size = set.size): KindSet {
  const resourceVersion = rv ?? set.resourceVersion;
  if (set.phase === 'live' && resourceVersion === set.resourceVersion && namespaces === set.namespaces) return set;
  return { phase: 'live', ...(resourceVersion !== undefined ? { resourceVersion } : {}), size, namespaces };
}

function applyObject(state: LiveState, set: KindSet, ev: Extract<WatchEvent, { object: unknown }>): ApplyResult {
  const { cluster, kind } = ev;
  const view = project(kind, ev.object);
  const statusChanged = set.phase !== 'live';
  if (!view) return unchanged(state);
  const ns = nsOf(view);
  const i = bucketOf(view.uid);
  const nsSet = set.namespaces.get(ns);
  const bucket = nsSet?.buckets[i];
  const old = bucket?.get(view.uid);
  let next: Map<string, Projection> | undefined;
  let delta = 0;
  if (ev.type === 'DELETED') {
    if (old) {
      next = new Map(bucket);
      next.delete(view.uid);
      delta = -1;
    }
  } else if (!old || !sameView(old, view)) {
    next = new Map(bucket);
    next.set(view.uid, view);
    if (!old) delta = 1;
  }
  const rv = rvOf(ev.object);
  if (!next) {
    const kept = liveSet(set, rv);
    return { state: kept === set ? state : withKind(state, cluster, kind, kept), changedKeys: [], statusChanged, relist: false };
  }
  const buckets = nsSet ? nsSet.buckets.slice() : Array.from({ length: BUCKETS }, () => EMPTY_BUCKET);
  buckets[i] = next;
  const namespaces = new Map(set.namespaces);
  const nsSize = (nsSet?.size ?? 0) + delta;
  if (nsSize === 0) namespaces.delete(ns);
  else namespaces.set(ns, { size: nsSize, buckets });
  return { state: withKind(state, cluster, kind, liveSet(set, rv, namespaces, set.size + delta)), changedKeys: [liveKey(cluster, kind, view.uid)], statusChanged, relist: false };
}

function applyRelist(state: LiveState, set: KindSet | undefined, ev: Extract<WatchEvent, { type: 'RELIST' }>): ApplyResult {
  const { cluster, kind } = ev;
  const fresh = new Map<string, Array<Map<string, Projection>>>();
  const changed: string[] = [];
  let size = 0;
  for (const obj of ev.objects) {
    const view = ev.projected ? (obj as Projection) : project(kind, obj);
    if (!view) continue;
    const ns = nsOf(view);
    const i = bucketOf(view.uid);
    let buckets = fresh.get(ns);
    if (!buckets) fresh.set(ns, (buckets = Array.from({ length: BUCKETS }, () => new Map<string, Projection>())));
    const old = set?.namespaces.get(ns)?.buckets[i]!.get(view.uid);
    if (!buckets[i]!.has(view.uid)) size++;
    if (old && sameView(old, view)) buckets[i]!.set(view.uid, old);
    else {
      buckets[i]!.set(view.uid, view);
      changed.push(liveKey(cluster, kind, view.uid));
    }
  }
  const namespaces = new Map<string, NamespaceSet>();
  for (const [ns, buckets] of fresh) {
    const before = set?.namespaces.get(ns);
    let same = before !== undefined;
    const kept = buckets.map((b, i) => {
      const prior = before?.buckets[i];
      if (prior && prior.size === b.size && [...b].every(([uid, p]) => prior.get(uid) === p)) return prior;
      same = false;
      return b;
    });
    const count = buckets.reduce((n, b) => n + b.size, 0);
    namespaces.set(ns, same ? before! : { size: count, buckets: kept });
  }
  // No ghosts: what the new list lacks was deleted while the watch was down.
  for (const [ns, before] of set?.namespaces ?? EMPTY_NAMESPACES) {
    const now = fresh.get(ns);
    for (let i = 0; i < BUCKETS; i++) for (const uid of before.buckets[i]!.keys()) if (!now?.[i]!.has(uid)) changed.push(liveKey(cluster, kind, uid));
  }
  const statusChanged = set === undefined || set.phase !== 'live';
  const next: KindSet = { phase: 'live', ...(ev.resourceVersion ? { resourceVersion: ev.resourceVersion } : {}), size, namespaces };
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
  const current: KindSet = set ?? { phase: 'live', size: 0, namespaces: EMPTY_NAMESPACES };
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
