import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  InteractiveBrowserCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { randomUUID } from 'node:crypto';
import { explainSignIn } from '../../../gitops/core/provisioning/explain-sign-in.ts';
import { HostError } from '../../../shared/ipc/envelope.ts';
import type { AzureAccountDto, SignInInput } from '../../../shared/ipc/cloud-schemas.ts';
import { cloudEndpoints, type CloudEndpoints } from './clouds.ts';

interface Account {
  dto: AzureAccountDto;
  credential: TokenCredential;
  endpoints: CloudEndpoints;
}

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
}

/**
 * Azure sign-ins held by the host. Credentials and their tokens stay in this process (MSAL's
 * in-memory cache); nothing is written to disk: @azure/identity's persistent cache needs the OS
 * keychain (@azure/identity-cache-persistence), which browser mode has no access to, so the app
 * does not offer it there; a sign-in lasts until the host stops.
 */
export class AzureAccounts {
  private readonly accounts = new Map<string, Account>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  list(): AzureAccountDto[] {
    return [...this.accounts.values()].map((a) => a.dto);
  }

  signOut(id: string): boolean {
    return this.accounts.delete(id);
  }

  /** Signs in and proves it with one token for Resource Manager; a failure says why in plain words. */
  async signIn(input: SignInInput, onDeviceCode: (p: DeviceCodePrompt) => void, signal?: AbortSignal): Promise<AzureAccountDto> {
    const endpoints = cloudEndpoints(input.cloud ?? 'AzurePublicCloud', this.env);
    const credential = this.credential(input, endpoints, onDeviceCode);
    let token: AccessToken | null;
    try {
      // Interactive credentials prompt here, once; later reads use MSAL's cache or fail with
      // "sign in again" instead of prompting from a background poll.
      if (credential instanceof DeviceCodeCredential || credential instanceof InteractiveBrowserCredential) {
        await credential.authenticate(endpoints.scope, { enableCae: true, ...(signal ? { abortSignal: signal } : {}) });
      }
      // Resource Manager's pipeline asks with continuous access evaluation on: prove that one.
      token = await credential.getToken(endpoints.scope, { enableCae: true, ...(signal ? { abortSignal: signal } : {}) });
    } catch (err) {
      throw signInError(err);
    }
    if (!token) throw new HostError('auth-failed', 'Azure gave no token for Resource Manager.');
    const claims = decodeClaims(token.token);
    const dto: AzureAccountDto = {
      id: randomUUID(),
      method: input.method,
      cloud: endpoints.cloud,
      tenantId: claims.tid ?? input.tenantId,
      ...(claims.upn || claims.preferred_username || claims.unique_name ? { username: claims.upn ?? claims.preferred_username ?? claims.unique_name } : {}),
      ...(input.clientId ? { clientId: input.clientId } : {}),
      expiresOn: new Date(token.expiresOnTimestamp).toISOString(),
      signedInAt: new Date().toISOString(),
    };
    // One sign-in per method and directory: signing in again replaces it.
    for (const [id, a] of this.accounts) if (a.dto.method === dto.method && a.dto.tenantId === dto.tenantId && a.dto.cloud === dto.cloud) this.accounts.delete(id);
    this.accounts.set(dto.id, { dto, credential, endpoints });
    return dto;
  }

  /** The sign-in for an Entra tenant (the newest one when the spec names none). */
  pick(entraTenant: string | undefined, cloud: string): Account | undefined {
    const all = [...this.accounts.values()].filter((a) => a.dto.cloud === cloud).reverse();
    if (!entraTenant) return all[0];
    return all.find((a) => a.dto.tenantId?.toLowerCase() === entraTenant.toLowerCase());
  }

  private credential(input: SignInInput, e: CloudEndpoints, onDeviceCode: (p: DeviceCodePrompt) => void): TokenCredential {
    const common = { authorityHost: e.authorityHost, ...(e.custom ? { disableInstanceDiscovery: true } : {}) };
    const tenantId = input.tenantId;
    const need = (v: string | undefined, what: string): string => {
      if (!v) throw new HostError('invalid-input', `${what} is needed for this way of signing in.`);
      return v;
    };
    switch (input.method) {
      case 'cli':
        return new AzureCliCredential({ ...(tenantId ? { tenantId } : {}), processTimeoutInMs: 20_000 });
      case 'deviceCode':
        return new DeviceCodeCredential({
          ...common,
          ...(tenantId ? { tenantId } : {}),
          ...(input.clientId ? { clientId: input.clientId } : {}),
          disableAutomaticAuthentication: true,
          userPromptCallback: (info) => onDeviceCode({ userCode: info.userCode, verificationUri: info.verificationUri, message: info.message }),
        });
      case 'browser':
        return new InteractiveBrowserCredential({ ...common, disableAutomaticAuthentication: true, ...(tenantId ? { tenantId } : {}), ...(input.clientId ? { clientId: input.clientId } : {}) });
      case 'clientSecret':
        return new ClientSecretCredential(need(tenantId, 'The tenant id'), need(input.clientId, 'The client id'), need(input.clientSecret, 'The client secret'), common);
      case 'clientCertificate':
        return new ClientCertificateCredential(need(tenantId, 'The tenant id'), need(input.clientId, 'The client id'), { certificatePath: need(input.certificatePath, 'The certificate file (PEM)') }, common);
      case 'managedIdentity':
        return input.clientId ? new ManagedIdentityCredential({ clientId: input.clientId }) : new ManagedIdentityCredential();
    }
  }
}

/** A sign-in or token failure as a HostError with the plain-words reason. */
export function signInError(err: unknown): HostError {
  if (err instanceof HostError) return err;
  const text = errorText(err);
  const p = explainSignIn(text);
  return new HostError(p.kind === 'no-network' ? 'network' : p.kind === 'cancelled' ? 'cancelled' : 'auth-failed', p.code && !p.message.includes(p.code) ? `${p.message} (${p.code})` : p.message);
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const parts = [err.message];
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) parts.push(cause.message, (cause as { code?: string }).code ?? '');
  const code = (err as { code?: string }).code;
  if (code) parts.push(code);
  return parts.join(' ');
}

function decodeClaims(token: string): { tid?: string; upn?: string; preferred_username?: string; unique_name?: string } {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
