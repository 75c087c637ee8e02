// `npm run test:mutation [-- validate plan ...]`: Stryker on gitops/core's folders (default: validate,
// plan, render, diff, rollout, edit, routing, live), then one line per folder:
//   mutation gitops/core/<folder>: <score>% (killed K, survived S, no coverage N, timeout T; goal G%)
// The score is Stryker's: (killed + timeout) / (killed + timeout + survived + no coverage). Surviving
// mutants judged equivalent are listed in docs/testing.md. Slow (tens of minutes on 2 cores), so it is
// not part of `npm test`; it exits 0 whatever the scores, like a benchmark, unless Stryker itself fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ALL = ['validate', 'plan', 'render', 'diff', 'rollout', 'edit', 'routing', 'live'];
const GOAL = { validate: 90, plan: 90 };
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const f of folders) {
  if (!ALL.includes(f)) {
    console.error(`test:mutation: unknown folder ${f}; use some of ${ALL.join(', ')}`);
    process.exit(2);
  }
}

// One pattern per folder: a brace list of one (`{edit}`) does not expand.
const mutate = [...folders.map((f) => `gitops/core/${f}/**/*.ts`), '!**/*.test.ts', '!**/__fixtures__/**'].join(',');
const started = Date.now();
const run = spawnSync(process.execPath, [path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', '--mutate', mutate], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`test:mutation: Stryker exited with ${run.status}`);
  process.exit(run.status ?? 1);
}

const report = JSON.parse(readFileSync(path.join(root, 'reports/mutation/mutation.json'), 'utf8'));
const byFolder = new Map(folders.map((f) => [f, { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0 }]));
for (const [file, data] of Object.entries(report.files)) {
  const folder = file.replace(/\\/g, '/').match(/gitops\/core\/([^/]+)\//)?.[1];
  const counts = folder && byFolder.get(folder);
  if (!counts) continue;
  for (const m of data.mutants) if (m.status in counts) counts[m.status]++;
}
for (const [folder, c] of byFolder) {
  const valid = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  const score = valid ? ((100 * (c.Killed + c.Timeout)) / valid).toFixed(1) : 'n/a';
  console.log(`mutation gitops/core/${folder}: ${score}% (killed ${c.Killed}, survived ${c.Survived}, no coverage ${c.NoCoverage}, timeout ${c.Timeout}; goal ${GOAL[folder] ?? 80}%)`);
}
console.log(`mutation: ${((Date.now() - started) / 60000).toFixed(1)} min for ${folders.join(', ')} (report: reports/mutation/mutation.json)`);
