/**
 * Where a repository can come from, in words a person reads: https, http to this machine (or
 * elsewhere after a warning), a local path or file:// (an air-gapped mirror on a mounted drive).
 * SSH and git:// are refused with the https form to use instead. Pure: the renderer warns with it
 * before asking, the host refuses with it.
 */

export type RemoteKind = 'https' | 'http-loopback' | 'http' | 'file' | 'path';

export type RemoteCheck =
  | { ok: true; kind: RemoteKind; url: string; /** For a file:// URL or a path: the folder. */ dir?: string; /** Plain http to another machine: say it before going on. */ warning?: string }
  | { ok: false; refusal: string };

const SCP_LIKE = /^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;

/** The https URL that serves the same repository as an SSH one, as the big hosts lay them out. */
export function httpsFormOf(sshUrl: string): string | undefined {
  const m = /^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/.exec(sshUrl) ?? SCP_LIKE.exec(sshUrl);
  if (!m) return undefined;
  let host = m[1]!;
  const repoPath = m[2]!.replace(/^\/+/, '');
  if (host === 'ssh.dev.azure.com' || host.endsWith('vs-ssh.visualstudio.com')) {
    // git@ssh.dev.azure.com:v3/org/project/repo -> https://dev.azure.com/org/project/_git/repo
    const parts = repoPath.replace(/^v3\//, '').split('/');
    if (parts.length !== 3) return undefined;
    const [org, project, repo] = parts as [string, string, string];
    return `https://dev.azure.com/${org}/${project}/_git/${repo.replace(/\.git$/, '')}`;
  }
  host = host.replace(/^ssh\./, '');
  return `https://${host}/${repoPath}`;
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);

export function checkRemoteUrl(raw: string): RemoteCheck {
  const input = raw.trim();
  if (!input) return { ok: false, refusal: 'Give the address of the repository: an https:// URL, or the path of a repository on this machine.' };
  if (/^ssh:\/\//i.test(input) || (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(input) && !/^[A-Za-z]:[\\/]/.test(input) && SCP_LIKE.test(input))) {
    const https = httpsFormOf(input);
    return {
      ok: false,
      refusal: `Gantry reaches Git over HTTPS and cannot use SSH addresses like ${input}.${https ? ` Use the https form instead: ${https}` : ' Use the repository\'s https:// address instead'} (the host's "Clone" button shows it), with a personal access token if it asks for one.`,
    };
  }
  if (/^git:\/\//i.test(input)) {
    return { ok: false, refusal: `The git:// protocol is neither encrypted nor authenticated; use the https:// address of the repository instead (${input.replace(/^git:/i, 'https:')}).` };
  }
  if (/^file:\/\//i.test(input)) {
    let dir: string;
    try {
      const u = new URL(input);
      if (u.host && u.host !== 'localhost') return { ok: false, refusal: `${input} names a file on another machine; mount that drive and give its path here instead.` };
      dir = decodeURIComponent(u.pathname);
      if (/^\/[A-Za-z]:\//.test(dir)) dir = dir.slice(1);
    } catch {
      return { ok: false, refusal: `${input} is not a valid file:// URL; give the folder's path instead.` };
    }
    return { ok: true, kind: 'file', url: input, dir };
  }
  if (input.startsWith('/') || /^[A-Za-z]:[\\/]/.test(input) || input.startsWith('\\\\')) return { ok: true, kind: 'path', url: input, dir: input };
  if (/^https?:\/\//i.test(input)) {
    let u: URL;
    try {
      u = new URL(input);
    } catch {
      return { ok: false, refusal: `${input} is not a valid web address; it should look like https://host/org/repo.git.` };
    }
    if (!u.hostname) return { ok: false, refusal: `${input} has no host name; it should look like https://host/org/repo.git.` };
    if (u.protocol === 'https:') return { ok: true, kind: 'https', url: input };
    if (isLoopback(u.hostname)) return { ok: true, kind: 'http-loopback', url: input };
    return {
      ok: true,
      kind: 'http',
      url: input,
      warning: `${u.host} is reached over plain http://: anyone on the network can read and change what is sent. Gantry sends no token there. Use https:// if the server offers it.`,
    };
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(input)) {
    return { ok: false, refusal: `Gantry cannot use ${input.split(':')[0]}:// addresses; give an https:// URL, or the path of a repository on this machine.` };
  }
  return { ok: false, refusal: `${input} is neither a web address nor a full path; give an https:// URL (https://host/org/repo.git) or the full path of a repository on this machine (e.g. /mnt/usb/platform.git).` };
}
