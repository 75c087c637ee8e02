import type { Transport } from '../../shared/ipc/client.ts';
import type { GantryBridge } from '../../shared/ipc/bridge.ts';

/** Electron: calls go through the preload's contextBridge to ipcMain.handle. */
export function electronTransport(bridge: GantryBridge): Transport {
  return {
    invoke: (channel, input) => bridge.invoke(channel, input),
    subscribe: (event, listener) => bridge.on(event, listener),
  };
}
