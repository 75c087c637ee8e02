import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,gitops,electron,renderer,e2e,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
