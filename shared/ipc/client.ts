import { EVENTS, CONTRACT, type EventOf, type InputOf, type OutputOf } from './contract.ts';
import type { EventChannel, InvokeChannel } from './channel-names.ts';
import { fail, resultSchema, type Result } from './envelope.ts';

/**
 * What a transport moves: untyped values. Typing and validation happen in the client below, so
 * Electron and browser mode stay thin and share every check.
 */
export interface Transport {
  /** Sends `input` on `channel` and resolves with the raw envelope the host answered. */
  invoke(channel: InvokeChannel, input: unknown): Promise<unknown>;
  /** Delivers raw payloads of `event`; returns the unsubscribe function. */
  subscribe(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

export type Unsubscribe = () => void;

/** The typed API the renderer uses. */
export interface IpcClient {
  invoke<C extends InvokeChannel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): Unsubscribe;
}

/** Wraps a transport: parses every answer with the contract's envelope schema and every event with its schema. */
export function createIpcClient(transport: Transport): IpcClient {
  return {
    async invoke(channel, input) {
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, input);
      } catch (err) {
        // A transport that knows why (browser mode without a session) says so with a code of its own.
        if (err instanceof Error && (err as { code?: unknown }).code === 'forbidden') return fail('forbidden', err.message);
        return fail('transport', `${channel} could not reach the host: ${err instanceof Error ? err.message : String(err)}`);
      }
      const parsed = resultSchema(CONTRACT[channel].output).safeParse(raw);
      if (!parsed.success) {
        return fail('invalid-output', `${channel} answered with data the app does not understand (${parsed.error.issues[0]?.message ?? 'bad shape'}).`);
      }
      return parsed.data as Result<OutputOf<typeof channel>>;
    },
    on(event, listener) {
      const schema = EVENTS[event];
      return transport.subscribe(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventOf<typeof event>);
      });
    },
  };
}

let counter = 0;

/** A new operation id for long work (clone, push); progress events and op:cancel name it. */
export function newOpId(prefix = 'op'): string {
  counter = (counter + 1) % 1_000_000;
  const rand = Math.floor(Math.random() * 0x7fffffff).toString(36);
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}-${rand}`.slice(0, 64);
}
