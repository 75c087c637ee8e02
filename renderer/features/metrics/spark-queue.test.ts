import { describe, expect, it } from 'vitest';
import { drawQueue } from './spark-queue.ts';

/** A fake frame clock: frames run when the test says, each drawing costs `cost` ms of the clock. */
function harness(budgetMs: number, cost: number, maxPerFrame?: number) {
  let t = 0;
  const frames: Array<() => void> = [];
  const q = drawQueue({ budgetMs, ...(maxPerFrame !== undefined ? { maxPerFrame } : {}), frame: (cb) => frames.push(cb), now: () => t });
  const drawn: string[] = [];
  const add = (key: object, name: string) => q.add(key, () => ((t += cost), drawn.push(name)));
  const frame = () => frames.shift()?.();
  return { q, drawn, add, frame, frames };
}

describe('drawQueue', () => {
  it('spreads drawings over frames so no frame draws much past its budget', () => {
    const h = harness(8, 3);
    const keys = Array.from({ length: 10 }, () => ({}));
    keys.forEach((k, i) => h.add(k, `c${i}`));
    expect(h.drawn).toEqual([]); // nothing drawn in the task that queued them
    h.frame();
    expect(h.drawn).toEqual(['c0', 'c1', 'c2']); // 9 ms: stops at the first drawing over 8 ms
    h.frame();
    h.frame();
    h.frame();
    expect(h.drawn).toHaveLength(10);
    expect(h.frames).toHaveLength(0); // no frame asked for once the queue is empty
  });

  it('draws at most maxPerFrame canvases in a frame even when they cost next to nothing', () => {
    // Each changed canvas goes to the compositor in its frame's commit: the count is capped, not only the time.
    const h = harness(8, 0.01, 16);
    Array.from({ length: 150 }, () => ({})).forEach((k, i) => h.add(k, `c${i}`));
    const perFrame: number[] = [];
    while (h.frames.length > 0) {
      const before = h.drawn.length;
      h.frame();
      perFrame.push(h.drawn.length - before);
    }
    expect(perFrame).toEqual([16, 16, 16, 16, 16, 16, 16, 16, 16, 6]);
    expect(h.drawn).toEqual(Array.from({ length: 150 }, (_, i) => `c${i}`)); // each once, in the order queued
  });

  it('draws a canvas queued twice once, with its newest drawing, and skips a cancelled one', () => {
    const h = harness(100, 1);
    const a = {};
    const b = {};
    h.add(a, 'a-old');
    h.add(b, 'b');
    h.add(a, 'a-new');
    h.q.cancel(b);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(h.drawn).toEqual(['a-new']);
  });

  it('keeps drawing the others when one drawing throws', () => {
    const h = harness(100, 1);
    h.q.add({}, () => {
      throw new Error('no context');
    });
    h.add({}, 'next');
    h.frame();
    expect(h.drawn).toEqual(['next']);
  });
});
