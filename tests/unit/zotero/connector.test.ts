/**
 * The connector client against the contract fake (tests/support/zotero-fake.ts), which enforces the rules of Zotero's
 * `server.js` and answers as `server_connector.js` does. Request shapes replayed from zotero/zotero
 * `test/tests/server_connectorTest.js`: "/connector/saveItems" › "should save a translated item to the current selected
 * collection", "/connector/updateSession" › "should update collections, tags, and notes of item saved via /saveItems",
 * "/connector/ping" › "should reject browser requests".
 */
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noteHtml, toZoteroItem } from '../../../lib/zotero/item.ts';
import { type FetchLike, zoteroConnector, ZoteroConnectorError } from '../../../lib/zotero/connector.ts';
import { makePaper } from '../../support/papers.ts';
import { startZoteroConnectorFake, type ZoteroConnectorFake } from '../../support/zotero-fake.ts';

let fake: ZoteroConnectorFake;
beforeAll(async () => {
  fake = await startZoteroConnectorFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await fake.setMode('normal');
  fake.requests.length = 0;
  fake.sessions.clear();
});

/** Node's fetch, with the User-Agent a browser sends, as the extension's requests carry. */
const browserFetch: FetchLike = (url, init) =>
  fetch(url, { ...init, headers: { ...init.headers, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131' } });

function client(fetchLike: FetchLike = browserFetch) {
  return zoteroConnector({ fetch: fetchLike, clientVersion: '0.1.0', baseUrl: fake.url });
}

async function failure(promise: Promise<unknown>): Promise<ZoteroConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ZoteroConnectorError);
  return error as ZoteroConnectorError;
}

/** A raw request, for what fetch cannot send (another Host header). */
function raw(path: string, headers: Record<string, string>, body = '{}'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: fake.port,
        path,
        method: 'POST',
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the fake enforces server.js', () => {
  it('refuses a Host that is not the loopback (DNS rebinding)', async () => {
    const reply = await raw('/connector/ping', { Host: 'evil.example:23119', 'Content-Type': 'application/json' });
    expect(reply).toEqual({ status: 400, text: 'Invalid Host header\n' });
  });

  it('cuts off a browser request without the connector header, as "should reject browser requests" expects', async () => {
    await expect(
      browserFetch(`${fake.url}/connector/ping`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
    ).rejects.toThrow();
    await expect(
      fetch(`${fake.url}/connector/ping`, {
        method: 'POST',
        headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
        body: '{}',
      }),
    ).rejects.toThrow();
    expect(fake.requests.map((request) => request.status)).toEqual(['cut off', 'cut off']);
  });

  it('refuses a content type the endpoint does not take', async () => {
    const reply = await raw('/connector/saveItems', {
      'Content-Type': 'text/plain',
      'X-Zotero-Connector-API-Version': '3',
    });
    expect(reply).toEqual({ status: 400, text: 'Endpoint does not support content-type\n' });
  });

  it('takes the request body of "should save a translated item to the current selected collection" (201)', async () => {
    const body = {
      items: [
        {
          itemType: 'newspaperArticle',
          title: 'Title',
          creators: [{ firstName: 'First', lastName: 'Last', creatorType: 'author' }],
        },
      ],
      uri: 'http://example.com',
    };
    // Zotero's own test sends no browser User-Agent, so it needs no connector header.
    const reply = await raw('/connector/saveItems', { 'Content-Type': 'application/json' }, JSON.stringify(body));
    expect(reply.status).toBe(201);
  });

  it('takes tags as one comma-separated string from older connectors ("should update collections, tags, and notes…")', async () => {
    const sessionID = 'abcdefgh';
    const item = { itemType: 'newspaperArticle', title: 'Title', id: 'x', creators: [] };
    await raw(
      '/connector/saveItems',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ sessionID, items: [item], uri: 'http://example.com' }),
    );
    const reply = await raw(
      '/connector/updateSession',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ sessionID, target: 'C5', tags: 'A, B', note: 'Test note' }),
    );
    expect(reply.status).toBe(200);
    expect(fake.sessions.get(sessionID)).toMatchObject({ target: 'C5', tags: ['A', 'B'], note: 'Test note' });
  });
});

