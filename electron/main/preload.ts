// The preload: exposes two functions on window.gantry and nothing else. Sandboxed, so it may only
// require 'electron'; channel names are checked against the contract before anything is sent.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, type GantryBridge } from '../../shared/ipc/bridge.ts';
import { isEventChannel, isInvokeChannel } from '../../shared/ipc/channel-names.ts';

const bridge: GantryBridge = {
  invoke(channel, payload) {
    if (!isInvokeChannel(channel)) return Promise.reject(new Error(`unknown IPC channel ${String(channel)}`));
    return ipcRenderer.invoke(channel, payload);
  },
  on(event, listener) {
    if (!isEventChannel(event)) return () => undefined;
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
