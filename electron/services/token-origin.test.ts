import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicOf, startCaptureServer, startRedirectingFront, type TestHttpServer } from '../../e2e/support/auth-capture.ts';
import { startGitServer, type GitServer } from '../../e2e/support/git-server.ts';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { PLAIN_HTTP_TOKEN } from '../../gitops/node/git/origin.ts';
import { git } from '../../gitops/node/git/test-helpers.ts';
import { CONTRACT } from '../../shared/ipc/contract.ts';
import { resultSchema } from '../../shared/ipc/envelope.ts';
import { SafeStorageCredentialStore } from '../main/credentials.ts';
import { MemoryCredentialStore, tokenOrigins } from './credentials.ts';
import { createHost, type Host } from './host.ts';

/**
 * Issue 9, item 4: a token goes only to the origin it was given for. Everything runs against real
 * servers on 127.0.0.1: the test Git server (git http-backend, basic auth), a capture server that
 * asks everyone for credentials and records what it gets, and a front server that proxies the Git
 * server and redirects `/moved/...` to the capture server.
 */

const USER = 'alice';
const ENV_TOKEN = 'env-token-s3cret';
const ENV = { GANTRY_GIT_TOKEN: ENV_TOKEN, GANTRY_GIT_USERNAME: USER };

let server: GitServer;
let capture: TestHttpServer;
let front: TestHttpServer;
const temps: string[] = [];
const hosts: Host[] = [];

