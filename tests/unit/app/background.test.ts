/**
 * The background's wiring (entrypoints/background.ts), run against WXT's fakeBrowser and fake-indexeddb: messages from
 * a listing's content script reach the repositories and are answered, and a content script cannot use the requests
 * reserved for Dogear's own pages (lib/messages.ts PRIVILEGED).
 */
import { fakeBrowser } from './fake-chrome.ts';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCandidate } from '../../support/papers.ts';
import { startZoteroConnectorFake } from '../../support/zotero-fake.ts';
import { AppDB } from '../../../lib/db/app-db.ts';

// The background's database (lib/app/db.ts) opens with Dexie's own dependencies.
Dexie.dependencies.indexedDB = new IDBFactory();
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

const LISTING = 'https://arxiv.org/list/cs.LG/new';
const contentScript = { id: fakeBrowser.runtime.id, url: LISTING, tab: { id: 7, index: 0, windowId: 1, url: LISTING } };
const extensionPage = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/library.html') };

/** Sends `message` as `sender` to the background's listener and waits for its answer. */
async function send(message: unknown, sender: object): Promise<any> {
  let answer: (value: unknown) => void = () => undefined;
  const answered = new Promise((resolve) => (answer = resolve));
  const results = await fakeBrowser.runtime.onMessage.trigger(message, sender, answer);
  expect(results).toContain(true); // the listener answers asynchronously
  return answered;
}

beforeAll(async () => {
  fakeBrowser.reset();
  // fakeBrowser has no commands or permissions events: generic mode's listeners (background.ts) get stand-ins.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  const background = (await import('../../../entrypoints/background.ts')).default;
  background.main();
});

let told: ReturnType<typeof vi.fn>;
beforeEach(() => {
  // Tabs without a content script reject the change notice: that must not fail a write.
  told = vi.fn().mockRejectedValue(new Error('no receiver'));
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(told as never);
});

describe('background wiring', () => {
  it('saves from a listing, tells the open tabs, then answers a lookup with the saved state', async () => {
    const tab = await fakeBrowser.tabs.create({ url: LISTING });
    const paper = makeCandidate('2401.00001');
    const saved = await send({ type: 'save', paper }, contentScript);
    expect(saved.ok).toBe(true);
    expect(saved.states['arxiv:2401.00001']).toMatchObject({ saved: true });
    await vi.waitFor(() => expect(told).toHaveBeenCalledWith(tab.id, { type: 'changed', keys: ['arxiv:2401.00001'] }));

    const looked = await send({ type: 'lookup', keys: ['arxiv:2401.00001', 'arxiv:2401.00002'] }, contentScript);
    expect(looked.ok).toBe(true);
    expect(looked.states['arxiv:2401.00001']).toMatchObject({ saved: true });
    expect(looked.states['arxiv:2401.00002']).toBeUndefined();
  });

  it('refuses notes and tags from a content script, and accepts them from an extension page', async () => {
    await send({ type: 'save', paper: makeCandidate('2401.00003') }, contentScript);
    const refused = await send({ type: 'setNote', key: 'arxiv:2401.00003', note: 'from the page' }, contentScript);
    expect(refused).toEqual({ ok: false, error: "setNote is only accepted from Dogear's own pages" });
    const peek = await send({ type: 'getNote', key: 'arxiv:2401.00003' }, contentScript);
    expect(peek.ok).toBe(false);

    const written = await send({ type: 'setNote', key: 'arxiv:2401.00003', note: 'mine' }, extensionPage);
    expect(written.ok).toBe(true);
    const read = await send({ type: 'getNote', key: 'arxiv:2401.00003' }, extensionPage);
    expect(read.note).toMatchObject({ note: 'mine' });
  });

  it('refuses a sourced request from an extension page and any request from another extension', async () => {
    const fromPage = await send({ type: 'save', paper: makeCandidate('2401.00004') }, extensionPage);
    expect(fromPage.ok).toBe(false);
    const foreign = await send({ type: 'lookup', keys: [] }, { ...contentScript, id: 'another-extension' });
    expect(foreign).toEqual({ ok: false, error: 'message from another extension refused' });
  });
});

describe('Zotero wiring', () => {
  it('sends a row’s paper to Zotero desktop, answers in words, and flags it in lookups from then on', async () => {
    const zotero = await startZoteroConnectorFake();
    try {
      await fakeBrowser.storage.local.set({ zotero: { desktopUrl: zotero.url } });
      vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
      const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
      const paper = makeCandidate('2401.00031');
      const sent = await send({ type: 'sendToZotero', paper }, contentScript);
      expect(sent).toMatchObject({
        ok: true,
        zotero: { ok: true, message: 'Sent to Zotero (My Library)' },
        states: { 'arxiv:2401.00031': { seen: true, zotero: true } },
      });
      expect(contains).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
      expect([...zotero.sessions.values()].map((session) => session.items[0]?.title)).toEqual(['Paper 2401.00031']);

      const again = await send({ type: 'sendToZotero', paper }, contentScript);
      expect(again.zotero).toEqual({ ok: true, message: 'Already in Zotero' });
      expect(zotero.sessions.size).toBe(1);

      // A save's reply keeps the flag, and a lookup flags a key Dogear has no record of but the index has.
      const saved = await send({ type: 'save', paper }, contentScript);
      expect(saved.states['arxiv:2401.00031']).toMatchObject({ saved: true, zotero: true });
      const db = new AppDB();
      await db.zoteroIndex.put({ paperKey: 'arxiv:2401.00032', itemKey: 'AAAA2222' });
      db.close();
      const looked = await send({ type: 'lookup', keys: ['arxiv:2401.00032', 'arxiv:2401.00033'] }, contentScript);
      expect(looked.states).toEqual({
        'arxiv:2401.00032': { saved: false, seen: false, opened: false, noted: false, zotero: true },
      });

      await zotero.setMode('down');
      const down = await send({ type: 'sendToZotero', paper: makeCandidate('2401.00034') }, contentScript);
      expect(down.zotero).toEqual({
        ok: false,
        message:
          'Zotero is not running. Start Zotero and try again, or send through zotero.org with an API key (Settings › Zotero).',
      });
    } finally {
      await zotero.close();
    }
  });
});
