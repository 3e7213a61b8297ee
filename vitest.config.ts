import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Frames compared in UI tests must hold no ANSI codes. CI=false: Ink run in-process must draw as it does for
    // a learner (with CI set it draws nothing until exit), whether or not the suite itself runs in CI.
    env: { FORCE_COLOR: '0', NO_COLOR: '1', CI: 'false' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Labs open real sockets; two cores here, so keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
