/**
 * The sync tests' own build of the extension: the same sources, with the loopback origin added to the manifest's host
 * permissions (`DOGEAR_TEST_HOSTS`, read by wxt.config.ts), since a test cannot click the browser's permission prompt
 * when sync is set up. It goes to `<DOGEAR_OUT_DIR or .output>-synctest`, beside the normal build, which stays as the
 * other tests expect it. Built once per run (a few seconds) rather than reused: an old test build would test old code.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './browser.ts';

const run = promisify(execFile);

/** The host permission the test build adds: every port of 127.0.0.1, where tests/support/webdav-server.ts listens. */
export const TEST_HOSTS = 'http://127.0.0.1/*';

/** The test build's out dir, relative to the repo (wxt.config.ts reads DOGEAR_OUT_DIR relative to it). */
export const SYNC_OUT_DIR = `${process.env.DOGEAR_OUT_DIR ?? '.output'}-synctest`;

export type Target = 'chrome' | 'firefox';

/** Where the unpacked test build of `target` is. */
export function syncExtensionDir(target: Target): string {
  return join(REPO, SYNC_OUT_DIR, `${target}-mv3`);
}

/**
 * Builds the test variant for `target` (`wxt build`, or `wxt build -b firefox`) and returns its directory and how long
 * the build took.
 */
export async function buildSyncExtension(target: Target): Promise<{ dir: string; ms: number }> {
  const started = performance.now();
  try {
    await run(process.execPath, [join(REPO, 'node_modules/wxt/bin/wxt.mjs'), 'build', '-b', target], {
      cwd: REPO,
      env: { ...process.env, DOGEAR_OUT_DIR: SYNC_OUT_DIR, DOGEAR_TEST_HOSTS: TEST_HOSTS, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`The sync test build (${target}) failed:\n${stdout}\n${stderr}`, { cause: error });
  }
  return { dir: syncExtensionDir(target), ms: Math.round(performance.now() - started) };
}
