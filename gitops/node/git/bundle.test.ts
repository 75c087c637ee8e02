/**
 * Git bundles against the git CLI: a bundle Gantry writes is accepted by `git bundle verify` and
 * `git fetch` (same commit ids, a clean fsck), a bundle `git bundle create` writes is imported
 * (fast-forward, rebase, conflict refused with nothing changed), and a bundle git would refuse
 * (missing prerequisite, cut short, garbled, hostile reference name or path) is refused in words
 * with nothing written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBundle, storeBundleObjects, verifyBundle } from './bundle.ts';
import { integrateCommit } from './bundle-integrate.ts';
import { commitBody } from './commits.ts';
import { openRepository } from './open.ts';
import { serializeTree, sortTreeEntries } from './tree.ts';
import { ALICE, cleanTemps, git, gitTry, tempDir } from './test-helpers.ts';
import { GitError } from './types.ts';

afterAll(cleanTemps);

/** A bare remote with two commits, and a CLI clone of it (`local`). */
async function setup(): Promise<{ root: string; remote: string; local: string }> {
  const root = tempDir('gantry-bundle-');
  const seed = path.join(root, 'seed');
  await git(root, 'init', '-q', '-b', 'main', seed);
  writeFileSync(path.join(seed, 'a.txt'), 'one\ntwo\nthree\n');
  writeFileSync(path.join(seed, 'b.txt'), 'bee\n');
  await git(seed, 'add', '-A');
  await git(seed, 'commit', '-q', '-m', 'first');
  writeFileSync(path.join(seed, 'a.txt'), 'one\ntwo\nthree\nfour\n');
  await git(seed, 'commit', '-q', '-am', 'second');
  const remote = path.join(root, 'remote.git');
  await git(root, 'clone', '-q', '--bare', seed, remote);
  const local = path.join(root, 'local');
  await git(root, 'clone', '-q', remote, local);
  return { root, remote, local };
}

async function commitFile(dir: string, file: string, content: string, msg: string): Promise<string> {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
  await git(dir, 'add', file);
  await git(dir, 'commit', '-q', '-m', msg);
  return (await git(dir, 'rev-parse', 'HEAD')).trim();
}

/** Every file under .git/objects and every ref: what "nothing written" is checked against. */
async function snapshotRepo(dir: string): Promise<string> {
  const objects: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(path.join(d, n.name));
      else objects.push(path.join(d, n.name));
    }
  };
  walk(path.join(dir, '.git', 'objects'));
  return `${objects.sort().join('\n')}\n${await git(dir, 'show-ref')}\n${await git(dir, 'status', '--porcelain')}`;
}

