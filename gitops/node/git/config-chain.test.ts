import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commit } from '../sync/commit-workspace.ts';
import { configEntries, configuredIdentity, parseConfigEntries } from './config-chain.ts';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { ALICE, cleanTemps, tempDir } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

const run = promisify(execFile);

/** A sandbox: HOME, XDG_CONFIG_HOME and the system file all in temp folders (never the real ones). */
function sandbox(): { root: string; env: NodeJS.ProcessEnv; repo: string } {
  const root = tempDir('gantry-config-');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C', HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'xdg'), GIT_CONFIG_SYSTEM: path.join(root, 'system', 'gitconfig') };
  for (const d of ['home', 'xdg/git', 'system']) mkdirSync(path.join(root, d), { recursive: true });
  return { root, env, repo: path.join(root, 'home', 'work', 'Repo') };
}

async function gitIn(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd, env })).stdout;
}

/** `git config --list --show-origin -z` as [origin, key, value] with origins made absolute. */
async function gitList(cwd: string, env: NodeJS.ProcessEnv): Promise<Array<[string, string, string | null]>> {
  const out = await gitIn(cwd, env, 'config', '--list', '--show-origin', '-z');
  const parts = out.split('\0');
  const rows: Array<[string, string, string | null]> = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const origin = parts[i]!.startsWith('file:') ? path.resolve(cwd, parts[i]!.slice(5)) : parts[i]!.replace(/:$/, '');
    const kv = parts[i + 1]!;
    const nl = kv.indexOf('\n');
    rows.push([origin, nl < 0 ? kv : kv.slice(0, nl), nl < 0 ? null : kv.slice(nl + 1)]);
  }
  return rows;
}