function tmp(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

const cliUrl = (url: string) => url.replace('http://', `http://${USER}:${ENV_TOKEN}@`);

/** A workspace cloned with the git CLI whose `origin` remote is `remoteUrl` (no credentials in it). */
async function workspaceWithRemote(remoteUrl: string): Promise<string> {
  const dir = path.join(tmp('gantry-token-ws-'), 'platform');
  // The git CLI asynchronously: the Git server runs in this process.
  await git(os.tmpdir(), 'clone', '-q', cliUrl(server.url('platform')), dir);
  await git(dir, 'remote', 'set-url', 'origin', remoteUrl);
  return dir;
}

function hostWith(env: NodeJS.ProcessEnv, workspace?: string) {
  const host = createHost({
    mode: 'browser',
    version: 't',
    dataDir: tmp('gantry-token-data-'),
    credentials: MemoryCredentialStore.fromEnv(env),
    envToken: Boolean(env.GANTRY_GIT_TOKEN),
    ...(workspace ? { initialWorkspace: workspace } : {}),
  });
  hosts.push(host);
  const call = async <C extends keyof typeof CONTRACT>(channel: C, input: unknown) => {
    const r = await host.dispatch(channel, input);
    expect(resultSchema(CONTRACT[channel].output).safeParse(r).success, `${channel} answer fits the contract`).toBe(true);
    return r as { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
  };
  const clone = (url: string, extra: { username?: string; token?: string } = {}) => call('git:clone', { opId: `clone-${Math.random().toString(36).slice(2, 10)}`, url, dir: path.join(tmp('gantry-token-clone-'), 'c'), ...extra });
  return { host, call, clone };
}

/** The capture server was asked, and never saw a credential. */
function expectAskedWithoutCredentials(): void {
  expect(capture.requests.length).toBeGreaterThan(0);
  expect(capture.requests.filter((r) => r.authorization !== undefined)).toEqual([]);
}

beforeAll(async () => {
  server = await startGitServer({ users: { [USER]: ENV_TOKEN } });
  capture = await startCaptureServer();
  front = await startRedirectingFront(server.baseUrl, capture.baseUrl);
  const seed = path.join(tmp('gantry-token-seed-'), 'ws');
  writeExample(seed, 'small');
  await server.createRepo('platform', { fromDir: seed });
});

beforeEach(() => {
  capture.requests.length = 0;
  front.requests.length = 0;
});

afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

afterAll(async () => {
  await Promise.all([front?.close(), capture?.close(), server?.close()]);
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('GANTRY_GIT_TOKEN without GANTRY_GIT_TOKEN_ORIGIN: bound to the open workspace remote', () => {
  it('(e) fetch and push of the workspace remote authenticate with it', async () => {
    const dir = await workspaceWithRemote(server.url('platform'));
    const { call } = hostWith(ENV, dir);
    expect(await call('git:fetch', { opId: 'fetch-e1' })).toMatchObject({ ok: true, value: { branch: { branch: 'main', behind: 0 } } });
    const file = 'tenants/hooli.yaml';
    const { value } = (await call('workspace:readFile', { file })) as { value: { content: string } };
    const edited = value.content.replace(/plan: \w+/, 'plan: free');
    expect(edited).not.toBe(value.content);
    expect(await call('workspace:writeFile', { file, content: edited, expected: value.content })).toMatchObject({ ok: true });
    expect(await call('git:commit', { message: 'hooli: free plan' })).toMatchObject({ ok: true, value: { branch: { ahead: 1 } } });
    expect(await call('git:push', { opId: 'push-e1' })).toMatchObject({ ok: true, value: { branch: { ahead: 0 } } });
    const local = (await git(dir, 'rev-parse', 'HEAD')).trim();
    expect((await git(dir, 'ls-remote', cliUrl(server.url('platform')), 'refs/heads/main')).slice(0, 40)).toBe(local);
    expect(capture.requests).toEqual([]);
  });

  it('(a) a clone of a URL elsewhere gets no credential (the capture server saw none; auth-failed)', async () => {
    const { clone } = hostWith(ENV, await workspaceWithRemote(server.url('platform')));
    const r = await clone(`${capture.baseUrl}/platform.git`);
    expect(r).toMatchObject({ ok: false, error: { code: 'auth-failed', message: expect.stringMatching(/asks for credentials/) } });
    expectAskedWithoutCredentials();
  });

  it('(a) nor does a clone of the workspace remote\'s URL typed in the clone dialog, unless GANTRY_GIT_TOKEN_ORIGIN names it', async () => {
    const { clone } = hostWith(ENV, await workspaceWithRemote(server.url('platform')));
    expect(await clone(server.url('platform'))).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    const named = hostWith({ ...ENV, GANTRY_GIT_TOKEN_ORIGIN: `https://dev.azure.com, ${server.baseUrl}` });
    expect(await named.clone(server.url('platform'))).toMatchObject({ ok: true });
    // Named origins only: the capture server still gets nothing.
    expect(await named.clone(`${capture.baseUrl}/platform.git`)).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expectAskedWithoutCredentials();
  });

  it('(b) a token typed for the capture server goes there, and the env token does not follow it', async () => {
    const { clone } = hostWith(ENV, await workspaceWithRemote(server.url('platform')));
    const r = await clone(`${capture.baseUrl}/platform.git`, { username: 'carol', token: 'typed-for-capture' });
    expect(r).toMatchObject({ ok: false, error: { code: 'auth-failed', message: expect.stringMatching(/refused the credentials \(401/) } });
    const sent = capture.requests.map((q) => basicOf(q.authorization));
    expect(sent).toContain('carol:typed-for-capture');
    expect(sent.every((s) => s === undefined || s === 'carol:typed-for-capture')).toBe(true);
    expect(JSON.stringify(capture.requests)).not.toContain(Buffer.from(`${USER}:${ENV_TOKEN}`).toString('base64'));
    // The typed token went to the capture server and nowhere else.
    expect(front.requests).toEqual([]);
  });

  it('(c) a typed token over http:// to another machine is refused before any request', async () => {
    const { clone, call } = hostWith(ENV, await workspaceWithRemote(server.url('platform')));
    const dir = path.join(tmp('gantry-token-clone-'), 'insecure');
    // Even with plain http allowed after the warning, the token is not sent.
    const r = await call('git:clone', { opId: 'clone-insecure', url: 'http://gantry-test.invalid/x.git', dir, token: 'typed-secret', allowPlainHttp: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    const { message } = (r as { error: { message: string } }).error;
    expect(message).toContain(PLAIN_HTTP_TOKEN);
    expect(message).not.toContain('typed-secret');
    // A name lookup or connection would have ended in 'network' (ENOTFOUND); nor was a folder made.
    expect(message).not.toMatch(/ENOTFOUND|cannot reach/);
    expect(existsSync(dir)).toBe(false);
    // Over http:// to this machine a typed token is fine (the test servers are such remotes).
    expect(await clone(server.url('platform'), { username: USER, token: ENV_TOKEN })).toMatchObject({ ok: true });
  });

  it('(d) a redirect from the remote\'s origin to the capture server carries no Authorization there', async () => {
    // The workspace remote is the front server; it redirects this repository to the capture server.
    const dir = await workspaceWithRemote(`${front.baseUrl}/moved/platform.git`);
    const { call, clone } = hostWith(ENV, dir);
    expect(await call('git:fetch', { opId: 'fetch-d1' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expectAskedWithoutCredentials();
    // The retry after the 401 went to the remote's own origin (which redirected it again), not further.
    expect(front.requests.map((q) => basicOf(q.authorization))).toContain(`${USER}:${ENV_TOKEN}`);
    // A typed token on a clone through the same redirect: the same.
    capture.requests.length = 0;
    expect(await clone(`${front.baseUrl}/moved/platform.git`, { username: 'carol', token: 'typed' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expectAskedWithoutCredentials();
    // Without the redirect the front server's remote works with the env token (fetch through the proxy).
    await git(dir, 'remote', 'set-url', 'origin', `${front.baseUrl}/platform.git`);
    expect(await call('git:fetch', { opId: 'fetch-d2' })).toMatchObject({ ok: true });
  });
});

describe('GANTRY_GIT_TOKEN_ORIGIN', () => {
  it('takes comma-separated origins and refuses plain http:// to another machine', () => {
    expect(tokenOrigins(undefined)).toBeUndefined();
    expect(tokenOrigins(' ')).toBeUndefined();
    expect(tokenOrigins('https://dev.azure.com/org, http://127.0.0.1:8080')).toEqual(['https://dev.azure.com', 'http://127.0.0.1:8080']);
    expect(() => tokenOrigins('http://git.example.com')).toThrow(PLAIN_HTTP_TOKEN);
    expect(() => tokenOrigins('dev.azure.com')).toThrow(/not an https:\/\/ origin/);
  });

  it('binds the env token to those origins only, also for the workspace remote', () => {
    const store = MemoryCredentialStore.fromEnv({ ...ENV, GANTRY_GIT_TOKEN_ORIGIN: 'https://dev.azure.com' });
    expect(store.get('https://dev.azure.com/org/_git/platform')).toEqual({ username: USER, password: ENV_TOKEN, origin: 'https://dev.azure.com' });
    expect(store.get('https://github.com/org/platform.git', { workspaceRemote: true })).toBeUndefined();
    const unbound = MemoryCredentialStore.fromEnv(ENV);
    expect(unbound.get('https://github.com/org/platform.git')).toBeUndefined();
    expect(unbound.get('https://github.com/org/platform.git', { workspaceRemote: true })).toMatchObject({ origin: 'https://github.com' });
    expect(unbound.get('http://git.example.com/platform.git', { workspaceRemote: true })).toBeUndefined();
  });
});

describe('a typed token the person asked to remember, on a Linux desktop without a keyring', () => {
  it('clones, says the token is kept for this run only, and writes no credentials file', async () => {
    const file = path.join(tmp('gantry-token-keyring-'), 'credentials.json');
    // Electron's safeStorage on Linux with no GNOME Keyring or KWallet: "encryption" is plain text.
    const safe = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text' as const,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    };
    const host = createHost({ mode: 'electron', version: 't', dataDir: tmp('gantry-token-data-'), credentials: new SafeStorageCredentialStore(safe, file) });
    hosts.push(host);
    const r = await host.dispatch('git:clone', { opId: 'clone-keyring', url: server.url('platform'), dir: path.join(tmp('gantry-token-clone-'), 'c'), username: USER, token: ENV_TOKEN, remember: true });
    expect(r).toMatchObject({ ok: true, value: { credentialNotice: expect.stringMatching(/No keyring .* kept in memory for this run only/) } });
    expect(existsSync(file)).toBe(false);
  });
});
