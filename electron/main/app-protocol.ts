import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CSP } from './security.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** Privileges of app://: a standard, secure origin (so module workers, fetch and CSP behave as on https). */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
];

/**
 * The folder app:// serves: `../renderer` next to main.cjs, or GANTRY_RENDERER_DIR in development
 * and tests. A packaged app ignores the variable, so an installed Gantry cannot be pointed at
 * other pages (which would get the preload's bridge to the host).
 */
export function chooseRendererDir(opts: { isPackaged: boolean; env: NodeJS.ProcessEnv; mainDir: string }): string {
  const fromEnv = opts.env.GANTRY_RENDERER_DIR;
  return !opts.isPackaged && fromEnv ? fromEnv : path.resolve(opts.mainDir, '../renderer');
}

/** Resolves an app:// request to a file under `rendererDir`, or undefined when it is not one of ours. */
export function resolveAppFile(url: string, rendererDir: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    // A bad percent-encoding names no file of ours (and must not throw inside the protocol handler).
    return undefined;
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  if (rel.includes('\0') || !file.startsWith(root + path.sep)) return undefined;
  return file;
}

/** Serves the Vite-built renderer from `rendererDir` on app://gantry/, with the CSP on every page. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