describe('zoteroConnector', () => {
  it('sends the headers the Zotero Connector sends, and reads Zotero’s version', async () => {
    expect(await client().ping()).toEqual({ version: '7.0.15' });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/connector/ping', status: 200 });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-zotero-version': '0.1.0',
      'x-zotero-connector-api-version': '3',
    });
  });

  it('reads where Zotero will save, with the target id updateSession takes', async () => {
    expect(await client().selectedCollection()).toEqual({
      libraryID: 1,
      libraryName: 'My Library',
      editable: true,
      id: 5,
      name: 'To read',
      target: 'C5',
      targets: [
        { id: 'L1', name: 'My Library', level: 0 },
        { id: 'C5', name: 'To read', level: 1 },
      ],
    });
  });

  it('saves a paper in a session of its own, then gives it the user’s tags and note', async () => {
    const paper = makePaper('1706.03762', { tags: ['transformers'], note: 'Read <3.2>' });
    await client().savePaper(toZoteroItem(paper), { sessionId: 's-1', target: 'C5', note: noteHtml(paper.note!) });
    expect(fake.requests.map((request) => [request.path, request.status])).toEqual([
      ['/connector/saveItems', 201],
      ['/connector/updateSession', 200],
    ]);
    const session = fake.sessions.get('s-1')!;
    expect(session.items).toEqual([
      expect.objectContaining({
        id: 's-1',
        itemType: 'preprint',
        archiveID: 'arXiv:1706.03762',
        tags: [],
        attachments: [],
      }),
    ]);
    expect(session).toMatchObject({ target: 'C5', tags: ['transformers'], note: '<p>Read &lt;3.2&gt;</p>' });
    expect(fake.requests[0]!.body).toMatchObject({ sessionID: 's-1', uri: 'https://arxiv.org/abs/1706.03762' });
  });

  it('skips updateSession when there is nothing to add', async () => {
    await client().savePaper(toZoteroItem(makePaper('1706.03762')), { sessionId: 's-2', target: 'C5', note: '' });
    expect(fake.requests.map((request) => request.path)).toEqual(['/connector/saveItems']);
  });

  it('says the session exists when a session id is sent twice (409 SESSION_EXISTS)', async () => {
    const item = { ...toZoteroItem(makePaper('1706.03762')), id: 'a' };
    await client().saveItems([item], 'same');
    const error = await failure(client().saveItems([item], 'same'));
    expect(error).toMatchObject({ kind: 'session-exists', status: 409 });
  });

  it('says the library is read-only (500 libraryEditable: false)', async () => {
    await fake.setMode('read-only');
    const error = await failure(client().saveItems([{ ...toZoteroItem(makePaper('1706.03762')), id: 'a' }], 'ro'));
    expect(error).toMatchObject({ kind: 'read-only', status: 500 });
    expect(error.message).toMatch(/read-only/);
  });

  it('says the session is gone, and the collection too', async () => {
    expect(await failure(client().updateSession('nope', 'C5', [], ''))).toMatchObject({ kind: 'session-not-found' });
    await client().saveItems([{ ...toZoteroItem(makePaper('1706.03762')), id: 'a' }], 'here');
    expect(await failure(client().updateSession('here', 'C99', [], ''))).toMatchObject({
      kind: 'collection-not-found',
    });
  });

  it('says Zotero is not running when nothing listens', async () => {
    await fake.setMode('down');
    const error = await failure(client().ping());
    expect(error.kind).toBe('not-running');
    expect(error.message).toBe('Zotero is not running (start Zotero desktop and try again).');
    await fake.setMode('normal');
    expect(await client().ping()).toEqual({ version: '7.0.15' });
  });

  it('says Zotero is not running when its browser check cuts the request off (no connector header)', async () => {
    const withoutHeader: FetchLike = (url, init) => {
      const { 'X-Zotero-Connector-API-Version': _dropped, ...headers } = init.headers;
      return browserFetch(url, { ...init, headers });
    };
    expect((await failure(client(withoutHeader).ping())).kind).toBe('not-running');
  });

  it('says it is not Zotero when the reply lacks X-Zotero-Version', async () => {
    const other: FetchLike = async () =>
      new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    expect((await failure(client(other).ping())).kind).toBe('not-zotero');
  });

  it('finds existing items by DOI and exact URL where Zotero can tell', async () => {
    await client().saveItems([{ ...toZoteroItem(makePaper('doi:10.1038/nature14539')), id: 'a' }], 'found');
    expect(await client().findExistingItems({ doi: ['10.1038/NATURE14539'] })).toEqual([
      { key: 'KEYFOUND', title: 'Paper 10.1038/nature14539', matchedFields: ['DOI'] },
    ]);
    expect(await client().findExistingItems({ url: ['https://doi.org/10.1038/nature14539/'] })).toEqual([]);
    expect(fake.requests.at(-1)!.body).toEqual({
      identifiers: { doi: [], url: ['https://doi.org/10.1038/nature14539/'] },
    });
  });

  it('fails open on a Zotero without findExistingItems (404), and on 400 and 501', async () => {
    await fake.setMode('old');
    expect(await client().findExistingItems({ doi: ['10.1038/nature14539'] })).toBeUndefined();
    expect(fake.requests.at(-1)).toMatchObject({ path: '/connector/findExistingItems', status: 404 });
    for (const status of [400, 501]) {
      const zotero: FetchLike = async () => new Response('', { status, headers: { 'X-Zotero-Version': '7.0.15' } });
      expect(await client(zotero).findExistingItems({ doi: ['10.1/x'] })).toBeUndefined();
    }
  });
});
