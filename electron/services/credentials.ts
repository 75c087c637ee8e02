import type { GitAuth } from '../../gitops/node/git/types.ts';

/**
 * Where the host keeps Git credentials, by remote origin (`https://host[:port]`). The renderer
 * never reads them back: it only learns whether one is stored.
 */
export interface CredentialStore {
  get(remoteUrl: string): GitAuth | undefined;
  /** `persist: false` keeps the credential for this run only. */
  set(remoteUrl: string, auth: GitAuth, persist: boolean): void;
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

/**
 * Browser mode keeps credentials in host memory only. `GANTRY_GIT_TOKEN` (and optionally
 * `GANTRY_GIT_USERNAME`) give a token for every remote that has no other.
 */
export class MemoryCredentialStore implements CredentialStore {
  private readonly byKey = new Map<string, GitAuth>();

  constructor(private readonly fallback?: GitAuth) {}

  get(remoteUrl: string): GitAuth | undefined {
    return this.byKey.get(credentialKey(remoteUrl)) ?? this.fallback;
  }

  set(remoteUrl: string, auth: GitAuth): void {
    this.byKey.set(credentialKey(remoteUrl), auth);
  }

  delete(remoteUrl: string): void {
    this.byKey.delete(credentialKey(remoteUrl));
  }

  static fromEnv(env: NodeJS.ProcessEnv): MemoryCredentialStore {
    const token = env.GANTRY_GIT_TOKEN;
    return new MemoryCredentialStore(token ? { username: env.GANTRY_GIT_USERNAME || 'gantry', password: token } : undefined);
  }
}
