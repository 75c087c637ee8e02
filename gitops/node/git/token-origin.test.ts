import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicOf, startCaptureServer, startRedirectingFront, type TestHttpServer } from '../../../e2e/support/auth-capture.ts';
import { startGitServer, type GitServer } from '../../../e2e/support/git-server.ts';
import { writeExample } from '../../cli/commands/init.ts';
import { cloneRepository } from './clone.ts';
import { commit } from '../sync/commit-workspace.ts';
import { fetch } from './fetch-pull.ts';
import { makeHttpClient } from './http-client.ts';
import { isLoopbackHost, mayCarryToken, PLAIN_HTTP_TOKEN } from './origin.ts';
import { push } from './push.ts';
import { authCallbacks } from './remote.ts';
import { ALICE, cleanTemps, git, tempDir } from './test-helpers.ts';
import { GitError } from './types.ts';

const USER = 'alice';
const PASS = 's3cret-token';
const auth = { username: USER, password: PASS };

let server: GitServer;
let capture: TestHttpServer;
let front: TestHttpServer;
let seed: string;

beforeAll(async () => {
  server = await startGitServer({ users: { [USER]: PASS } });
  capture = await startCaptureServer();
  front = await startRedirectingFront(server.baseUrl, capture.baseUrl);
  seed = path.join(tempDir(), 'seed');
  writeExample(seed, 'small');
  await server.createRepo('platform', { fromDir: seed });
});

afterAll(async () => {
  await Promise.all([front?.close(), capture?.close(), server?.close()]);
  cleanTemps();
});

beforeEach(() => {
  capture.requests.length = 0;
  front.requests.length = 0;
});

async function expectGitError(p: Promise<unknown>, code: string): Promise<GitError> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    expect(err.code, err.message).toBe(code);
    return err;
  }
  throw new Error(`expected GitError ${code}`);
}

/** The capture server was asked, and never saw a credential. */
function expectAskedWithoutCredentials(): void {
  expect(capture.requests.length).toBeGreaterThan(0);
  expect(capture.requests.map((r) => r.authorization)).toEqual(capture.requests.map(() => undefined));
}

