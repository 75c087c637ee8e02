import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/channel-names.ts';
import { fail } from '../../shared/ipc/envelope.ts';
import type { Dispatch } from '../services/dispatcher.ts';

/**
 * Binds every contract channel to ipcMain.handle. A call from any frame but our own is refused;
 * the payload is parsed by the dispatcher with the channel's schema.
 */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrusted(event)) return fail('forbidden', 'IPC is accepted only from the Gantry window.');
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
