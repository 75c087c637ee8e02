import type { BrowserWindow as BrowserWindowT, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './window-state.ts';
import { APP_URL, hardenWebContents, windowOptions } from './security.ts';

export interface WindowDeps {
  BrowserWindow: new (opts: BrowserWindowConstructorOptions) => BrowserWindowT;
  workAreas: () => Rectangle[];
  stateFile: string;
  preload: string;
  url?: string;
}

/** Creates the main window with the saved size and position, hardened, and keeps its state saved. */
export function createMainWindow(deps: WindowDeps): BrowserWindowT {
  const saved = loadWindowState(deps.stateFile);
  const win = new deps.BrowserWindow(windowOptions(deps.preload, fitToDisplays(saved, deps.workAreas())));
  hardenWebContents(win.webContents);
  if (saved.maximized) win.maximize();

  let timer: ReturnType<typeof setTimeout> | undefined;
  const snapshot = (): WindowState => {
    const b = win.getNormalBounds();
    return { width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() };
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        saveWindowState(deps.stateFile, snapshot());
      } catch {
        // The window was destroyed meanwhile (getNormalBounds throws): nothing to save.
      }
    }, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    saveWindowState(deps.stateFile, snapshot());
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(deps.url ?? APP_URL);
  return win;
}
