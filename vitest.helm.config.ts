import { defineConfig } from 'vitest/config';

// `npm run test:helm`: the chart test alone. Its first hook may build helm (scripts/helm-build.sh) when
// the script has not been run before, which takes minutes on a cold Go cache.
export default defineConfig({
  test: {
    include: ['tests/helm/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 900_000,
    reporters: ['default'],
  },
});
