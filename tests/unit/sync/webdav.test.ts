/**
 * The WebDAV client (lib/sync/webdav.ts) against a real Apache mod_dav server (tests/support/webdav-server.ts), with
 * the fault proxy (tests/support/fault-proxy.ts) in between where a test needs a lost response, a cut upload or a
 * server that ignores conditional headers. Small node servers stand in only for answers Apache never gives (a cut body,
 * bad XML, silence).
 */
import { readFile, utimes } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64, createWebDav, DavError, isWeakEtag, parseMultistatus, type WebDav } from '../../../lib/sync/webdav.ts';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.ts';
import { startWebDav, type WebDavServer } from '../../support/webdav-server.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data === undefined ? undefined : new TextDecoder().decode(data));

let server: WebDavServer;
let proxy: FaultProxy;
let dav: WebDav;
let viaProxy: WebDav;

beforeAll(async () => {
  server = await startWebDav();
  proxy = await startFaultProxy(server.url);
  dav = createWebDav({ url: server.url, user: server.user, password: server.password, fetch });
  viaProxy = createWebDav({ url: proxy.url, user: server.user, password: server.password, fetch });
});

afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

/**
 * Apache reports a weak ETag for about a second after a write, and a weak ETag never satisfies If-Match. Rather than
 * wait that second, the tests age the file on disk, after which the server's ETag is strong.
 */
async function settle(path: string): Promise<string> {
  const past = new Date(Date.now() - 60_000);
  await utimes(join(server.dir, path), past, past);
  const file = await dav.get(path);
  expect(file?.etag).toBeDefined();
  expect(isWeakEtag(file!.etag!)).toBe(false);
  return file!.etag!;
}

async function davError(promise: Promise<unknown>): Promise<DavError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DavError);
  return error as DavError;
}

