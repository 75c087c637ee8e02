import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SafeStorage } from 'electron';
import { writeFileAtomic } from '../../gitops/node/atomic-write.ts';
import type { GitAuth } from '../../gitops/node/git/types.ts';
import { credentialKey, type CredentialSaved, type CredentialStore } from '../services/credentials.ts';

const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });
const authSchema = z.object({ username: z.string().optional(), password: z.string().optional() });


/** What the store needs of Electron's safeStorage; `getSelectedStorageBackend` exists on Linux only. */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/**
 * Why a credential cannot be written to disk, or undefined when safeStorage really encrypts. On
 * Linux without a keyring (no libsecret, no kwallet) safeStorage says encryption is available but
 * uses `basic_text`, a key hard-coded in Chromium: that is obfuscation, not encryption.
 */
export function keychainUnavailable(safe: SafeStorageLike): string | undefined {
  if (!safe.isEncryptionAvailable()) return 'No OS keychain is available, so the token is kept in memory for this run only.';
  if (typeof safe.getSelectedStorageBackend === 'function' && safe.getSelectedStorageBackend() === 'basic_text') {
    return 'No keyring (GNOME Keyring or KWallet) is running, so the token is kept in memory for this run only, not written to disk.';
  }
  return undefined;
}

/**
 * Git credentials encrypted at rest with the OS keychain (Electron safeStorage: DPAPI, Keychain,
 * libsecret/kwallet). The file holds only ciphertext; where no keychain is available (including
 * Linux's `basic_text` fallback), credentials are kept in memory for this run and never written,
 * and `set` says so.
 */
export class SafeStorageCredentialStore implements CredentialStore {
  private readonly memory = new Map<string, GitAuth>();

  constructor(
    private readonly safe: SafeStorageLike,
    private readonly file: string,
  ) {}

  get(remoteUrl: string): GitAuth | undefined {
    const key = credentialKey(remoteUrl);
    const mem = this.memory.get(key);
    if (mem) return mem;
    const sealed = this.read()[key];
    if (!sealed || !this.safe.isEncryptionAvailable()) return undefined;
    try {
      const parsed = authSchema.safeParse(JSON.parse(this.safe.decryptString(Buffer.from(sealed, 'base64'))));
      if (!parsed.success) return undefined;
      this.memory.set(key, parsed.data);
      return parsed.data;
    } catch {
      return undefined;
    }
  }

  set(remoteUrl: string, auth: GitAuth, persist: boolean): CredentialSaved {
    const key = credentialKey(remoteUrl);
    this.memory.set(key, auth);
    if (!persist) return { persisted: false };
    const reason = keychainUnavailable(this.safe);
    if (reason) return { persisted: false, reason };
    const entries = this.read();
    entries[key] = this.safe.encryptString(JSON.stringify(auth)).toString('base64');
    this.write(entries);
    return { persisted: true };
  }

  delete(remoteUrl: string): void {
    const key = credentialKey(remoteUrl);
    this.memory.delete(key);
    const entries = this.read();
    if (key in entries) {
      delete entries[key];
      this.write(entries);
    }
  }

  private read(): Record<string, string> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? { ...parsed.data.entries } : {};
    } catch {
      return {};
    }
  }

  private write(entries: Record<string, string>): void {
    writeFileAtomic(this.file, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
  }
}
