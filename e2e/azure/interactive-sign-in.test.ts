import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureAccountDto } from '../../shared/ipc/cloud-schemas.ts';
import { startHostProcess, type HostProcess } from './host-process.ts';
import { startAzureTestBed, type AzureTestBed } from './setup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
type Step = { step: string; url?: string; status?: number; location?: string; body?: string; message?: string };

/**
 * The interactive browser sign-in: the real InteractiveBrowserCredential in a host process opens
 * "the system browser" (`open` runs xdg-open, which runs $BROWSER: e2e/azure/bin/browser.mjs, which
 * plays the person by following the authorize URL over plain HTTP), Entra's replay sends it back to
 * MSAL's loopback listener with a code, and MSAL redeems the code (PKCE) at the replay's token endpoint.
 */
describe('interactive browser sign-in against the replay', () => {
  let bed: AzureTestBed;
  let host: HostProcess;
  let logFile: string;

  beforeAll(async () => {
    bed = await startAzureTestBed();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-azure-browser-'));
    logFile = path.join(dir, 'browser.jsonl');
    const env = bed.env({ GANTRY_DATA_DIR: path.join(dir, 'data'), BROWSER: path.join(here, 'bin', 'browser.mjs'), FAKE_BROWSER_LOG: logFile });
    // No desktop: xdg-open takes $BROWSER, as on a jump host or in CI.
    for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'DESKTOP_SESSION', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID']) delete env[k];
    host = startHostProcess(env);
  });
  afterAll(async () => {
    await host?.stop();
    await bed?.replay.stop();
  });

  it('opens the authorize URL with a loopback redirect and PKCE, comes back with a code, and is signed in as the person', async () => {
    const r = await host.call<AzureAccountDto>('cloud:signIn', { method: 'browser', tenantId: bed.replay.tenantId });
    expect(r).toMatchObject({ ok: true, value: { method: 'browser', tenantId: bed.replay.tenantId, username: 'dana@contoso.example' } });
    expect(existsSync(logFile)).toBe(true);
    const steps = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Step);
    const open = new URL(steps.find((s) => s.step === 'open')!.url!);
    // The browser went to the configured authority (the replay), for this directory, with the code flow and PKCE.
    expect(open.origin).toBe(bed.replay.url);
    expect(open.pathname).toBe(`/${bed.replay.tenantId}/oauth2/v2.0/authorize`);
    expect(open.searchParams.get('response_type')).toBe('code');
    expect(open.searchParams.get('code_challenge_method')).toBe('S256');
    expect(open.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const redirect = new URL(open.searchParams.get('redirect_uri')!);
    expect(redirect.protocol).toBe('http:');
    expect(['localhost', '127.0.0.1']).toContain(redirect.hostname);
    expect(Number(redirect.port)).toBeGreaterThan(0);
    // Entra sent the browser back to that loopback port with a code, and MSAL's listener answered it.
    const auth = steps.find((s) => s.step === 'authorize')!;
    expect(auth.status).toBe(302);
    expect(new URL(auth.location!).searchParams.get('code')).toMatch(/^code-/);
    // MSAL's listener takes the code and sends the browser on to the bare loopback address (the code out of the address bar).
    const back = steps.find((s) => s.step === 'redirect')!;
    expect(back.status).toBe(302);
    expect(new URL(back.location!).origin).toBe(redirect.origin);
    // The code was redeemed at the replay's token endpoint.
    expect(bed.replay.requests.some((q) => q.method === 'POST' && q.path.startsWith(`/${bed.replay.tenantId}/oauth2/v2.0/token`))).toBe(true);
    // The account list holds the person, signed in through the browser.
    const accounts = await host.call<{ items: AzureAccountDto[] }>('cloud:accounts');
    expect(accounts).toMatchObject({ ok: true, value: { items: [expect.objectContaining({ method: 'browser', username: 'dana@contoso.example' })] } });
  }, 90_000);
});
