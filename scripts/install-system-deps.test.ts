import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'install-system-deps.sh');
const bin = mkdtempSync(path.join(os.tmpdir(), 'gantry-sysdeps-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** A PATH with only the shell tools the script itself uses, and `present` of the packages' commands. */
function pathWith(present: string[]): string {
  const dir = mkdtempSync(path.join(bin, 'p-'));
  for (const tool of ['bash', 'id', ...present]) {
    const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

describe('npm test on a machine without the Debian packages (scripts/install-system-deps.sh)', () => {
  it('as a user who is not root: stops with the one apt-get line that installs what is missing', () => {
    const r = spawnSync('bash', [script], { env: { PATH: pathWith(['git', 'openssl']), GANTRY_TEST_UID: '1000' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm test needs Debian packages that are missing here: chromium prometheus xvfb.');
    expect(r.stderr).toContain('sudo apt-get install -y --no-install-recommends chromium prometheus xvfb');
    expect(r.stdout).toBe('');
  });

  it('says nothing and succeeds when everything is there', () => {
    const r = spawnSync('bash', [script], { env: { ...process.env, GANTRY_TEST_UID: '1000' }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
