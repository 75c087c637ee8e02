// Electron's main process: thin. It serves the renderer on app://gantry/, binds the IPC contract
// to the host services, and owns the window, the menu and the keychain. Everything else is in
// electron/services (no Electron there), shared with browser mode.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session } from 'electron';
import type { MenuCommand } from '../../shared/ipc/channel-names.ts';
import { createHost } from '../services/host.ts';
import { APP_SCHEME_PRIVILEGES, chooseRendererDir, registerAppProtocol } from './app-protocol.ts';
import { SafeStorageCredentialStore } from './credentials.ts';
import { bindIpc } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { hardenSession, hardenWebContents, isTrustedSender } from './security.ts';
import { createMainWindow } from './window.ts';

declare const GANTRY_VERSION: string | undefined;

// Before ready: app:// is a secure standard scheme; every renderer is sandboxed.
protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
app.enableSandbox();

// Tests and portable installs keep all state in one folder; set before ready so Chromium uses it too.
if (process.env.GANTRY_DATA_DIR) app.setPath('userData', process.env.GANTRY_DATA_DIR);

const here = __dirname;
// GANTRY_RENDERER_DIR serves development and tests; a packaged app always serves its own bundle.
const rendererDir = chooseRendererDir({ isPackaged: app.isPackaged, env: process.env, mainDir: here });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('Gantry could not start', err instanceof Error ? err.message : String(err));
    app.quit();
  });
  app.on('window-all-closed', () => app.quit());
}

function start(): void {
  const userData = app.getPath('userData');
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol, rendererDir);

  const trusted = new Set<number>();
  const host = createHost({
    mode: 'electron',
    version: typeof GANTRY_VERSION === 'string' ? GANTRY_VERSION : app.getVersion(),
    dataDir: userData,
    credentials: new SafeStorageCredentialStore(safeStorage, path.join(userData, 'credentials.json')),
    defaultParentDir: path.join(app.getPath('documents'), 'Gantry'),
    pickFolder: async (title) => {
      const r = await dialog.showOpenDialog({ title: title ?? 'Open folder', properties: ['openDirectory', 'createDirectory'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    ...(process.env.GANTRY_WORKSPACE ? { initialWorkspace: path.resolve(process.env.GANTRY_WORKSPACE) } : {}),
  });
  const unbind = bindIpc(ipcMain, host.dispatch, (event) => isTrustedSender(event, trusted));

  const win = createMainWindow({
    BrowserWindow,
    workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
    stateFile: path.join(userData, 'window-state.json'),
    preload: path.join(here, 'preload.cjs'),
  });
  const contentsId = win.webContents.id;
  trusted.add(contentsId);

  const offEvents = host.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(event, payload);
  });
  const send = (command: MenuCommand) => host.events.emit('app:onMenuCommand', { command });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, { isMac: process.platform === 'darwin', devTools: !app.isPackaged })));

  win.on('closed', () => {
    trusted.delete(contentsId);
    offEvents();
    unbind();
    host.dispose();
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}
