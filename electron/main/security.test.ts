import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/channel-names.ts';
import { resolveAppFile } from './app-protocol.ts';
import { SafeStorageCredentialStore } from './credentials.ts';
import { bindIpc } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { APP_URL, CSP, hardenSession, hardenWebContents, isTrustedSender, windowOptions } from './security.ts';
import { fitToDisplays } from './window-state.ts';

vi.mock('electron', () => ({}));

function fakeContents() {
  const ee = new EventEmitter() as EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn>; id: number };
  ee.setWindowOpenHandler = vi.fn();
  ee.id = 7;
  return ee;
}

describe('window options', () => {
  it('isolate, sandbox and keep Node out of the renderer', () => {
    const o = windowOptions('/app/preload.cjs', { width: 1200, height: 800 });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(o.width).toBe(1200);
  });

  it('has a strict CSP: own scripts only, no remote connections, no objects or frames', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("connect-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(CSP).not.toContain('unsafe-eval');
    expect(CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('web contents handlers', () => {
  it('deny navigation, redirects, webviews and new windows', () => {
    const wc = fakeContents();
    hardenWebContents(wc as unknown as WebContents);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      wc.emit(ev, event, 'https://evil.example/');
      expect(event.preventDefault, ev).toHaveBeenCalled();
    }
    const handler = wc.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => { action: string };
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('refuse every permission request and check', () => {
    const ses = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    hardenSession(ses as unknown as Session);
    const request = ses.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      request({}, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect((ses.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean)()).toBe(false);
  });
});

describe('IPC sender check', () => {
  const trusted = new Set([7]);
  const ev = (url: string, opts: { parent?: unknown; id?: number; noFrame?: boolean } = {}) =>
    ({ sender: { id: opts.id ?? 7 }, senderFrame: opts.noFrame ? null : { url, parent: opts.parent ?? null } }) as unknown as IpcMainInvokeEvent;

  it('accepts only the main frame of our window showing an app:// page', () => {
    expect(isTrustedSender(ev(APP_URL), trusted)).toBe(true);
    expect(isTrustedSender(ev('app://gantry/assets/x.html#y'), trusted)).toBe(true);
    expect(isTrustedSender(ev('https://evil.example/'), trusted)).toBe(false);
    expect(isTrustedSender(ev('file:///etc/passwd'), trusted)).toBe(false);
    expect(isTrustedSender(ev('app://evil/index.html'), trusted)).toBe(false);
    expect(isTrustedSender(ev(APP_URL, { parent: {} }), trusted)).toBe(false);
    expect(isTrustedSender(ev(APP_URL, { id: 8 }), trusted)).toBe(false);
    expect(isTrustedSender(ev(APP_URL, { noFrame: true }), trusted)).toBe(false);
  });

  it('binds every channel and refuses untrusted senders before dispatching', async () => {
    const handlers = new Map<string, (e: IpcMainInvokeEvent, p: unknown) => Promise<unknown>>();
    const ipcMain = { handle: vi.fn((c: string, h: never) => handlers.set(c, h)), removeHandler: vi.fn() };
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }));
    const unbind = bindIpc(ipcMain, dispatch, (e) => isTrustedSender(e, trusted));
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(await handlers.get('workspace:open')!(ev('https://evil.example/'), { dir: '/' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.any(String) },
    });
    expect(dispatch).not.toHaveBeenCalled();
    expect(await handlers.get('app:info')!(ev(APP_URL), {})).toEqual({ ok: true, value: 1 });
    expect(dispatch).toHaveBeenCalledWith('app:info', {});
    unbind();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(INVOKE_CHANNELS.length);
  });
});

describe('app:// protocol', () => {
  it('maps to files under the renderer folder and nowhere else', () => {
    expect(resolveAppFile('app://gantry/', '/r')).toBe(path.resolve('/r/index.html'));
    expect(resolveAppFile('app://gantry/assets/a.js', '/r')).toBe(path.resolve('/r/assets/a.js'));
    expect(resolveAppFile('app://gantry/../../etc/passwd', '/r')).toBe(path.resolve('/r/etc/passwd'));
    expect(resolveAppFile('app://gantry/%2e%2e/%2e%2e/etc/passwd', '/r')).toBe(path.resolve('/r/etc/passwd'));
    expect(resolveAppFile('app://gantry/%E0%A4%A', '/r')).toBeUndefined();
    expect(resolveAppFile('app://gantry/..%2f..%2fetc%2fpasswd', '/r')).toBeUndefined();
    expect(resolveAppFile('app://other/index.html', '/r')).toBeUndefined();
    expect(resolveAppFile('file:///etc/passwd', '/r')).toBeUndefined();
  });
});

describe('credentials', () => {
  it('are encrypted at rest with safeStorage and readable again', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-cred-'));
    const file = path.join(dir, 'credentials.json');
    const safe = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
    };
    const store = new SafeStorageCredentialStore(safe, file);
    store.set('https://git.example.com/platform/tenants.git', { username: 'alice', password: 'ghp_supersecret' }, true);
    expect(readFileSync(file, 'utf8')).not.toContain('ghp_supersecret');
    const again = new SafeStorageCredentialStore(safe, file);
    expect(again.get('https://git.example.com/other.git')).toEqual({ username: 'alice', password: 'ghp_supersecret' });
  });

  it('stay in memory when no keychain is available', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-cred-'));
    const file = path.join(dir, 'credentials.json');
    const safe = { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() };
    const store = new SafeStorageCredentialStore(safe as never, file);
    store.set('https://h/x.git', { password: 't' }, true);
    expect(store.get('https://h/x.git')).toEqual({ password: 't' });
    expect(safe.encryptString).not.toHaveBeenCalled();
    expect(() => readFileSync(file)).toThrow();
  });
});

describe('menu and window state', () => {
  it('has the shortcuts of the app', () => {
    const sent: string[] = [];
    const tpl = menuTemplate((c) => sent.push(c), { isMac: false, devTools: false });
    const items = tpl.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const acc = Object.fromEntries(items.filter((i) => i.label && i.accelerator).map((i) => [i.label, i.accelerator]));
    expect(acc).toMatchObject({ 'Open Folder…': 'CmdOrCtrl+O', 'Clone Repository…': 'CmdOrCtrl+Shift+O', Commit: 'CmdOrCtrl+Enter', Push: 'CmdOrCtrl+Shift+P', 'Toggle Problems': 'CmdOrCtrl+J' });
    expect(items.some((i) => i.role === 'reload')).toBe(true);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    items.find((i) => i.label === 'Commit')!.click!({} as never, undefined, {} as never);
    expect(sent).toEqual(['commit']);
  });

  it('forgets a position no display shows', () => {
    const area = { x: 0, y: 0, width: 1920, height: 1080 };
    expect(fitToDisplays({ width: 800, height: 600, x: 100, y: 100 }, [area])).toEqual({ width: 800, height: 600, x: 100, y: 100 });
    expect(fitToDisplays({ width: 800, height: 600, x: 4000, y: 100 }, [area])).toEqual({ width: 800, height: 600 });
  });
});
