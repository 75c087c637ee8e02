import { HostError } from '../../shared/ipc/envelope.ts';
import type { EventBus } from './event-bus.ts';

export interface OperationHandle {
  signal: AbortSignal;
  progress(phase: string, loaded: number, total?: number): void;
}

/**
 * Long work by operation id: each gets an AbortController (op:cancel aborts it) and streams
 * progress as op:progress events, throttled so a fast clone does not flood the renderer.
 */
export class Operations {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventBus) {}

  async run<T>(opId: string, work: (op: OperationHandle) => Promise<T>): Promise<T> {
    if (this.running.has(opId)) throw new HostError('invalid-input', `Operation ${opId} is already running.`);
    const controller = new AbortController();
    this.running.set(opId, controller);
    let last = 0;
    let lastPhase = '';
    const handle: OperationHandle = {
      signal: controller.signal,
      progress: (phase, loaded, total) => {
        const now = Date.now();
        if (phase === lastPhase && now - last < 50 && (total === undefined || loaded < total)) return;
        last = now;
        lastPhase = phase;
        this.events.emit('op:progress', { opId, phase, loaded, ...(total !== undefined ? { total } : {}) });
      },
    };
    try {
      return await work(handle);
    } finally {
      this.running.delete(opId);
      this.events.emit('op:progress', { opId, phase: controller.signal.aborted ? 'cancelled' : 'done', loaded: 1, total: 1, done: true });
    }
  }

  cancel(opId: string): boolean {
    const c = this.running.get(opId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}
