import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRepository } from './open.ts';
import { status } from './status.ts';
import { cleanTemps, edit, git, gitTry, porcelain, tempDir, workspaceRepo } from './test-helpers.ts';
import type { FileChange } from './types.ts';
import { watchRepository } from './watch.ts';

afterAll(cleanTemps);

const lines = (changes: FileChange[]) => changes.map((c) => `${c.xy} ${c.path}`);

/** Working-tree edits of every kind git status distinguishes. */
function unstagedEdits(dir: string): void {
  const p = (rel: string) => path.join(dir, rel);
  edit(p('tenants/acme.yaml'), (t) => t.replace('plan: premium', 'plan: standard'));
  const later = new Date(Date.now() + 5000);
  utimesSync(p('tenants/initech.yaml'), later, later); // touched, content unchanged
  rmSync(p('tenants/hooli.yaml'));
  writeFileSync(p('tenants/newco.yaml'), 'apiVersion: platform.gantry.dev/v1alpha1\n');
  mkdirSync(p('notes/sub'), { recursive: true });
  writeFileSync(p('notes/a.txt'), 'a\n');
  writeFileSync(p('notes/sub/b.txt'), 'b\n');
  chmodSync(p('shards/weu-1.yaml'), 0o755);
  renameSync(p('pools/blob-weu-1.yaml'), p('pools/blob-weu-9.yaml'));
  writeFileSync(p('.gitignore'), '*.log\nbuild/\n!keep.log\n');
  writeFileSync(p('debug.log'), 'x\n');
  writeFileSync(p('keep.log'), 'kept\n');
  mkdirSync(p('build'));
  writeFileSync(p('build/out.txt'), 'ignored\n');
  mkdirSync(p('only-ignored'));
  writeFileSync(p('only-ignored/trace.log'), 'ignored\n');
  symlinkSync('tenants/acme.yaml', p('link.yaml'));
}

