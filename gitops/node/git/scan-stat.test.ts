import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScanStat, isDirMode, isFileMode, isLinkMode } from './scan-stat.ts';
import { cleanTemps, tempDir } from './test-helpers.ts';

afterAll(cleanTemps);

describe('ScanStat', () => {
  it('reads the same numbers through the fast path as through lstatSync, for every kind of path', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'tenants'));
    writeFileSync(path.join(dir, 'tenants/acme.yaml'), 'kind: Tenant\n');
    writeFileSync(path.join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    symlinkSync('tenants/acme.yaml', path.join(dir, 'link.yaml'));
    const fast = new ScanStat(dir);
    const portable = new ScanStat(dir, { fast: false });
    // Node 20 and 22 (Electron) both have the binding; losing it would be a silent slowdown.
    expect(fast.fast, 'the fast path fell back to lstatSync on this Node version').toBe(true);
    expect(portable.fast).toBe(false);
    const paths = ['', 'tenants', 'tenants/acme.yaml', 'run.sh', 'link.yaml', 'missing.yaml', 'tenants/acme.yaml/below-a-file'];
    for (const p of paths) {
      const abs = p ? path.join(dir, p) : dir;
      const a = fast.lstat(abs);
      const b = portable.lstat(abs);
      expect(a && { ...a }, p).toEqual(b && { ...b });
    }
    expect(isDirMode(fast.lstat(path.join(dir, 'tenants'))!.mode)).toBe(true);
    expect(isFileMode(fast.lstat(path.join(dir, 'run.sh'))!.mode)).toBe(true);
    expect(isLinkMode(fast.lstat(path.join(dir, 'link.yaml'))!.mode)).toBe(true);
    expect(fast.lstat(path.join(dir, 'tenants/acme.yaml'))!.size).toBe(13);
  });
});