function mine(repo: string, env: NodeJS.ProcessEnv): Array<[string, string, string | null]> {
  return configEntries(path.join(repo, '.git'), { env }).map((e) => [e.origin, e.key, e.value]);
}

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('config chain: what git config --list --show-origin lists', () => {
  it('reads system, XDG and ~/.gitconfig, local and config.worktree with include and includeIf, in git order', async () => {
    const { root, env, repo } = sandbox();
    mkdirSync(repo, { recursive: true });
    await gitIn(repo, env, 'init', '-q', '-b', 'main');
    put(env.GIT_CONFIG_SYSTEM!, '[core]\n\tautocrlf = input\n[user]\n\tname = System Person\n');
    put(path.join(root, 'xdg/git/config'), '[user]\n\tname = Xdg Person\n[include]\n\tpath = xdg-extra\n');
    put(path.join(root, 'xdg/git/xdg-extra'), '[color]\n\tui = auto\n');
    put(
      path.join(root, 'home/.gitconfig'),
      [
        '[user]',
        '\temail = home@example.com',
        '[includeIf "gitdir:~/work/"]',
        '\tpath = ~/work.inc',
        '[includeIf "gitdir/i:**/REPO/"]',
        '\tpath = icase.inc',
        '[includeIf "gitdir:/elsewhere/"]',
        '\tpath = never.inc',
        '[includeIf "onbranch:main"]',
        '\tpath = branch.inc',
        '[includeIf "onbranch:feature/"]',
        '\tpath = never.inc',
        '[includeIf "gitdir:./work/Repo/.git"]',
        '\tpath = dotrel.inc',
        '[include]',
        '\tpath = missing-file',
        '',
      ].join('\n'),
    );
    put(path.join(root, 'home/work.inc'), '[user]\n\temail = work@client.example\n[core]\n\texcludesFile = ~/ignore-these\n');
    put(path.join(root, 'home/icase.inc'), '[gantry]\n\ticase = yes\n');
    put(path.join(root, 'home/never.inc'), '[gantry]\n\tnever = 1\n');
    put(path.join(root, 'home/branch.inc'), '[gantry]\n\tbranch = main\n');
    put(path.join(root, 'home/dotrel.inc'), '[gantry]\n\tdotrel = yes\n');
    await gitIn(repo, env, 'config', 'extensions.worktreeConfig', 'true');
    await gitIn(repo, env, 'config', 'core.repositoryformatversion', '1');
    put(path.join(repo, '.git/config.worktree'), '[core]\n\tautocrlf = true\n');
    // Syntax git accepts: quotes, escapes, continuation, comments, a key without value, old-style sub-section.
    const local = [
      '[gantry "Sub \\"x\\" sec"]',
      '\tquoted = "  keep  spaces " # comment',
      '\tescapes = a\\tb\\\\c\\"d',
      '\tcont = first \\',
      '   second',
      '\truns = a \t  b   ; trailing comment',
      '\tflag',
      '\tempty =',
      '[Gantry.Old]',
      '\tKey = v',
      '[core] bare = false',
      '',
    ].join('\n');
    writeFileSync(path.join(repo, '.git/config'), `${readFileSync(path.join(repo, '.git/config'), 'utf8')}${local}`);
    const expected = await gitList(repo, env);
    // The test means something: includes of every kind took effect.
    expect(expected.map((r) => `${r[1]}=${r[2]}`)).toEqual(expect.arrayContaining(['user.email=work@client.example', 'gantry.icase=yes', 'gantry.branch=main', 'gantry.dotrel=yes', 'color.ui=auto', 'core.autocrlf=true']));
    expect(expected.map((r) => r[1])).not.toContain('gantry.never');
    expect(mine(repo, env)).toEqual(expected);
    // A linked checkout on another branch: onbranch no longer holds.
    await gitIn(repo, env, 'switch', '-q', '-c', 'other');
    expect(mine(repo, env)).toEqual(await gitList(repo, env));
  });

  it('honours GIT_CONFIG_NOSYSTEM and GIT_CONFIG_GLOBAL (then no XDG or ~/.gitconfig) and GIT_CONFIG_COUNT', async () => {
    const { root, env, repo } = sandbox();
    mkdirSync(repo, { recursive: true });
    await gitIn(repo, env, 'init', '-q', '-b', 'main');
    put(env.GIT_CONFIG_SYSTEM!, '[user]\n\tname = System Person\n');
    put(path.join(root, 'home/.gitconfig'), '[user]\n\tname = Home Person\n');
    put(path.join(root, 'other-global'), '[user]\n\temail = other@example.com\n');
    const env2 = { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(root, 'other-global'), GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'Core.AutoCRLF', GIT_CONFIG_VALUE_0: 'true' };
    const expected = await gitList(repo, env2);
    expect(expected.map((r) => r[1])).toContain('user.email');
    expect(expected.map((r) => r[1])).not.toContain('user.name');
    expect(mine(repo, env2)).toEqual(expected);
  });

  it('includes by hasconfig:remote.*.url as git (a remote URL from any level, * stops at /), and refuses a URL in such a file', async () => {
    const { root, env, repo } = sandbox();
    mkdirSync(repo, { recursive: true });
    await gitIn(repo, env, 'init', '-q', '-b', 'main');
    await gitIn(repo, env, 'remote', 'add', 'origin', 'https://dev.example.com/client/infra.git');
    put(path.join(root, 'home/.gitconfig'), [
      '[includeIf "hasconfig:remote.*.url:https://dev.example.com/*"]', '\tpath = star.inc',
      '[includeIf "hasconfig:remote.*.url:https://dev.example.com/**"]', '\tpath = client.inc',
      '[includeIf "hasconfig:remote.*.url:*://*.example.com/client/*"]', '\tpath = host.inc',
      '[includeIf "hasconfig:remote.*.url:https://other.example/**"]', '\tpath = star.inc',
      '',
    ].join('\n'));
    put(path.join(root, 'home/star.inc'), '[gantry]\n\tstar = 1\n');
    put(path.join(root, 'home/client.inc'), '[user]\n\temail = me@client.example\n');
    put(path.join(root, 'home/host.inc'), '[gantry]\n\thost = 1\n');
    const expected = await gitList(repo, env);
    expect(expected.map((r) => `${r[1]}=${r[2]}`)).toEqual(expect.arrayContaining(['user.email=me@client.example', 'gantry.host=1']));
    expect(expected.map((r) => r[1])).not.toContain('gantry.star');
    expect(mine(repo, env)).toEqual(expected);
    put(path.join(root, 'home/client.inc'), '[remote "sneaky"]\n\turl = https://elsewhere.example/x.git\n');
    const byGit = await gitIn(repo, env, 'config', '--list').catch((e: { stderr: string }) => e.stderr);
    expect(byGit).toContain('remote URLs cannot be configured in file directly or indirectly included by includeIf.hasconfig:remote.*.url');
    expect(() => configEntries(path.join(repo, '.git'), { env })).toThrow(/remote URLs cannot be configured in file directly or indirectly included by includeIf\.hasconfig:remote\.\*\.url/);
  });

  it('fails like git on circular includes and on a bad config line', async () => {
    const { root, env, repo } = sandbox();
    mkdirSync(repo, { recursive: true });
    await gitIn(repo, env, 'init', '-q', '-b', 'main');
    put(path.join(root, 'home/.gitconfig'), '[include]\n\tpath = a.inc\n');
    put(path.join(root, 'home/a.inc'), '[include]\n\tpath = b.inc\n');
    put(path.join(root, 'home/b.inc'), '[include]\n\tpath = a.inc\n');
    const byGit = await gitIn(repo, env, 'config', '--list').catch((e: { stderr: string }) => e.stderr);
    expect(byGit).toContain('exceeded maximum include depth (10)');
    expect(() => configEntries(path.join(repo, '.git'), { env })).toThrow(/exceeded maximum include depth \(10\)/);
    expect(() => parseConfigEntries('[core]\n\tx = "unclosed\n', 'f')).toThrow(GitError);
    expect(() => parseConfigEntries('[core]\n\tx = a\\qb\n', 'f')).toThrow(/bad config line 2 in file f/);
  });
});

