import type { Transport } from '../../shared/ipc/client.ts';
import { z } from 'zod';
import { isEventChannel, type EventChannel } from '../../shared/ipc/channel-names.ts';

/** One WebSocket message; the payload is checked by the client against the event's schema. */
const eventFrame = z.object({ event: z.string(), payload: z.unknown() });

/**
 * Browser mode: calls are `POST /ipc/<channel>` with the per-start token in a header; events
 * arrive on one WebSocket (`/events?token=`; a WebSocket URL is no page address, so it stays out
 * of history), reconnected with backoff when it drops. Both wait for the token, which the page
 * may still be fetching; when it cannot get one, every call fails with the reason.
 */
export function httpTransport(tokenOrPromise: string | Promise<string>, base: string = location.origin): Transport {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const ready = Promise.resolve(tokenOrPromise);
  // The reason reaches every invoke(); no rejection left unhandled for the event stream.
  ready.catch(() => undefined);
  let started = false;
  let retry = 0;

  const connect = (token: string) => {
    const wsUrl = `${base.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(wsUrl);
    ws.onopen = () => {
      retry = 0;
    };
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(msg.data);
      } catch {
        return;
      }
      const frame = eventFrame.safeParse(data);
      if (!frame.success || !isEventChannel(frame.data.event)) return;
      for (const l of listeners.get(frame.data.event) ?? []) l(frame.data.payload);
    };
    ws.onclose = () => {
      const delay = Math.min(5000, 200 * 2 ** retry++);
      setTimeout(() => connect(token), delay);
    };
  };

  return {
    async invoke(channel, input) {
      const token = await ready;
      const res = await fetch(`${base}/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gantry-token': token },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('application/json')) throw new Error(`HTTP ${res.status}: ${(await res.text()).trim().slice(0, 200)}`);
      // The client parses this with the channel's envelope schema.
      return (await res.json()) as unknown;
    },
    subscribe(event, listener) {
      if (!started) {
        started = true;
        ready.then(connect, () => undefined);
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
