/**
 * The Web API client against the contract fake (tests/support/zotero-fake.ts), which follows the Web API v3
 * documentation (write_requests: ≤ 50 objects, `Zotero-Write-Token` remembered once its write succeeded and a repeat
 * answered 412, per-index `successful/unchanged/failed`; basics: `Backoff`, 429 with `Retry-After`; syncing: `since`
 * with `format=versions`, `itemKey`, `/deleted`). Waiting goes through a recorded sleep, so no test waits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toZoteroItem, zoteroNote } from '../../../lib/zotero/item.ts';
import { type FetchLike } from '../../../lib/zotero/connector.ts';
import { zoteroWebApi, ZoteroWebApiError } from '../../../lib/zotero/web-api.ts';
import { makePaper } from '../../support/papers.ts';
import { startZoteroWebApiFake, type ZoteroWebApiFake } from '../../support/zotero-fake.ts';

let fake: ZoteroWebApiFake;
let slept: number[];

beforeAll(async () => {
  fake = await startZoteroWebApiFake({ readOnlyKey: 'readonlyreadonlyreadonly' });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.requests.length = 0;
  fake.library.clear();
});

let tokens = 0;
function api(fetchLike: FetchLike = (url, init) => fetch(url, init)) {
  slept = [];
  return zoteroWebApi({
    fetch: fetchLike,
    baseUrl: fake.url,
    sleep: async (ms) => {
      slept.push(ms);
    },
    writeToken: () => `token-${String((tokens += 1)).padStart(4, '0')}-${'x'.repeat(16)}`,
  });
}

const papers = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    toZoteroItem(makePaper(`2401.${String(index + 1).padStart(5, '0')}`, { primaryCategory: 'cs.LG' })),
  );

describe('the fake follows the write rules of the Web API docs', () => {
  async function post(items: unknown[], token?: string) {
    const response = await fetch(`${fake.url}/users/${fake.userId}/items`, {
      method: 'POST',
      headers: {
        'Zotero-API-Key': fake.apiKey,
        'Content-Type': 'application/json',
        ...(token === undefined ? {} : { 'Zotero-Write-Token': token }),
      },
      body: JSON.stringify(items),
    });
    await response.body?.cancel();
    return response.status;
  }

  it('refuses more than 50 objects (413), a token outside 5–32 characters (400), a token already used (412)', async () => {
    expect(await post(papers(51))).toBe(413);
    expect(await post(papers(1), 'abcd')).toBe(400);
    expect(await post(papers(1), 'a'.repeat(33))).toBe(400);
    expect(await post(papers(1), 'once-only-token')).toBe(200);
    expect(await post(papers(1), 'once-only-token')).toBe(412);
    expect(fake.library.size).toBe(1);
  });
});

describe('keyInfo', () => {
  it('reads the user id of a key, and whether it may write', async () => {
    expect(await api().keyInfo(fake.apiKey)).toEqual({ userId: 475425, username: 'dogear-tester', canWrite: true });
    expect(await api().keyInfo('readonlyreadonlyreadonly')).toMatchObject({ canWrite: false });
    expect(fake.requests[0]!.headers).toMatchObject({ 'zotero-api-key': fake.apiKey, 'zotero-api-version': '3' });
  });

  it('says when Zotero refuses the key', async () => {
    const error = await api()
      .keyInfo('wrong')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZoteroWebApiError);
    expect(error).toMatchObject({ kind: 'bad-key', status: 403 });
  });
});

describe('createItems', () => {
  it('writes 120 items in 3 writes of at most 50, each with its own write token, and reports each item', async () => {
    const results = await api().createItems(fake.userId, fake.apiKey, papers(120));
    const writes = fake.requests.filter((request) => request.method === 'POST');
    expect(writes.map((request) => (request.body as unknown[]).length)).toEqual([50, 50, 20]);
    const writeTokens = writes.map((request) => request.headers['zotero-write-token']);
    expect(new Set(writeTokens).size).toBe(3);
    expect(results).toHaveLength(120);
    expect(results.every((result) => result.status === 'created')).toBe(true);
    expect(fake.library.size).toBe(120);
    expect(writes[0]!.headers['content-type']).toBe('application/json');
  });

  it('reports the items Zotero refused, by index, and writes the others', async () => {
    const bad = { ...papers(1)[0]!, publicationTitle: 'no such field for a preprint' };
    const results = await api().createItems(fake.userId, fake.apiKey, [...papers(2), bad as never]);
    expect(results.map((result) => result.status)).toEqual(['created', 'created', 'failed']);
    expect(results[2]).toMatchObject({ code: 400, message: expect.stringContaining('publicationTitle') });
  });

  it('creates a child note once the parent has its key', async () => {
    const [parent] = await api().createItems(fake.userId, fake.apiKey, papers(1));
    if (parent?.status !== 'created') throw new Error(`parent not created: ${JSON.stringify(parent)}`);
    const [note] = await api().createItems(fake.userId, fake.apiKey, [zoteroNote(parent.key, 'Read <this>')]);
    if (note?.status !== 'created') throw new Error(`note not created: ${JSON.stringify(note)}`);
    expect(fake.library.get(note.key)!.data).toMatchObject({
      note: '<p>Read &lt;this&gt;</p>',
      parentItem: parent.key,
    });
  });

  it('waits Retry-After on a 429 and retries with the same write token', async () => {
    fake.fault({ kind: 'status', status: 429, retryAfter: 7 });
    const results = await api().createItems(fake.userId, fake.apiKey, papers(2));
    expect(results.map((result) => result.status)).toEqual(['created', 'created']);
    expect(slept).toEqual([7000]);
    const [first, second] = fake.requests;
    expect([first!.status, second!.status]).toEqual([429, 200]);
    expect(second!.headers['zotero-write-token']).toBe(first!.headers['zotero-write-token']);
  });

  it('retries a write whose reply was lost with the same token; the 412 says it was written, and nothing twice', async () => {
    fake.fault({ kind: 'drop-reply' });
    const results = await api().createItems(fake.userId, fake.apiKey, papers(3));
    expect(results).toEqual([
      { status: 'written', key: undefined },
      { status: 'written', key: undefined },
      { status: 'written', key: undefined },
    ]);
    expect(fake.requests.map((request) => request.status)).toEqual(['dropped', 412]);
    expect(fake.requests[1]!.headers['zotero-write-token']).toBe(fake.requests[0]!.headers['zotero-write-token']);
    expect(fake.library.size).toBe(3);
  });

  it('honours Backoff before the next request', async () => {
    fake.fault({ kind: 'backoff', seconds: 30 });
    const results = await api().createItems(fake.userId, fake.apiKey, papers(60));
    expect(results).toHaveLength(60);
    // The first write's reply asked for 30 s; the second write came after them.
    expect(slept).toEqual([30_000]);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up, in plain words, after repeated 503s', async () => {
    fake.fault(...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 503 as const })));
    const error = await api()
      .createItems(fake.userId, fake.apiKey, papers(1))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 503 });
    expect(slept).toEqual([1000, 2000, 4000, 8000]);
  });

  it('says a read-only key may not write', async () => {
    const error = await api()
      .createItems(fake.userId, 'readonlyreadonlyreadonly', papers(1))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'no-write-access', status: 403 });
  });
});

describe('incremental reads', () => {
  it('lists versions since a library version, then fetches the items 50 at a time, and the deleted keys', async () => {
    const keys = Array.from({ length: 60 }, (_, index) => fake.addItem({ itemType: 'preprint', title: `P${index}` }));
    const since = fake.libraryVersion();
    const changed = [fake.addItem({ itemType: 'journalArticle', title: 'New', DOI: '10.1000/new' })];
    fake.deleteItem(keys[0]!);

    const { versions, libraryVersion } = await api().itemVersions(fake.userId, fake.apiKey, since);
    expect(Object.keys(versions)).toEqual(changed);
    expect(libraryVersion).toBe(fake.libraryVersion());
    expect(fake.requests[0]!.query.get('format')).toBe('versions');
    expect(fake.requests[0]!.query.get('since')).toBe(String(since));

    const all = await api().items(fake.userId, fake.apiKey, keys.slice(1));
    expect(all).toHaveLength(59);
    expect(fake.requests.slice(1).map((request) => request.query.get('itemKey')!.split(',').length)).toEqual([50, 9]);

    expect(await api().deleted(fake.userId, fake.apiKey, since)).toEqual({
      items: [keys[0]],
      libraryVersion: fake.libraryVersion(),
    });
  });
});

describe('the local API', () => {
  it('reads as user 0 without a key, with the header Zotero’s browser check asks for', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const local = zoteroWebApi({
      local: true,
      sleep: async () => {},
      fetch: async (url, init) => {
        seen.push({ url, headers: init.headers });
        return new Response('{"ABCD2345": 3}', {
          status: 200,
          headers: { 'Content-Type': 'application/json', 'Last-Modified-Version': '3' },
        });
      },
    });
    expect(await local.itemVersions(0, undefined, 0)).toEqual({ versions: { ABCD2345: 3 }, libraryVersion: 3 });
    expect(seen[0]!.url).toBe('http://127.0.0.1:23119/api/users/0/items?since=0&format=versions&includeTrashed=1');
    expect(seen[0]!.headers).toEqual({ 'Zotero-API-Version': '3', 'Zotero-Allowed-Request': '1' });
  });

  it('says the local API is off (403 "Local API is not enabled")', async () => {
    const local = zoteroWebApi({
      local: true,
      sleep: async () => {},
      fetch: async () => new Response('Local API is not enabled', { status: 403 }),
    });
    const error = await local.itemVersions(0, undefined, 0).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'local-api-off', status: 403 });
  });
});
