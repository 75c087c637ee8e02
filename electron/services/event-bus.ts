import type { EventChannel } from '../../shared/ipc/channel-names.ts';
import type { EventOf } from '../../shared/ipc/contract.ts';

type Listener = (event: EventChannel, payload: unknown) => void;

/** Host events on their way to every connected renderer (Electron windows, browser tabs). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch {
        // One broken connection must not stop the others.
      }
    }
  }

  /** A transport forwards every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
