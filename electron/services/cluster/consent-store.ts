import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecSpec } from './kubeconfig.ts';

/** One exec plugin the person allowed: that exact command, arguments and environment, for one context of one kubeconfig file. */
export interface ExecGrant {
  kubeconfig: string;
  context: string;
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  allowedAt: string;
}

/** What a grant is matched on (everything but the time). */
export type ExecRequest = Omit<ExecGrant, 'allowedAt'>;

export const CONSENT_FILE = 'cluster-exec-consent.json';

export function execRequest(kubeconfig: string, context: string, spec: ExecSpec): ExecRequest {
  return { kubeconfig, context, command: spec.command, args: [...spec.args], env: spec.env.map((e) => ({ ...e })) };
}

function sameRequest(a: ExecRequest, b: ExecRequest): boolean {
  return (
    a.kubeconfig === b.kubeconfig &&
    a.context === b.context &&
    a.command === b.command &&
    JSON.stringify(a.args) === JSON.stringify(b.args) &&
    JSON.stringify(a.env) === JSON.stringify(b.env)
  );
}

/**
 * The exec plugins the person allowed, kept in the host's state folder. A grant matches only the
 * exact command, arguments and environment for that context of that file: a kubeconfig edited to run
 * something else asks again. An unreadable file counts as no grant (and is rewritten on the next allow).
 */
export class ConsentStore {
  private readonly file: string;
  private grants: ExecGrant[];

  constructor(dataDir: string) {
    this.file = path.join(dataDir, CONSENT_FILE);
    this.grants = readGrants(this.file);
  }

  list(): ExecGrant[] {
    return this.grants.map((g) => ({ ...g, args: [...g.args], env: g.env.map((e) => ({ ...e })) }));
  }

  isAllowed(req: ExecRequest): boolean {
    return this.grants.some((g) => sameRequest(g, req));
  }

  allow(req: ExecRequest, now = new Date()): ExecGrant {
    const existing = this.grants.find((g) => sameRequest(g, req));
    if (existing) return existing;
    const grant: ExecGrant = { ...execRequestCopy(req), allowedAt: now.toISOString() };
    this.grants = [...this.grants, grant];
    this.save();
    return grant;
  }

  /** Revokes every grant for that context of that file (whatever command it named); returns how many. */
  revoke(kubeconfig: string, context: string): number {
    const before = this.grants.length;
    this.grants = this.grants.filter((g) => !(g.kubeconfig === kubeconfig && g.context === context));
    if (this.grants.length !== before) this.save();
    return before - this.grants.length;
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, grants: this.grants }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function execRequestCopy(r: ExecRequest): ExecRequest {
  return { kubeconfig: r.kubeconfig, context: r.context, command: r.command, args: [...r.args], env: r.env.map((e) => ({ name: e.name, value: e.value })) };
}

function readGrants(file: string): ExecGrant[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const list = (raw as { grants?: unknown }).grants;
  if (!Array.isArray(list)) return [];
  return list.flatMap((g: Record<string, unknown>) => {
    if (!g || typeof g.kubeconfig !== 'string' || typeof g.context !== 'string' || typeof g.command !== 'string' || !Array.isArray(g.args)) return [];
    const env = Array.isArray(g.env) ? (g.env as Array<Record<string, unknown>>).map((e) => ({ name: String(e.name), value: String(e.value) })) : [];
    return [{ kubeconfig: g.kubeconfig, context: g.context, command: g.command, args: g.args.map(String), env, allowedAt: String(g.allowedAt ?? '') }];
  });
}
