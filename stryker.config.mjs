// Mutation testing of the pure core (npm run test:mutation; scripts/mutation.mjs picks the folders).
// Stryker 9.6 with its vitest runner (10.x needs Node 22). Reports go to reports/mutation/ (not committed).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: ['gitops/core/{validate,plan,render,diff,rollout,edit}/**/*.ts', '!**/*.test.ts', '!**/__fixtures__/**'],
  checkers: [],
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  // The core's tests need gitops/, shared/ and resources/ only: the rest would be copied into every sandbox.
  ignorePatterns: ['.stryker-tmp*', 'reports', 'e2e', 'bench', 'docs', 'renderer', 'electron', 'dist'],
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
