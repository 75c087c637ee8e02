import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileGuard } from './file-guard.ts';
import { cleanTemps, tempDir } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

function code(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof GitError ? err.code : 'other';
  }
  return undefined;
}

describe('FileGuard', () => {
  it('writes when the file is as it was read', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.yaml'), 'one\n');
    const guard = new FileGuard(dir);
    expect(guard.read('a.yaml')).toBe('one\n');
    guard.writeIfUnchanged('a.yaml', 'two\n');
    expect(readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe('two\n');
    guard.writeIfUnchanged('a.yaml', 'three\n');
    expect(readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe('three\n');
  });

  it('refuses to overwrite a change made by another program, even one of the same size and mtime', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.yaml');
    writeFileSync(file, 'plan: free\n');
    const guard = new FileGuard(dir);
    guard.read('a.yaml');
    const t = new Date(Date.now() - 60_000);
    utimesSync(file, t, t);
    guard.remember('a.yaml');
    writeFileSync(file, 'plan: gold\n');
    utimesSync(file, t, t);
    expect(guard.check('a.yaml')).toBe('changed');
    expect(code(() => guard.writeIfUnchanged('a.yaml', 'plan: standard\n'))).toBe('external-change');
    expect(readFileSync(file, 'utf8')).toBe('plan: gold\n');
  });

  it('treats a touch without a content change as unchanged', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.yaml');
    writeFileSync(file, 'x\n');
    const guard = new FileGuard(dir);
    guard.read('a.yaml');
    const later = new Date(Date.now() + 10_000);
    utimesSync(file, later, later);
    expect(guard.check('a.yaml')).toBe('unchanged');
    guard.writeIfUnchanged('a.yaml', 'y\n');
  });

  it('detects deletion and creation, and refuses files never read', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.yaml'), 'x\n');
    const guard = new FileGuard(dir);
    guard.read('a.yaml');
    rmSync(path.join(dir, 'a.yaml'));
    expect(code(() => guard.writeIfUnchanged('a.yaml', 'y\n'))).toBe('external-change');
    expect(guard.read('new.yaml')).toBeNull();
    writeFileSync(path.join(dir, 'new.yaml'), 'someone else\n');
    expect(guard.check('new.yaml')).toBe('created');
    expect(code(() => guard.writeIfUnchanged('new.yaml', 'mine\n'))).toBe('external-change');
    expect(code(() => guard.writeIfUnchanged('other.yaml', 'mine\n'))).toBe('external-change');
    expect(code(() => guard.writeIfUnchanged('../outside.yaml', 'x'))).toBe('other');
  });
});
