/**
 * Nextcloud Login Flow v2 (lib/sync/nextcloud.ts) against a small node server that answers as Nextcloud does. The
 * request and reply shapes are those of Nextcloud's documentation
 * (https://docs.nextcloud.com/server/latest/developer_manual/client_apis/LoginFlow/index.html#login-flow-v2): `POST
 * /index.php/login/v2` → `{"poll":{"token":…,"endpoint":"…/login/v2/poll"},"login":"…/login/v2/flow/…"}`; `POST
 * /login/v2/poll` with the form body `token=…` → 404 until the user grants access, then once
 * `{"server":…,"loginName":…,"appPassword":…}` (the token is spent after that, so later polls get 404 again).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextcloudDavUrl, normalizeServer, pollLogin, startLogin } from '../../../lib/sync/nextcloud.ts';
import { DavError } from '../../../lib/sync/webdav.ts';

const TOKEN = 'mQUYQdffOSAMJYtm8pVpkOsVqXt5hglnuSpO5EMbgJMNEPFGaiDe8OUjvr+J2Wc/YcB=';

let server: Server;
let base: string;
/** Set by a test to make the next answer something Nextcloud would not send. */
let override: ((url: string) => { status: number; body: string } | undefined) | undefined;
let granted: boolean;
let polls: { contentType?: string; body: string }[];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = request.url ?? '';
      const special = override?.(url);
      if (special) {
        response.writeHead(special.status, { 'Content-Type': 'application/json' }).end(special.body);
        return;
      }
      if (request.method === 'POST' && url === '/nc/index.php/login/v2') {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            poll: { token: TOKEN, endpoint: `${base}/login/v2/poll` },
            login: `${base}/login/v2/flow/guyjGtcKPTKCi4epIRIupIexgJ8wNInMFSfHabACRPZUkm`,
          }),
        );
        return;
      }
      if (request.method === 'POST' && url === '/nc/login/v2/poll') {
        polls.push({ contentType: request.headers['content-type'], body });
        if (granted && new URLSearchParams(body).get('token') === TOKEN) {
          granted = false; // spent
          response.writeHead(200, { 'Content-Type': 'application/json' }).end(
            JSON.stringify({
              server: `${base}/`,
              loginName: 'alice@example.org',
              appPassword: 'yKTVA4zgxjfivy52WqD8kW3M',
            }),
          );
          return;
        }
        response.writeHead(404, { 'Content-Type': 'application/json' }).end('[]');
        return;
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/nc`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  override = undefined;
  granted = false;
  polls = [];
});

async function davError(promise: Promise<unknown>): Promise<DavError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DavError);
  return error as DavError;
}

describe('Nextcloud Login Flow v2', () => {
  it('starts, polls (not yet, then the grant, then spent) and names the DAV folder', async () => {
    const start = await startLogin(`${base}/`, fetch);
    expect(start).toEqual({
      loginUrl: `${base}/login/v2/flow/guyjGtcKPTKCi4epIRIupIexgJ8wNInMFSfHabACRPZUkm`,
      poll: { token: TOKEN, endpoint: `${base}/login/v2/poll` },
    });

    expect(await pollLogin(start.poll, fetch)).toBeUndefined();
    granted = true;
    const grant = await pollLogin(start.poll, fetch);
    expect(grant).toEqual({ server: base, loginName: 'alice@example.org', appPassword: 'yKTVA4zgxjfivy52WqD8kW3M' });
    expect(await pollLogin(start.poll, fetch)).toBeUndefined();

    // The token goes as a form field, encoded (it may hold + / =).
    expect(polls.map((poll) => poll.contentType)).toEqual(Array(3).fill('application/x-www-form-urlencoded'));
    expect(polls[1]!.body).toBe(`token=${encodeURIComponent(TOKEN)}`);

    expect(nextcloudDavUrl(grant!.server, grant!.loginName)).toBe(`${base}/remote.php/dav/files/alice%40example.org/`);
  });

  it('accepts the server address as users type it', () => {
    expect(normalizeServer('cloud.example')).toBe('https://cloud.example');
    expect(normalizeServer(' https://cloud.example/ ')).toBe('https://cloud.example');
    expect(normalizeServer('https://cloud.example/nextcloud/index.php/apps/files')).toBe(
      'https://cloud.example/nextcloud',
    );
    expect(normalizeServer('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(() => normalizeServer('ftp://cloud.example')).toThrow(DavError);
    expect(nextcloudDavUrl('cloud.example/', 'a b/c')).toBe('https://cloud.example/remote.php/dav/files/a%20b%2Fc/');
  });

  it('says "not-found" for a server without the login flow', async () => {
    const error = await davError(startLogin(`${base}/elsewhere`, fetch));
    expect([error.kind, error.status]).toEqual(['not-found', 404]);
  });

  it("refuses replies that are not Nextcloud's, and a login URL that is not http(s)", async () => {
    override = () => ({ status: 200, body: '<html>a captive portal</html>' });
    expect((await davError(startLogin(base, fetch))).kind).toBe('bad-response');
    override = () => ({ status: 200, body: JSON.stringify({ poll: { token: 't', endpoint: `${base}/p` } }) });
    expect((await davError(startLogin(base, fetch))).kind).toBe('bad-response');
    override = () => ({
      status: 200,
      body: JSON.stringify({ poll: { token: 't', endpoint: `${base}/p` }, login: 'javascript:alert(1)' }),
    });
    expect((await davError(startLogin(base, fetch))).kind).toBe('bad-response');
    override = () => ({ status: 200, body: JSON.stringify({ server: base, loginName: 'alice' }) });
    expect((await davError(pollLogin({ token: TOKEN, endpoint: `${base}/login/v2/poll` }, fetch))).kind).toBe(
      'bad-response',
    );
  });

  it('says "server" for a 5xx and "unreachable" when nobody answers in time', async () => {
    override = () => ({ status: 503, body: '' });
    const error = await davError(pollLogin({ token: TOKEN, endpoint: `${base}/login/v2/poll` }, fetch));
    expect([error.kind, error.status]).toEqual(['server', 503]);

    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const timeout = await davError(startLogin(`http://127.0.0.1:${port}`, fetch, { timeoutMs: 200 }));
      expect(timeout.kind).toBe('unreachable');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
