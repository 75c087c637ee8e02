import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export interface HostProcess {
  call<T = unknown>(channel: string, input?: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  /** Resolves with the first event on `channel` whose payload passes `match` (bounded by timeoutMs). */
  event<T = unknown>(channel: string, match?: (p: T) => boolean, timeoutMs?: number): Promise<T>;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts e2e/azure/host-child.ts under tsx with `env` (NODE_EXTRA_CA_CERTS, PATH, ...). */
export function startHostProcess(env: NodeJS.ProcessEnv): HostProcess {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(here, 'host-child.ts')], {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  let next = 1;
  const pending = new Map<number, (r: never) => void>();
  const events: Array<{ event: string; payload: unknown }> = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let msg: { id?: number; result?: unknown; event?: string; payload?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    if (msg.id !== undefined) {
      pending.get(msg.id)?.(msg.result as never);
      pending.delete(msg.id);
    } else if (msg.event) {
      events.push({ event: msg.event, payload: msg.payload });
      for (const w of [...waiters]) w();
    }
  });
  return {
    call: (channel, input = {}) =>
      new Promise((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => reject(new Error(`${channel} did not answer in 60 s:\n${err}`)), 60_000);
        pending.set(id, ((r: never) => {
          clearTimeout(timer);
          resolve(r);
        }) as never);
        child.stdin!.write(`${JSON.stringify({ id, channel, input })}\n`);
      }),
    event: <T>(channel: string, match: (p: T) => boolean = () => true, timeoutMs = 20_000) =>
      new Promise<T>((resolve, reject) => {
        let from = 0;
        const check = () => {
          for (; from < events.length; from++) {
            const e = events[from]!;
            if (e.event === channel && match(e.payload as T)) {
              done();
              resolve(e.payload as T);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${channel} event in ${timeoutMs} ms:\n${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