describe('status', () => {
  it('matches git status --porcelain for unstaged edits of every kind', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    // Same size, same second as the index: only a content hash can tell (racy git).
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => t.replace('Wayne', 'Wayno'));
    unstagedEdits(dir);
    const repo = await openRepository(dir);
    const mine = lines(await status(repo));
    expect(mine).toEqual(await porcelain(dir));
    expect(mine).toContain(' M tenants/wayne.yaml');
    expect(mine).toContain(' M shards/weu-1.yaml');
    expect(mine).not.toContain(' M tenants/initech.yaml');
    // A fresh process (new Repository, persisted listing cache) agrees too.
    expect(lines(await status(await openRepository(dir)))).toEqual(mine);
  });

  it('matches git status when a tracked folder became a file, with the fast and the portable lstat', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    rmSync(path.join(dir, 'routing'), { recursive: true });
    writeFileSync(path.join(dir, 'routing'), 'not a folder any more\n');
    unstagedEdits(dir);
    const expected = await porcelain(dir);
    expect(expected).toContain(' D routing/default.yaml');
    expect(lines(await status(await openRepository(dir)))).toEqual(expected);
    process.env.GANTRY_PORTABLE_STAT = '1';
    try {
      expect(lines(await status(await openRepository(dir)))).toEqual(expected);
    } finally {
      delete process.env.GANTRY_PORTABLE_STAT;
    }
  });

  it('matches git status --porcelain for staged changes, renames and removals from the index', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    unstagedEdits(dir);
    await git(dir, 'add', 'tenants/newco.yaml', 'tenants/acme.yaml');
    edit(path.join(dir, 'tenants/newco.yaml'), (t) => `${t}kind: Tenant\n`);
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('displayName: Acme Corp', 'displayName: Acme'));
    await git(dir, 'mv', 'routing/default.yaml', 'routing/main.yaml');
    await git(dir, 'rm', '-q', '--cached', 'clusters/aks-sdc-prod.yaml');
    // Staged, then the working file put back as in HEAD: staged and unstaged changes at once.
    edit(path.join(dir, 'tenants/dunder.yaml'), (t) => `${t}# note\n`);
    await git(dir, 'add', 'tenants/dunder.yaml');
    await git(dir, 'checkout', 'HEAD', '--', 'tenants/dunder.yaml');
    await git(dir, 'reset', '-q', 'tenants/dunder.yaml');
    edit(path.join(dir, 'tenants/dunder.yaml'), (t) => `${t}# note\n`);
    await git(dir, 'add', 'tenants/dunder.yaml');
    edit(path.join(dir, 'tenants/dunder.yaml'), (t) => t.replace('\n# note\n', '\n'));
    const repo = await openRepository(dir);
    const mine = lines(await status(repo));
    expect(mine).toEqual(await porcelain(dir));
    expect(mine).toEqual(expect.arrayContaining(['AM tenants/newco.yaml', 'MM tenants/acme.yaml', 'D  routing/default.yaml', 'A  routing/main.yaml', 'D  clusters/aks-sdc-prod.yaml', '?? clusters/aks-sdc-prod.yaml']));
    const byPath = new Map((await status(repo)).map((c) => [`${c.xy} ${c.path}`, c.change]));
    expect(byPath.get('AM tenants/newco.yaml')).toBe('added');
    expect(byPath.get(' D tenants/hooli.yaml')).toBe('deleted');
    expect(byPath.get('MM tenants/acme.yaml')).toBe('modified');
  });

  it('is clean after git commits everything, and again after the index is refreshed', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    unstagedEdits(dir);
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'everything');
    const repo = await openRepository(dir);
    expect(await status(repo)).toEqual([]);
    expect(await porcelain(dir)).toEqual([]);
    expect(await status(await openRepository(dir))).toEqual([]);
    // Gantry wrote the refreshed index back; git must still read it and agree.
    expect((await git(dir, 'fsck', '--full', '--no-progress')).trim()).toBe('');
    expect(await porcelain(dir)).toEqual([]);
  });

  it('reuses folder listings across processes only while they are valid', { timeout: 60_000 }, async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    writeFileSync(path.join(dir, '.gitignore'), '*.tmp\n');
    writeFileSync(path.join(dir, 'tenants/scratch.txt'), 'x\n');
    // Folders changed in the last two seconds are never trusted from the cache; let them age.
    await new Promise((r) => setTimeout(r, 2200));
    const fresh = async () => lines(await status(await openRepository(dir)));
    expect(await fresh()).toEqual(await porcelain(dir));
    const cache = JSON.parse(readFileSync(path.join(dir, '.git/gantry/status-cache.json'), 'utf8'));
    expect(cache.key).toMatch(/^[0-9a-f]{40}$/);
    expect(cache.walk.find((r: unknown[]) => r[0] === 'tenants')?.[4]).toBe('scratch.txt');
    expect(await fresh()).toEqual(await porcelain(dir)); // from the cache
    writeFileSync(path.join(dir, 'tenants/new.txt'), 'x\n'); // the folder changes
    expect(await fresh()).toEqual(await porcelain(dir));
    writeFileSync(path.join(dir, '.gitignore'), '*.tmp\n*.txt\n'); // rules change, folders do not
    expect(await fresh()).toEqual(await porcelain(dir));
    await git(dir, 'rm', '-q', '--cached', 'shards/weu-2.yaml'); // the index changes, folders do not
    expect(await fresh()).toEqual(await porcelain(dir));
    expect(await fresh()).toContain('?? shards/weu-2.yaml');
  });

  it('reports unmerged paths of a conflicted merge as git does', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    await git(dir, 'checkout', '-q', '-b', 'other');
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('latencyTargetMs: 100', 'latencyTargetMs: 1'));
    writeFileSync(path.join(dir, 'both.txt'), 'other\n');
    await git(dir, 'rm', '-q', 'tenants/wayne.yaml');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-qm', 'other');
    await git(dir, 'checkout', '-q', 'main');
    edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('latencyTargetMs: 100', 'latencyTargetMs: 2'));
    writeFileSync(path.join(dir, 'both.txt'), 'main\n');
    edit(path.join(dir, 'tenants/wayne.yaml'), (t) => `${t}# x\n`);
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-qm', 'main');
    await gitTry(dir, 'merge', 'other');
    const mine = lines(await status(await openRepository(dir)));
    expect(mine).toEqual(['AA both.txt', 'UU tenants/acme.yaml', 'UD tenants/wayne.yaml']);
    expect(mine).toEqual(await porcelain(dir));
  });

  it('works on an empty repository and an unborn branch', async () => {
    const dir = tempDir();
    await git(dir, 'init', '-q', '-b', 'main');
    const repo = await openRepository(dir);
    expect(await status(repo)).toEqual([]);
    writeFileSync(path.join(dir, 'gantry.yaml'), 'x: 1\n');
    expect(lines(await status(repo))).toEqual(['?? gantry.yaml']);
    await git(dir, 'add', 'gantry.yaml');
    expect(lines(await status(repo))).toEqual(await porcelain(dir));
  });

  it('stays equal to git status while watched (warm, incremental)', async () => {
    const dir = await workspaceRepo(path.join(tempDir(), 'ws'));
    const repo = await openRepository(dir);
    const seen: string[][] = [];
    const watcher = watchRepository(repo, { onChange: (paths) => seen.push(paths), debounceMs: 20 });
    try {
      await watcher.ready;
      expect(await status(repo)).toEqual([]);
      edit(path.join(dir, 'tenants/acme.yaml'), (t) => t.replace('plan: premium', 'plan: free'));
      expect(lines(await status(repo))).toEqual([' M tenants/acme.yaml']);
      unstagedEdits(dir);
      expect(lines(await status(repo))).toEqual(await porcelain(dir));
      mkdirSync(path.join(dir, 'notes/sub/deeper'), { recursive: true });
      writeFileSync(path.join(dir, 'notes/sub/deeper/c.txt'), 'c\n');
      rmSync(path.join(dir, 'notes/a.txt'));
      expect(lines(await status(repo))).toEqual(await porcelain(dir));
      rmSync(path.join(dir, 'notes'), { recursive: true });
      await git(dir, 'add', '-A');
      expect(lines(await status(repo))).toEqual(await porcelain(dir));
      await git(dir, 'commit', '-q', '-m', 'by the CLI');
      expect(await status(repo)).toEqual([]);
      // A folder removed and created again is watched again.
      rmSync(path.join(dir, 'routing'), { recursive: true });
      expect(lines(await status(repo))).toEqual(await porcelain(dir));
      mkdirSync(path.join(dir, 'routing'));
      await new Promise((r) => setTimeout(r, 20));
      writeFileSync(path.join(dir, 'routing/fast.yaml'), 'x\n');
      expect(lines(await status(repo))).toEqual(await porcelain(dir));
      await new Promise((r) => setTimeout(r, 100));
      expect(seen.flat()).toContain('tenants/acme.yaml');
    } finally {
      watcher.close();
    }
  });
});

