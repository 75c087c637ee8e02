import type { z } from 'zod';
import { isInvokeChannel, type InvokeChannel } from '../../shared/ipc/channel-names.ts';
import { CONTRACT, type OutputOf, type ParsedInputOf } from '../../shared/ipc/contract.ts';
import { fail, HostError, ok, toErrorCode, type Result } from '../../shared/ipc/envelope.ts';

/** One function per channel, typed from the contract. */
export type Handlers = { [C in InvokeChannel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C> };

/** Takes an untrusted channel name and payload, and answers with an envelope. Never throws. */
export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

/**
 * Binds handlers to the contract: the channel must exist, the payload must parse with the
 * channel's input schema, and every error becomes `{ ok: false, error: { code, message } }`.
 * Both transports (Electron IPC, HTTP) call this and nothing else.
 */
export function createDispatcher(handlers: Handlers, onError?: (channel: string, err: unknown) => void): Dispatch {
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) return fail('unknown-channel', `There is no IPC channel named ${JSON.stringify(String(channel).slice(0, 80))}.`);
    const parsed = CONTRACT[channel].input.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) return fail('invalid-input', `${channel}: ${describeIssues(parsed.error)}`);
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown> | unknown;
      return ok(await handler(parsed.data));
    } catch (err) {
      onError?.(channel, err);
      return toFailure(err);
    }
  };
}

/** Maps host errors (HostError, GitError, anything else) to the envelope. */
export function toFailure(err: unknown): { ok: false; error: { code: ReturnType<typeof toErrorCode>; message: string } } {
  if (err instanceof HostError) return fail(err.code, err.message);
  if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') {
    const code = toErrorCode((err as { code?: unknown }).code, 'internal');
    if (code !== 'internal') return fail(code, err.message);
  }
  if (err instanceof Error && err.name === 'AbortError') return fail('cancelled', 'The operation was cancelled.');
  return fail('internal', err instanceof Error ? err.message : String(err));
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'payload'} ${i.message}`)
    .join('; ');
}
