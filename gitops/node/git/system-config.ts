import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The system-level config file git reads, or undefined for none: GIT_CONFIG_NOSYSTEM turns it off,
 * GIT_CONFIG_SYSTEM names it, else git's build-time `$(prefix)/etc/gitconfig`: `/etc/gitconfig` on
 * Linux and macOS packages; on Windows the Git for Windows installation's `etc\gitconfig` (where
 * its installer sets `core.autocrlf=true`), older layouts `mingw64\etc\gitconfig`.
 *
 * Gantry has no git binary to ask (`git config --system --list --show-origin`), so on Windows it
 * finds the installation as a shell would: the folder of the first `git.exe` on PATH (`...\Git\cmd`,
 * `...\Git\bin` or `...\Git\mingw64\bin`), then the installer's default places (Program Files,
 * Program Files (x86), the per-user `%LOCALAPPDATA%\Programs\Git`).
 */
export function systemConfigFile(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, exists: (p: string) => boolean = existsSync): string | undefined {
  const on = (v: string | undefined) => v !== undefined && ['true', 'yes', 'on', '1'].includes(v.toLowerCase());
  if (on(env.GIT_CONFIG_NOSYSTEM)) return undefined;
  if (env.GIT_CONFIG_SYSTEM) return env.GIT_CONFIG_SYSTEM;
  if (platform !== 'win32') return '/etc/gitconfig';
  const w = path.win32;
  // Environment names are case-insensitive on Windows.
  const get = (name: string) => Object.entries(env).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const roots: string[] = [];
  for (const dir of (get('PATH') ?? '').split(';').filter(Boolean)) {
    if (!exists(w.join(dir, 'git.exe'))) continue;
    const parts = w.normalize(dir).replace(/\\+$/, '').split('\\');
    const last = parts.at(-1)?.toLowerCase();
    if (last === 'bin' && parts.at(-2)?.toLowerCase() === 'mingw64') roots.push(parts.slice(0, -2).join('\\'));
    else if (last === 'cmd' || last === 'bin') roots.push(parts.slice(0, -1).join('\\'));
    break;
  }
  for (const base of [get('ProgramFiles'), get('ProgramFiles(x86)'), get('LOCALAPPDATA') && w.join(get('LOCALAPPDATA')!, 'Programs')]) {
    if (base) roots.push(w.join(base, 'Git'));
  }
  for (const root of roots) {
    for (const file of [w.join(root, 'etc', 'gitconfig'), w.join(root, 'mingw64', 'etc', 'gitconfig')]) if (exists(file)) return file;
  }
  return undefined;
}
