import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SafeStorage } from 'electron';
import { writeFileAtomic } from '../../gitops/node/atomic-write.ts';
import type { GitAuth } from '../../gitops/node/git/types.ts';
import { credentialKey, type CredentialStore } from '../services/credentials.ts';

const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });
const authSchema = z.object({ username: z.string().optional(), password: z.string().optional() });

/**
 * Git credentials encrypted at rest with the OS keychain (Electron safeStorage: DPAPI, Keychain,
 * libsecret/kwallet). The file holds only ciphertext; where no keychain is available, credentials
 * are kept in memory for this run and never written.
 */
export class SafeStorageCredentialStore implements CredentialStore {
  private readonly memory = new Map<string, GitAuth>();

  constructor(
    private readonly safe: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
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

  set(remoteUrl: string, auth: GitAuth, persist: boolean): void {
    const key = credentialKey(remoteUrl);
    this.memory.set(key, auth);
    if (!persist || !this.safe.isEncryptionAvailable()) return;
    const entries = this.read();
    entries[key] = this.safe.encryptString(JSON.stringify(auth)).toString('base64');
    this.write(entries);
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
