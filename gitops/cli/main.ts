// Entry point of the `gantry` command; the logic is in run.ts so tests can call it in-process.
import { useFastEnv } from '../node/fast-env.ts';
import { runCli } from './run.ts';

useFastEnv();
process.exitCode = runCli(process.argv.slice(2));
