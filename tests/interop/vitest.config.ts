import { defineConfig } from 'vitest/config';

/** The conformance suite (`npm run test:interop`): slow, needs TeX, biber, pandoc and bibutils; not in test:unit. */
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: {
    include: ['tests/interop/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
