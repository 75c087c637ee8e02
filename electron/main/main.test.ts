import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/channel-names.ts';

// Electron stubbed: main.ts runs its whole start-up against these fakes.
const h = vi.hoisted(() => {
  const windows: Array<{ opts: Record<string, unknown>; url?: string; contents: Record<string, unknown> & { handlers: Map<string, unknown> } }> = [];
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (ready = r));
  return { windows, ready, readyPromise, calls: {} as Record<string, unknown[][]> };
});

vi.mock('electron', async () => {
  const { EventEmitter: EE } = await import('node:events');
  const record = (name: string) =>
    vi.fn((...args: unknown[]) => {
      (h.calls[name] ??= []).push(args);
    });
  class BrowserWindow extends EE {
    webContents: EventEmitter & { id: number; setWindowOpenHandler: ReturnType<typeof vi.fn>; send: ReturnType<typeof vi.fn> };
    constructor(opts: Record<string, unknown>) {
      super();
      const wc = Object.assign(new EE(), { id: 41, setWindowOpenHandler: vi.fn(), send: vi.fn() });
      this.webContents = wc;
      h.windows.push({ opts, contents: wc as never });
    }
    loadURL(url: string) {
      h.windows.at(-1)!.url = url;
      return Promise.resolve();
    }
    maximize() {}
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1440, height: 900 };
    }
    isMaximized() {
      return false;
    }
    show() {}
  }
  return {
    app: {
      enableSandbox: record('enableSandbox'),
      requestSingleInstanceLock: () => true,
      whenReady: () => h.readyPromise,
      on: record('app.on'),
      quit: record('quit'),
      getPath: (n: string) => (n === 'userData' && process.env.GANTRY_DATA_DIR ? process.env.GANTRY_DATA_DIR : path.join(os.tmpdir(), `gantry-electron-${n}`)),
      setPath: record('setPath'),
      getVersion: () => '0.0.0-test',
      isPackaged: false,
    },
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(), showErrorBox: record('showErrorBox') },
    ipcMain: { handle: record('ipcMain.handle'), removeHandler: record('ipcMain.removeHandler') },
    Menu: { setApplicationMenu: record('setApplicationMenu'), buildFromTemplate: (t: unknown) => t },
    protocol: { registerSchemesAsPrivileged: record('registerSchemesAsPrivileged'), handle: record('protocol.handle') },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: record('setPermissionRequestHandler'),
        setPermissionCheckHandler: record('setPermissionCheckHandler'),
        setDevicePermissionHandler: record('setDevicePermissionHandler'),
      },
    },
  };
});

describe('electron main', () => {
  beforeAll(async () => {
    process.env.GANTRY_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'gantry-main-'));
    await import('./main.ts');
    h.ready();
    await h.readyPromise;
    await new Promise((r) => setTimeout(r, 0));
  });

  it('registers app:// as a secure standard scheme and sandboxes every renderer before ready', () => {
    const [[schemes]] = h.calls.registerSchemesAsPrivileged as [[Array<{ scheme: string; privileges: Record<string, boolean> }>]];
    expect(schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(h.calls.enableSandbox).toHaveLength(1);
  });

  it('denies every permission and serves the renderer from app://', () => {
    expect(h.calls.setPermissionRequestHandler).toHaveLength(1);
    expect(h.calls.setPermissionCheckHandler).toHaveLength(1);
    expect(h.calls['protocol.handle']![0]![0]).toBe('app');
  });

  it('opens one secure window on the app page', () => {
    expect(h.windows).toHaveLength(1);
    const w = h.windows[0]!;
    expect(w.url).toBe('app://gantry/index.html');
    expect(w.opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(String((w.opts.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    const open = (w.contents.setWindowOpenHandler as ReturnType<typeof vi.fn>).mock.calls[0]![0] as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
    const nav = { preventDefault: vi.fn() };
    (w.contents as unknown as EventEmitter).emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
  });

  it('handles every contract channel, and only from our frame', async () => {
    const handled = new Map((h.calls['ipcMain.handle'] as Array<[string, (e: unknown, p: unknown) => Promise<unknown>]>).map(([c, fn]) => [c, fn]));
    expect([...handled.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const fromUs = { sender: { id: 41 }, senderFrame: { url: 'app://gantry/index.html', parent: null } };
    const fromElsewhere = { sender: { id: 41 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await handled.get('app:info')!(fromElsewhere, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handled.get('app:info')!(fromUs, {})).toMatchObject({ ok: true, value: { mode: 'electron' } });
    expect(await handled.get('workspace:open')!(fromUs, { dir: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('sets the application menu', () => {
    expect(h.calls.setApplicationMenu).toHaveLength(1);
  });
});
