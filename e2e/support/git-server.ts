/**
 * A real Git remote for tests: `git http-backend` (smart HTTP, fetch and push, protocol v0-v2)
 * run as CGI behind a small Node HTTP server on 127.0.0.1, with optional HTTP basic auth.
 *
 *   const server = await startGitServer({ users: { alice: 's3cret' } });
 *   const url = await server.createRepo('platform', { fromDir: workspaceDir }); // bare repo, branch main
 *   // ... clone/push `url` with alice / s3cret (git CLI, isomorphic-git, Flux source-controller) ...
 *   await server.close();
 *
 * Each repository is `<root>/<name>.git` with `http.receivepack` on. Without `users`, anyone may
 * read and push. The root is a temp folder removed by close() unless you pass your own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface GitServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Folder holding the bare repositories. */
  root: string;
  /** Clone URL of repository `name` (`<baseUrl>/<name>.git`). */
  url(name: string): string;
  /** Creates `<root>/<name>.git` (bare, branch main), optionally with one commit of `fromDir`'s files; returns its URL. */
  createRepo(name: string, opts?: { fromDir?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface GitServerOptions {
  /** user -> password; when given, every request needs HTTP basic auth with one of them. */
  users?: Record<string, string>;
  /** Where the bare repositories live (default: a new temp folder, removed on close). */
  root?: string;
  /** Port to listen on (default: any free one). Pass a closed server's port and root to bring it "back". */
  port?: number;
}

/** Environment for git commands run by the server: no user or system config leaks in. */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: os.tmpdir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
    ...extra,
  };
}

function runGit(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): string {
  const r = spawnSync('git', args, { cwd: opts.cwd, env: gitEnv(opts.env), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function startGitServer(opts: GitServerOptions = {}): Promise<GitServer> {
  const ownRoot = !opts.root;
  const root = path.resolve(opts.root ?? mkdtempSync(path.join(os.tmpdir(), 'gantry-git-server-')));
  mkdirSync(root, { recursive: true });
  const children = new Set<ChildProcess>();
  const sockets = new Set<Socket>();

  const unauthorized = (res: http.ServerResponse) => {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="gantry-test-git", charset="UTF-8"', 'Content-Type': 'text/plain' });
    res.end('authentication required\n');
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let remoteUser = '';
    if (opts.users) {
      const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
      if (!m) return unauthorized(res);
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = decoded.slice(0, colon);
      const pass = decoded.slice(colon + 1);
      if (colon < 0 || !Object.prototype.hasOwnProperty.call(opts.users, user) || opts.users[user] !== pass) return unauthorized(res);
      remoteUser = user;
    }
    let pathInfo: string;
    try {
      pathInfo = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad path\n');
      return;
    }
    if (pathInfo.split('/').includes('..') || pathInfo.includes('\0')) {
      res.writeHead(400).end('bad path\n');
      return;
    }
    // Buffer the body so CONTENT_LENGTH is exact (git sends chunked bodies for large pushes).
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const env: Record<string, string> = {
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GATEWAY_INTERFACE: 'CGI/1.1',
        SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
        SERVER_SOFTWARE: 'gantry-test-git-server',
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: url.search.replace(/^\?/, ''),
        PATH_INFO: pathInfo,
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
        REMOTE_USER: remoteUser,
        CONTENT_LENGTH: String(body.length),
      };
      if (req.headers['content-type']) env.CONTENT_TYPE = req.headers['content-type'];
      if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
      if (req.headers['git-protocol']) env.HTTP_GIT_PROTOCOL = String(req.headers['git-protocol']);
      const child = spawn('git', ['http-backend'], { env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
      children.add(child);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.on('error', () => undefined);
      child.stdin.end(body);
      let head = Buffer.alloc(0);
      let headersSent = false;
      child.stdout.on('data', (d: Buffer) => {
        if (headersSent) {
          res.write(d);
          return;
        }
        head = Buffer.concat([head, d]);
        const crlf = head.indexOf('\r\n\r\n');
        const lf = head.indexOf('\n\n');
        const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
        if (end < 0) return;
        const sep = end === crlf ? 4 : 2;
        let status = 200;
        let reason = 'OK';
        const headers: Record<string, string | string[]> = {};
        for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
          const colon = line.indexOf(':');
          if (colon < 0) continue;
          const key = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (key.toLowerCase() === 'status') {
            status = Number(value.slice(0, 3)) || 500;
            reason = value.slice(4) || reason;
          } else if (headers[key] !== undefined) {
            headers[key] = ([] as string[]).concat(headers[key]!, value);
          } else headers[key] = value;
        }
        res.writeHead(status, reason, headers);
        headersSent = true;
        const rest = head.subarray(end + sep);
        if (rest.length) res.write(rest);
      });
      child.on('error', (err) => {
        children.delete(child);
        if (!headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`git http-backend failed: ${err.message}\n`);
        else res.destroy();
      });
      child.on('close', (code) => {
        children.delete(child);
        if (!headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`git http-backend exited with ${code}: ${stderr}\n`);
          return;
        }
        res.end();
      });
      res.on('close', () => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const urlOf = (name: string) => `${baseUrl}/${name}.git`;

  return {
    port,
    baseUrl,
    root,
    url: urlOf,
    async createRepo(name, repoOpts = {}) {
      if (!NAME.test(name)) throw new Error(`invalid repository name ${JSON.stringify(name)}`);
      const bare = path.join(root, `${name}.git`);
      if (existsSync(bare)) throw new Error(`repository ${name} already exists`);
      runGit(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
      runGit(['config', 'http.receivepack', 'true'], { cwd: bare });
      runGit(['config', 'uploadpack.allowFilter', 'true'], { cwd: bare });
      if (repoOpts.fromDir) {
        const env = { GIT_DIR: bare, GIT_WORK_TREE: path.resolve(repoOpts.fromDir), GIT_INDEX_FILE: path.join(bare, 'seed-index') };
        runGit(['add', '--all', '.'], { cwd: repoOpts.fromDir, env });
        runGit(['-c', 'user.name=Gantry Test', '-c', 'user.email=test@gantry.invalid', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '--allow-empty', '-m', 'Initial commit'], { cwd: repoOpts.fromDir, env });
        rmSync(path.join(bare, 'seed-index'), { force: true });
      }
      return urlOf(name);
    },
    async close() {
      for (const c of children) c.kill('SIGKILL');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      if (ownRoot) rmSync(root, { recursive: true, force: true });
    },
  };
}
