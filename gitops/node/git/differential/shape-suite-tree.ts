/** The shapes of the working tree and index (submodules to git add -N, issue 10), for shape-suite.ts. */
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { git } from '../test-helpers.ts';
import { subAdd, write, type Shape } from './shape-suite-shape.ts';

export const TREE_SHAPES: Shape[] = [
  {
    name: 'a submodule the other branch does not have, with uncommitted work in it (item 1)',
    async build(dir, { lib }) {
      await subAdd(dir, lib);
      await git(dir, 'commit', '-q', '-m', 'add submodule');
      write(dir, 'vendor/lib/NOTES.md', 'uncommitted work in the submodule\n');
    },
  },
  {
    name: 'a submodule with a new commit (item 12)',
    async build(dir, { lib }) {
      await subAdd(dir, lib);
      await git(dir, 'commit', '-q', '-m', 'add submodule');
      const sub = path.join(dir, 'vendor/lib');
      write(sub, 'lib.txt', 'lib, changed\n');
      await git(sub, 'commit', '-q', '-am', 'lib changed');
    },
  },
  {
    name: 'a submodule with modified and untracked content (item 12)',
    async build(dir, { lib }) {
      await subAdd(dir, lib);
      await git(dir, 'commit', '-q', '-m', 'add submodule');
      write(path.join(dir, 'vendor/lib'), 'lib.txt', 'lib, edited in place\n');
      write(path.join(dir, 'vendor/lib'), 'new.txt', 'untracked in the submodule\n');
    },
  },
  {
    name: 'a changed file marked assume-unchanged that the other branch changes (item 2)',
    async build(dir) {
      await git(dir, 'update-index', '--assume-unchanged', 'docs/guide.md');
      write(dir, 'docs/guide.md', '# my local notes\n');
    },
    messages: { switch: /uncommitted changes to docs\/guide\.md/ },
  },
  {
    name: 'a changed file marked skip-worktree that the other branch changes',
    async build(dir) {
      await git(dir, 'update-index', '--skip-worktree', 'src/lib/x.txt');
      write(dir, 'src/lib/x.txt', 'x, changed locally\n');
    },
    messages: { switch: /uncommitted changes to src\/lib\/x\.txt/ },
  },
  {
    name: 'git rm --cached of a file that is now ignored (item 6)',
    async build(dir) {
      write(dir, 'trace.log', 'local trace\n');
      await git(dir, 'add', '-f', 'trace.log');
      await git(dir, 'commit', '-q', '-m', 'a log');
      await git(dir, 'rm', '-q', '--cached', 'trace.log');
    },
  },
  {
    name: 'names above U+FFFF beside U+E000-U+FFFF, in git\'s byte order (item 7)',
    async build(dir) {
      for (const n of ['k\u{1F600}', 'k\uE000', 'k\uFFEE', 'k\u{10000}', 'ka', 'k\u{1F600}\u{1F600}']) write(dir, `u/${n}`, `${n}\n`);
      write(dir, 'u/k\uE000x/inner.txt', 'inner\n');
      write(dir, 'u/k\u{1F600}x/inner.txt', 'inner\n');
    },
  },
  {
    name: 'a tracked file replaced by a folder (item 10)',
    async build(dir) {
      rmSync(path.join(dir, 'shared.txt'));
      write(dir, 'shared.txt/a.txt', 'a\n');
      write(dir, 'shared.txt/sub/b.txt', 'b\n');
    },
  },
  {
    name: 'a tracked folder replaced by a file, an assume-unchanged file inside (item 8)',
    async build(dir) {
      await git(dir, 'update-index', '--assume-unchanged', 'src/app/main.txt');
      rmSync(path.join(dir, 'src/app'), { recursive: true });
      write(dir, 'src/app', 'the app moved\n');
    },
  },
  {
    name: 'a tracked folder replaced by a symbolic link (item 12)',
    async build(dir) {
      rmSync(path.join(dir, 'src/lib'), { recursive: true });
      symlinkSync('../docs', path.join(dir, 'src/lib'));
    },
  },
  {
    name: 'git add -N, beside staged changes and over a staged removal (item 12)',
    async build(dir) {
      write(dir, 'src/lib/new.txt', 'new\n');
      await git(dir, 'add', '-N', 'src/lib/new.txt');
      write(dir, 'src/lib/empty.txt', '');
      await git(dir, 'add', '-N', 'src/lib/empty.txt');
      await git(dir, 'rm', '-q', '--cached', 'tools/run.sh');
      await git(dir, 'add', '-N', 'tools/run.sh');
    },
  },
];
