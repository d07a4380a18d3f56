import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The chart test needs the pinned helm (scripts/helm-build.sh): `npm run test:helm` runs it.
    exclude: [...configDefaults.exclude, 'tests/helm/**'],
    // Integration files start real processes and a private redis-server each; running them one file at
    // a time keeps a 2-core machine from timing out.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
