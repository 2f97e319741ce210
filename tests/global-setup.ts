/**
 * Playwright's global setup: with no browser to drive, stop at once with one line that says how to get one, instead of
 * failing every test with the same launch error.
 */
import { findChromium, NO_CHROMIUM } from './support/browser.ts';

export default function globalSetup(): void {
  if (findChromium() === undefined) {
    console.error(NO_CHROMIUM);
    process.exit(1);
  }
}