describe('config chain: the settings Gantry uses come from every level', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('core.autocrlf from the system file, core.excludesFile and user.* from an includeIf of ~/.gitconfig', async () => {
    const { root, env, repo } = sandbox();
    mkdirSync(repo, { recursive: true });
    await gitIn(repo, env, 'init', '-q', '-b', 'main');
    put(env.GIT_CONFIG_SYSTEM!, '[core]\n\tautocrlf = true\n');
    put(path.join(root, 'home/.gitconfig'), '[includeIf "gitdir:~/work/"]\n\tpath = work.inc\n');
    put(path.join(root, 'home/work.inc'), '[user]\n\tname = Client Person\n\temail = me@client.example\n[core]\n\texcludesFile = ~/client-ignore\n');
    put(path.join(root, 'home/client-ignore'), '*.secret\n');
    writeFileSync(path.join(repo, 'a.txt'), 'one\r\ntwo\r\n');
    writeFileSync(path.join(repo, 'b.secret'), 'hidden\n');
    Object.assign(process.env, { HOME: env.HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, GIT_CONFIG_SYSTEM: env.GIT_CONFIG_SYSTEM });
    delete process.env.GIT_CONFIG_GLOBAL;
    delete process.env.GIT_CONFIG_NOSYSTEM;
    const r = await openRepository(repo);
    const porcelain = async () => (await gitIn(repo, env, 'status', '--porcelain', '-uall')).split('\n').filter(Boolean);
    expect((await status(r)).map((c) => `${c.xy} ${c.path}`)).toEqual(await porcelain());
    expect(await porcelain()).toEqual(['?? a.txt']);
    expect(configuredIdentity(path.join(repo, '.git'))).toEqual({ name: (await gitIn(repo, env, 'config', 'user.name')).trim(), email: 'me@client.example' });
    await commit(r, { author: ALICE, message: 'crlf file', all: true });
    // The blob is what git add stores under the system's autocrlf: LF; git sees a clean tree.
    expect(await gitIn(repo, env, 'ls-files', '--eol')).toMatch(/^i\/lf\s+w\/crlf/);
    expect(await porcelain()).toEqual([]);
  });
});
