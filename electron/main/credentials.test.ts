import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keychainUnavailable, SafeStorageCredentialStore, type SafeStorageLike } from './credentials.ts';

/** A fake safeStorage: XOR "encryption", and the Linux backend when given. */
function fakeSafe(backend?: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>, available = true) {
  return {
    isEncryptionAvailable: () => available,
    encryptString: vi.fn((s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a))),
    decryptString: vi.fn((b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8')),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  };
}

const fileIn = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-cred-')), 'credentials.json');
const URL_ = 'https://git.example.com/platform/tenants.git';

describe('safeStorage credentials and the Linux backend', () => {
  it('writes the token (encrypted) with a real keyring, and where the function does not exist (Windows, macOS)', () => {
    for (const safe of [fakeSafe('gnome_libsecret'), fakeSafe('kwallet6'), fakeSafe()]) {
      const file = fileIn();
      const store = new SafeStorageCredentialStore(safe, file);
      expect(store.set(URL_, { username: 'alice', password: 'ghp_supersecret' }, true)).toEqual({ persisted: true });
      expect(readFileSync(file, 'utf8')).not.toContain('ghp_supersecret');
      expect(new SafeStorageCredentialStore(safe, file).get(URL_)).toMatchObject({ username: 'alice', password: 'ghp_supersecret' });
    }
  });

  it('keeps the token in memory only, and says so, when Linux has no keyring (basic_text)', () => {
    const safe = fakeSafe('basic_text');
    const file = fileIn();
    const store = new SafeStorageCredentialStore(safe, file);
    const saved = store.set(URL_, { username: 'alice', password: 'ghp_supersecret' }, true);
    expect(saved.persisted).toBe(false);
    expect(saved.reason).toMatch(/No keyring.*kept in memory for this run only/);
    expect(store.get(URL_)).toMatchObject({ password: 'ghp_supersecret' });
    expect(safe.encryptString).not.toHaveBeenCalled();
    expect(() => readFileSync(file)).toThrow();
    // A new run (a new store) has nothing.
    expect(new SafeStorageCredentialStore(safe, file).get(URL_)).toBeUndefined();
  });

  it('says why when encryption is not available at all, and nothing when not asked to persist', () => {
    expect(keychainUnavailable(fakeSafe(undefined, false))).toMatch(/No OS keychain/);
    expect(keychainUnavailable(fakeSafe('basic_text'))).toMatch(/basic|keyring/i);
    expect(keychainUnavailable(fakeSafe('unknown'))).toBeUndefined();
    const safe = fakeSafe('gnome_libsecret');
    const file = fileIn();
    expect(new SafeStorageCredentialStore(safe, file).set(URL_, { password: 't' }, false)).toEqual({ persisted: false });
    expect(safe.encryptString).not.toHaveBeenCalled();
  });
});
