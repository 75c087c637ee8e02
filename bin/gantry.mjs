#!/usr/bin/env node
// Launcher for the `gantry` CLI: the bundled build when present (fast start), else the
// TypeScript sources through tsx (a development checkout before `npm run build:cli`).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/gantry.mjs', import.meta.url);
if (existsSync(built) && !process.env.GANTRY_FROM_SOURCE) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../gitops/cli/main.ts', import.meta.url).href);
}
