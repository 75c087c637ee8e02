import { mayCarryToken, originOf, PLAIN_HTTP_TOKEN } from '../../gitops/node/git/origin.ts';
import type { GitAuth } from '../../gitops/node/git/types.ts';

/** What a credential is asked for. */
export interface CredentialUse {
  /**
   * The URL is the open workspace's remote (push, fetch, pull), not one typed for a clone; only
   * the `GANTRY_GIT_TOKEN` fallback tells the two apart.
   */
  workspaceRemote?: boolean;
}

/**
 * Where the host keeps Git credentials, by remote origin (`https://host[:port]`). The renderer
 * never reads them back: it only learns whether one is stored. A credential comes back bound to
 * the origin it is kept under (`GitAuth.origin`), so the Git layer sends it nowhere else.
 */
/** Whether `set` wrote the credential (encrypted) to disk; `reason` says why not when it was asked to. */
export interface CredentialSaved {
  persisted: boolean;
  reason?: string;
}

export interface CredentialStore {
  get(remoteUrl: string, use?: CredentialUse): GitAuth | undefined;
  /**
   * `persist: false` keeps the credential for this run only. Returns whether it was written (encrypted)
   * to disk, and why not when it was asked to be and could not (no keychain): the person is told.
   */
  set(remoteUrl: string, auth: GitAuth, persist: boolean): CredentialSaved;
  delete(remoteUrl: string): void;
}

/** The credential key of a remote: its origin, so one token serves every repository on a server. */
export function credentialKey(remoteUrl: string): string {
  try {
    const u = new URL(remoteUrl);
    return `${u.protocol}//${u.host}`;
  } catch {
    return remoteUrl;
  }
}

/** A token from the environment and the origins it is bound to (undefined: the workspace's remote). */
export interface EnvToken {
  auth: GitAuth;
  origins?: readonly string[];
}

/**
 * Browser mode keeps credentials in host memory only. `GANTRY_GIT_TOKEN` (and optionally
 * `GANTRY_GIT_USERNAME`) give a token for a remote that has no other, bound to the origins in
 * `GANTRY_GIT_TOKEN_ORIGIN` when that is set, else only to the open workspace's remote (push,
 * fetch, pull): never to a URL typed for a clone. Over http:// only to this machine either way.
 */
export class MemoryCredentialStore implements CredentialStore {
  private readonly byKey = new Map<string, GitAuth>();

  constructor(private readonly envToken?: EnvToken) {}

  get(remoteUrl: string, use: CredentialUse = {}): GitAuth | undefined {
    const key = credentialKey(remoteUrl);
    const stored = this.byKey.get(key);
    if (stored) return { ...stored, origin: key };
    const origin = originOf(remoteUrl);
    if (!this.envToken || !origin || !mayCarryToken(origin)) return undefined;
    const bound = this.envToken.origins ? this.envToken.origins.includes(origin) : use.workspaceRemote === true;
    return bound ? { ...this.envToken.auth, origin } : undefined;
  }

  /** Browser mode never writes a token to disk, by design (README); that is no news to tell. */
  set(remoteUrl: string, auth: GitAuth): CredentialSaved {
    this.byKey.set(credentialKey(remoteUrl), auth);
    return { persisted: false };
  }

  delete(remoteUrl: string): void {
    this.byKey.delete(credentialKey(remoteUrl));
  }

  /** Throws (a sentence for the person) when GANTRY_GIT_TOKEN_ORIGIN names something a token may not go to. */
  static fromEnv(env: NodeJS.ProcessEnv): MemoryCredentialStore {
    const token = env.GANTRY_GIT_TOKEN;
    if (!token) return new MemoryCredentialStore();
    const origins = tokenOrigins(env.GANTRY_GIT_TOKEN_ORIGIN);
    return new MemoryCredentialStore({ auth: { username: env.GANTRY_GIT_USERNAME || 'gantry', password: token }, ...(origins ? { origins } : {}) });
  }
}

/** `GANTRY_GIT_TOKEN_ORIGIN`: comma-separated origins (a path after one is ignored); undefined when unset or blank. */
export function tokenOrigins(value: string | undefined): string[] | undefined {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!entries.length) return undefined;
  return entries.map((entry) => {
    const origin = originOf(entry);
    if (!origin) throw new Error(`GANTRY_GIT_TOKEN_ORIGIN: "${entry}" is not an https:// origin (for example https://dev.azure.com).`);
    if (!mayCarryToken(origin)) throw new Error(`GANTRY_GIT_TOKEN_ORIGIN: ${PLAIN_HTTP_TOKEN}; ${origin} is plain http:// to another machine.`);
    return origin;
  });
}
