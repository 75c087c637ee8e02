import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { chooseRendererDir } from './app-protocol.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('packaged app', () => {
  it('ignores GANTRY_RENDERER_DIR once packaged; development and tests may set it', () => {
    const mainDir = path.join(root, 'dist/electron');
    const env = { GANTRY_RENDERER_DIR: '/tmp/elsewhere' };
    expect(chooseRendererDir({ isPackaged: true, env, mainDir })).toBe(path.join(root, 'dist/renderer'));
    expect(chooseRendererDir({ isPackaged: false, env, mainDir })).toBe('/tmp/elsewhere');
    expect(chooseRendererDir({ isPackaged: false, env: {}, mainDir })).toBe(path.join(root, 'dist/renderer'));
    expect(chooseRendererDir({ isPackaged: false, env: { GANTRY_RENDERER_DIR: '' }, mainDir })).toBe(path.join(root, 'dist/renderer'));
  });

  it('sets the security fuses in electron-builder.yml', () => {
    const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
