import { describe, expect, it } from 'vitest';
import { nextTurn, PageQueue } from './page-queue.ts';

/** A queue driven by hand: deferred turns and held timers run only when the test says so. */
function manual(graceMs = 100) {
  let now = 0;
  const deferred: Array<() => void> = [];
  const timers: Array<{ at: number; fn: () => void }> = [];
  const q = new PageQueue({ defer: (fn) => deferred.push(fn), later: (fn, ms) => timers.push({ at: now + ms, fn }), now: () => now, graceMs });
  const drain = () => {
    while (deferred.length) deferred.shift()!();
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers.splice(0, timers.length, ...timers.filter((t) => t.at > now));
    for (const t of due) t.fn();
    drain();
  };
  return { q, drain, advance };
}

describe('nextTurn', () => {
  it('takes the lowest priority number, then the page that waited longest', () => {
    expect(nextTurn([])).toEqual({ run: -1 });
    expect(nextTurn([{ priority: 2, order: 0, since: 0 }, { priority: 1, order: 3, since: 0 }, { priority: 1, order: 1, since: 0 }])).toEqual({ run: 2 });
  });

  it('holds a lower-priority page while a higher one is on its way, for the grace at most from when it began waiting', () => {
    const waiting = [{ priority: 2, order: 0, since: 10 }];
    expect(nextTurn(waiting, [1], 40, 100)).toEqual({ waitMs: 70 });
    expect(nextTurn(waiting, [1], 110, 100)).toEqual({ run: 0 });
    // A page of the same or a lower priority on its way holds nothing.
    expect(nextTurn(waiting, [2, 3], 20, 100)).toEqual({ run: 0 });
  });
});

describe('PageQueue', () => {
  it('parses the first-connected cluster\'s pages first, one turn at a time, each turn its own task', async () => {
    const { q, drain } = manual();
    const ran: string[] = [];
    const done = [q.run(3, () => ran.push('c3')), q.run(1, () => ran.push('c1a')), q.run(2, () => ran.push('c2')), q.run(1, () => ran.push('c1b'))];
    expect(ran).toEqual([]);
    drain();
    expect(ran).toEqual(['c1a', 'c1b', 'c2', 'c3']);
    await Promise.all(done);
    expect(q.stats.turns).toBe(4);
  });

  it('waits for the preferred cluster\'s page on its way, runs it the moment it arrives, and gives up waiting after the grace', () => {
    const { q, drain, advance } = manual(100);
    const ran: string[] = [];
    const arrived = q.expect(1);
    void q.run(2, () => ran.push('c2'));
    drain();
    expect(ran).toEqual([]);
    advance(30);
    expect(ran).toEqual([]);
    // Its page arrives: it goes before the one that waited.
    void q.run(1, () => ran.push('c1'));
    arrived();
    drain();
    expect(ran).toEqual(['c1', 'c2']);
    // A preferred page that does not come (a far cluster): the other runs after the grace.
    q.expect(1);
    void q.run(2, () => ran.push('c2 again'));
    drain();
    advance(99);
    expect(ran).toEqual(['c1', 'c2']);
    // A new page of the preferred cluster asked for meanwhile does not make the held one wait longer.
    q.expect(1);
    drain();
    expect(ran).toEqual(['c1', 'c2']);
    advance(1);
    expect(ran).toEqual(['c1', 'c2', 'c2 again']);
    expect(q.stats.held).toBeGreaterThan(0);
  });

  it('a turn that throws rejects its own promise only', async () => {
    const { q, drain } = manual();
    const bad = q.run(1, () => {
      throw new Error('not JSON');
    });
    const good = q.run(2, () => 'ok');
    drain();
    await expect(bad).rejects.toThrow('not JSON');
    await expect(good).resolves.toBe('ok');
  });
});
