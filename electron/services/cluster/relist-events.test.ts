// A relist as events: objects deleted while the watch was down go out as DELETED (no ghost), new
// ones as ADDED, changed ones (another resourceVersion) as MODIFIED, unchanged ones not at all.
import { describe, expect, it } from 'vitest';
import { items } from '../../../gitops/core/live/__fixtures__/load.ts';
import type { KubeObject } from './list-watch.ts';
import { relistEvents, type Known } from './relist-events.ts';

describe('relistEvents (what a relist changed)', () => {
  it('deleted first, then added and modified; what is known after is the list', () => {
    const pods = items('pods.json') as KubeObject[];
    expect(pods.length).toBeGreaterThan(3);
    const first = relistEvents(new Map(), pods);
    expect(first.events.map(([t]) => t)).toEqual(pods.map(() => 'ADDED'));
    const [gone, changed, ...same] = pods;
    const changedNow = { ...changed!, metadata: { ...changed!.metadata, resourceVersion: `${changed!.metadata!.resourceVersion}1` } };
    const fresh = { ...same[0]!, metadata: { ...same[0]!.metadata, uid: 'new-uid', name: 'fresh' } };
    const second = relistEvents(first.known, [changedNow, ...same, fresh]);
    expect(second.events.map(([t, o]) => `${t} ${o.metadata?.name}`)).toEqual([`DELETED ${gone!.metadata!.name}`, `MODIFIED ${changed!.metadata!.name}`, 'ADDED fresh']);
    // A DELETED names the object as it was known: uid, name, namespace, its last resourceVersion.
    expect(second.events[0]![1].metadata).toEqual({ uid: gone!.metadata!.uid, name: gone!.metadata!.name, namespace: gone!.metadata!.namespace, resourceVersion: gone!.metadata!.resourceVersion });
    expect([...second.known.keys()].sort()).toEqual([changedNow, ...same, fresh].map((o) => o.metadata!.uid!).sort());
    expect(second.known.get(changed!.metadata!.uid!)).toEqual<Known>({ rv: changedNow.metadata.resourceVersion!, namespace: changed!.metadata!.namespace, name: changed!.metadata!.name });
    // The same list again: nothing to tell.
    expect(relistEvents(second.known, [changedNow, ...same, fresh]).events).toEqual([]);
  });
});