describe('status on shapes git treats specially', () => {
  it('does not read a symlinked .gitignore and lists no FIFO, cold and warm, as git status', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-status-special-'), 'repo'));
    writeFileSync(path.join(dir, 'rules.txt'), '*.log\n');
    symlinkSync('rules.txt', path.join(dir, '.gitignore'));
    writeFileSync(path.join(dir, 'debug.log'), 'x\n');
    mkdirSync(path.join(dir, 'pipes'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(dir, 'pipes', 'fifo'), path.join(dir, 'top-fifo')]);
    const expected = (await porcelain(dir)).sort();
    expect(expected).toContain('?? debug.log');
    expect(expected.some((l) => l.includes('fifo'))).toBe(false);
    const repo = await openRepository(dir);
    expect(lines(await status(repo)).sort()).toEqual(expected);
    // Warm: a second FIFO appears while watched.
    const watcher = watchRepository(repo);
    try {
      await status(repo);
      execFileSync('mkfifo', [path.join(dir, 'late-fifo')]);
      await new Promise((r) => setTimeout(r, 300));
      expect(lines(await status(repo)).sort()).toEqual((await porcelain(dir)).sort());
    } finally {
      watcher.close();
      repo.close();
    }
  });
});

describe('a tracked file that became a folder', () => {
  it('lists the folder\'s files as git does, cold and watched, and a commit of everything makes git\'s tree', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-status-f2d-'), 'repo'));
    writeFileSync(path.join(dir, 'notes'), 'one file of notes\n');
    await git(dir, 'add', 'notes');
    await git(dir, 'commit', '-q', '-m', 'notes');
    const repo = await openRepository(dir);
    const watcher = watchRepository(repo);
    try {
      await status(repo);
      rmSync(path.join(dir, 'notes'));
      mkdirSync(path.join(dir, 'notes', 'sub'), { recursive: true });
      writeFileSync(path.join(dir, 'notes', 'a.txt'), 'a\n');
      writeFileSync(path.join(dir, 'notes', 'sub', 'b.txt'), 'b\n');
      const expected = (await porcelain(dir)).sort();
      expect(expected).toEqual([' D notes', '?? notes/a.txt', '?? notes/sub/b.txt']);
      await new Promise((r) => setTimeout(r, 300));
      expect(lines(await status(repo)).sort(), 'watched').toEqual(expected);
      const cold = await openRepository(dir);
      expect(lines(await status(cold)).sort(), 'cold').toEqual(expected);
      cold.close();
    } finally {
      watcher.close();
    }
    const { commit } = await import('../sync/commit-workspace.ts');
    const { ALICE } = await import('./test-helpers.ts');
    await commit(repo, { author: ALICE, message: 'notes became a folder', all: true });
    repo.close();
    expect((await git(dir, 'ls-tree', '-r', '--name-only', 'HEAD', 'notes')).trim().split('\n')).toEqual(['notes/a.txt', 'notes/sub/b.txt']);
    expect(await porcelain(dir)).toEqual([]);
    expect((await gitTry(dir, 'fsck', '--strict', '--no-dangling')).code).toBe(0);
  });
});

