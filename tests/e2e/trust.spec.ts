/**
 * The background trusts the runtime's sender, not the message (lib/messages.ts sourceFromSender): with the built
 * extension, messages sent from Dogear's own content-script world on a real listing (what a compromised or confused
 * content script could send) cannot choose where a paper was saved from, over-long page text is saved shortened, and
 * the listing's bulk actions undo through the real `storage.session`. The database is read raw afterwards.
 */
import { SHORTENED_MARKER } from '../../lib/paper/model.ts';
import { PAGES, serviceWorker, type ServedPage } from '../support/browser.ts';
import type { ClosedUi } from '../support/closed-ui.ts';
import { expect, test } from './fixtures.ts';
import { dump } from './seed.ts';
import { openLibrary } from './transfer-helpers.ts';

const LONG_TITLE_ID = '2609.22268';
const REAL_TITLE = 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains';
/** The real /new page, with one entry's title made 100,000 characters longer. */
const arxivLongTitle: ServedPage = {
  ...PAGES.arxivNew,
  rewrite: (html) => html.replace(REAL_TITLE, `${REAL_TITLE} ${'W'.repeat(100_000)}`),
};
const HF_PAPER = '2606.28322';
const HF_PAPER_URL = `https://huggingface.co/papers/${HF_PAPER}`;

const candidate = (id: string, title = `Paper ${id}`) => ({
  key: `arxiv:${id}`,
  title,
  authors: ['A. Author'],
  subjects: [],
});

/** The extension APIs the functions below use where they run (a content script, an extension page, the worker). */
interface TabInfo {
  id?: number;
  index: number;
  active: boolean;
  windowId: number;
  openerTabId?: number;
  url?: string;
  pendingUrl?: string;
}
declare const chrome: {
  runtime: { sendMessage(message: object): Promise<unknown> };
  tabs: { query(query: { url?: string; active?: boolean }): Promise<TabInfo[]> };
};

type Reply = { ok: true; states: Record<string, { saved: boolean }> } | { ok: false; error: string };

/** Sends `message` with `chrome.runtime.sendMessage` from Dogear's content-script world in `ui`'s page. */
function send(ui: ClosedUi, message: object): Promise<Reply> {
  return ui.evaluate((message) => chrome.runtime.sendMessage(message) as Promise<Reply>, message);
}