describe('createWebDav against Apache mod_dav', () => {
  it('normalizes the root to end in a slash', () => {
    expect(createWebDav({ url: server.url.slice(0, -1), user: 'u', password: 'p', fetch }).root).toBe(server.url);
  });

  it('makes folders with their parents, writes, lists and reads files whose names need encoding', async () => {
    await dav.makeFolder('basics/a b/ü#%?');
    await dav.makeFolder('basics/a b/ü#%?/'); // again: an existing folder is fine
    expect(await dav.create('basics/a b/one 1%.json', bytes('{"one":1}'))).toBe('created');
    expect(await readFile(join(server.dir, 'basics/a b/one 1%.json'), 'utf8')).toBe('{"one":1}');

    const entries = await dav.list('basics/a b');
    expect(
      entries
        ?.map(({ name, path, isDir, size }) => ({ name, path, isDir, size }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'one 1%.json', path: 'basics/a b/one 1%.json', isDir: false, size: 9 },
      { name: 'ü#%?', path: 'basics/a b/ü#%?/', isDir: true, size: undefined },
    ]);
    const file = entries!.find((entry) => !entry.isDir)!;
    expect(file.etag).toMatch(/^(W\/)?".+"$/);

    const read = await dav.get('basics/a b/one 1%.json');
    expect(text(read?.bytes)).toBe('{"one":1}');
    expect(read?.etag).toBe(file.etag);

    expect(await dav.list('basics/a b/ü#%?/')).toEqual([]);
    expect(await dav.list('basics/no such folder')).toBeUndefined();
    expect(await dav.get('basics/no such file')).toBeUndefined();
  });

  it('lists the root and removes files and folders, a missing one too', async () => {
    await dav.makeFolder('removing/inner');
    await dav.create('removing/inner/f', bytes('x'));
    expect((await dav.list(''))?.find((entry) => entry.name === 'removing')).toMatchObject({
      path: 'removing/',
      isDir: true,
    });
    await dav.remove('removing/inner/f');
    expect(await dav.get('removing/inner/f')).toBeUndefined();
    await dav.remove('removing/inner/f');
    await dav.remove('removing/');
    expect(await dav.list('removing/')).toBeUndefined();
  });

  it('creates only once: a second create of the same name is "exists" and leaves the first content', async () => {
    expect(await dav.create('once.txt', bytes('first'))).toBe('created');
    expect(await dav.create('once.txt', bytes('second'))).toBe('exists');
    expect(text((await dav.get('once.txt'))?.bytes)).toBe('first');
  });

  it('replaces with the current ETag and refuses a stale or weak one', async () => {
    await dav.create('replace.txt', bytes('v1'));
    const weak = (await dav.get('replace.txt'))!.etag!;
    expect(isWeakEtag(weak)).toBe(true); // Apache, just after a write
    expect(await dav.replace('replace.txt', bytes('v-weak'), weak)).toBe('stale');

    const v1 = await settle('replace.txt');
    expect(await dav.replace('replace.txt', bytes('v2'), v1)).toBe('replaced');
    expect(await dav.replace('replace.txt', bytes('v3'), v1)).toBe('stale');
    expect(text((await dav.get('replace.txt'))?.bytes)).toBe('v2');

    // Without an ETag, replace writes only a file that does not exist yet.
    expect(await dav.replace('replace.txt', bytes('v4'), undefined)).toBe('stale');
    expect(await dav.replace('replace-new.txt', bytes('n1'), undefined)).toBe('replaced');
    // A file removed since it was read is stale too.
    const gone = await settle('replace-new.txt');
    await dav.remove('replace-new.txt');
    expect(await dav.replace('replace-new.txt', bytes('n2'), gone)).toBe('stale');
  });

  /**
   * Apache checks If-Match and If-None-Match before it writes and takes no lock in between (mod_dav_fs writes to a
   * temporary file and renames it), so two requests that arrive together can both pass: measured here, about 1 race in
   * 20 lets both through. What does hold: at least one wins, a loser that was told 'stale' or 'exists' never lands, and
   * the file is whole — one writer's bytes, never a mix.
   */
  it('lets at least one of two concurrent replaces with the same ETag through, and never a loser', async () => {
    const left = 'left '.repeat(2000);
    const right = 'right';
    for (let round = 0; round < 5; round++) {
      const path = `race-${round}.txt`;
      await dav.create(path, bytes('base'));
      const etag = await settle(path);
      const results = await Promise.all([dav.replace(path, bytes(left), etag), dav.replace(path, bytes(right), etag)]);
      expect(results).toContain('replaced');
      const winners = [left, right].filter((_, i) => results[i] === 'replaced');
      expect(winners).toContain(text((await dav.get(path))?.bytes));
    }
  });

  it('lets at least one of two concurrent creates of one name through, and never a loser', async () => {
    const left = 'left '.repeat(2000);
    const right = 'right';
    for (let round = 0; round < 5; round++) {
      const path = `race-create-${round}.txt`;
      const results = await Promise.all([dav.create(path, bytes(left)), dav.create(path, bytes(right))]);
      expect(results).toContain('created');
      const winners = [left, right].filter((_, i) => results[i] === 'created');
      expect(winners).toContain(text((await dav.get(path))?.bytes));
    }
  });

  it('probes: Apache honours conditional requests, and the probe cleans up after itself', async () => {
    expect(await dav.probe()).toEqual({ conditional: true });
    expect(await dav.get('.dogear-probe/')).toBeUndefined();
  });

  it('says "auth" for a wrong password, on every method', async () => {
    const wrong = createWebDav({ url: server.url, user: server.user, password: 'wrong', fetch });
    const attempts = [
      () => wrong.list(''),
      () => wrong.get('once.txt'),
      () => wrong.create('x', bytes('x')),
      () => wrong.remove('x'),
    ];
    for (const attempt of attempts) {
      const error = await davError(attempt());
      expect(error.kind).toBe('auth');
      expect(error.status).toBe(401);
    }
  });

  it('sends Basic credentials, no cookies and no cache on every request', async () => {
    const seen: RequestInit[] = [];
    const spying = createWebDav({
      url: server.url,
      user: server.user,
      password: server.password,
      fetch: (input, init) => {
        seen.push(init!);
        return fetch(input, init);
      },
    });
    await spying.makeFolder('spied');
    await spying.create('spied/f', bytes('f'));
    await spying.list('spied');
    await spying.get('spied/f');
    await spying.remove('spied/');
    expect(seen.length).toBe(5);
    for (const init of seen) {
      expect((init.headers as Record<string, string>).Authorization).toBe(
        `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}`,
      );
      expect(init.credentials).toBe('omit');
      expect(init.cache).toBe('no-store');
    }
  });
});

