import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, fromSnapshot, isEmptyDelta, makeDelta, type ViewItems, type ViewState } from './deltas.ts';

describe('makeDelta / applyDelta', () => {
  it('sends only what changed, numbered; the other side ends with the same items', () => {
    const a = { 'pod/1': { phase: 'Running' }, 'pod/2': { phase: 'Pending' }, health: { status: 'healthy' } };
    const b = { 'pod/1': a['pod/1'], 'pod/3': { phase: 'Pending' }, health: { status: 'degraded' } };
    const d = makeDelta(a, b, 5);
    expect(d).toEqual({ seq: 5, set: { 'pod/3': { phase: 'Pending' }, health: { status: 'degraded' } }, remove: ['pod/2'] });
    const r = applyDelta({ seq: 4, items: a }, d);
    expect(r).toEqual({ status: 'applied', view: { seq: 5, items: b } });
  });

  it('a structurally equal value (recomputed health) is not sent', () => {
    expect(isEmptyDelta(makeDelta({ health: { status: 'healthy', reasons: [] } }, { health: { status: 'healthy', reasons: [] } }, 1))).toBe(true);
  });

  it('a missing delta is a gap (resync from a snapshot); a repeated one is ignored', () => {
    const view: ViewState = { seq: 3, items: { x: 1 } };
    expect(applyDelta(view, { seq: 5, set: { x: 2 }, remove: [] })).toEqual({ status: 'gap', view, expected: 4, got: 5 });
    expect(applyDelta(view, { seq: 3, set: { x: 2 }, remove: [] })).toEqual({ status: 'stale', view });
    const resynced = fromSnapshot({ seq: 9, items: { x: 7 } });
    expect(applyDelta(resynced, { seq: 10, set: {}, remove: ['x'] })).toEqual({ status: 'applied', view: { seq: 10, items: {} } });
  });

  it('any sequence of view states, sent as deltas, arrives intact (property)', () => {
    const items = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'pod/1', 'pod/2'), fc.oneof(fc.integer(), fc.record({ s: fc.string() })));
    fc.assert(
      fc.property(fc.array(items, { minLength: 1, maxLength: 12 }), (states) => {
        let prev: ViewItems = {};
        let view: ViewState = { seq: 0, items: {} };
        states.forEach((next, i) => {
          const r = applyDelta(view, makeDelta(prev, next, i + 1));
          expect(r.status).toBe('applied');
          view = r.view;
          prev = next;
        });
        expect(view.items).toEqual(states[states.length - 1]);
      }),
      { numRuns: 200 },
    );
  });
});
