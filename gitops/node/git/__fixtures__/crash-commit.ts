/**
 * Child process of the crash-safety test: opens the repository, says "ready", then writes a new
 * version of one tenant spec (atomically) and commits it. The test kills it with SIGKILL at
 * varying moments.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../atomic-write.ts';
import { commit } from '../../sync/commit-workspace.ts';
import { openRepository } from '../open.ts';

const [dir, file, latency] = process.argv.slice(2) as [string, string, string];
const repo = await openRepository(dir);
const abs = path.join(dir, file);
const next = readFileSync(abs, 'utf8').replace(/latencyTargetMs: \d+/, `latencyTargetMs: ${latency}`);
process.stdout.write('ready\n');
const start = performance.now();
writeFileAtomic(abs, next);
await commit(repo, { author: { name: 'Crash Test', email: 'crash@example.com' }, message: `latency ${latency}` });
process.stdout.write(`done ${Math.round(performance.now() - start)}\n`);
