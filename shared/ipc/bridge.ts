/**
 * What the Electron preload exposes on `window.gantry` through contextBridge: two untyped
 * functions and nothing else (no ipcRenderer, no Node). The IPC client adds types and validation.
 */
export interface GantryBridge {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The global name of the bridge. */
export const BRIDGE_KEY = 'gantry';
