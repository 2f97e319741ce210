/**
 * Installs WXT's fakeBrowser as the extension API before anything reads it: `wxt/browser` and WXT's storage both take
 * `globalThis.chrome` when their module loads, so import this file first.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';

(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

export { fakeBrowser };
