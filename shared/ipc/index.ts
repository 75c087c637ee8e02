/** The IPC contract shared by the renderer, the preload, both transports and the host. */
export * from './channel-names.ts';
export * from './contract.ts';
export * from './envelope.ts';
export * from './schemas.ts';
export * from './client.ts';
export * from './bridge.ts';
