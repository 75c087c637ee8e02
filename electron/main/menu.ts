import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/channel-names.ts';

/** The application menu; items that act on the workspace send a command to the renderer. */
export function menuTemplate(send: (command: MenuCommand) => void, opts: { isMac: boolean; devTools: boolean }): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(command),
  });
  return [
    ...(opts.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        cmd('Open Folder…', 'open', 'CmdOrCtrl+O'),
        cmd('Clone Repository…', 'clone', 'CmdOrCtrl+Shift+O'),
        { type: 'separator' },
        cmd('Save', 'save', 'CmdOrCtrl+S'),
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        cmd('Workspace', 'showWorkspace', 'CmdOrCtrl+1'),
        cmd('Changes', 'showChanges', 'CmdOrCtrl+2'),
        cmd('Capacity', 'showCapacity', 'CmdOrCtrl+3'),
        cmd('Routing Map', 'showRouting', 'CmdOrCtrl+4'),
        { type: 'separator' },
        cmd('Command Palette…', 'palette', 'F1'),
        cmd('Search', 'search', 'CmdOrCtrl+K'),
        cmd('Toggle Problems', 'toggleProblems', 'CmdOrCtrl+J'),
        { type: 'separator' },
        { role: 'reload', accelerator: 'CmdOrCtrl+R' },
        ...(opts.devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Git',
      submenu: [cmd('Commit', 'commit', 'CmdOrCtrl+Enter'), cmd('Push', 'push', 'CmdOrCtrl+Shift+P'), cmd('Pull', 'pull', 'CmdOrCtrl+Shift+L'), cmd('Hand over (bundle)…', 'handoff', 'CmdOrCtrl+Shift+H')],
    },
    { role: 'windowMenu' },
  ];
}
