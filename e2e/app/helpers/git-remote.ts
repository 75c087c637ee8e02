import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startGitServer, type GitServer } from '../../support/git-server.ts';

/**
 * The test Git server (real `git http-backend`) behind a fixed port, so a test can stop the
 * server and start it again "on the same port": the app keeps its remote URL while the server
 * is really gone in between. Repositories live in a folder of the test's, kept across restarts.
 */
export interface Remote {
  port: number;
  url(name: string): string;
  /** `http://user:password@127.0.0.1:<port>/<name>.git` for the git CLI. */
  authUrl(name: string): string;
  createRepo(name: string, opts?: { fromDir?: string }): Promise<string>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRemote(users: Record<string, string>): Promise<Remote> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gantry-remote-'));
  let server: GitServer | undefined = await startGitServer({ users, root });
  const sockets = new Set<net.Socket>();
  const front = net.createServer((client) => {
    const target = server;
    if (!target) return client.destroy();
    const upstream = net.connect(target.port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      front.once('error', reject);
      front.listen(port, '127.0.0.1', () => {
        front.off('error', reject);
        resolve((front.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const [user, password] = Object.entries(users)[0] ?? ['', ''];
  const base = `http://127.0.0.1:${port}`;
  const stopFront = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!front.listening) return resolve();
      front.close(() => resolve());
    });
  return {
    port,
    url: (name) => `${base}/${name}.git`,
    authUrl: (name) => `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${name}.git`,
    async createRepo(name, opts) {
      await server!.createRepo(name, opts);
      return `${base}/${name}.git`;
    },
    async stop() {
      await stopFront();
      await server?.close();
      server = undefined;
    },
    async restart() {
      server = await startGitServer({ users, root });
      await listen(port);
    },
    async close() {
      await stopFront();
      await server?.close();
      server = undefined;
    },
  };
}

/**
 * Runs the git CLI with no user config; rejects with its output when it fails. Asynchronous: the
 * test Git server runs in this process and must keep answering while git talks to it.
 */
export function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`git ${args.join(' ')} failed (${code}): ${err || out}`));
    });
  });
}

/** A fresh `git clone` of the remote repository, as someone else would make it. */
export async function freshClone(remote: Remote, name: string): Promise<string> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-verify-')), name);
  await git(['clone', '--quiet', remote.authUrl(name), dir]);
  return dir;
}
