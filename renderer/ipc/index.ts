import { createIpcClient, type IpcClient } from '../../shared/ipc/client.ts';
import { BRIDGE_KEY, type GantryBridge } from '../../shared/ipc/bridge.ts';
import type { InvokeChannel } from '../../shared/ipc/channel-names.ts';
import type { InputOf, OutputOf } from '../../shared/ipc/contract.ts';
import type { IpcError } from '../../shared/ipc/envelope.ts';
import { browserToken } from './browser-session.ts';
import { electronTransport } from './electron-transport.ts';
import { httpTransport } from './http-transport.ts';

function pickTransport() {
  const bridge = (globalThis as unknown as Record<string, GantryBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return electronTransport(bridge);
  // Browser mode: the launch code is traded for the token right away; calls and the event stream wait for it.
  const token = browserToken({
    href: location.href,
    replaceUrl: (url) => history.replaceState(history.state, '', url),
    storage: sessionStorage,
    fetch: (input, init) => fetch(input, init),
    origin: location.origin,
  });
  return httpTransport(token);
}

/** The one IPC client of the renderer. */
export const ipc: IpcClient = createIpcClient(pickTransport());

/** An IPC failure as an exception, for stores that prefer try/catch. */
export class IpcCallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
  }
  get code() {
    return this.error.code;
  }
}

/** Calls `channel` and returns its value, or throws IpcCallError. */
export async function call<C extends InvokeChannel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await ipc.invoke(channel, input);
  if (!r.ok) throw new IpcCallError(r.error);
  return r.value;
}
