import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  globalSetup: './global-setup.ts',
  // One browser at a time: 2 cores, and each test owns a persistent Chromium profile.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  // Beside the build it tests, so parallel runs (DOGEAR_OUT_DIR) do not wipe each other's artifacts.
  outputDir: process.env.DOGEAR_OUT_DIR
    ? `../test-results-${process.env.DOGEAR_OUT_DIR.replace(/\W/g, '')}`
    : '../test-results',
});
