import { guarded } from '../background.ts';

/** What a view shows, keyed (by uid, shard name, cluster name...). */
export type ViewItems = Map<string, unknown>;

export interface ViewDelta {
  seq: number;
  upserts: Record<string, unknown>;
  removes: string[];
}

export interface ViewSnapshot {
  seq: number;
  items: Record<string, unknown>;
}

/**
 * Turns a stream of "something this view shows may have changed" into numbered deltas, at most
 * `maxPerSecond` a second: the first change after a quiet spell goes out at once, later ones wait
 * for the next slot and go out together. Each flush recomputes the view and sends only the items
 * that differ from what was last sent (unchanged items are the same object, or equal as JSON).
 * `snapshot` gives the whole view with the number of the last delta it includes: a renderer that
 * sees a gap in the numbers (or reconnects) takes a snapshot and applies later deltas on top.
 */
export class ViewCoalescer {
  private seq = 0;
  private sent = new Map<string, { value: unknown; json?: string }>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = -Infinity;
  private disposed = false;
  /** Deltas sent (the benchmark counts them). */
  deltas = 0;

  constructor(
    private readonly compute: () => ViewItems,
    private readonly emit: (delta: ViewDelta) => void,
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
    const wait = Math.max(0, this.lastFlush + this.gapMs - this.now());
    this.timer = setTimeout(guarded('sending a live view update', () => this.flush()), wait);
    this.timer.unref?.();
  }

  snapshot(): ViewSnapshot {
    const items = this.compute();
    this.sent = new Map([...items].map(([k, v]) => [k, { value: v }]));
    return { seq: this.seq, items: Object.fromEntries(items) };
  }

  /** Sends what changed now (the timer calls it; tests may too). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    this.lastFlush = this.now();
    const items = this.compute();
    const upserts: Record<string, unknown> = {};
    const removes: string[] = [];
    let changed = false;
    const next = new Map<string, { value: unknown; json?: string }>();
    for (const [k, v] of items) {
      const before = this.sent.get(k);
      if (before && before.value === v) {
        next.set(k, before);
        continue;
      }
      const json = JSON.stringify(v);
      if (before && (before.json ?? JSON.stringify(before.value)) === json) {
        next.set(k, { value: v, json });
        continue;
      }
      next.set(k, { value: v, json });
      upserts[k] = v;
      changed = true;
    }
    for (const k of this.sent.keys()) {
      if (!items.has(k)) {
        removes.push(k);
        changed = true;
      }
    }
    this.sent = next;
    if (!changed) return;
    this.seq++;
    this.deltas++;
    this.emit({ seq: this.seq, upserts, removes });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
