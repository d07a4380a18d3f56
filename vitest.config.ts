import { defineConfig } from 'vitest/config';

// `npm run test:pipeline` runs the integration suite against the built collector, Jaeger and
// Prometheus, plus tests/pipeline/, which need those programs: other runs leave that folder out.
const pipeline = process.env.STACK_TARGET === 'pipeline';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: pipeline ? [] : ['tests/pipeline/**'],
    globalSetup: pipeline ? ['tests/support/pipeline-global-setup.ts'] : [],
    // Integration files start real processes and a private redis-server each; running them one file at
    // a time keeps a 2-core machine from timing out.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
