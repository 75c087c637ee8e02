/**
 * Stops and starts the peers' kube-apiserver as e2e/peers/up.sh runs it: the same binary and
 * arguments (read from the running process), its log appended to logs/kube-apiserver.log, its pid
 * in pids/kube-apiserver.pid, so down.sh and a later up.sh see it as theirs. Every wait is bounded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RUN = process.env.GANTRY_PEERS_RUN ?? '/tmp/gantry-peers-run';
const PID_FILE = path.join(RUN, 'pids', 'kube-apiserver.pid');
const LOG_FILE = path.join(RUN, 'logs', 'kube-apiserver.log');

export interface ApiserverCommand {
  exe: string;
  args: string[];
}

export function apiserverPid(): number {
  return Number(readFileSync(PID_FILE, 'utf8').trim());
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** The running apiserver's binary and argv (to start it again the same way). */
export function apiserverCommand(): ApiserverCommand {
  const pid = apiserverPid();
  const exe = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => i < all.length - 1 || a !== '');
  return { exe, args: argv.slice(1) };
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function killApiserver(): Promise<void> {
  const pid = apiserverPid();
  process.kill(pid, 'SIGKILL');
  await until('kube-apiserver to exit', () => !alive(pid), 10_000);
}

/** Starts it detached (it outlives the test process, as up.sh's peers outlive up.sh) and waits for /readyz unless told not to. */
export async function startApiserver(cmd: ApiserverCommand, kubeconfig: string, wait = true): Promise<void> {
  const log = openSync(LOG_FILE, 'a');
  writeFileSync(log, `### kube-apiserver started ${new Date().toISOString()} (restarted by e2e/cluster)\n`);
  const child = spawn(cmd.exe, cmd.args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  writeFileSync(PID_FILE, `${child.pid}\n`);
  if (wait) await waitReady(kubeconfig, 90_000);
}

export async function waitReady(kubeconfig: string, timeoutMs: number): Promise<void> {
  await until(
    'kube-apiserver /readyz',
    () => spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--request-timeout=3s', 'get', '--raw=/readyz'], { encoding: 'utf8', timeout: 5000 }).stdout.trim() === 'ok',
    timeoutMs,
  );
}

export function pauseApiserver(): void {
  process.kill(apiserverPid(), 'SIGSTOP');
}

export function resumeApiserver(): void {
  process.kill(apiserverPid(), 'SIGCONT');
}
