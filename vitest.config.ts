import { defineConfig } from 'vitest/config';

// `npm run test:pipeline` runs the integration project against the built collector, Jaeger and
// Prometheus, plus the pipeline project (tests/pipeline/), which needs those programs: only then is it
// defined, and only then does the global set-up check that the programs are built.
const pipeline = process.env.STACK_TARGET === 'pipeline';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    globalSetup: pipeline ? ['tests/support/pipeline-global-setup.ts'] : [],
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
      ...(pipeline
        ? [
            {
              extends: true,
              test: {
                name: 'pipeline',
                include: ['tests/pipeline/**/*.test.ts'],
                // Real collector, Jaeger and Prometheus processes per file: one file at a time.
                fileParallelism: false,
                sequence: { groupOrder: 2 },
              },
            },
          ]
        : []),
    ],
  },
});
