import { describe, expect, it } from 'vitest';
import { drawQueue } from './spark-queue.ts';

/** A fake frame clock: frames run when the test says, each drawing costs `cost` ms of the clock. */
function harness(budgetMs: number, cost: number) {
  let t = 0;
  const frames: Array<() => void> = [];
  const q = drawQueue({ budgetMs, frame: (cb) => frames.push(cb), now: () => t });
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
