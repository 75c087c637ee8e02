/**
 * Test access to the real Kubernetes control plane and Flux controllers of e2e/peers/
 * (built from their Go modules, started on 127.0.0.1 by up.sh).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const PEERS_DIR = path.resolve(__dirname, '../peers');

export interface Peers {
  kubeconfig: string;
  restrictedKubeconfig: string;
}

/** Starts (or reuses) the peers; builds missing binaries first, which takes minutes on a cold machine. */
export function peersUp(): Peers {
  const r = spawnSync('bash', [path.join(PEERS_DIR, 'up.sh')], { encoding: 'utf8', timeout: 50 * 60_000 });
  if (r.status !== 0) {
    throw new Error(`e2e/peers/up.sh failed (exit ${r.status}):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`);
  }
  const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(r.stdout)?.[1];
  const restricted = /^KUBECONFIG_RESTRICTED=(.+)$/m.exec(r.stdout)?.[1];
  if (!kubeconfig || !restricted) throw new Error(`up.sh printed no KUBECONFIG lines:\n${r.stdout}`);
  return { kubeconfig, restrictedKubeconfig: restricted };
}

export function peersDown(): void {
  spawnSync('bash', [path.join(PEERS_DIR, 'down.sh')], { encoding: 'utf8', timeout: 120_000 });
}

/** Runs kubectl against the peers; throws with its stderr unless `allowFail`. */
export function kubectl(kubeconfig: string, args: string[], opts: { input?: string; allowFail?: boolean } = {}) {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', input: opts.input, timeout: 120_000 });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

export function kubectlJson<T = Record<string, unknown>>(kubeconfig: string, args: string[]): T {
  return JSON.parse(kubectl(kubeconfig, [...args, '-o', 'json']).out) as T;
}

/** Polls `check` every `everyMs` until it returns a value, or throws with the last state after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs: number, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