describe('bundles Gantry writes, read by the git CLI', () => {
  it('git bundle verify accepts it and git fetch from it yields the same commits, byte for byte', async () => {
    const { root, remote, local } = await setup();
    await commitFile(local, 'b.txt', 'bee\nhive\n', 'third: hive');
    await commitFile(local, 'dir/c.txt', 'new file\n', 'fourth: a folder');
    const repo = await openRepository(local);
    const made = createBundle(repo, { branch: 'main' });
    repo.close();
    expect(made.commits.map((c) => c.message.trim())).toEqual(['third: hive', 'fourth: a folder']);
    const file = path.join(root, 'out.bundle');
    writeFileSync(file, made.bytes);
    expect(made.bytes.subarray(0, 16).toString()).toBe('# v2 git bundle\n');

    const other = path.join(root, 'other');
    await git(root, 'clone', '-q', remote, other);
    const verify = await gitTry(other, 'bundle', 'verify', file);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr + verify.stdout).toMatch(/is okay/);
    // The prerequisite is the remote's main, and a clone without it is told so by git too.
    expect((await git(other, 'bundle', 'list-heads', file)).trim()).toBe(`${made.tip} refs/heads/main`);
    await git(other, 'fetch', '-q', file, 'main:refs/remotes/handoff/main');
    const log = (dir: string, rev: string) => git(dir, 'log', '--format=%H %T %P%n%B', rev);
    expect(await log(other, 'handoff/main')).toBe(await log(local, 'main'));
    expect((await git(other, 'rev-parse', 'handoff/main')).trim()).toBe((await git(local, 'rev-parse', 'main')).trim());
    const fsck = await gitTry(other, 'fsck', '--strict', '--no-dangling');
    expect(fsck.code, fsck.stderr).toBe(0);
    // The files of the fetched commit are the files of the local one.
    expect(await git(other, 'ls-tree', '-r', 'handoff/main')).toBe(await git(local, 'ls-tree', '-r', 'main'));
  });

  it('a bundle of a branch that was never pushed carries the whole history with no prerequisite, and says so when there is nothing to hand over', async () => {
    const { root, local } = await setup();
    const repo = await openRepository(local);
    expect(() => createBundle(repo, { branch: 'main' })).toThrow(/Nothing to hand over/);
    const fromRoot = createBundle(repo, { branch: 'main', base: (await git(local, 'rev-list', '--max-parents=0', 'HEAD')).trim() });
    expect(fromRoot.commits.map((c) => c.message.trim())).toEqual(['second']);
    repo.close();
    const empty = path.join(root, 'empty');
    await git(root, 'init', '-q', empty);
    const file = path.join(root, 'full.bundle');
    const repo2 = await openRepository(local);
    await git(local, 'update-ref', '-d', 'refs/remotes/origin/main');
    writeFileSync(file, createBundle(repo2, { branch: 'main' }).bytes);
    repo2.close();
    expect((await gitTry(empty, 'bundle', 'verify', file)).code).toBe(0);
    await git(empty, 'fetch', '-q', file, 'main:refs/heads/got');
    expect((await git(empty, 'rev-parse', 'got')).trim()).toBe((await git(local, 'rev-parse', 'main')).trim());
  });
});