describe('where a token may go', () => {
  it('http:// only to loopback (127.0.0.0/8, ::1, localhost); https:// anywhere', () => {
    for (const h of ['127.0.0.1', '127.3.4.5', '[::1]', '::1', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['128.0.0.1', '10.0.0.1', '127.0.0.1.nip.io', 'localhost.example.com', '[::2]', 'gantry-test.invalid']) expect(isLoopbackHost(h), h).toBe(false);
    expect(mayCarryToken('https://dev.azure.com')).toBe(true);
    expect(mayCarryToken('http://127.0.0.1:8080')).toBe(true);
    expect(mayCarryToken('http://[::1]:8080')).toBe(true);
    expect(mayCarryToken('http://git.example.com')).toBe(false);
    expect(mayCarryToken('ftp://127.0.0.1')).toBe(false);
    expect(mayCarryToken(undefined)).toBe(false);
  });

  it('onAuth answers only for the bound origin (scheme, host and port) and cancels for any other', async () => {
    const { onAuth } = authCallbacks(auth, 'https://git.example.com/team/platform.git');
    expect(await onAuth('https://git.example.com/other/repo.git', {})).toEqual(auth);
    for (const other of ['https://evil.example.com/x.git', 'http://git.example.com/x.git', 'https://git.example.com:8443/x.git', 'https://git.example.com.evil.example/x.git']) {
      expect(await onAuth(other, {}), other).toEqual({ cancel: true });
    }
    // An explicit origin wins over the URL the work starts from.
    const bound = authCallbacks({ ...auth, origin: 'https://dev.azure.com' }, 'https://git.example.com/x.git');
    expect(await bound.onAuth('https://git.example.com/x.git', {})).toEqual({ cancel: true });
    expect(await bound.onAuth('https://dev.azure.com/org/_git/x', {})).toEqual(auth);
    expect(await authCallbacks(undefined, 'https://git.example.com/x.git').onAuth('https://git.example.com/x.git', {})).toEqual({ cancel: true });
    // Plain http to another machine: refused with the reason, even for its own origin.
    const plain = authCallbacks(auth, 'http://git.example.com/x.git');
    expect(() => plain.onAuth('http://git.example.com/x.git', {})).toThrow(PLAIN_HTTP_TOKEN);
  });

  it('the HTTP client drops Authorization on a request to an origin other than the bound one', async () => {
    const headers = { authorization: `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}` };
    const ask = async (authOrigin: string | null | undefined, url = `${capture.baseUrl}/x.git/info/refs`) => {
      capture.requests.length = 0;
      const res = await makeHttpClient(undefined, authOrigin === undefined ? {} : { authOrigin }).request({ url, method: 'GET', headers });
      if (res.body) for await (const chunk of res.body) void chunk;
      return capture.requests.map((r) => r.authorization);
    };
    expect(await ask(server.baseUrl)).toEqual([undefined]);
    expect(await ask(null)).toEqual([undefined]);
    expect(await ask(capture.baseUrl)).toEqual([headers.authorization]);
    // Unbound (no option): the header goes where it was sent, but not across a redirect.
    expect(await ask(undefined)).toEqual([headers.authorization]);
    front.requests.length = 0;
    expect(await ask(front.baseUrl, `${front.baseUrl}/moved/x.git/info/refs`)).toEqual([undefined]);
    expect(front.requests.map((r) => r.authorization)).toEqual([headers.authorization]);
  });

  it('a redirect from the remote to another origin carries no token there, not even on the retry after onAuth', async () => {
    const dir = path.join(tempDir(), 'moved');
    const err = await expectGitError(cloneRepository({ url: `${front.baseUrl}/moved/platform.git`, dir, auth }), 'auth-failed');
    expect(err.message).toMatch(/refused the credentials \(401/);
    expectAskedWithoutCredentials();
    // isomorphic-git asked again after the 401, for the remote's own URL: the token went there and no further.
    expect(front.requests.map((r) => basicOf(r.authorization))).toEqual([undefined, `${USER}:${PASS}`]);
    expect(existsSync(dir)).toBe(false);
  });

  it('the same clone without the redirect works through the front server (the token goes to its own origin)', async () => {
    const repo = await cloneRepository({ url: `${front.baseUrl}/platform.git`, dir: path.join(tempDir(), 'direct'), auth });
    expect((await fetch(repo, { auth })).behind).toBe(0);
    expect(capture.requests).toEqual([]);
  });

  it('a pushurl on another origin gets no token (the push is refused there, the remote is unchanged)', async () => {
    const dir = path.join(tempDir(), 'pushurl');
    const repo = await cloneRepository({ url: server.url('platform'), dir, auth });
    const before = await git(dir, 'rev-parse', 'origin/main');
    await git(dir, 'config', 'remote.origin.pushurl', `${capture.baseUrl}/platform.git`);
    writeFileSync(path.join(dir, 'NOTES.md'), 'notes\n');
    await commit(repo, { author: ALICE, message: 'notes', all: true });
    await expectGitError(push(repo, { auth }), 'auth-failed');
    expectAskedWithoutCredentials();
    expect((await git(dir, 'ls-remote', server.url('platform').replace('http://', `http://${USER}:${PASS}@`), 'refs/heads/main')).slice(0, 40)).toBe(before.trim());
  });

  it('a token over http:// to another machine is refused before any request or folder', async () => {
    for (const attempt of [
      { url: 'http://gantry-test.invalid/x.git', auth },
      { url: `http://${USER}:${PASS}@gantry-test.invalid/x.git` },
    ]) {
      const dir = path.join(tempDir(), 'insecure');
      const err = await expectGitError(cloneRepository({ ...attempt, dir }), 'auth-failed');
      expect(err.message).toContain(PLAIN_HTTP_TOKEN);
      expect(err.message).toContain('http://gantry-test.invalid/x.git');
      expect(err.message).not.toContain(PASS);
      // No name lookup or connection was tried: that would have failed with 'network' (ENOTFOUND).
      expect(err.details).toBeUndefined();
      expect(existsSync(dir)).toBe(false);
    }
  });
});
