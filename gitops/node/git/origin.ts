import net from 'node:net';

/**
 * Where a token may go. A token is bound to one origin (`scheme://host[:port]`) and sent only
 * there, and only over https:// or over http:// to this machine (loopback). No dependencies, so
 * the host's credential store can use it without loading the Git layer.
 */

/** What Gantry says when it keeps a token off a plain-http connection. */
export const PLAIN_HTTP_TOKEN = 'Gantry sends a token only over https:// (or http:// to this machine)';

/** `scheme://host[:port]` of an http(s) URL (host lower-case, default port dropped); undefined for anything else. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** 127.0.0.0/8, ::1 or localhost (a URL's hostname; IPv6 in brackets or not). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return net.isIPv6(h) && (h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h));
}

/** Whether a token may be sent to `origin` at all: https://, or http:// to loopback. */
export function mayCarryToken(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
  } catch {
    return false;
  }
}
