/**
 * Fixed-shape differential suite (issue 10), run by shapes-tree.test.ts and shapes-format.test.ts
 * (two files, so the two halves run side by side): each repository shape people really have, built with
 * the git CLI once and copied (Gantry works on one copy, the git CLI on the other), and status, commit of
 * everything, switch (there and back) and pull compared. A shape openRepository refuses today
 * must be refused with the message in `refusal`; once it is supported the same test compares
 * with git instead. A difference someone else is fixing is an it.fails naming the item.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../../../../e2e/support/git-server.ts';
import { cleanTemps, git, gitEnv, tempDir } from '../test-helpers.ts';
import { FORMAT_SHAPES } from './shape-suite-format.ts';
import { write, type Ctx, type Shape, type Verb } from './shape-suite-shape.ts';
import { TREE_SHAPES } from './shape-suite-tree.ts';
import { compareCommit, comparePull, compareStatus, compareSwitch, type VerbResult } from './verbs.ts';

const VERBS: Verb[] = ['status', 'commit', 'switch', 'pull'];

/** Every shape, in the order the two test files pick them by index (the first 11 are shapes-tree.test.ts's). */
const SHAPES: Shape[] = [...TREE_SHAPES, ...FORMAT_SHAPES];

let server: GitServer;
const ctx: Ctx = { lib: '' };
let base = '';


let serial = 0;
const built = new Map<Shape, Promise<string>>();

/**
 * The shape, built once with the git CLI in `<folder>/repo`, a clone of a fresh remote: branch
 * `other` changes docs/guide.md and src/lib/x.txt, the local branch has one commit the remote
 * lacks and the remote one the local branch lacks (so a pull rebases). Returns the folder.
 */
function buildShape(shape: Shape): Promise<string> {
  let p = built.get(shape);
  if (!p) {
    p = (async () => {
      const name = `shape-${++serial}`;
      const url = await server.createRepo(name, { fromDir: base });
      const bare = path.join(server.root, `${name}.git`);
      const folder = tempDir('gantry-diff-shape-');
      const dir = path.join(folder, 'repo');
      execFileSync('git', ['clone', '-q', bare, dir], { env: gitEnv() });
      await git(dir, 'remote', 'set-url', 'origin', url);
      // The remote moves on after the clone.
      const them = path.join(folder, 'them');
      execFileSync('git', ['clone', '-q', bare, them], { env: gitEnv() });
      write(them, 'remote.txt', 'from the remote\n');
      write(them, 'shared.txt', Array.from({ length: 8 }, (_, i) => `shared line ${i}${i === 0 ? ', changed remotely' : ''}\n`).join(''));
      await git(them, 'add', '-A');
      await git(them, 'commit', '-q', '-m', 'remote change');
      await git(them, 'push', '-q', 'origin', 'main');
      rmSync(them, { recursive: true, force: true });
      await git(dir, 'checkout', '-q', '-b', 'other');
      write(dir, 'docs/guide.md', '# guide, on other\n');
      write(dir, 'src/lib/x.txt', 'x, on other\n');
      write(dir, 'other.txt', 'other\n');
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', 'other');
      await git(dir, 'checkout', '-q', 'main');
      write(dir, 'local.txt', 'local\n');
      await git(dir, 'add', 'local.txt');
      await git(dir, 'commit', '-q', '-m', 'local');
      await shape.build(dir, ctx);
      return folder;
    })();
    built.set(shape, p);
  }
  return p;
}

/** Two copies of the built shape: Gantry's working tree and git's. */
async function pair(shape: Shape): Promise<[string, string]> {
  const folder = await buildShape(shape);
  const dirs: string[] = [];
  for (const side of ['gantry', 'git']) {
    const copy = tempDir(`gantry-diff-shape-${side}-`);
    cpSync(folder, copy, { recursive: true, verbatimSymlinks: true });
    const dir = path.join(copy, 'repo');
    const work = shape.workdir?.(dir) ?? dir;
    // A linked worktree and its repository name each other by absolute path: point them at the copy.
    if (work !== dir) {
      const admin = path.join(dir, '.git/worktrees', path.basename(work));
      writeFileSync(path.join(work, '.git'), `gitdir: ${admin}\n`);
      writeFileSync(path.join(admin, 'gitdir'), `${path.join(work, '.git')}\n`);
    }
    shape.afterCopy?.(work);
    dirs.push(work);
  }
  return dirs as [string, string];
}

async function run(verb: Verb, shape: Shape): Promise<VerbResult> {
  const [a, b] = await pair(shape);
  if (verb === 'status') return compareStatus(a, b);
  if (verb === 'commit') return compareCommit(a, b, shape.leftOut?.paths);
  if (verb === 'switch') return compareSwitch(a, b, 'other');
  return comparePull(a, b);
}

async function check(verb: Verb, shape: Shape): Promise<void> {
  const r = await run(verb, shape);
  if (r.refused !== undefined) {
    // Refused outright: only a shape listed as refused today may be, and with its reason.
    expect(shape.refusal, `openRepository refused: ${r.refused}`).toBeDefined();
    expect(r.refused).toMatch(shape.refusal!);
    expect(r.refused).toMatch(/Nothing was changed/);
    return;
  }
  expect(r.differences).toEqual([]);
  if (verb === 'commit' && shape.leftOut) {
    const made = r.gantry[0];
    const left = made?.ok ? (made.value as { leftOut?: Array<{ path: string; why: string }> }).leftOut ?? [] : [];
    expect(left.map((l) => l.path)).toEqual(shape.leftOut.paths);
    for (const l of left) expect(l.why).toMatch(shape.leftOut.why);
  }
  const m = shape.messages?.[verb];
  if (m) expect(r.gantry.filter((g) => !g.ok).map((g) => (g.ok ? '' : g.message)).join('\n')).toMatch(m);
}

/** The shapes `which` picks, each verb against the git CLI (one server and base for the file). */
export function shapeSuite(title: string, which: (shape: Shape, index: number) => boolean): void {
  beforeAll(async () => {
    server = await startGitServer();
    const lib = path.join(tempDir('gantry-diff-lib-'), 'lib');
    write(lib, 'lib.txt', 'lib\n');
    await git(lib, 'init', '-q', '-b', 'main');
    await git(lib, 'add', '-A');
    await git(lib, 'commit', '-q', '-m', 'lib');
    ctx.lib = lib;
    base = path.join(tempDir('gantry-diff-base-'), 'base');
    write(base, 'shared.txt', Array.from({ length: 8 }, (_, i) => `shared line ${i}\n`).join(''));
    write(base, 'docs/guide.md', '# guide\n');
    write(base, 'src/app/main.txt', 'main\n');
    write(base, 'src/lib/x.txt', 'x\n');
    write(base, 'tools/run.sh', '#!/bin/sh\necho run\n');
    execFileSync('chmod', ['+x', path.join(base, 'tools/run.sh')]);
    write(base, '.gitignore', '*.log\nbuild/\n');
  });

  afterAll(async () => {
    await server?.close();
    cleanTemps();
  });

  describe(`repository shapes of issue 10 (${title}), each verb against the git CLI`, () => {
    SHAPES.forEach((shape, index) => {
      if (!which(shape, index)) return;
      describe(shape.name, () => {
        for (const verb of VERBS) {
          const known = shape.known?.[verb];
          if (known) it.fails(`${verb} (known difference: ${known})`, () => check(verb, shape));
          else it(verb, () => check(verb, shape));
        }
      });
    });
  });
}
