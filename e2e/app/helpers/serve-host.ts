import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../../scripts/build-app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServeHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** Everything the host wrote to stdout and stderr, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Builds what is stale (once per test process; a lock serialises parallel workers). */
const built = new Map<string, Promise<string[]>>();
export function ensureAppBuilt(targets: Array<'renderer' | 'web' | 'electron'> = ['renderer', 'web']): Promise<string[]> {
  const key = targets.join(',');
  let p = built.get(key);
  if (!p) built.set(key, (p = ensureBuilt(targets)));
  return p;
}

/**
 * Starts `npm run serve`'s script (node scripts/serve.mjs) on port 0 with its own data folder, and
 * waits for the line `Gantry: http://127.0.0.1:<port>/?token=<token>`.
 */
export async function startServe(opts: { workspace?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServeHost> {
  await ensureAppBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gantry-data-'));
  const args = [path.join(root, 'scripts/serve.mjs'), '--port', '0', ...(opts.workspace ? ['--workspace', opts.workspace] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, GANTRY_DATA_DIR: dataDir, HOME: dataDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (out += d));
  const line = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time:\n${out}`)), opts.timeoutMs ?? 60_000);
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /^Gantry: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  const port = Number(line[2]);
  return {
    url: line[1]!,
    origin: `http://127.0.0.1:${port}`,
    port,
    token: line[3]!,
    dataDir,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
