/**
 * Which list page the host parses next, when several clusters list at once. Parsing and projecting
 * a page of 250 pods is ~25 ms of the event loop, and a 50,000-pod list is 200 of them: taken in
 * arrival order, three clusters' pages interleave and every cluster's board is complete only at the
 * very end. Here each page waits for its turn, and the turn goes to the lowest priority number
 * (the cluster the person connected first), then to the page that waited longest. While a page of
 * a higher priority is on its way, a lower one waits for it, 150 ms at most: the lower lists then
 * ask for (and download, and decrypt) less meanwhile, so the first cluster's pages come back sooner,
 * and they still go on at a page per 150 ms or faster, so a slow or far cluster holds nobody up for
 * long. Between two turns the event loop runs I/O and timers (setImmediate): watches, deltas and
 * arriving pages are not starved.
 */
export interface PageTurn {
  priority: number;
  /** Arrival order (ties in priority go to the earlier). */
  order: number;
  /** When the page began waiting for its turn. */
  since: number;
}

/**
 * What to do next: run the waiting page at `run` (the lowest priority number, then the earliest
 * arrival), or hold it `waitMs` because a page of a higher priority is on its way (asked for, not
 * yet arrived) and this one has waited less than `graceMs`: the higher one then goes first when it
 * comes. A held page waits `graceMs` at most, so lists of lower priority go on at a page per grace
 * or faster, and a slow or far cluster never stops the others. Nothing waiting: { run: -1 }.
 */
export function nextTurn(waiting: readonly PageTurn[], onTheWay: Iterable<number> = [], now = 0, graceMs = 0): { run: number } | { waitMs: number } {
  let best = -1;
  for (let i = 0; i < waiting.length; i++) {
    const w = waiting[i]!;
    const b = best >= 0 ? waiting[best]! : undefined;
    if (!b || w.priority < b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
  }
  if (best < 0) return { run: -1 };
  const b = waiting[best]!;
  const waitMs = b.since + graceMs - now;
  if (waitMs > 0) for (const priority of onTheWay) if (priority < b.priority) return { waitMs };
  return { run: best };
}

interface Waiting extends PageTurn {
  work: () => void;
}

export interface PageQueueOptions {
  /** Runs the next turn after pending I/O (setImmediate; tests pass their own). */
  defer?: (fn: () => void) => void;
  /** How long a lower-priority page may be held for higher ones on their way (default 150 ms). */
  graceMs?: number;
  now?: () => number;
  /** Runs `fn` after `ms` (setTimeout, unref'd; tests pass their own). */
  later?: (fn: () => void, ms: number) => void;
}

export class PageQueue {
  private readonly waiting: Waiting[] = [];
  /** The priority of each page asked for and not yet arrived. */
  private readonly onTheWay = new Set<{ priority: number }>();
  private arrivals = 0;
  private scheduled = false;
  /** Bumped on every schedule: a hold's timer that fires after something arrived meanwhile does nothing. */
  private generation = 0;
  /** Turns run, and how many of them waited for a higher-priority page first (tests, benchmark). */
  readonly stats = { turns: 0, held: 0 };

  constructor(private readonly opts: PageQueueOptions = {}) {}

  /** How many pages wait for their turn. */
  get size(): number {
    return this.waiting.length;
  }

  private now(): number {
    return (this.opts.now ?? performance.now.bind(performance))();
  }

  /**
   * A page of a list at `priority` was asked for: lower-priority pages may wait a little for it.
   * Call the returned function when it arrived (or failed).
   */
  expect(priority: number): () => void {
    const entry = { priority };
    this.onTheWay.add(entry);
    return () => {
      if (this.onTheWay.delete(entry)) this.schedule();
    };
  }

  /** Runs `work` (synchronous: the page's parse and projection) in its turn; resolves with its result. */
  run<T>(priority: number, work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        priority,
        order: this.arrivals++,
        since: this.now(),
        work: () => {
          try {
            resolve(work());
          } catch (err) {
            reject(err as Error);
          }
        },
      });
      this.schedule();
    });
  }

  private schedule(): void {
    this.generation++;
    if (this.scheduled || !this.waiting.length) return;
    this.scheduled = true;
    (this.opts.defer ?? ((fn) => void setImmediate(fn)))(() => {
      this.scheduled = false;
      const next = nextTurn(this.waiting, [...this.onTheWay].map((o) => o.priority), this.now(), this.opts.graceMs ?? 150);
      if ('waitMs' in next) {
        // Held for a higher-priority page: its arrival (expect's callback) schedules again at once.
        this.stats.held++;
        const held = this.generation;
        const later = this.opts.later ?? ((fn, ms) => void setTimeout(fn, ms).unref?.());
        later(() => {
          if (this.generation === held) this.schedule();
        }, next.waitMs);
        return;
      }
      if (next.run >= 0) {
        const [w] = this.waiting.splice(next.run, 1);
        this.stats.turns++;
        w!.work();
      }
      this.schedule();
    });
  }
}
