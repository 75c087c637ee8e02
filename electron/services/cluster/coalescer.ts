import { isEmptyDelta, makeDelta, type Delta, type ViewItems } from '../../../gitops/core/live/index.ts';
import { guarded } from '../background.ts';

export type { ViewItems };

export interface ViewSnapshot {
  seq: number;
  items: ViewItems;
}

/**
 * Turns a stream of "something this view shows may have changed" into numbered deltas, at most
 * `maxPerSecond` a second: the first change after a quiet spell goes out at once, later ones wait
 * for the next slot and go out together. Each flush recomputes the view (the pure half's
 * selectView) and sends makeDelta(what was sent, what is shown now) unless it is empty.
 * `snapshot` gives the whole view with the number of the last delta it includes: a renderer that
 * sees a gap in the numbers (or reconnects) takes a snapshot and applies later deltas on top.
 */
export class ViewCoalescer {
  private seq = 0;
  private sent: ViewItems = {};
  private timer: NodeJS.Timeout | undefined;
  /** When the last flush began (computes run at most `maxPerSecond` a second, sent or not). */
  private lastFlush = -Infinity;
  /** When the last delta went out. */
  private lastEmit = -Infinity;
  private disposed = false;
  /** Deltas sent (the benchmark counts them). */
  deltas = 0;

  constructor(
    private readonly compute: () => ViewItems,
    private readonly emit: (delta: Delta) => void,
    private readonly opts: { maxPerSecond?: number; now?: () => number } = {},
  ) {}

  private get gapMs(): number {
    return 1000 / (this.opts.maxPerSecond ?? 10);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  markDirty(): void {
    if (this.disposed || this.timer) return;
    // A gap from the start of the last compute, and one from when the last delta was sent (its
    // compute may have taken tens of ms; counting from its start let 11 deltas into one second), plus
    // 1 ms for the clock's millisecond steps and timers that fire a little early.
    const wait = Math.max(0, Math.max(this.lastFlush + this.gapMs, this.lastEmit + this.gapMs + 1) - this.now());
    this.timer = setTimeout(guarded('sending a live view update', () => this.flush()), wait);
    this.timer.unref?.();
  }

  snapshot(): ViewSnapshot {
    this.sent = this.compute();
    return { seq: this.seq, items: this.sent };
  }

  /** Sends what changed now (the timer calls it; tests may too). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    this.lastFlush = this.now();
    const next = this.compute();
    if (next === this.sent) return;
    const delta = makeDelta(this.sent, next, this.seq + 1);
    this.sent = next;
    if (isEmptyDelta(delta)) return;
    this.seq = delta.seq;
    this.deltas++;
    this.emit(delta);
    this.lastEmit = this.now();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
