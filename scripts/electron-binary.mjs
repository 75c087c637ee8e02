// Where the Electron binary is, without `require('electron')`: that require tries to download the
// binary when it is missing, which hangs or fails on machines without internet.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The Electron executable's path, or undefined with the reason. */
export function electronBinary() {
  const pkg = path.join(root, 'node_modules/electron');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed (npm ci)' };
  const pathFile = path.join(pkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = path.join(override, rel || 'electron');
    return existsSync(p) ? { path: p } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${rel || 'electron'} (${p})` };
  }
  if (!rel) return { reason: "Electron's binary was never downloaded (node_modules/electron/path.txt is missing; its postinstall needs internet)" };
  const p = path.join(pkg, 'dist', rel);
  return existsSync(p) ? { path: p } : { reason: `Electron's binary is missing (${p})` };
}