test.describe('on an arXiv listing', () => {
  test.use({ served: { pages: [arxivLongTitle] } });

  test('a forged source is refused, a save records the real tab, a long title is saved shortened, bulk saves undo', async ({
    dogear,
  }) => {
    const page = await dogear.open(arxivLongTitle);
    const ui = await dogear.ui(page);
    const evil = { site: 'zotero', url: 'https://evil.example/' };

    // A message naming its own source is refused whole, whatever the request.
    for (const message of [
      { type: 'save', paper: candidate('2609.22287'), source: evil },
      { type: 'saveMany', papers: [candidate('2609.22287')], markId: crypto.randomUUID(), source: evil },
      { type: 'markSeen', papers: [candidate('2609.22287')], source: evil },
      { type: 'markOpened', paper: candidate('2609.22287'), source: evil },
    ]) {
      expect(await send(ui, message), message.type).toEqual({
        ok: false,
        error: expect.stringContaining('invalid message'),
      });
    }
    // An over-long title sent as is still meets the background's schema, which refuses it.
    expect(await send(ui, { type: 'save', paper: candidate('2609.22287', 'x'.repeat(100_000)) })).toMatchObject({
      ok: false,
    });

    // A plain save is stored with the tab's real address and the site of the adapter that matches it.
    expect(await send(ui, { type: 'save', paper: candidate('2609.22287') })).toMatchObject({
      ok: true,
      states: { 'arxiv:2609.22287': { saved: true } },
    });

    // The row with the 100,000-character title, saved with its own button: the content script reads it shortened.
    const controls = `dt[data-dogear-id="arxiv:${LONG_TITLE_ID}"] [data-dogear-ui]`;
    await ui.click(controls, 'button.save');
    await expect.poll(async () => (await ui.one(controls, 'button.save')).attributes['aria-pressed']).toBe('true');

    // Save selected / Save all new, then Undo: the papers it created are gone again. Ids the page does not show, so
    // no sighting of the page's own can touch them between the two (that would rightly refuse the undo).
    const markId = crypto.randomUUID();
    const bulk = ['2609.99991', '2609.99992'];
    expect(await send(ui, { type: 'saveMany', papers: bulk.map((id) => candidate(id)), markId })).toMatchObject({
      ok: true,
    });
    expect(await send(ui, { type: 'undo', markId })).toEqual({
      ok: true,
      states: Object.fromEntries(
        bulk.map((id) => [`arxiv:${id}`, { saved: false, seen: false, opened: false, noted: false }]),
      ),
    });
    expect(await send(ui, { type: 'undo', markId })).toEqual({
      ok: false,
      error: expect.stringContaining('no longer remembered'),
    });

    const libraryPage = await openLibrary(dogear, 'papers');
    const { papers, sightings } = await dump(libraryPage);
    expect(JSON.stringify({ papers, sightings })).not.toMatch(/evil\.example|zotero/);
    // Saved: exactly the two saves (rows read on screen are recorded as seen meanwhile, unsaved).
    const saved = papers.filter((paper) => paper.savedAt !== undefined).map((paper) => paper.key);
    expect(saved.sort()).toEqual([`arxiv:${LONG_TITLE_ID}`, 'arxiv:2609.22287']);
    expect(papers.filter((paper) => bulk.some((id) => paper.key === `arxiv:${id}`))).toEqual([]);
    const plain = papers.find((paper) => paper.key === 'arxiv:2609.22287')!;
    expect(plain.savedFrom).toEqual({ site: 'arxiv-listing', url: PAGES.arxivNew.url });
    const long = papers.find((paper) => paper.key === `arxiv:${LONG_TITLE_ID}`)!;
    expect(long.title).toHaveLength(2000);
    expect(long.title.startsWith(`${REAL_TITLE} WWW`)).toBe(true);
    expect(long.title.endsWith(SHORTENED_MARKER)).toBe(true);
    expect(long.savedFrom).toEqual({ site: 'arxiv-listing', url: PAGES.arxivNew.url });

    // Dogear's own pages never send listing requests, and cannot.
    expect(
      await libraryPage.evaluate(() =>
        chrome.runtime.sendMessage({
          type: 'save',
          paper: { key: 'arxiv:2609.22366', title: 'T', authors: [], subjects: [] },
        }),
      ),
    ).toEqual({
      ok: false,
      error: 'refused: chrome-extension: pages are not listings',
    });
  });
});

test.describe('on a Hugging Face listing', () => {
  test.use({ served: { pages: [PAGES.hfDaily] } });

  test('openPaper opens the Hugging Face page in a background tab next to the listing, and records the open', async ({
    dogear,
  }) => {
    await dogear.context.route(HF_PAPER_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>paper</title>' }),
    );
    const page = await dogear.open(PAGES.hfDaily);
    const ui = await dogear.ui(page);
    const worker = await serviceWorker(dogear.context);
    const listing = await worker.evaluate(
      async () => (await chrome.tabs.query({ url: 'https://huggingface.co/papers' }))[0]!,
    );
    const activeTab = () => worker.evaluate(async () => (await chrome.tabs.query({ active: true }))[0]?.id);
    const activeBefore = await activeTab();

    expect(await send(ui, { type: 'openPaper', paper: candidate(HF_PAPER) })).toMatchObject({ ok: true });
    const openedTab = () =>
      worker.evaluate(async (opener) => {
        const tab = (await chrome.tabs.query({})).find((tab) => tab.openerTabId === opener);
        return tab && { url: tab.pendingUrl ?? tab.url, index: tab.index, active: tab.active, windowId: tab.windowId };
      }, listing.id!);
    await expect
      .poll(openedTab)
      .toEqual({ url: HF_PAPER_URL, index: listing.index + 1, active: false, windowId: listing.windowId });
    expect(await activeTab()).toBe(activeBefore); // triage keeps its place

    const { papers, sightings } = await dump(await openLibrary(dogear, 'papers'));
    // Rows read on screen are recorded too (dwell sightings); every record carries the listing's real address.
    expect(papers.find((paper) => paper.key === `arxiv:${HF_PAPER}`)).toMatchObject({ openedAt: expect.any(Number) });
    expect(sightings.filter((sighting) => sighting.paperKey === `arxiv:${HF_PAPER}`).length).toBeGreaterThan(0);
    expect(new Set(sightings.map(({ site, url }) => JSON.stringify({ site, url })))).toEqual(
      new Set([JSON.stringify({ site: 'huggingface', url: PAGES.hfDaily.url })]),
    );
  });
});
