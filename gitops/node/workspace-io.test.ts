import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Renderer } from '../core/render/renderer.ts';
import { cleanTemps, git, porcelain, tempDir, workspaceRepo } from './git/test-helpers.ts';
import { diffRendered, loadWorkspace } from './workspace-io.ts';

afterAll(cleanTemps);

describe('diffRendered in a checkout with CRLF line endings', () => {
  it('finds nothing stale where git status is clean, and the file that really changed', async () => {
    const origin = await workspaceRepo(path.join(tempDir(), 'ws'));
    const dir = path.join(tempDir(), 'windows-clone');
    // What git for Windows does by default: core.autocrlf=true, so every text file is checked out with CRLF.
    await git(path.dirname(dir), 'clone', '-q', '-c', 'core.autocrlf=true', origin, dir);
    const { root, model } = loadWorkspace(dir);
    const files = new Renderer(model).renderAll();
    const some = [...files.keys()].find((p) => p.startsWith('rendered/'))!;
    expect((await git(dir, 'ls-files', '--eol', '--', some)).split(/\s+/)[1]).toBe('w/crlf');
    expect(await porcelain(dir)).toEqual([]);
    expect(diffRendered(root, files)).toEqual({ added: [], changed: [], removed: [] });
    writeFileSync(path.join(dir, some), 'edited by hand\r\n');
    expect(diffRendered(root, files).changed).toEqual([some]);
  });
});
