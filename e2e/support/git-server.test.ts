import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from './git-server.ts';

const run = promisify(execFile);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env })).stdout;

let server: GitServer;
let tmp: string;

beforeAll(async () => {
  server = await startGitServer({ users: { bob: 'pw' } });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'git-server-test-'));
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('startGitServer', () => {
  it('serves a seeded repository to the git CLI with basic auth, and accepts pushes', async () => {
    const seed = path.join(tmp, 'seed');
    await run('mkdir', ['-p', seed]);
    writeFileSync(path.join(seed, 'README.md'), 'hello\n');
    const url = await server.createRepo('demo', { fromDir: seed });
    expect(url).toBe(`${server.baseUrl}/demo.git`);
    expect(server.url('demo')).toBe(url);
    const authed = url.replace('http://', 'http://bob:pw@');
    await git(tmp, 'clone', '-q', authed, 'a');
    expect(await git(path.join(tmp, 'a'), 'log', '--format=%s|%D')).toBe('Initial commit|HEAD -> main, origin/main, origin/HEAD\n');
    writeFileSync(path.join(tmp, 'a', 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
    await git(path.join(tmp, 'a'), 'add', '-A');
    await git(path.join(tmp, 'a'), 'commit', '-qm', 'big push (chunked, over postBuffer)');
    await git(path.join(tmp, 'a'), 'push', '-q', 'origin', 'main');
    await git(tmp, 'clone', '-q', authed, 'b');
    expect(await git(path.join(tmp, 'b'), 'log', '--format=%s')).toBe('big push (chunked, over postBuffer)\nInitial commit\n');
  });

  it('rejects missing or wrong credentials with 401', async () => {
    await server.createRepo('private');
    const res = await fetch(`${server.url('private')}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${server.url('private')}/info/refs?service=git-upload-pack`, { headers: { authorization: `Basic ${Buffer.from('bob:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${server.url('private')}/info/refs?service=git-upload-pack`, { headers: { authorization: `Basic ${Buffer.from('bob:pw').toString('base64')}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
    await expect(run('git', ['ls-remote', server.url('private')], { env })).rejects.toThrow();
  });

  it('refuses path tricks and unknown repositories', async () => {
    const auth = { authorization: `Basic ${Buffer.from('bob:pw').toString('base64')}` };
    expect((await fetch(`${server.baseUrl}/..%2F..%2Fetc/info/refs?service=git-upload-pack`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${server.url('missing')}/info/refs?service=git-upload-pack`, { headers: auth })).status).toBe(404);
  });
});
