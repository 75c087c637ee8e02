import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { largeExample } from '../../core/examples/large.ts';
import { smallExample } from '../../core/examples/small.ts';
import { WorkspaceModel } from '../../core/model/workspace-model.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import { writeRendered } from '../../node/workspace-io.ts';
import { flag, oneOf, parseArgs, UsageError } from '../args.ts';
import { plural, type Io } from '../output.ts';

export const INIT_USAGE = 'gantry init DIR [--example small|large] [--git-url URL]';

export function initCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['example', 'git-url'], []);
  const [dir, ...extra] = args.positionals;
  if (!dir || extra.length) throw new UsageError(`init takes one DIR\nusage: ${INIT_USAGE}`);
  const example = oneOf(flag(args, 'example'), ['small', 'large'] as const, 'example', 'small');
  const root = path.resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new UsageError(`${dir} exists and is not a directory`);
    const entries = readdirSync(root).filter((e) => e !== '.git');
    if (entries.length) throw new UsageError(`${dir} is not empty; init writes a new workspace into an empty or new directory`);
  }
  const gitUrl = flag(args, 'git-url');
  const files = writeExample(root, example, gitUrl);
  io.out(`Created a ${example} example workspace in ${dir}: ${plural(files, 'spec file')} and rendered/.\nNext: gantry validate ${dir}\n`);
  return 0;
}

/** Writes an example workspace and its rendered manifests into `root`; returns the number of spec files. */
export function writeExample(root: string, example: 'small' | 'large', gitUrl?: string): number {
  const files = example === 'small' ? smallExample(gitUrl) : largeExample(undefined, gitUrl);
  for (const [rel, content] of files) writeFileAtomic(path.join(root, rel), content, { durable: files.size < 1000 });
  writeRendered(root, new Renderer(WorkspaceModel.fromFiles(files)).renderAll());
  return files.size;
}