describe('createWebDav through the fault proxy', () => {
  it('probes a server that ignores conditional headers as not conditional', async () => {
    proxy.ignoreConditionalHeaders = true;
    try {
      expect(await viaProxy.probe()).toEqual({ conditional: false });
    } finally {
      proxy.ignoreConditionalHeaders = false;
    }
    expect(await dav.list('.dogear-probe/')).toBeUndefined();
    expect(await viaProxy.probe()).toEqual({ conditional: true });
  });

  it('reports a lost response as unreachable, though the write happened; the retry says "exists"', async () => {
    proxy.failNext({ method: 'PUT', path: /lost\.txt$/, fault: 'drop-response' });
    const error = await davError(viaProxy.create('lost.txt', bytes('written')));
    expect(error.kind).toBe('unreachable');
    expect(text((await dav.get('lost.txt'))?.bytes)).toBe('written');
    expect(await viaProxy.create('lost.txt', bytes('written'))).toBe('exists');
  });

  it('keeps the old content when an upload is cut off half way', async () => {
    await dav.create('cut.txt', bytes('old content'));
    const etag = await settle('cut.txt');
    proxy.failNext({ method: 'PUT', path: /cut\.txt$/, fault: 'truncate-upload' });
    const error = await davError(viaProxy.replace('cut.txt', bytes('new content, long enough to cut in half'), etag));
    expect(error.kind).toBe('unreachable');
    expect(text((await dav.get('cut.txt'))?.bytes)).toBe('old content');
    expect(proxy.log.at(-1)).toMatchObject({ method: 'PUT', fault: 'truncate-upload' });
    expect(proxy.log.at(-1)?.status).toBeUndefined();
  });

  it('maps statuses to kinds', async () => {
    const cases: [number, DavError['kind']][] = [
      [403, 'forbidden'],
      [507, 'no-space'],
      [500, 'server'],
      [503, 'server'],
      [400, 'bad-response'],
    ];
    // A file removed meanwhile, from a server that says 404 rather than 412.
    proxy.failNext({ method: 'PUT', fault: 'status', status: 404 });
    expect(await viaProxy.replace('once.txt', bytes('x'), '"e"')).toBe('stale');
    proxy.failNext({ method: 'PUT', fault: 'status', status: 409 });
    expect((await davError(viaProxy.create('no/such/folder', bytes('x')))).kind).toBe('not-found');
    for (const [status, kind] of cases) {
      proxy.failNext({ method: 'GET', fault: 'status', status });
      const error = await davError(viaProxy.get('once.txt'));
      expect([error.kind, error.status]).toEqual([kind, status]);
    }
    // Twice: a read that fails before any answer is sent once more.
    proxy.failNext({ method: 'PROPFIND', fault: 'reset' });
    proxy.failNext({ method: 'PROPFIND', fault: 'reset' });
    expect((await davError(viaProxy.list(''))).kind).toBe('unreachable');
  });
});

describe('createWebDav against answers Apache never gives', () => {
  let fake: Server;
  let fakeUrl: string;
  let answer: (response: import('node:http').ServerResponse) => void;

  beforeAll(async () => {
    fake = createServer((_request, response) => answer(response));
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const address = fake.address();
    fakeUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/dav/`;
  });
  afterAll(async () => {
    fake.closeAllConnections();
    await new Promise((resolve) => fake.close(resolve));
  });
  const client = (timeoutMs?: number) =>
    createWebDav({ url: fakeUrl, user: 'u', password: 'p', fetch, ...(timeoutMs ? { timeoutMs } : {}) });

  it('never returns a short file: a body cut before its Content-Length is an error', async () => {
    answer = (response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('x'.repeat(50), () => response.socket?.destroy());
    };
    expect((await davError(client().get('f'))).kind).toBe('unreachable');
  });

  it('says "bad-response" for a listing that is not a multistatus', async () => {
    answer = (response) => response.writeHead(207, { 'Content-Type': 'application/xml' }).end('<html>hello</html>');
    expect((await davError(client().list(''))).kind).toBe('bad-response');
    answer = (response) => response.writeHead(207).end('not <xml');
    expect((await davError(client().list(''))).kind).toBe('bad-response');
  });

  it('reads a listing with other prefixes, absolute hrefs and a 404 propstat', async () => {
    answer = (response) =>
      response.writeHead(207).end(`<?xml version="1.0"?>
<multistatus xmlns="DAV:"><response><href>${fakeUrl}</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>${fakeUrl}a%20%26%20b.json</href><propstat><prop><resourcetype/><getetag>&quot;e1&quot;</getetag><getcontentlength>12</getcontentlength></prop><status>HTTP/1.1 200 OK</status></propstat><propstat><prop><getcontentlength>99</getcontentlength></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>`);
    expect(await client().list('')).toEqual([
      { name: 'a & b.json', path: 'a & b.json', isDir: false, etag: '"e1"', size: 12 },
    ]);
  });

  it('gives up on a server that does not answer in time', async () => {
    answer = () => undefined;
    const error = await davError(client(200).get('f'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('200 ms');
  });

  it('says "unreachable" for a port nobody listens on', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((resolve) => closed.close(resolve));
    const nobody = createWebDav({ url: `http://127.0.0.1:${port}/`, user: 'u', password: 'p', fetch });
    expect((await davError(nobody.list(''))).kind).toBe('unreachable');
  });
});

