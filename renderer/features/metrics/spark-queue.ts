/**
 * Sparkline drawing spread over frames: a live refresh of the board hands over up to a few hundred
 * canvases at once, and drawing them in one task made the renderer's longest task (bench:metrics).
 * Drawings queue here and run in animation frames, each frame stopping after `budgetMs` or after
 * `maxPerFrame` drawings, whichever comes first; a canvas queued again before its turn keeps one place
 * and draws its newest data. The count matters as much as the time: drawing a sparkline takes a few
 * hundredths of a millisecond, but every canvas changed in a frame is handed to the compositor in that
 * frame's commit, which the main thread waits for (all ~125 visible canvases in one frame: a frame of
 * 37-44 ms wall and 20-27 ms CPU, 17-25 ms of it the commit, in bench/metrics-profile.ts at load 0.2-5).
 */
export interface DrawQueue {
  /** Queues `draw` under `key` (replacing a queued one of the same key). */
  add(key: object, draw: () => void): void;
  /** Drops a queued drawing (its canvas went away). */
  cancel(key: object): void;
  /** Drawings waiting. */
  readonly size: number;
}

export function drawQueue(opts: { budgetMs: number; maxPerFrame?: number; frame: (cb: () => void) => void; now: () => number }): DrawQueue {
  const most = opts.maxPerFrame ?? Infinity;
  const waiting = new Map<object, () => void>();
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const start = opts.now();
    let count = 0;
    for (const [key, draw] of waiting) {
      waiting.delete(key);
      try {
        draw();
      } catch {
        // A canvas that cannot draw (detached, no context) loses its line, not the other drawings.
      }
      if (++count >= most || opts.now() - start >= opts.budgetMs) break;
    }
    if (waiting.size > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    opts.frame(run);
  };
  return {
    add(key, draw) {
      waiting.set(key, draw);
      schedule();
    },
    cancel(key) {
      waiting.delete(key);
    },
    get size() {
      return waiting.size;
    },
  };
}
