// What the renderer holds per subscribed view, and how a delta or a snapshot moves it on. Pure: the
// store (live-store.ts) does the calls. Deltas apply in order with the pure half's applyDelta; a gap
// marks the view as resyncing, and deltas are dropped until the snapshot it asks for arrives.
import { applyDelta, fromSnapshot, type Delta, type ViewItems } from '../../../gitops/core/live/deltas.ts';

export interface SyncedView {
  seq: number;
  items: ViewItems;
  /** A delta went missing (or the cluster reconnected): a snapshot was asked for. */
  resyncing: boolean;
}

export type DeltaOutcome = { view: SyncedView; askSnapshot: boolean };

/** The next state of a view after `delta`; `askSnapshot` when the delta reveals a gap. */
export function receiveDelta(view: SyncedView, delta: Delta): DeltaOutcome {
  if (view.resyncing) return { view, askSnapshot: false };
  const r = applyDelta(view, delta);
  if (r.status === 'applied') return { view: { ...r.view, resyncing: false }, askSnapshot: false };
  if (r.status === 'stale') return { view, askSnapshot: false };
  return { view: { ...view, resyncing: true }, askSnapshot: true };
}

/** A snapshot replaces the view whole (after subscribing, a gap or a reconnect). */
export function receiveSnapshot(snap: { seq: number; items: ViewItems }): SyncedView {
  return { ...fromSnapshot(snap), resyncing: false };
}