describe('parseMultistatus', () => {
  const base = new URL('https://cloud.example/remote.php/dav/files/alice/');

  it('reads a Nextcloud (sabre/dav) listing: d: prefix, foreign properties, a 404 propstat, a quoted ETag', () => {
    const xml = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
 <d:response><d:href>/remote.php/dav/files/alice/Dogear/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getetag>&quot;6735d3e1a4f7c&quot;</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop><d:getcontentlength/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>
 <d:response><d:href>/remote.php/dav/files/alice/Dogear/HEAD.json</d:href><d:propstat><d:prop><d:resourcetype/><d:getetag>&quot;a1b2&quot;</d:getetag><d:getcontentlength>123</d:getcontentlength><oc:size>999</oc:size></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>`;
    expect(parseMultistatus(xml, base)).toEqual([
      { href: '/remote.php/dav/files/alice/Dogear/', isDir: true, etag: '"6735d3e1a4f7c"' },
      { href: '/remote.php/dav/files/alice/Dogear/HEAD.json', isDir: false, etag: '"a1b2"', size: 123 },
    ]);
  });

  it('resolves namespaces, not prefixes: a default namespace, a redeclared prefix, a foreign "collection"', () => {
    const xml = `<multistatus xmlns="DAV:"><!-- a comment -->
  <response xmlns:x="urn:other"><href><![CDATA[/a/b%20c]]></href><propstat><prop>
    <resourcetype><x:collection/></resourcetype><x:getetag>"no"</x:getetag></prop></propstat></response>
  <D:response xmlns:D="DAV:"><D:href>https://cloud.example/a/d/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop></D:propstat></D:response>
</multistatus>`;
    expect(parseMultistatus(xml, base)).toEqual([
      { href: '/a/b c', isDir: false },
      { href: '/a/d/', isDir: true },
    ]);
  });

  it('decodes entities and character references', () => {
    const xml = `<d:multistatus xmlns:d="DAV:"><d:response><d:href>/a/x%26y</d:href><d:propstat><d:prop><d:getetag>&#34;e&#x26;&lt;&apos;&#x1F600;&quot;</d:getetag></d:prop></d:propstat></d:response></d:multistatus>`;
    expect(parseMultistatus(xml, base)).toEqual([{ href: '/a/x&y', isDir: false, etag: `"e&<'\u{1F600}"` }]);
  });

  it('refuses what is not a well-formed DAV: multistatus', () => {
    const bad = [
      '',
      'plain text',
      '<html><body>Login</body></html>',
      '<multistatus xmlns="urn:not-dav"/>',
      '<d:multistatus xmlns:d="DAV:"><d:response>',
      '<d:multistatus xmlns:d="DAV:"></d:response></d:multistatus>',
      '<d:multistatus xmlns:d="DAV:"><x:response/></d:multistatus>',
      '<d:multistatus xmlns:d="DAV:">a & b</d:multistatus>',
      '<d:multistatus xmlns:d="DAV:">&nbsp;</d:multistatus>',
      '<d:multistatus xmlns:d="DAV:"/><d:multistatus xmlns:d="DAV:"/>',
      '<d:multistatus xmlns:d="DAV:"><d:response><d:propstat/></d:response></d:multistatus>',
      '<d:multistatus xmlns:d="DAV:"><d:response><d:href>/%zz</d:href></d:response></d:multistatus>',
    ];
    for (const xml of bad) {
      expect(() => parseMultistatus(xml, base), xml).toThrow(DavError);
    }
    expect(parseMultistatus('<d:multistatus xmlns:d="DAV:"/>', base)).toEqual([]);
  });
});

describe('base64', () => {
  it('matches node for every padding length and all byte values', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let length = 0; length <= 6; length++) {
      expect(base64(all.subarray(250 - length, 250))).toBe(
        Buffer.from(all.subarray(250 - length, 250)).toString('base64'),
      );
    }
    expect(base64(all)).toBe(Buffer.from(all).toString('base64'));
  });
});
