// `npm run serve -- [--port N] [--workspace DIR]`: builds what is stale (renderer, host), then runs
// browser mode and prints `Gantry: http://127.0.0.1:<port>/?launch=<code>`: a link that opens the app
// once (the page trades the code for the host's token); after each use a new line gives the next one.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './build-app.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await ensureBuilt(['renderer', 'web'], { log: (s) => process.stderr.write(`gantry serve: ${s}\n`) });
const { serveMain } = await import(pathToFileURL(path.join(root, 'dist/web/gantry-serve.mjs')).href);
try {
  const code = await serveMain(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  process.stderr.write(`gantry serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
