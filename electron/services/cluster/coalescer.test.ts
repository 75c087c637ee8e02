import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delta } from '../../../gitops/core/live/index.ts';
import { ViewCoalescer } from './coalescer.ts';

afterEach(() => vi.useRealTimers());

describe('ViewCoalescer', () => {
  it('sends at most 10 numbered deltas a second however many changes come, the last one complete', () => {
    vi.useFakeTimers();
    const items = new Map<string, unknown>();
    const sent: Delta[] = [];
    const c = new ViewCoalescer(() => Object.fromEntries(items), (d) => sent.push(d));
    c.snapshot();
    // 1,000 changes a second for 3 seconds.
    for (let i = 0; i < 3000; i++) {
      items.set(`pod-${i % 50}`, { n: i });
      c.markDirty();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(sent.length).toBeLessThanOrEqual(31);
    expect(sent.length).toBeGreaterThanOrEqual(28);
    expect(sent.map((d) => d.seq)).toEqual(sent.map((_, i) => i + 1));
    // Applying the deltas in order gives exactly the view.
    const view = new Map<string, unknown>();
    for (const d of sent) {
      for (const [k, v] of Object.entries(d.set)) view.set(k, v);
      for (const k of d.remove) view.delete(k);
    }
    expect(view).toEqual(items);
  });

  it('never sends more than 10 deltas within one second, however long each view takes to compute', () => {
    vi.useFakeTimers();
    // The clock the deltas are sent by: the first compute takes 50 ms, the others none. Counting the
    // gap from the start of each compute let 11 deltas out within 950 ms.
    let extra = 0;
    let computes = 0;
    const now = () => Date.now() + extra;
    const sentAt: number[] = [];
    let n = 0;
    const c = new ViewCoalescer(
      () => {
        if (computes++ === 1) extra += 50;
        return { n };
      },
      () => sentAt.push(now()),
      { now },
    );
    c.snapshot();
    for (let i = 0; i < 3000; i++) {
      n++;
      c.markDirty();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(sentAt.length).toBeGreaterThanOrEqual(25);
    const most = Math.max(...sentAt.map((t) => sentAt.filter((u) => u >= t && u < t + 1000).length));
    expect(most).toBeLessThanOrEqual(10);
  });

  it('sends removals and nothing for equal items; a snapshot carries the last delta number', () => {
    vi.useFakeTimers();
    let items: Record<string, unknown> = { a: { x: 1 }, b: { x: 2 } };
    const sent: Delta[] = [];
    const c = new ViewCoalescer(() => items, (d) => sent.push(d));
    expect(c.snapshot()).toEqual({ seq: 0, items: { a: { x: 1 }, b: { x: 2 } } });
    items = { a: { x: 1 }, c: { x: 3 } };
    c.markDirty();
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ seq: 1, set: { c: { x: 3 } }, remove: ['b'] }]);
    items = { a: { x: 1 }, c: { x: 3 } };
    c.markDirty();
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(1);
    expect(c.snapshot().seq).toBe(1);
  });

  it('sends nothing after dispose', () => {
    vi.useFakeTimers();
    const emit = vi.fn();
    const items: Record<string, unknown> = {};
    const c = new ViewCoalescer(() => ({ ...items }), emit);
    c.snapshot();
    items.a = 1;
    c.markDirty();
    c.dispose();
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
  });
});
