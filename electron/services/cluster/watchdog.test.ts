import { afterEach, describe, expect, it, vi } from 'vitest';
import { Watchdog } from './watchdog.ts';

afterEach(() => vi.useRealTimers());

describe('Watchdog', () => {
  it('fires once after the set silence, not while events keep coming', () => {
    vi.useFakeTimers();
    const fired: number[] = [];
    const dog = new Watchdog(5000, (ms) => fired.push(ms));
    dog.start();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(4000);
      dog.kick();
    }
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(4999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([5000]);
    vi.advanceTimersByTime(60_000);
    expect(fired).toHaveLength(1);
  });

  it('never fires once stopped', () => {
    vi.useFakeTimers();
    const onSilent = vi.fn();
    const dog = new Watchdog(1000, onSilent);
    dog.start();
    dog.stop();
    dog.kick();
    vi.advanceTimersByTime(10_000);
    expect(onSilent).not.toHaveBeenCalled();
  });
});
