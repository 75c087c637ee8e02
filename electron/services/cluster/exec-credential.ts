import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ExecSpec, IssuedCredential } from './kubeconfig.ts';

/** Why a credential plugin gave no credential: it failed (exit code, not found), timed out, or printed no ExecCredential. */
export class ExecCredentialError extends Error {
  constructor(
    readonly kind: 'failed' | 'timeout' | 'bad-output',
    message: string,
  ) {
    super(message);
  }
}

export interface ExecRun {
  /** Names the run in messages (`context aks-weu-prod`). */
  label: string;
  spec: ExecSpec;
  /** The kubeconfig file of the user: a relative command resolves against its folder, as kubectl does. */
  kubeconfigFile: string;
  cluster?: { server: string; caData?: string; skipTLSVerify?: boolean; tlsServerName?: string };
  /** Lines the plugin writes to stderr while it runs (a device-code prompt, progress). */
  onPrompt?: (line: string) => void;
}

interface Cached {
  credential: IssuedCredential;
  /** ms since epoch; undefined: until a 401 says otherwise (kubectl keeps such a credential for the process). */
  expiresAt?: number;
}

const MAX_STDOUT = 1024 * 1024;
/** Go plugins prefix log lines with a klog header ("E1123 02:27:58.976117 16157 cred.go:145] "). */
const KLOG = /^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /;

export function cleanPluginText(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(KLOG, '').trimEnd())
    .filter((l) => l.trim())
    .join('\n')
    .slice(0, 2000);
}

/**
 * Runs exec credential plugins (client.authentication.k8s.io ExecCredential) without a shell:
 * spawned with their argv, stdin closed, killed after `timeoutMs`. Concurrent requests for the same
 * key share one run; a credential is reused until its expirationTimestamp (less a margin).
 * Whether a plugin may run at all is the caller's question (ConsentStore).
 */
export class ExecCredentialRunner {
  private readonly cache = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<IssuedCredential>>();
  private readonly children = new Set<ReturnType<typeof spawn>>();
  /** How many plugin processes were started (tests and the report ask). */
  runs = 0;

  constructor(private readonly opts: { timeoutMs?: number; now?: () => number } = {}) {}

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get(key: string, run: ExecRun): Promise<IssuedCredential> {
    const cached = this.cache.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - 10_000 > this.now)) return Promise.resolve(cached.credential);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const p = this.spawnPlugin(run).then(
      (c) => {
        this.cache.set(key, c);
        return c.credential;
      },
    );
    this.inflight.set(key, p);
    const clear = () => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    };
    p.then(clear, clear);
    return p;
  }

  /** Drops a cached credential (the API answered 401 with it). */
  invalidate(key: string): void {
    this.cache.delete(key);
  }

  /** Kills plugins still running (the host closes). */
  dispose(): void {
    for (const c of this.children) c.kill('SIGKILL');
    this.children.clear();
  }

  private spawnPlugin(run: ExecRun): Promise<Cached> {
    const { spec, label } = run;
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const name = spec.command;
    if (!name) return Promise.reject(new ExecCredentialError('failed', `The kubeconfig user of ${label} has an exec section without a command.`));
    // kubectl: a command with a path separator is relative to the kubeconfig's folder; a bare name is looked up in PATH.
    const command = name.includes('/') || name.includes(path.sep) ? path.resolve(path.dirname(run.kubeconfigFile), name) : name;
    const execInfo: Record<string, unknown> = { apiVersion: spec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } };
    if (spec.provideClusterInfo && run.cluster) {
      const c = run.cluster;
      (execInfo.spec as Record<string, unknown>).cluster = {
        server: c.server,
        ...(c.caData ? { 'certificate-authority-data': c.caData } : {}),
        ...(c.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
        ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
      };
    }
    const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(execInfo) };
    for (const e of spec.env) env[e.name] = e.value;
    return new Promise<Cached>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      let partial = '';
      let settled = false;
      this.runs++;
      const child = spawn(command, spec.args, { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
      this.children.add(child);
      const finish = (err: Error | undefined, value?: Cached) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.children.delete(child);
        if (err) reject(err);
        else resolve(value!);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        const said = cleanPluginText(stderr).split('\n').slice(-3).join(' ');
        finish(
          new ExecCredentialError(
            'timeout',
            `The credential plugin ${name} for ${label} did not answer within ${Math.round(timeoutMs / 100) / 10} s and was stopped${said ? `; it last said: ${said}` : ''}.`,
          ),
        );
      }, timeoutMs);
      timer.unref?.();
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        if (stdout.length < MAX_STDOUT) stdout += d;
      });
      child.stderr.on('data', (d: string) => {
        if (stderr.length < 64 * 1024) stderr += d;
        partial += d;
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) {
          const line = l.replace(KLOG, '').trim();
          if (line) run.onPrompt?.(line.slice(0, 500));
        }
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        const hint = spec.installHint ? ` ${spec.installHint.trim()}` : '';
        const what = err.code === 'ENOENT' ? 'was not found' : err.code === 'EACCES' ? 'is not executable' : `could not start (${err.message})`;
        finish(new ExecCredentialError('failed', `The credential plugin ${name} for ${label} ${what}.${hint}`));
      });
      child.on('close', (code, signal) => {
        if (settled) return;
        if (code !== 0) {
          const said = cleanPluginText(stderr);
          finish(new ExecCredentialError('failed', `The credential plugin ${name} for ${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`})${said ? `: ${said}` : '.'}`));
          return;
        }
        try {
          finish(undefined, parseExecCredential(stdout, name, label));
        } catch (err) {
          finish(err as Error);
        }
      });
    });
  }
}

/** Reads the ExecCredential a plugin printed; throws ExecCredentialError('bad-output') with what is wrong. */
export function parseExecCredential(stdout: string, name: string, label: string): Cached {
  let obj: { kind?: unknown; status?: Record<string, unknown> };
  try {
    obj = JSON.parse(stdout) as typeof obj;
  } catch {
    throw new ExecCredentialError('bad-output', `The credential plugin ${name} for ${label} printed no ExecCredential JSON (${stdout.trim() ? 'unparsable output' : 'nothing'}).`);
  }
  const s = obj?.status;
  if (obj?.kind !== 'ExecCredential' || !s || typeof s !== 'object') {
    throw new ExecCredentialError('bad-output', `The credential plugin ${name} for ${label} printed JSON that is not an ExecCredential with a status.`);
  }
  const credential: IssuedCredential = {};
  if (typeof s.token === 'string' && s.token) credential.token = s.token;
  if (typeof s.clientCertificateData === 'string' && typeof s.clientKeyData === 'string') {
    credential.clientCertificateData = s.clientCertificateData;
    credential.clientKeyData = s.clientKeyData;
  }
  if (!credential.token && !credential.clientCertificateData) {
    throw new ExecCredentialError('bad-output', `The credential plugin ${name} for ${label} returned neither a token nor a client certificate and key.`);
  }
  const exp = typeof s.expirationTimestamp === 'string' ? Date.parse(s.expirationTimestamp) : NaN;
  return Number.isFinite(exp) ? { credential, expiresAt: exp } : { credential };
}
