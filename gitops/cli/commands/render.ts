import { Renderer } from '../../core/render/renderer.ts';
import { Validator } from '../../core/validate/validator.ts';
import { diffRendered, loadWorkspace, staleFindings, writeRendered } from '../../node/workspace-io.ts';
import { has, parseArgs, UsageError } from '../args.ts';
import { formatFindings, plural, type Io } from '../output.ts';

export const RENDER_USAGE = 'gantry render [DIR] [--check]';

export function renderCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, [], ['check']);
  if (args.positionals.length > 1) throw new UsageError(`render takes one directory\nusage: ${RENDER_USAGE}`);
  const { root, model } = loadWorkspace(args.positionals[0] ?? '.');
  const files = new Renderer(model).renderAll();
  if (has(args, 'check')) {
    const diff = diffRendered(root, files);
    const stale = staleFindings(diff);
    if (stale.length === 0) {
      io.out(`rendered/ is up to date (${plural(files.size, 'file')}).\n`);
      return 0;
    }
    io.out(`${formatFindings(stale)}\n`);
    io.out(`rendered/ is stale: ${diff.changed.length} changed, ${diff.added.length} missing, ${diff.removed.length} extra; run \`gantry render\`.\n`);
    return 1;
  }
  const report = new Validator(model).report();
  if (!report.ok) {
    const errors = report.findings.filter((f) => f.severity === 'error');
    io.err(`${formatFindings(errors)}\n`);
    io.err(`Not rendering: the workspace has ${plural(errors.length, 'error')}; fix them first (gantry validate).\n`);
    return 1;
  }
  const diff = writeRendered(root, files);
  io.out(`Rendered ${plural(files.size, 'file')}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed.\n`);
  return 0;
}
