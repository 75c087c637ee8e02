// Numbered deltas between two states of one view, and applying them in order on the other side.
// A view's items are a flat map of key -> plain JSON value; the host makes a delta by diffing what
// the view showed with what it shows now (identity first: untouched projections are the same
// objects), numbers it, and the renderer applies deltas in sequence, resyncing from a snapshot
// when one is missing.
import { deepEqual } from './equal.ts';

export type ViewItems = Readonly<Record<string, unknown>>;

export interface Delta {
  /** 1, 2, 3, ... per subscription; a snapshot resets it. */
  seq: number;
  set: Readonly<Record<string, unknown>>;
  remove: readonly string[];
}

export interface Snapshot {
  seq: number;
  items: ViewItems;
}

/** What the renderer holds for one subscribed view. */
export interface ViewState {
  seq: number;
  items: ViewItems;
}

/** What changed from `prev` to `next`, numbered `seq`. Unchanged keys are not sent. */
export function makeDelta(prev: ViewItems, next: ViewItems, seq: number): Delta {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const key in next) {
    const v = next[key];
    if (!(key in prev) || !deepEqual(prev[key], v)) set[key] = v;
  }
  for (const key in prev) if (!(key in next)) remove.push(key);
  return { seq, set, remove };
}

export function isEmptyDelta(d: Delta): boolean {
  return d.remove.length === 0 && Object.keys(d.set).length === 0;
}

/** A view state from a snapshot (after subscribing, a gap, or a reconnect). */
export function fromSnapshot(s: Snapshot): ViewState {
  return { seq: s.seq, items: s.items };
}

export type ApplyDeltaResult =
  | { status: 'applied'; view: ViewState }
  /** Already applied (a repeat after a reconnect): nothing to do. */
  | { status: 'stale'; view: ViewState }
  /** A delta is missing: ask for a snapshot and drop deltas until it comes. */
  | { status: 'gap'; view: ViewState; expected: number; got: number };

/** Applies `delta` if it is the next one (seq = view.seq + 1); says 'gap' when one is missing. */
export function applyDelta(view: ViewState, delta: Delta): ApplyDeltaResult {
  if (delta.seq <= view.seq) return { status: 'stale', view };
  if (delta.seq !== view.seq + 1) return { status: 'gap', view, expected: view.seq + 1, got: delta.seq };
  const items: Record<string, unknown> = { ...view.items, ...delta.set };
  for (const key of delta.remove) delete items[key];
  return { status: 'applied', view: { seq: delta.seq, items } };
}
