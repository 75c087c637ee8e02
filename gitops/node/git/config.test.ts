import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configuredIdentity } from './config-chain.ts';

const saved = process.env.GIT_CONFIG_GLOBAL;
afterEach(() => {
  if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
  else process.env.GIT_CONFIG_GLOBAL = saved;
});

describe('configuredIdentity: who commits, as git would pick it', () => {
  it('takes user.name and user.email from the repository over the global config', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-config-'));
    try {
      const gitdir = path.join(dir, '.git');
      mkdirSync(gitdir);
      writeFileSync(path.join(dir, 'global'), '[user]\n\tname = Global Person\n\temail = global@example.com\n');
      process.env.GIT_CONFIG_GLOBAL = path.join(dir, 'global');
      expect(configuredIdentity(gitdir)).toEqual({ name: 'Global Person', email: 'global@example.com' });
      writeFileSync(path.join(gitdir, 'config'), '[core]\n\tbare = false\n[user]\n\temail = "consultant@client.example"\n');
      expect(configuredIdentity(gitdir)).toEqual({ name: 'Global Person', email: 'consultant@client.example' });
      process.env.GIT_CONFIG_GLOBAL = path.join(dir, 'missing');
      expect(configuredIdentity(gitdir)).toEqual({ email: 'consultant@client.example' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
