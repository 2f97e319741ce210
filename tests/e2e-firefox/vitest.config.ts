import { defineConfig } from 'vitest/config';

/** The Firefox end-to-end test (`npm run test:firefox`): Firefox ESR with the Firefox build, one browser at a time. */
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: {
    include: ['tests/e2e-firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
