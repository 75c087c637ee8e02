// `npm start`: the desktop app. Builds what is stale, then launches Electron. Where Electron's
// binary is not installed (no internet at install time, locked-down machines), says so and points
// to browser mode, which runs the same app in a browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build-app.mjs';
import { electronBinary } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = electronBinary();
if (!bin.path) {
  process.stderr.write(
    `gantry start: cannot launch the desktop app: ${bin.reason}.\n` +
      'Run the same app in your browser instead:\n\n  npm run serve\n\n' +
      'or install the Electron binary (npx install-electron, needs internet) and run npm start again.\n',
  );
  process.exit(1);
}
await ensureBuilt(['renderer', 'electron'], { log: (s) => process.stderr.write(`gantry start: ${s}\n`) });
const child = spawn(bin.path, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
