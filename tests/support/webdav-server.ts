/**
 * A real WebDAV server on loopback for the sync tests: Debian's apache2 with mod_dav_fs, a private instance with its
 * own httpd.conf in a temp dir, Basic auth from an htpasswd file. Apache, unlike rclone's or npm webdav-server's
 * WebDAV, honours If-Match and If-None-Match, which the sync's concurrency rules rest on (lib/sync/webdav.ts).
 *
 * Run as root (here and in CI) Apache drops to www-data, so the temp dir is made world-readable (a 0700 dir answers
 * 403) and the served folder and the lock dir belong to www-data. .ci/run installs apache2 and apache2-utils.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const APACHE = '/usr/sbin/apache2';
const HTPASSWD = '/usr/bin/htpasswd';
const MODULES = '/usr/lib/apache2/modules';
const START_TIMEOUT_MS = 10_000;

const run = promisify(execFile);

export interface WebDavServer {
  /** The DAV folder's URL, ending in '/'. */
  url: string;
  user: string;
  password: string;
  /** The folder on disk that `url` serves. */
  dir: string;
  stop(): Promise<void>;
}

export async function startWebDav(): Promise<WebDavServer> {
  for (const program of [APACHE, HTPASSWD]) {
    if (!existsSync(program)) {
      throw new Error(`${program} is missing: run .ci/run or apt-get install apache2 apache2-utils`);
    }
  }
  const base = await mkdtemp(join(tmpdir(), 'dogear-webdav-'));
  // Served under /dav/ rather than at the server's root, as Nextcloud's /remote.php/dav/files/<user>/ is.
  const dir = join(base, 'www', 'dav');
  const lock = join(base, 'lock');
  await mkdir(dir, { recursive: true });
  await mkdir(lock);
  await chmod(base, 0o755);
  const root = process.getuid?.() === 0;
  const wwwData = root ? await userIds('www-data') : undefined;
  if (wwwData) {
    await chown(dir, wwwData.uid, wwwData.gid);
    await chown(lock, wwwData.uid, wwwData.gid);
  }

  const user = 'alice';
  const password = 'correct horse battery staple';
  await run(HTPASSWD, ['-bc', join(base, 'htpasswd'), user, password]);
  await chmod(join(base, 'htpasswd'), 0o644);

  const port = await freePort();
  const conf = join(base, 'httpd.conf');
  const pidFile = join(base, 'httpd.pid');
  await writeFile(
    conf,
    [
      `ServerRoot ${base}`,
      `ServerName 127.0.0.1`,
      `Listen 127.0.0.1:${port}`,
      `PidFile ${pidFile}`,
      `ErrorLog ${join(base, 'error.log')}`,
      ...(wwwData ? ['User www-data', 'Group www-data'] : []),
      ...['mpm_event', 'authz_core', 'authn_core', 'authn_file', 'authz_user', 'auth_basic', 'dav', 'dav_fs'].map(
        (name) => `LoadModule ${name}_module ${MODULES}/mod_${name}.so`,
      ),
      `DAVLockDB ${join(lock, 'DAVLock')}`,
      // Few threads: a test server answers a handful of requests at a time.
      'StartServers 1',
      'ServerLimit 2',
      'ThreadsPerChild 16',
      'MaxRequestWorkers 32',
      `DocumentRoot ${join(base, 'www')}`,
      `<Directory ${dir}>`,
      '  Dav On',
      '  AuthType Basic',
      '  AuthName "Dogear test"',
      `  AuthUserFile ${join(base, 'htpasswd')}`,
      '  Require valid-user',
      '</Directory>',
      '',
    ].join('\n'),
  );
  try {
    await run(APACHE, ['-f', conf, '-k', 'start']);
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw error;
  }

  const url = `http://127.0.0.1:${port}/dav/`;
  const stop = async () => {
    const pid = await readFile(pidFile, 'utf8').then(
      (text) => Number(text.trim()),
      () => undefined,
    );
    if (pid !== undefined && pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await until(() => !alive(pid), START_TIMEOUT_MS, 'apache2 to stop');
    }
    await rm(base, { recursive: true, force: true });
  };
  try {
    await until(
      async () => {
        try {
          const response = await fetch(url, { method: 'OPTIONS' });
          await response.body?.cancel();
          return existsSync(pidFile);
        } catch {
          return false;
        }
      },
      START_TIMEOUT_MS,
      `apache2 to answer on port ${port}`,
    );
  } catch (error) {
    const log = await readFile(join(base, 'error.log'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`${String(error)}\n${log}`, { cause: error });
  }
  return { url, user, password, dir, stop };
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every 20 ms until it holds or `timeoutMs` passes. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
