// One clock for the live screens' ages ("since 40 s"): a card shows its age from this clock, so a
// card that no delta touches still counts up, without re-rendering the whole board every second.
// It ticks once a second only while something shows an age.
import { useSyncExternalStore } from 'react';
import { age } from './format.ts';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** `iso`'s age in words (format.ts age), kept current; the caller re-renders only when the words change. */
export function useAge(iso: string | undefined): string | undefined {
  return useSyncExternalStore(subscribe, () => age(iso, now));
}
