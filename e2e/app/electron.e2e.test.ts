import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { mainFlow, TOKEN, USER } from './helpers/flows.ts';
import { startRemote, type Remote } from './helpers/git-remote.ts';
import { ensureAppBuilt } from './helpers/serve-host.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = electronBinary();
const title = bin.path
  ? 'Electron: edit -> review -> commit -> push'
  : `Electron e2e skipped: ${bin.reason}. Browser mode runs the same flow (flow.e2e.test.ts).`;

/** A virtual display for Electron when none is set (CI, SSH); Xvfb comes from scripts/install-system-deps.sh. */
async function ensureDisplay(): Promise<{ env: NodeJS.ProcessEnv; stop: () => void }> {
  if (process.env.DISPLAY || process.platform !== 'linux') return { env: {}, stop: () => undefined };
  const display = `:${90 + Math.floor(Math.random() * 400)}`;
  const xvfb: ChildProcess = spawn('Xvfb', [display, '-screen', '0', '1440x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const lock = `/tmp/.X${display.slice(1)}-lock`;
  for (let i = 0; i < 100 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
  return { env: { DISPLAY: display }, stop: () => xvfb.kill() };
}

if (!bin.path) console.warn(title);

describe.skipIf(!bin.path)(title, () => {
  let remote: Remote;
  let app: ElectronApplication;
  let display: { stop: () => void } | undefined;

  beforeAll(async () => {
    await ensureAppBuilt(['renderer', 'electron']);
    remote = await startRemote({ [USER]: TOKEN });
    const d = await ensureDisplay();
    display = d;
    app = await electron.launch({
      executablePath: bin.path!,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      env: { ...process.env, ...d.env, GANTRY_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gantry-electron-')), HOME: mkdtempSync(path.join(os.tmpdir(), 'gantry-home-')) },
      timeout: 30_000,
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    display?.stop();
    await remote?.close();
  });

  it('runs the main flow in the desktop shell', async () => {
    const page = await app.firstWindow();
    await page.setViewportSize({ width: 1440, height: 900 });
    await mainFlow(page, remote, { shots: false });
  }, 90_000);
});
