import { describe, expect, it } from 'vitest';
import { items, object, type K8s } from './__fixtures__/load.ts';
import { project } from './projections.ts';
import { applyWatchEvent, dropCluster, EMPTY_STATE, getItem, itemsOf, liveKey, parseLiveKey, type LiveState, type WatchEvent } from './watch-state.ts';

const C = 'aks-weu-prod';
const pods = () => items('pods.json');

function relist(state: LiveState, objects: K8s[], resourceVersion = '100') {
  return applyWatchEvent(state, { cluster: C, kind: 'Pod', type: 'RELIST', objects, resourceVersion });
}

const uidOf = (o: K8s) => o.metadata.uid!;
const names = (s: LiveState) => [...itemsOf(s.clusters[C]?.kinds.Pod)].map((p) => p.name).sort();

describe('applyWatchEvent', () => {
  it('a list fills the kind\'s set and reports every object; the watch resumes from its resourceVersion', () => {
    const r = relist(EMPTY_STATE, pods(), '1234');
    expect(names(r.state)).toEqual(pods().map((p) => p.metadata.name).sort());
    expect(r.changedKeys).toHaveLength(12);
    expect(r.state.clusters[C]!.kinds.Pod).toMatchObject({ phase: 'live', resourceVersion: '1234', size: 12 });
    expect(r.statusChanged).toBe(true);
  });

  it('ADDED, MODIFIED, DELETED change one projection, keep every other object identical, and name the key', () => {
    const [first, ...rest] = pods();
    const s0 = relist(EMPTY_STATE, rest).state;
    const added = applyWatchEvent(s0, { cluster: C, kind: 'Pod', type: 'ADDED', object: first });
    expect(added.changedKeys).toEqual([liveKey(C, 'Pod', uidOf(first!))]);
    const set0 = s0.clusters[C]!.kinds.Pod!;
    const set1 = added.state.clusters[C]!.kinds.Pod!;
    // Only the new pod's namespace changed, and in it only the one bucket holding its uid.
    const ns = first!.metadata.namespace!;
    for (const [name, nsSet] of set1.namespaces) if (name !== ns) expect(nsSet, name).toBe(set0.namespaces.get(name));
    expect(set1.namespaces.get(ns)!.buckets.filter((b, i) => b !== set0.namespaces.get(ns)?.buckets[i])).toHaveLength(1);
    for (const p of rest) expect(getItem(set1, uidOf(p))).toBe(getItem(set0, uidOf(p)));

    const crashing = structuredClone(first!);
    (crashing.status as { phase: string }).phase = 'Failed';
    crashing.metadata.resourceVersion = '999';
    const modified = applyWatchEvent(added.state, { cluster: C, kind: 'Pod', type: 'MODIFIED', object: crashing });
    expect(getItem(modified.state.clusters[C]!.kinds.Pod, uidOf(first!))).toMatchObject({ phase: 'Failed', resourceVersion: '999' });
    expect(modified.state.clusters[C]!.kinds.Pod!.resourceVersion).toBe('999');

    const deleted = applyWatchEvent(modified.state, { cluster: C, kind: 'Pod', type: 'DELETED', object: crashing });
    expect(deleted.changedKeys).toEqual([liveKey(C, 'Pod', uidOf(first!))]);
    expect(names(deleted.state)).toEqual(names(s0));
    expect(deleted.state.clusters[C]!.kinds.Pod!.size).toBe(11);
  });

  it('an update the screens cannot see (only resourceVersion moved, e.g. a heartbeat) keeps the state object and reports nothing', () => {
    const s = relist(EMPTY_STATE, pods()).state;
    const same = object('pods.json', 'notebook');
    same.metadata.resourceVersion = '5000';
    (same.status as Record<string, unknown>).hostIP = '10.240.0.9'; // not projected
    const r = applyWatchEvent(s, { cluster: C, kind: 'Pod', type: 'MODIFIED', object: same });
    expect(r.changedKeys).toEqual([]);
    expect(getItem(r.state.clusters[C]!.kinds.Pod, uidOf(same))).toBe(getItem(s.clusters[C]!.kinds.Pod, uidOf(same)));
    // ... but the watch resumes from the newer resourceVersion.
    expect(r.state.clusters[C]!.kinds.Pod!.resourceVersion).toBe('5000');
  });

  it('a BOOKMARK only moves the resourceVersion; a DELETED of an unknown uid removes nothing', () => {
    const s = relist(EMPTY_STATE, pods(), '10').state;
    const b = applyWatchEvent(s, { cluster: C, kind: 'Pod', type: 'BOOKMARK', resourceVersion: '42' });
    expect(b.changedKeys).toEqual([]);
    expect(b.state.clusters[C]!.kinds.Pod!.resourceVersion).toBe('42');
    expect(b.state.clusters[C]!.kinds.Pod!.namespaces).toBe(s.clusters[C]!.kinds.Pod!.namespaces);
    const ghost = object('pods.json', 'notebook');
    ghost.metadata.uid = '00000000-0000-0000-0000-000000000000';
    const d = applyWatchEvent(b.state, { cluster: C, kind: 'Pod', type: 'DELETED', object: ghost });
    expect(d.changedKeys).toEqual([]);
    expect(d.state.clusters[C]!.kinds.Pod!.namespaces).toBe(b.state.clusters[C]!.kinds.Pod!.namespaces);
    ghost.metadata.resourceVersion = '42';
    expect(applyWatchEvent(b.state, { cluster: C, kind: 'Pod', type: 'DELETED', object: ghost }).state).toBe(b.state);
  });

  it('ERROR 410 (Expired) asks for a relist and keeps the objects until it comes; 403 says forbidden with the API\'s message', () => {
    const s = relist(EMPTY_STATE, pods()).state;
    const gone = applyWatchEvent(s, { cluster: C, kind: 'Pod', type: 'ERROR', status: { kind: 'Status', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 100 (2000)' } });
    expect(gone.relist).toBe(true);
    expect(gone.statusChanged).toBe(true);
    expect(gone.state.clusters[C]!.kinds.Pod).toMatchObject({ phase: 'expired', error: { code: 410, message: 'too old resource version: 100 (2000)' }, size: 12 });
    const again = applyWatchEvent(gone.state, { cluster: C, kind: 'Pod', type: 'ERROR', status: { code: 410, reason: 'Expired', message: 'too old resource version: 100 (2000)' } });
    expect(again.statusChanged).toBe(false);

    const forbidden = applyWatchEvent(EMPTY_STATE, {
      cluster: C, kind: 'Node', type: 'ERROR',
      status: { code: 403, reason: 'Forbidden', message: 'nodes is forbidden: User "gantry-restricted" cannot watch resource "nodes" in API group "" at the cluster scope' },
    });
    expect(forbidden.relist).toBe(false);
    expect(forbidden.state.clusters[C]!.kinds.Node).toMatchObject({ phase: 'error', error: { code: 403, reason: 'Forbidden' } });
    // The watch coming back clears it.
    const back = applyWatchEvent(forbidden.state, { cluster: C, kind: 'Node', type: 'BOOKMARK', resourceVersion: '7' });
    expect(back.state.clusters[C]!.kinds.Node).toEqual({ phase: 'live', resourceVersion: '7', size: 0, namespaces: new Map() });
  });

  it('a relist after a reconnect replaces the set: deleted meanwhile is gone (no ghost), created and changed are in, the untouched stay identical', () => {
    const all = pods();
    const s = relist(EMPTY_STATE, all.slice(0, 10)).state;
    const changed = structuredClone(all[1]!);
    (changed.status as { phase: string }).phase = 'Succeeded';
    const next = [changed, ...all.slice(2, 10), all[10]!, all[11]!]; // all[0] deleted, 10 and 11 created
    const r = relist(s, next, '777');
    expect(names(r.state)).toEqual(next.map((p) => p.metadata.name).sort());
    expect(r.changedKeys.map((k) => parseLiveKey(k).uid).sort()).toEqual([all[0], all[1], all[10], all[11]].map((p) => uidOf(p!)).sort());
    for (const p of all.slice(2, 10)) expect(getItem(r.state.clusters[C]!.kinds.Pod, uidOf(p))).toBe(getItem(s.clusters[C]!.kinds.Pod, uidOf(p)));
    expect(r.state.clusters[C]!.kinds.Pod!.resourceVersion).toBe('777');
  });

  it('ends with exactly the objects of the last event for each uid, whatever the order of random events (checked against a plain map)', () => {
    const all = pods();
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let state = EMPTY_STATE;
    const model = new Map<string, string>();
    for (let i = 0; i < 500; i++) {
      const p = structuredClone(all[rand(all.length)]!);
      (p.status as { phase: string }).phase = ['Running', 'Pending', 'Failed'][rand(3)]!;
      const type = (['ADDED', 'MODIFIED', 'DELETED'] as const)[rand(3)]!;
      const ev: WatchEvent = { cluster: C, kind: 'Pod', type, object: p };
      state = applyWatchEvent(state, ev).state;
      if (type === 'DELETED') model.delete(uidOf(p));
      else model.set(uidOf(p), (p.status as { phase: string }).phase);
    }
    const got = new Map([...itemsOf(state.clusters[C]!.kinds.Pod)].map((p) => [p.uid, p.kind === 'Pod' ? p.phase : '']));
    expect(got).toEqual(model);
    expect(state.clusters[C]!.kinds.Pod!.size).toBe(model.size);
  });

  it('a relist of projections made page by page (projected) gives the same state as the list of objects, and keeps untouched ones identical', () => {
    const [first, ...rest] = pods();
    const s0 = relist(EMPTY_STATE, pods()).state;
    const changed = structuredClone(first!);
    (changed.status as { phase: string }).phase = 'Failed';
    const objects = [changed, ...rest.slice(1)];
    const plain = relist(s0, objects);
    const projected = applyWatchEvent(s0, { cluster: C, kind: 'Pod', type: 'RELIST', objects: objects.map((o) => project('Pod', o)!), resourceVersion: '100', projected: true });
    expect(projected.state).toEqual(plain.state);
    expect([...projected.changedKeys].sort()).toEqual([...plain.changedKeys].sort());
    expect(projected.changedKeys).toEqual(expect.arrayContaining([liveKey(C, 'Pod', uidOf(first!)), liveKey(C, 'Pod', uidOf(rest[0]!))]));
    for (const p of rest.slice(1)) expect(getItem(projected.state.clusters[C]!.kinds.Pod, uidOf(p))).toBe(getItem(s0.clusters[C]!.kinds.Pod, uidOf(p)));
  });

  it('dropCluster forgets a cluster and names everything it held', () => {
    const s = relist(EMPTY_STATE, pods()).state;
    const r = dropCluster(s, C);
    expect(r.state.clusters).toEqual({});
    expect(r.changedKeys).toHaveLength(12);
    expect(dropCluster(r.state, C).state).toBe(r.state);
  });
});
