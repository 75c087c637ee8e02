import { createIpcClient, type IpcClient } from '../../shared/ipc/client.ts';
import { BRIDGE_KEY, type GantryBridge } from '../../shared/ipc/bridge.ts';
import type { InvokeChannel } from '../../shared/ipc/channel-names.ts';
import type { InputOf, OutputOf } from '../../shared/ipc/contract.ts';
import type { IpcError } from '../../shared/ipc/envelope.ts';
import { electronTransport } from './electron-transport.ts';
import { httpTransport } from './http-transport.ts';

const TOKEN_KEY = 'gantry.token';

/** The browser-mode token: from `?token=` on first load (then removed from the address bar), else this tab's session. */
function browserToken(): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function pickTransport() {
  const bridge = (globalThis as unknown as Record<string, GantryBridge | undefined>)[BRIDGE_KEY];
  return bridge ? electronTransport(bridge) : httpTransport(browserToken());
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
