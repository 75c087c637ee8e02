import { WorkspaceOpenError } from '../node/read-workspace.ts';
import { UsageError } from './args.ts';
import { INIT_USAGE, initCommand } from './commands/init.ts';
import { PLAN_USAGE, planCommand } from './commands/plan.ts';
import { RENDER_USAGE, renderCommand } from './commands/render.ts';
import { VALIDATE_USAGE, validateCommand } from './commands/validate.ts';
import { processIo, terminalSafe, type Io } from './output.ts';

const USAGE = `gantry: validate, render and plan a Gantry GitOps workspace

usage:
  ${VALIDATE_USAGE}
  ${RENDER_USAGE}
  ${INIT_USAGE}
  ${PLAN_USAGE.split('\n').join('\n  ')}

exit codes: 0 ok (warnings allowed), 1 the workspace has errors or no plan fits,
            2 bad usage or a directory that is not a workspace
`;

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function runCli(argv: readonly string[], rawIo: Io = processIo): number {
  // Every line the CLI prints may quote the repository; none may carry terminal controls.
  const io = terminalSafe(rawIo);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return validateCommand(rest, io);
      case 'render':
        return renderCommand(rest, io);
      case 'init':
        return initCommand(rest, io);
      case 'plan':
        return planCommand(rest, io);
      case '--version':
      case 'version':
        io.out('gantry 0.1.0 (platform.gantry.dev/v1alpha1)\n');
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`gantry: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`gantry ${command}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof WorkspaceOpenError) {
      io.err(`gantry ${command}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

