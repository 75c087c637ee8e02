/**
 * Where git's system config is (system-config.ts). On Linux the suite compares with the git CLI; the
 * Windows layouts are Git for Windows installations as its installer lays them out.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { systemConfigFile } from './system-config.ts';

const has = (...files: string[]) => (p: string) => files.some((f) => f.toLowerCase() === p.toLowerCase());

describe('systemConfigFile', () => {
  it('is /etc/gitconfig here, as the git CLI says, unless GIT_CONFIG_SYSTEM names another or GIT_CONFIG_NOSYSTEM is set', () => {
    expect(systemConfigFile({}, 'linux')).toBe('/etc/gitconfig');
    // Ask git which file is its system config: it names it in --show-origin, or in its error when missing.
    const env = { ...process.env };
    delete env.GIT_CONFIG_SYSTEM;
    delete env.GIT_CONFIG_NOSYSTEM;
    const r = spawnSync('git', ['config', '--system', '--show-origin', '--list'], { encoding: 'utf8', env });
    expect(`${r.stdout}${r.stderr}`).toContain(systemConfigFile(env, 'linux'));
    expect(systemConfigFile({ GIT_CONFIG_SYSTEM: '/opt/git/gitconfig' }, 'linux')).toBe('/opt/git/gitconfig');
    expect(systemConfigFile({ GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_SYSTEM: '/x' }, 'linux')).toBeUndefined();
  });

  it('on Windows, finds the Git for Windows installation of the git.exe on PATH', () => {
    const env = { Path: 'C:\\Windows\\system32;D:\\Tools\\Git\\cmd;C:\\Program Files\\Git\\cmd', ProgramFiles: 'C:\\Program Files' };
    const exists = has('D:\\Tools\\Git\\cmd\\git.exe', 'D:\\Tools\\Git\\etc\\gitconfig', 'C:\\Program Files\\Git\\etc\\gitconfig');
    expect(systemConfigFile(env, 'win32', exists)).toBe('D:\\Tools\\Git\\etc\\gitconfig');
    // An older layout: git.exe in mingw64\bin, the config in mingw64\etc.
    const old = { PATH: 'C:\\Git\\mingw64\\bin' };
    expect(systemConfigFile(old, 'win32', has('C:\\Git\\mingw64\\bin\\git.exe', 'C:\\Git\\mingw64\\etc\\gitconfig'))).toBe('C:\\Git\\mingw64\\etc\\gitconfig');
  });

  it('on Windows without git on PATH, looks where the installer puts it, the per-user install included', () => {
    expect(systemConfigFile({ ProgramFiles: 'C:\\Program Files' }, 'win32', has('C:\\Program Files\\Git\\etc\\gitconfig'))).toBe('C:\\Program Files\\Git\\etc\\gitconfig');
    const user = { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
    expect(systemConfigFile(user, 'win32', has('C:\\Users\\ana\\AppData\\Local\\Programs\\Git\\etc\\gitconfig'))).toBe('C:\\Users\\ana\\AppData\\Local\\Programs\\Git\\etc\\gitconfig');
    expect(systemConfigFile({ ProgramFiles: 'C:\\Program Files' }, 'win32', has())).toBeUndefined();
  });
});
