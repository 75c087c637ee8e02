import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's Prometheus (package `prometheus`). */
export const PROMETHEUS_BIN = process.env.GANTRY_PROMETHEUS ?? '/usr/bin/prometheus';

export interface RunningPrometheus {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts Prometheus on 127.0.0.1 with a temporary data folder and the given scrape configuration
 * (JSON is YAML), waits (bounded) until it is ready, and returns its URL. `stop` ends it and removes
 * the folder.
 */
export async function startPrometheus(config: string, opts: { readyTimeoutMs?: number } = {}): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS_BIN)) throw new Error(`${PROMETHEUS_BIN} is missing: sudo apt-get install prometheus`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gantry-prom-'));
  const configFile = path.join(dataDir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=2h',
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });

  const stop = async () => {
    if (exited === undefined && child.exitCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`prometheus exited (${exited}) before it was ready:\n${out}`);
    }
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within ${opts.readyTimeoutMs ?? 20_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dataDir, output: () => out, stop };
}

/** Waits (bounded) until `count` targets are up and each has been scraped at least `scrapes` times' worth of samples. */
export async function waitForTargets(url: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const r = await fetch(`${url}/api/v1/targets?state=active`, { signal: AbortSignal.timeout(2000) });
      const body = (await r.json()) as { data: { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> } };
      const up = body.data.activeTargets.filter((t) => t.health === 'up').length;
      last = body.data.activeTargets.map((t) => `${t.scrapeUrl} ${t.health} ${t.lastError}`).join('\n');
      if (up >= count) return;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() > deadline) throw new Error(`fewer than ${count} targets up within ${timeoutMs} ms:\n${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
