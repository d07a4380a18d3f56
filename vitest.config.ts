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
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // In-process tests: a worker per core. Vitest's default leaves one core free, which on a
          // 2-core machine is one file at a time.
          maxWorkers: '100%',
          // Groups run lowest first; 0 would put a single-worker project after every other group.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Each file starts real processes and a private redis-server: one file at a time, after the
          // unit tests, keeps a 2-core machine from timing out.
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
