import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // The chart test (tests/helm) is in neither project: it needs the pinned helm, and `npm run
    // test:helm` runs it with vitest.helm.config.ts.
    projects: [
      {
        extends: true,
        // In-process tests: files run in parallel.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Each file starts real processes and a private redis-server: one file at a time, after the
          // unit tests, keeps a 2-core machine from timing out.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
