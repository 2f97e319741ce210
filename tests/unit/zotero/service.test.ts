/**
 * The Zotero hand-off's core (lib/app/zotero/send.ts, refresh.ts) against the contract fakes of Zotero's connector
 * server and the Web API (tests/support/zotero-fake.ts), on a fake-indexeddb database: what reaches Zotero, what is
 * recorded, what the user is told, and the index read incrementally.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshIndex } from '../../../lib/app/zotero/refresh.ts';
import { NOT_RUNNING_MESSAGE, sendPapers, type ZoteroDeps } from '../../../lib/app/zotero/send.ts';
import { AppDB } from '../../../lib/db/app-db.ts';
import { keysInZotero, withZoteroFlags } from '../../../lib/db/zotero-repo.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import type { FetchLike } from '../../../lib/zotero/connector.ts';
import { parseZoteroSettings, type ZoteroSettings } from '../../../lib/zotero/settings.ts';
import { makePaper } from '../../support/papers.ts';
import {
  startZoteroConnectorFake,
  startZoteroWebApiFake,
  type ZoteroConnectorFake,
  type ZoteroWebApiFake,
} from '../../support/zotero-fake.ts';

let desktop: ZoteroConnectorFake;
let web: ZoteroWebApiFake;
let db: AppDB;
let dbs = 0;
let slept: number[];
let sessions = 0;

beforeAll(async () => {
  [desktop, web] = await Promise.all([startZoteroConnectorFake(), startZoteroWebApiFake()]);
});
afterAll(async () => {
  await Promise.all([desktop.close(), web.close()]);
});
beforeEach(async () => {
  dbs += 1;
  db = new AppDB(`zotero-service-${dbs}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  slept = [];
});
afterEach(async () => {
  db.close();
  await desktop.setMode('normal');
  desktop.requests.length = 0;
  desktop.sessions.clear();
  web.requests.length = 0;
  web.library.clear();
});

/** Node's fetch with a browser's User-Agent, as the extension's requests carry (Zotero's server.js checks it). */
const browserFetch: FetchLike = (url, init) =>
  fetch(url, { ...init, headers: { ...init.headers, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131' } });

function deps(overrides: Partial<ZoteroDeps> = {}): ZoteroDeps {
  return {
    fetch: browserFetch,
    sleep: async (ms) => {
      slept.push(ms);
    },
    clientVersion: '0.1.0',
    permitted: async () => true,
    now: () => 1_000,
    sessionId: () => `session-${String((sessions += 1)).padStart(6, '0')}`,
    ...overrides,
  };
}

function settings(fields: Record<string, unknown> = {}): ZoteroSettings {
  return parseZoteroSettings({ desktopUrl: desktop.url, webUrl: web.url, ...fields });
}
const withKey = () => settings({ apiKey: web.apiKey, userId: web.userId });

async function store(...papers: Paper[]): Promise<string[]> {
  await db.papers.bulkPut(papers);
  return papers.map((paper) => paper.key);
}

const saveRequests = () => desktop.requests.filter((request) => request.path === '/connector/saveItems');
const webWrites = () => web.requests.filter((request) => request.method === 'POST');

describe('sending through Zotero desktop', () => {
  it('sends one paper as a preprint, with the tags and the note through updateSession, and records it', async () => {
    const keys = await store(
      makePaper('2401.00001', { primaryCategory: 'cs.LG', tags: ['to read'], note: 'Check **§3** <b>now</b>' }),
    );
    const outcome = await sendPapers(db, settings(), keys, deps());
    expect(outcome).toEqual({
      ok: true,
      sent: 1,
      already: 0,
      where: 'Zotero desktop: My Library › To read',
      target: 'My Library',
    });
    const [session] = [...desktop.sessions.values()];
    expect(session!.items).toHaveLength(1);
    expect(session!.items[0]).toMatchObject({
      itemType: 'preprint',
      DOI: '10.48550/arXiv.2401.00001',
      archiveID: 'arXiv:2401.00001',
      tags: [],
    });
    expect(session!.tags).toEqual(['to read']);
    expect(session!.note).toBe('<p>Check **§3** &lt;b&gt;now&lt;/b&gt;</p>');
    expect(desktop.requests.map((request) => request.path)).toEqual([
      '/connector/ping',
      '/connector/getSelectedCollection',
      '/connector/findExistingItems',
      '/connector/saveItems',
      '/connector/updateSession',
    ]);
    expect(await db.zoteroSent.toArray()).toEqual([
      { key: keys[0], at: 1_000, via: 'desktop', target: 'Zotero desktop: My Library › To read' },
    ]);
  });

  it('sends many, each in a fresh session, and a second send says they are already there', async () => {
    const keys = await store(makePaper('2401.00001'), makePaper('2401.00002'), makePaper('doi:10.1038/nature14539'));
    expect(await sendPapers(db, settings(), keys, deps())).toMatchObject({ ok: true, sent: 3, already: 0 });
    const ids = saveRequests().map((request) => (request.body as { sessionID: string }).sessionID);
    expect(new Set(ids).size).toBe(3);

    desktop.requests.length = 0;
    expect(await sendPapers(db, settings(), keys, deps())).toMatchObject({ ok: true, sent: 0, already: 3 });
    expect(desktop.requests).toEqual([]);
    // Unless the user asks to send again.
    expect(await sendPapers(db, settings(), keys.slice(0, 1), deps(), { resend: true })).toMatchObject({
      ok: true,
      sent: 1,
      already: 0,
    });
    expect(saveRequests()).toHaveLength(1);
  });

  it('counts what Zotero says it has (findExistingItems) as already there, and fails open on a Zotero without it', async () => {
    const [first, second] = await store(makePaper('2401.00001'), makePaper('2401.00002'));
    // Saved into Zotero some other way (the Zotero Connector on the abstract page).
    await sendPapers(db, settings(), [first!], deps(), { resend: true });
    await db.zoteroSent.clear();
    const outcome = await sendPapers(db, settings(), [first!, second!], deps());
    expect(outcome).toMatchObject({ ok: true, sent: 1, already: 1 });
    expect(await db.zoteroSent.get(first!)).toMatchObject({ via: 'desktop', itemKey: expect.any(String) });

    await desktop.setMode('old');
    await db.zoteroSent.clear();
    desktop.requests.length = 0;
    expect(await sendPapers(db, settings(), [first!, second!], deps())).toMatchObject({ ok: true, sent: 2 });
    // Asked once, answered 404, not asked again.
    expect(desktop.requests.filter((request) => request.path === '/connector/findExistingItems')).toHaveLength(1);
  });

  it('refuses a read-only library before saving anything', async () => {
    await desktop.setMode('read-only');
    const keys = await store(makePaper('2401.00001'));
    expect(await sendPapers(db, settings(), keys, deps())).toEqual({
      ok: false,
      error: 'read-only',
      message: 'The library selected in Zotero is read-only. Select one you can edit in Zotero and try again.',
    });
    expect(saveRequests()).toEqual([]);
    expect(await db.zoteroSent.count()).toBe(0);
  });

  it('says Zotero is not running and offers the Web API when no key is set', async () => {
    await desktop.setMode('down');
    const keys = await store(makePaper('2401.00001'));
    expect(await sendPapers(db, settings(), keys, deps())).toEqual({
      ok: false,
      error: 'not-running',
      message: NOT_RUNNING_MESSAGE,
      offerWeb: true,
    });
    expect(NOT_RUNNING_MESSAGE).toBe(
      'Zotero is not running. Start Zotero and try again, or send through zotero.org with an API key (Settings › Zotero).',
    );
    expect(webWrites()).toEqual([]);
  });

  it('falls back to the Web API when Zotero is down and a key is set, in writes of at most 50', async () => {
    await desktop.setMode('down');
    const papers = Array.from({ length: 60 }, (_, index) =>
      makePaper(`2401.${String(index + 1).padStart(5, '0')}`, index === 0 ? { note: 'first & best' } : {}),
    );
    const keys = await store(...papers);
    const outcome = await sendPapers(db, withKey(), keys, deps());
    expect(outcome).toEqual({
      ok: true,
      sent: 60,
      already: 0,
      where: 'zotero.org library (Zotero desktop was not running)',
      target: 'zotero.org',
    });
    const writes = webWrites().map((request) => request.body as Array<Record<string, unknown>>);
    expect(writes.map((items) => items.length)).toEqual([50, 10, 1]);
    const note = writes[2]![0]!;
    expect(note).toMatchObject({ itemType: 'note', note: '<p>first &amp; best</p>' });
    const parent = web.library.get(String(note.parentItem))!;
    expect(parent.data).toMatchObject({ archiveID: 'arXiv:2401.00001' });
    expect(await db.zoteroSent.count()).toBe(60);
    expect(await db.zoteroSent.get(keys[0]!)).toMatchObject({ via: 'web', itemKey: parent.key });
  });

  it('sends through the Web API when asked, and says when the key is missing or refused', async () => {
    const keys = await store(makePaper('2401.00001'));
    expect(await sendPapers(db, settings(), keys, deps(), { via: 'web' })).toMatchObject({
      ok: false,
      error: 'web-key',
    });
    const refused = await sendPapers(db, settings({ apiKey: 'wrongwrongwrong', userId: web.userId }), keys, deps(), {
      via: 'web',
    });
    expect(refused).toMatchObject({ ok: false, error: 'web-key' });
    expect(await sendPapers(db, withKey(), keys, deps(), { via: 'web' })).toMatchObject({
      ok: true,
      sent: 1,
      where: 'zotero.org library',
    });
    expect(saveRequests()).toEqual([]);
  });

  it('asks nothing without the host permission, and refuses papers Dogear has no record of', async () => {
    const keys = await store(makePaper('2401.00001'));
    expect(await sendPapers(db, settings(), keys, deps({ permitted: async () => false }))).toMatchObject({
      ok: false,
      error: 'no-permission',
    });
    expect(desktop.requests).toEqual([]);
    expect(await sendPapers(db, settings(), ['arxiv:2401.99999'], deps())).toMatchObject({
      ok: false,
      error: 'unknown-paper',
    });
  });
});

describe('the index of the Zotero library', () => {
  const bert = { itemType: 'preprint', title: 'BERT', archiveID: 'arXiv:1810.04805', DOI: '10.48550/arXiv.1810.04805' };
  const nature = { itemType: 'journalArticle', title: 'Deep learning', DOI: '10.1038/nature14539' };
  const note = { itemType: 'note', note: 'https://arxiv.org/abs/1706.03762' };

  it('reads the whole library once, then only what changed since its version', async () => {
    const bertKey = web.addItem(bert);
    web.addItem(nature);
    web.addItem(note);
    let current = withKey();
    current = { ...current, index: { ...current.index, enabled: true, source: 'web' } };
    const version = web.libraryVersion();
    const first = await refreshIndex(db, current, deps());
    expect(first.outcome).toEqual({ ok: true, items: 3, matched: 2 });
    expect(first.index).toMatchObject({ version, library: `web:${web.userId}`, lastError: undefined });
    expect(first.changed.sort()).toEqual(['arxiv:1810.04805', 'doi:10.1038/nature14539']);
    expect(await keysInZotero(db, ['arxiv:1810.04805', 'doi:10.1038/nature14539', 'arxiv:1706.03762'])).toEqual(
      new Set(['arxiv:1810.04805', 'doi:10.1038/nature14539']),
    );

    current = { ...current, index: { ...current.index, ...first.index } };
    web.deleteItem(bertKey);
    web.addItem({ itemType: 'preprint', title: 'Attention', archiveID: 'arXiv:1706.03762' });
    web.requests.length = 0;
    const second = await refreshIndex(db, current, deps());
    expect(second.outcome).toEqual({ ok: true, items: 1, matched: 1 });
    expect(web.requests.map((request) => `${request.path}?since=${request.query.get('since')}`)).toContain(
      `/users/${web.userId}/items?since=${version}`,
    );
    expect(web.requests.map((request) => request.path)).toContain(`/users/${web.userId}/deleted`);
    expect(second.changed.sort()).toEqual(['arxiv:1706.03762', 'arxiv:1810.04805']);
    expect((await db.zoteroIndex.toArray()).map((row) => row.paperKey).sort()).toEqual([
      'arxiv:1706.03762',
      'doi:10.1038/nature14539',
    ]);
    expect(second.index.version).toBe(web.libraryVersion());
  });

  it('reads Zotero desktop’s local API as user 0 without a key', async () => {
    web.addItem(nature);
    const seen: string[] = [];
    // The Web API fake stands in for the local API, which answers in the Web API's shapes (server_localAPI.js).
    const local: FetchLike = (url, init) => {
      seen.push(url);
      const path = url.replace(`${desktop.url}/api/users/0/`, `${web.url}/users/${web.userId}/`);
      return fetch(path, { ...init, headers: { ...init.headers, 'Zotero-API-Key': web.apiKey } });
    };
    const current = settings({ index: { enabled: true, source: 'local' } });
    const result = await refreshIndex(db, current, deps({ fetch: local }));
    expect(result.outcome).toEqual({ ok: true, items: 1, matched: 1 });
    expect(result.index.library).toBe('local');
    expect(seen[0]).toBe(`${desktop.url}/api/users/0/items?since=0&format=versions&includeTrashed=1`);
  });

  it('says why it failed, and keeps the index it had', async () => {
    await db.zoteroIndex.put({ paperKey: 'arxiv:1810.04805', itemKey: 'AAAA2222' });
    await desktop.setMode('down');
    const current = settings({ index: { enabled: true, source: 'local', version: 4, library: 'local' } });
    const result = await refreshIndex(db, current, deps());
    expect(result.outcome).toEqual({
      ok: false,
      message: 'Zotero is not running (start Zotero desktop and try again).',
    });
    expect(result.index).toEqual({
      lastRun: 1_000,
      lastError: 'Zotero is not running (start Zotero desktop and try again).',
    });
    expect(await db.zoteroIndex.count()).toBe(1);
    const noKey = await refreshIndex(db, settings({ index: { enabled: true, source: 'web' } }), deps());
    expect(noKey.outcome).toEqual({ ok: false, message: 'Add your Zotero API key first (Settings › Zotero).' });
  });
});

describe('lookup flags', () => {
  it('flags papers sent or indexed, also those Dogear has no record of, with no Zotero data', async () => {
    const keys = await store(makePaper('2401.00001'), makePaper('2401.00002', { savedAt: 5 }));
    await sendPapers(db, settings(), [keys[0]!], deps());
    await db.zoteroIndex.put({ paperKey: 'doi:10.1038/nature14539', itemKey: 'BBBB3333' });
    const states = {
      [keys[0]!]: { saved: false, seen: false, opened: false, noted: false },
      [keys[1]!]: { saved: true, seen: false, opened: false, noted: false },
    };
    expect(await withZoteroFlags(db, [...keys, 'doi:10.1038/nature14539', 'arxiv:2401.00003'], states)).toEqual({
      [keys[0]!]: { saved: false, seen: false, opened: false, noted: false, zotero: true },
      [keys[1]!]: { saved: true, seen: false, opened: false, noted: false },
      'doi:10.1038/nature14539': { saved: false, seen: false, opened: false, noted: false, zotero: true },
    });
  });
});
