/**
 * What a shape of the fixed-shape differential suite is (shape-suite.ts runs them), and the helpers the
 * shapes are built with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { git } from '../test-helpers.ts';

export type Verb = 'status' | 'commit' | 'switch' | 'pull';

export interface Ctx {
  /** A repository to add as a submodule. */
  lib: string;
}

export interface Shape {
  name: string;
  /** Makes the shape in `dir`: a clone on main, one local commit ahead, branch `other` present, the remote one commit ahead. */
  build(dir: string, ctx: Ctx): Promise<void>;
  /** The working tree to work in, when not `dir` (a linked worktree beside it). */
  workdir?: (dir: string) => string;
  /** Runs on each copy (what a copy cannot carry: a FIFO). */
  afterCopy?: (dir: string) => void;
  /** openRepository may refuse the shape (support is being added): the message it must give then. */
  refusal?: RegExp;
  /** A verb git refuses too: Gantry's message must match. */
  messages?: Partial<Record<Verb, RegExp>>;
  /** A known difference, naming the issue 10 item and the owner: it.fails until the fix lands. */
  known?: Partial<Record<Verb, string>>;
  /**
   * Paths Gantry's commit leaves out on purpose where git add -A stages them (a nested repository),
   * and the reason its result must give: the trees must be equal but for these.
   */
  leftOut?: { paths: string[]; why: RegExp };
}

/** Writes `text` to `rel` under `dir`, making its folders. */
export const write = (dir: string, rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};
/** Adds `lib` as the submodule vendor/lib (file:// allowed, as for a local repository). */
export const subAdd = (dir: string, lib: string) => git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