describe('a read-only status leaves the index as git wrote it', () => {
  it.each([
    ['index version 4', ['update-index', '--index-version', '4'], (b: Buffer) => b.readUInt32BE(4) === 4],
    ['an untracked cache', ['update-index', '--untracked-cache'], (b: Buffer) => b.includes(Buffer.from('UNTR'))],
  ] as const)('with %s: Gantry\'s status does not rewrite the index, and equals git status', async (_name, setup, kept) => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-status-index-'), 'repo'));
    await git(dir, ...setup);
    await git(dir, 'status', '--porcelain');
    // A touched file: a status that refreshes stat data would want to write the index back.
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'tenants/acme.yaml'), later, later);
    writeFileSync(path.join(dir, 'scratch.txt'), 'x\n');
    const before = readFileSync(path.join(dir, '.git/index'));
    expect(kept(before)).toBe(true);
    const repo = await openRepository(dir);
    const ours = lines(await status(repo)).sort();
    repo.close();
    const after = readFileSync(path.join(dir, '.git/index'));
    expect(after.equals(before)).toBe(true);
    expect(ours).toEqual((await porcelain(dir)).sort());
  });
});

describe('intent to add (git add -N)', () => {
  it('shows " A" for the file and " D" once it is gone, as git status', async () => {
    const dir = await workspaceRepo(path.join(tempDir('gantry-status-ita-'), 'repo'));
    writeFileSync(path.join(dir, 'tenants/newco.yaml'), 'apiVersion: platform.gantry.dev/v1alpha1\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'n\n');
    await git(dir, 'add', '-N', 'tenants/newco.yaml', 'notes.txt');
    rmSync(path.join(dir, 'notes.txt'));
    const expected = (await porcelain(dir)).sort();
    expect(expected).toEqual([' A tenants/newco.yaml', ' D notes.txt'].sort());
    const repo = await openRepository(dir);
    expect(lines(await status(repo)).sort()).toEqual(expected);
    repo.close();
  });
});

describe('watched status sees every edit git status sees', () => {
  it('in a file whose name holds a backslash, and in a tracked file inside an ignored folder', async () => {
    const { porcelainRaw } = await import('./test-helpers.ts');
    const dir = await workspaceRepo(path.join(tempDir('gantry-status-warm-'), 'repo'));
    writeFileSync(path.join(dir, 'back\\slash.txt'), 'a\n');
    mkdirSync(path.join(dir, 'build'));
    writeFileSync(path.join(dir, 'build/kept.txt'), 'a\n');
    writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    await git(dir, 'add', '-f', 'back\\slash.txt', 'build/kept.txt', '.gitignore');
    await git(dir, 'commit', '-q', '-m', 'odd names');
    const repo = await openRepository(dir);
    const watcher = watchRepository(repo);
    try {
      await watcher.ready;
      expect(await status(repo)).toEqual([]);
      writeFileSync(path.join(dir, 'back\\slash.txt'), 'b\n');
      writeFileSync(path.join(dir, 'build/kept.txt'), 'b\n');
      // git status refreshes .git/index, which Gantry notices on its own: ask git only afterwards.
      const expected = [' M back\\slash.txt', ' M build/kept.txt'];
      await expect.poll(async () => lines(await status(repo)).sort(), { timeout: 5000, interval: 100 }).toEqual(expected);
      expect((await porcelainRaw(dir)).sort()).toEqual(expected);
    } finally {
      watcher.close();
      repo.close();
    }
  });
});

describe('a tracked folder replaced by a symbolic link', () => {
  it('shows its files deleted and the link untracked, cold and watched, as git status (never reading through the link)', async () => {
    const { porcelainRaw } = await import('./test-helpers.ts');
    const dir = await workspaceRepo(path.join(tempDir('gantry-status-d2l-'), 'repo'));
    const elsewhere = path.join(tempDir('gantry-status-d2l-out-'), 'pools');
    const move = () => {
      renameSync(path.join(dir, 'pools'), elsewhere);
      symlinkSync(elsewhere, path.join(dir, 'pools'));
    };
    // Cold.
    const cold = await workspaceRepo(path.join(tempDir('gantry-status-d2l-'), 'cold'));
    renameSync(path.join(cold, 'pools'), path.join(path.dirname(elsewhere), 'cold-pools'));
    symlinkSync(path.join(path.dirname(elsewhere), 'cold-pools'), path.join(cold, 'pools'));
    const coldRepo = await openRepository(cold);
    const coldLines = lines(await status(coldRepo)).sort();
    coldRepo.close();
    const coldGit = (await porcelainRaw(cold)).sort();
    expect(coldGit).toContain('?? pools');
    expect(coldGit.some((l) => l.startsWith(' D pools/'))).toBe(true);
    expect(coldLines).toEqual(coldGit);
    // Watched.
    const repo = await openRepository(dir);
    const watcher = watchRepository(repo);
    try {
      await watcher.ready;
      expect(await status(repo)).toEqual([]);
      move();
      await expect.poll(async () => lines(await status(repo)).some((l) => l === '?? pools'), { timeout: 5000, interval: 100 }).toBe(true);
      const ours = lines(await status(repo)).sort();
      expect(ours).toEqual((await porcelainRaw(dir)).sort());
    } finally {
      watcher.close();
      repo.close();
    }
  });
});
