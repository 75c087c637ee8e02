// Entry point of the `gantry` command; the logic is in run.ts so tests can call it in-process.
import { runCli } from './run.ts';

process.exitCode = runCli(process.argv.slice(2));
