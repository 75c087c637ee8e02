import { compareFindings, countFindings } from '../../../shared/findings.ts';
import { Renderer } from '../../core/render/renderer.ts';
import { Validator } from '../../core/validate/validator.ts';
import { diffRendered, loadWorkspace, staleFindings } from '../../node/workspace-io.ts';
import { flag, has, oneOf, parseArgs, UsageError } from '../args.ts';
import { formatFindings, plural, type Io } from '../output.ts';

export const VALIDATE_USAGE = 'gantry validate [DIR] [--format text|json] [--check-rendered]';

export function validateCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['format'], ['check-rendered']);
  if (args.positionals.length > 1) throw new UsageError(`validate takes one directory\nusage: ${VALIDATE_USAGE}`);
  const format = oneOf(flag(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  const { root, model } = loadWorkspace(args.positionals[0] ?? '.');
  const report = new Validator(model).report();
  if (has(args, 'check-rendered')) {
    const stale = staleFindings(diffRendered(root, new Renderer(model).renderAll()));
    report.findings = [...report.findings, ...stale].sort(compareFindings);
    const counts = countFindings(report.findings);
    report.counts = { ...report.counts, ...counts };
    report.ok = counts.errors === 0;
  }
  if (format === 'json') {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    if (report.findings.length) io.out(`${formatFindings(report.findings)}\n`);
    const objects = Object.values(report.counts.objects).reduce((a, b) => a + b, 0);
    io.out(`${plural(report.counts.errors, 'error')}, ${plural(report.counts.warnings, 'warning')} in ${plural(objects, 'object')}.\n`);
  }
  return report.ok ? 0 : 1;
}
