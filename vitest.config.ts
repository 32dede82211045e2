import { defineConfig } from 'vitest/config';

// CLI and browser tests spawn processes on a 2-core machine: time limits are generous, and
// timing is never asserted.
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    include: ['test/**/*.test.ts'],
    // One temp folder per run, removed at the end (test/setup/tmpdir.ts).
    globalSetup: ['test/setup/tmpdir.ts'],
  },
});
