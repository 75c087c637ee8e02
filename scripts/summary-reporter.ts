// Prints one closing line `tests: N passed, N failed, N skipped` that CI log readers understand.
// With GANTRY_TEST_SUMMARY=<file>, also appends the counts there so scripts/test.sh can add up
// the unit and e2e runs into one final line.
import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      // A file that failed to load counts as a failure even though it ran no test.
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    const file = process.env.GANTRY_TEST_SUMMARY;
    if (file) appendFileSync(file, `${passed} ${failed} ${skipped}\n`);
  }
}