describe('bundles the git CLI writes, imported by Gantry', () => {
  it('fast-forwards to a CLI bundle and records it as the remote-tracking branch', async () => {
    const { root, remote, local } = await setup();
    const other = path.join(root, 'other');
    await git(root, 'clone', '-q', remote, other);
    await commitFile(other, 'a.txt', 'one\ntwo\nthree\nfour\nfive\n', 'reviewed: five');
    const file = path.join(root, 'back.bundle');
    await git(other, 'bundle', 'create', file, 'origin/main..main');
    const repo = await openRepository(local);
    const v = verifyBundle(repo, file);
    expect(v.head.refs).toEqual([{ oid: (await git(other, 'rev-parse', 'main')).trim(), name: 'refs/heads/main' }]);
    await storeBundleObjects(repo, v);
    const r = await integrateCommit(repo, { branch: 'main', target: v.head.refs[0]!.oid, source: 'back.bundle', author: ALICE, updateTracking: true });
    repo.close();
    expect(r.kind).toBe('fast-forward');
    expect(r.trackingMoved).toBe(true);
    expect((await git(local, 'rev-parse', 'main', 'origin/main')).trim().split('\n')).toEqual([(await git(other, 'rev-parse', 'main')).trim(), (await git(other, 'rev-parse', 'main')).trim()]);
    expect(readFileSync(path.join(local, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\nfour\nfive\n');
    expect(await git(local, 'status', '--porcelain')).toBe('');
    expect((await gitTry(local, 'fsck', '--strict', '--no-dangling')).code).toBe(0);
  });

  it('rebases local commits onto a CLI bundle (three-way), and refuses a conflict naming the file with nothing changed', async () => {
    const { root, remote, local } = await setup();
    const other = path.join(root, 'other');
    await git(root, 'clone', '-q', remote, other);
    await commitFile(other, 'a.txt', 'ONE\ntwo\nthree\nfour\n', 'reviewed: ONE');
    const file = path.join(root, 'back.bundle');
    await git(other, 'bundle', 'create', file, 'origin/main..main');
    // A local commit on another line of the same file merges; git rebase agrees.
    await commitFile(local, 'a.txt', 'one\ntwo\nthree\nfour\nmine\n', 'mine');
    const repo = await openRepository(local);
    const v = verifyBundle(repo, file);
    await storeBundleObjects(repo, v);
    const r = await integrateCommit(repo, { branch: 'main', target: v.head.refs[0]!.oid, source: 'back.bundle', author: ALICE });
    repo.close();
    expect(r.kind).toBe('rebased');
    expect(readFileSync(path.join(local, 'a.txt'), 'utf8')).toBe('ONE\ntwo\nthree\nfour\nmine\n');
    expect((await git(local, 'rev-parse', 'main~1')).trim()).toBe((await git(other, 'rev-parse', 'main')).trim());
    expect((await git(local, 'log', '-1', '--format=%s%n%an')).trim()).toBe('mine\nCLI User');

    // Now both sides change line 1: refused, nothing moves.
    await commitFile(other, 'a.txt', 'uno\ntwo\nthree\nfour\n', 'reviewed: uno');
    const file2 = path.join(root, 'back2.bundle');
    await git(other, 'bundle', 'create', file2, 'main~1..main');
    await commitFile(local, 'a.txt', 'eins\ntwo\nthree\nfour\nmine\n', 'mine: eins');
    const before = (await git(local, 'rev-parse', 'main')).trim();
    const repo2 = await openRepository(local);
    const v2 = verifyBundle(repo2, file2);
    await storeBundleObjects(repo2, v2);
    const err = await integrateCommit(repo2, { branch: 'main', target: v2.head.refs[0]!.oid, source: 'back2.bundle', author: ALICE, updateTracking: true }).catch((e: unknown) => e);
    repo2.close();
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).code).toBe('merge-conflict');
    expect((err as GitError).message).toMatch(/"mine: eins" and back2\.bundle both changed a\.txt\. Nothing was changed/);
    expect((await git(local, 'rev-parse', 'main')).trim()).toBe(before);
    expect(readFileSync(path.join(local, 'a.txt'), 'utf8')).toBe('eins\ntwo\nthree\nfour\nmine\n');
    expect(await git(local, 'status', '--porcelain')).toBe('');
  });
});

/** `bytes` with the pack's trailing checksum computed again: garbled objects behind a valid checksum. */
function resealed(bytes: Buffer, packStart: number): Buffer {
  const out = Buffer.from(bytes);
  createHash('sha1').update(out.subarray(packStart, out.length - 20)).digest().copy(out, out.length - 20);
  return out;
}

describe('bundles refused, in words, with nothing written', () => {
  it('a bundle whose prerequisite the repository lacks', async () => {
    const { root, remote, local } = await setup();
    const other = path.join(root, 'other');
    await git(root, 'clone', '-q', remote, other);
    await commitFile(other, 'b.txt', 'x\n', 'not in local');
    await commitFile(other, 'b.txt', 'y\n', 'builds on it');
    const file = path.join(root, 'gap.bundle');
    await git(other, 'bundle', 'create', file, 'main~1..main');
    // git itself refuses it too.
    expect((await gitTry(local, 'bundle', 'verify', file)).code).not.toBe(0);
    const before = await snapshotRepo(local);
    const repo = await openRepository(local);
    expect(() => verifyBundle(repo, file)).toThrow(/builds on commit [0-9a-f]{7} \("not in local"\), which this repository does not have.*Nothing was written/);
    repo.close();
    expect(await snapshotRepo(local)).toBe(before);
  });

  it('a bundle cut short, or with garbled bytes in its pack', async () => {
    const { root, remote, local } = await setup();
    const other = path.join(root, 'other');
    await git(root, 'clone', '-q', remote, other);
    await commitFile(other, 'b.txt', 'some text that compresses some text that compresses\n', 'change');
    const file = path.join(root, 'ok.bundle');
    await git(other, 'bundle', 'create', file, 'origin/main..main');
    const bytes = readFileSync(file);
    const before = await snapshotRepo(local);
    const repo = await openRepository(local);
    const cases: Array<[string, Buffer, RegExp]> = [
      ['cut.bundle', bytes.subarray(0, bytes.length - 30), /cut short|checksum/],
      ['head-only.bundle', bytes.subarray(0, bytes.indexOf('\n\n') + 1), /cut short/],
      ['garbled.bundle', Buffer.from(bytes).fill(0x41, bytes.length - 60, bytes.length - 40), /checksum does not match/],
      ['garbled-resealed.bundle', resealed(Buffer.from(bytes).fill(0x41, bytes.length - 60, bytes.length - 40), bytes.indexOf('\n\n') + 2), /does not decompress|decompresses to|delta|bytes after/],
      ['not.bundle', Buffer.from('hello\n'), /does not start with "# v2 git bundle"/],
      ['v9.bundle', Buffer.concat([Buffer.from('# v9 git bundle\n'), bytes.subarray(16)]), /Gantry reads v2 and v3/],
    ];
    for (const [name, data, why] of cases) {
      const f = path.join(root, name);
      writeFileSync(f, data);
      const err = (() => {
        try {
          verifyBundle(repo, f);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, name).toBeInstanceOf(GitError);
      expect((err as GitError).code, name).toBe('invalid-bundle');
      expect((err as GitError).message, name).toMatch(why);
      expect((err as GitError).message, name).toMatch(/is not a git bundle Gantry can read: .*Nothing was written\.$/);
    }
    repo.close();
    expect(await snapshotRepo(local)).toBe(before);
  });

  it('a bundle with a hostile reference name, or a tree holding .git', async () => {
    const { root, remote, local } = await setup();
    const other = path.join(root, 'other');
    await git(root, 'clone', '-q', remote, other);
    await commitFile(other, 'b.txt', 'z\n', 'change');
    const file = path.join(root, 'ok.bundle');
    await git(other, 'bundle', 'create', file, 'origin/main..main');
    const text = readFileSync(file);
    const repo = await openRepository(local);
    const before = await snapshotRepo(local);
    for (const name of ['refs/heads/../../config', 'refs/heads/a\u0001b', 'refs/heads/x.lock', '../../../etc/passwd']) {
      const f = path.join(root, 'hostile-ref.bundle');
      writeFileSync(f, Buffer.from(text.toString('latin1').replace(' refs/heads/main\n', ` ${name}\n`), 'latin1'));
      expect(() => verifyBundle(repo, f), name).toThrow(/reference name .* which git refuses\. Nothing was written/);
    }

    // A commit whose tree holds .git/hooks/post-checkout, made with plumbing and bundled by git.
    const { ObjectStore } = await import('./objects.ts');
    const store = new ObjectStore(path.join(other, '.git'));
    const hook = store.write('blob', Buffer.from('#!/bin/sh\necho owned\n'));
    const hooks = store.write('tree', serializeTree([{ mode: '100755', name: 'post-checkout', oid: hook }]));
    const dotgit = store.write('tree', serializeTree([{ mode: '40000', name: 'hooks', oid: hooks }]));
    const parentTree = (await git(other, 'rev-parse', 'main^{tree}')).trim();
    const entries = (await git(other, 'ls-tree', parentTree)).trim().split('\n').map((l) => {
      const [meta, name] = l.split('\t');
      const [mode, , oid] = meta!.split(' ');
      return { mode: mode === '040000' ? '40000' : mode!, name: name!, oid: oid! };
    });
    const tree = store.write('tree', serializeTree(sortTreeEntries([...entries, { mode: '40000', name: '.GIT', oid: dotgit }])));
    const parent = (await git(other, 'rev-parse', 'main')).trim();
    const commit = store.write('commit', commitBody({ tree, parents: [parent], author: ALICE, authorDate: new Date(), committer: ALICE, commitDate: new Date(), message: 'evil\n' }));
    await git(other, 'update-ref', 'refs/heads/evil', commit);
    const evil = path.join(root, 'evil.bundle');
    await git(other, 'bundle', 'create', evil, 'origin/main..evil');
    expect(() => verifyBundle(repo, evil)).toThrow(/holds ".GIT".*refuses to check out such a tree.*nothing was written/);
    repo.close();
    expect(await snapshotRepo(local)).toBe(before);
    expect(existsSync(path.join(local, '.GIT'))).toBe(false);
  });
});
