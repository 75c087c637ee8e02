import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryCredentialStore, tokenOrigins } from '../services/credentials.ts';
import { createHost } from '../services/host.ts';
import { startWebHost } from './server.ts';

declare const GANTRY_VERSION: string | undefined;

const USAGE = 'usage: npm run serve -- [--port N] [--workspace DIR] [--data-dir DIR]';

/** Browser mode's entry: `npm run serve -- [--port N] [--workspace DIR]`. */
export async function serveMain(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let port = 7420;
  let workspace: string | undefined;
  let dataDir = env.GANTRY_DATA_DIR || path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'gantry');
  let staticDir = env.GANTRY_RENDERER_DIR;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--port') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`--port needs a number from 0 to 65535\n${USAGE}`);
      port = Number(v);
    } else if (a === '--workspace') workspace = value();
    else if (a === '--data-dir') dataDir = value();
    else if (a === '--static') staticDir = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  staticDir ??= findRendererDir();
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${staticDir}/index.html is missing); run \`npm run build:renderer\` or use \`npm run serve\`, which builds it.`);
  }
  const host = createHost({
    mode: 'browser',
    version: typeof GANTRY_VERSION === 'string' ? GANTRY_VERSION : 'dev',
    dataDir,
    credentials: MemoryCredentialStore.fromEnv(env),
    envToken: Boolean(env.GANTRY_GIT_TOKEN),
    ...(env.GANTRY_GIT_TOKEN ? { envTokenOrigins: tokenOrigins(env.GANTRY_GIT_TOKEN_ORIGIN) ?? [] } : {}),
    ...(workspace ? { initialWorkspace: path.resolve(workspace) } : {}),
  });
  let web;
  try {
    // Each link opens the app once (the page trades its code for the token); after each use the
    // next one is printed, so the newest line in the terminal always works.
    web = await startWebHost({ host, staticDir, port, onLaunchUrl: (url) => process.stdout.write(`Gantry: ${url}\n`) });
  } catch (err) {
    host.dispose();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${port} on 127.0.0.1 is in use (another Gantry?); pass --port N, or --port 0 for any free port.`);
    throw err;
  }
  process.stdout.write(`Gantry: ${web.launchUrl()}\n`);
  const stop = () => {
    host.dispose();
    web.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

/** dist/renderer, from the bundle (dist/web/) or from the sources (electron/web/). */
function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const c of [path.resolve(here, '../renderer'), path.resolve(here, '../../dist/renderer')]) {
    if (existsSync(path.join(c, 'index.html'))) return c;
  }
  return path.resolve(here, '../../dist/renderer');
}

const isEntry = process.argv[1] !== undefined && /serve-main\.(ts|mjs|js)$|gantry-serve\.mjs$/.test(process.argv[1]);
if (isEntry) {
  serveMain(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`gantry serve: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
