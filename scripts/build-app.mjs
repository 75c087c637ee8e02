// Builds the app: the renderer (Vite) into dist/renderer, the browser-mode host into
// dist/web/gantry-serve.mjs, and the Electron main process and preload into dist/electron/.
// Each target is rebuilt only when a source is newer than its output (so `npm run serve`, the
// e2e tests and the bench can call this cheaply); concurrent callers wait on a lock.
//   node scripts/build-app.mjs [renderer] [web] [electron] [--force]
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const r = (...p) => path.join(root, ...p);

const TARGETS = {
  renderer: {
    inputs: ['renderer', 'shared', 'gitops/core', 'resources/schemas', 'vite.config.ts', 'package-lock.json'],
    stamp: 'dist/renderer/index.html',
    build: buildRenderer,
  },
  web: {
    inputs: ['electron/services', 'electron/web', 'shared', 'gitops', 'package-lock.json'],
    stamp: 'dist/web/gantry-serve.mjs',
    build: buildWeb,
  },
  electron: {
    inputs: ['electron', 'shared', 'gitops', 'package-lock.json'],
    stamp: 'dist/electron/main.cjs',
    build: buildElectron,
  },
};

function newest(rel) {
  const abs = r(rel);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name.endsWith('.test.ts') || e.name.endsWith('.test.tsx')) continue;
    max = Math.max(max, newest(path.join(rel, e.name)));
  }
  return max;
}

function stale(name) {
  const t = TARGETS[name];
  let out;
  try {
    out = statSync(r(t.stamp)).mtimeMs;
  } catch {
    return true;
  }
  return t.inputs.some((i) => newest(i) > out);
}

async function buildRenderer() {
  // In its own process with NODE_ENV=production: a caller under vitest has NODE_ENV=test, which
  // would bundle React's development build.
  const { spawn } = await import('node:child_process');
  const vite = r('node_modules/vite/bin/vite.js');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', r('vite.config.ts'), '--logLevel', 'warn'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code})`))));
  });
}

/**
 * What the Node host's bundle (browser mode) adds to the common options: its dependencies bundled
 * too (one file loads faster than hundreds of small modules: zod, yaml), and require() for the
 * bundled CommonJS modules (ws). bench/bundled.ts bundles benches with the same options.
 */
export const NODE_HOST_OPTIONS = {
  format: 'esm',
  external: ['bufferutil', 'utf-8-validate'],
  banner: { js: "import { createRequire as __gantryRequire } from 'node:module'; const require = __gantryRequire(import.meta.url);" },
};

/** esbuild with the options every target shares (Node 20, linked source maps, the version). */
export async function esbuild(opts) {
  const { build } = await import('esbuild');
  const version = JSON.parse((await import('node:fs')).readFileSync(r('package.json'), 'utf8')).version;
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    define: { GANTRY_VERSION: JSON.stringify(version) },
    ...opts,
  });
}

async function buildWeb() {
  // Split so the Git layer (and isomorphic-git) is a chunk loaded on first use, not at start.
  rmSync(r('dist/web'), { recursive: true, force: true });
  await esbuild({
    entryPoints: { 'gantry-serve': r('electron/web/serve-main.ts') },
    outdir: r('dist/web'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    ...NODE_HOST_OPTIONS,
  });
}

async function buildElectron() {
  // Everything is bundled (no node_modules in the package) except electron itself.
  await esbuild({
    entryPoints: [r('electron/main/main.ts')],
    outfile: r('dist/electron/main.cjs'),
    format: 'cjs',
    external: ['electron'],
    target: 'node22',
  });
  await esbuild({
    entryPoints: [r('electron/main/preload.ts')],
    outfile: r('dist/electron/preload.cjs'),
    format: 'cjs',
    external: ['electron'],
    platform: 'browser',
    target: 'chrome140',
    sourcemap: false,
  });
}

async function withLock(fn) {
  const lock = r('dist/.build-lock');
  mkdirSync(r('dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone already
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}; remove it if no build is running`);
      await new Promise((res) => setTimeout(res, 150));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the named targets that are stale (all of them with force). Returns the names built. */
export async function ensureBuilt(names = Object.keys(TARGETS), { force = false, log = () => undefined } = {}) {
  if (!force && !names.some(stale)) return [];
  return withLock(async () => {
    const built = [];
    for (const name of names) {
      if (!force && !stale(name)) continue;
      log(`building ${name}...`);
      await TARGETS[name].build();
      built.push(name);
    }
    return built;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  for (const n of names) if (!(n in TARGETS)) throw new Error(`unknown target ${n} (renderer, web, electron)`);
  const built = await ensureBuilt(names.length ? names : Object.keys(TARGETS), {
    force: args.includes('--force'),
    log: (s) => process.stdout.write(`${s}\n`),
  });
  process.stdout.write(built.length ? `built: ${built.join(', ')}\n` : 'up to date\n');
}
