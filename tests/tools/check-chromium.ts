/**
 * `jiti tests/tools/check-chromium.ts`: exits at once, with one line saying how to get one, when no browser for the
 * demo and the browser benchmarks is installed, so they stop before spending a build on nothing.
 */
import { findChromium, NO_CHROMIUM } from '../support/browser.ts';

if (findChromium() === undefined) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
