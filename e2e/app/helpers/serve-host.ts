import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../../scripts/build-app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServeHost {
  /** The newest launch link serve printed: unused, so a page can open it (each link works once). */
  readonly url: string;
  origin: string;
  port: number;
  /** The IPC token, got by trading the first launch link (as the page does). */
  token: string;
  dataDir: string;
  /** Resolves with a launch link printed after `used` (default: the newest one now), for a test that just spent one. */
  nextUrl(used?: string): Promise<string>;
  /** Everything the host wrote to stdout and stderr, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const LAUNCH_LINE = /^Gantry: (http:\/\/127\.0\.0\.1:(\d+)\/\?launch=([A-Za-z0-9_-]+))$/gm;

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
 * waits for the line `Gantry: http://127.0.0.1:<port>/?launch=<code>`. It trades that code for the
 * token itself (`POST /session`, as the page does) and waits for the next printed link, so `url`
 * is always a link no one has used.
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
  const links: string[] = [];
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (out += d));
  let stdout = '';
  child.stdout!.on('data', (d: string) => {
    out += d;
    stdout += d;
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const l of lines) {
      for (const m of l.matchAll(LAUNCH_LINE)) links.push(m[1]!);
    }
    for (const w of waiters) w();
  });
  /** A link printed after `used` (any link when `used` is undefined). */
  const linkAfter = (used: string | undefined, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const i = used === undefined ? -1 : links.lastIndexOf(used);
        const link = links.length > i + 1 ? links.at(-1) : undefined;
        if (link === undefined) return false;
        finish();
        resolve(link);
        return true;
      };
      const onExit = (code: number | null) => {
        finish();
        reject(new Error(`serve exited with ${code}:\n${out}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`serve did not print a ${used ? 'new ' : ''}launch link in time:\n${out}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', onExit);
      };
      if (check()) return;
      if (child.exitCode !== null) return onExit(child.exitCode);
      waiters.add(check);
      child.once('exit', onExit);
    });

  const first = await linkAfter(undefined, opts.timeoutMs ?? 60_000);
  const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?launch=(.+)$/.exec(first)!;
  const port = Number(m[1]);
  const origin = `http://127.0.0.1:${port}`;
  const res = await fetch(`${origin}/session`, { method: 'POST', headers: { 'x-gantry-launch': m[2]! } });
  if (res.status !== 200) throw new Error(`serve did not trade its launch code (HTTP ${res.status}: ${await res.text()}):\n${out}`);
  const { token } = (await res.json()) as { token: string };
  await linkAfter(first, 10_000);
  return {
    get url() {
      return links.at(-1)!;
    },
    origin,
    port,
    token,
    dataDir,
    nextUrl: (used = links.at(-1)) => linkAfter(used, 10_000),
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
