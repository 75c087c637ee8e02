import { defineConfig } from 'vitest/config';

// The unit tests of the pure core only, for Stryker (npm run test:mutation): no e2e, no summary reporter.
export default defineConfig({
  test: {
    include: ['gitops/core/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
