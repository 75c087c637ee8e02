// What a relist means to a receiver that follows a collection by events: the objects gone since the
// last list (DELETED, first, so the state keeps no ghost), then the new (ADDED) and the changed ones
// (MODIFIED: another resourceVersion). Pure: ListWatch emits these and keeps the returned `known`.
import type { KubeObject, WatchEventType } from './list-watch.ts';

/** What the loop remembers of an object between lists: enough to tell it changed and to name it when gone. */
export interface Known {
  rv: string;
  namespace?: string;
  name?: string;
}

/** The events that bring a receiver from `known` (by uid) to the listed `objects`, and what is known after. */
export function relistEvents(known: ReadonlyMap<string, Known>, objects: readonly KubeObject[]): { events: Array<[WatchEventType, KubeObject]>; known: Map<string, Known> } {
  const seen = new Map<string, Known>();
  for (const it of objects) {
    const uid = it.metadata?.uid;
    if (uid) seen.set(uid, { rv: it.metadata?.resourceVersion ?? '', namespace: it.metadata?.namespace, name: it.metadata?.name });
  }
  const events: Array<[WatchEventType, KubeObject]> = [];
  for (const [uid, k] of known) {
    if (!seen.has(uid)) events.push(['DELETED', { metadata: { uid, name: k.name, namespace: k.namespace, resourceVersion: k.rv } }]);
  }
  for (const it of objects) {
    const uid = it.metadata?.uid;
    if (!uid) continue;
    const before = known.get(uid);
    if (!before) events.push(['ADDED', it]);
    else if (before.rv !== it.metadata?.resourceVersion) events.push(['MODIFIED', it]);
  }
  return { events, known: seen };
}
