/**
 * The popup in a real Chromium with the built extension: field-prefix search, filters and sort, copying BibTeX,
 * editing notes and tags (an open listing tab follows), unsave with undo, the keyboard, a hostile title, and the
 * virtualized list.
 *
 * Papers are seeded with raw IndexedDB from the popup page (the extension's origin), after the popup's Dexie has
 * created the schema, then the popup is reloaded; the listing flows save on the real captured arXiv /new page instead.
 */
import { readFileSync } from 'node:fs';
import { withStateCode } from '../../lib/db/state-index.ts';
import type { Locator, Page } from '@playwright/test';
import type { Paper } from '../../lib/paper/model.ts';
import { adapters } from '../../lib/sites/registry.ts';
import { PAGES } from '../support/browser.ts';
import { expect, test, type Dogear } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;

function paper(fields: Partial<Paper> & Pick<Paper, 'key' | 'title'>): Paper {
  return { authors: [], subjects: [], createdAt: NOW - 100 * HOUR, updatedAt: NOW - 100 * HOUR, firstSeenAt: NOW - 50 * HOUR, ...fields };
}

const GNN = paper({
  key: 'arxiv:2401.00001',
  title: 'Graph neural networks for crystal structure prediction',
  authors: ['Ada Lovelace', 'José Müller'],
  published: '2024-01-02',
  savedAt: NOW - 1 * HOUR,
  savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
  tags: ['gnn', 'cs/LG'],
  note: 'Compare with the DFT baseline in section 4.',
});
const DIFFUSION = paper({
  key: 'arxiv:2305.00002',
  title: 'Diffusion models for materials discovery',
  authors: ['Grace Hopper'],
  published: '2023-05-10',
  savedAt: NOW - 2 * HOUR,
  savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new' },
  tags: ['diffusion'],
  lastSeenAt: NOW - 1 * HOUR,
});
/** No published date: its year comes from the id (2020). Seen at v2, v3 is out: `updated`. */
const TRANSFORMERS = paper({
  key: 'arxiv:2012.00003',
  title: 'Attention in condensed matter',
  authors: ['Alan Turing'],
  savedAt: NOW - 3 * HOUR,
  savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cond-mat/new' },
  latestVersion: 3,
  seenVersion: 2,
});
const HOSTILE = paper({
  key: 'arxiv:2402.00004',
  title: '<img src=x onerror="window.__pwned=1">Hostile <b>title</b>',
  authors: ['<script>window.__pwned=2</script>Mallory'],
  savedAt: NOW - 4 * HOUR,
  savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
});
const DOI = paper({
  key: 'doi:10.1000/xyz123',
  title: 'Zeolite catalysis, a DOI-only paper',
  authors: ['Rosalind Franklin'],
  published: '2019-03-01',
  savedAt: NOW - 5 * HOUR,
  savedFrom: { site: 'arxiv-search', url: 'https://arxiv.org/search/?query=x&searchtype=all' },
});
/** In the library (seen), not saved. */
const SEEN_ONLY = paper({ key: 'arxiv:2403.00005', title: 'Seen but never saved', authors: ['Emmy Noether'], lastSeenAt: NOW });

const LIBRARY = [GNN, DIFFUSION, TRANSFORMERS, HOSTILE, DOI, SEEN_ONLY];

test.use({ served: { pages: [PAGES.arxivNew] } });

/** Writes papers with raw IndexedDB from the popup (one transaction), then reloads it. */
async function seed(popup: Page, papers: readonly Paper[]): Promise<void> {
  await popup.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('dogear');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('papers', 'readwrite');
    for (const record of records) tx.objectStore('papers').put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, papers.map(withStateCode)); // as Dexie stores them: with the row-state index field (lib/db/state-index.ts)
  await popup.reload();
  await popup.locator('main.popup:not([aria-busy])').waitFor();
}

async function seededPopup(dogear: Dogear, papers: readonly Paper[] = LIBRARY): Promise<Page> {
  const popup = await dogear.popup();
  await seed(popup, papers);
  return popup;
}

const keysOf = (popup: Page): Promise<(string | null)[]> =>
  popup.locator('li.paper').evaluateAll((items) => items.map((item) => item.getAttribute('data-key')));

async function clipboardText(popup: Page): Promise<string> {
  return popup.evaluate(() => navigator.clipboard.readText());
}

/**
 * Opens the real arXiv /new capture with the DOM contract's state attributes on (`pageStateAttributes`, a user
 * setting; off by default, when the page cannot tell one paper's state from another's), and saves one entry with a
 * real click on its Save button, inside Dogear's closed shadow root.
 */
async function listingWithSave(dogear: Dogear, id: string): Promise<{ listing: Page; dt: Locator }> {
  await dogear.setSettings({ pageStateAttributes: true });
  const listing = await dogear.open(PAGES.arxivNew);
  const dt = listing.locator(`dt[data-dogear-id="arxiv:${id}"]`);
  await (await dogear.ui(listing)).click(`dt[data-dogear-id="arxiv:${id}"] [data-dogear-ui]`, 'button.save');
  // Saved, and still new: it was new when the page loaded, and keeps that meaning for the visit.
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved');
  return { listing, dt };
}

async function grantClipboard(dogear: Dogear): Promise<void> {
  // Chromium refuses a grant for the chrome-extension:// origin by name; a grant without origin covers it.
  await dogear.context.grantPermissions(['clipboard-read', 'clipboard-write']);
}

test('prefix search over title, authors, tags, note and year; polite parse errors', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  // The saved collection by default, newest save first; the seen-only paper is not in it.
  expect(await keysOf(popup)).toEqual([GNN.key, DIFFUSION.key, TRANSFORMERS.key, HOSTILE.key, DOI.key]);
  await expect(popup.locator('.count')).toHaveText('5 saved');

  const search = popup.getByRole('searchbox', { name: 'Search saved papers' });
  const expectKeys = async (text: string, keys: string[]): Promise<void> => {
    await search.fill(text);
    await expect.poll(() => keysOf(popup), { message: text }).toEqual(keys);
  };
  await expectKeys('t:graph', [GNN.key]);
  await expectKeys('t:materials', [DIFFUSION.key]);
  await expectKeys('a:muller', [GNN.key]); // accents folded
  await expectKeys('a:hopper', [DIFFUSION.key]);
  await expectKeys('t:hopper', []);
  await expectKeys('tag:lg', [GNN.key]); // a part of cs/LG
  await expectKeys('tag:diff', [DIFFUSION.key]);
  await expectKeys('note:dft', [GNN.key]);
  await expectKeys('note:graph', []);
  await expectKeys('y:2023', [DIFFUSION.key]);
  await expectKeys('y:2020', [TRANSFORMERS.key]); // from the arXiv id
  await expectKeys('y:2019-2023', [DIFFUSION.key, TRANSFORMERS.key, DOI.key]);
  await expectKeys('y:>=2024', [GNN.key, HOSTILE.key]); // HOSTILE has no date: 2024 from its id 2402.…
  await expectKeys('t:"crystal structure" a:lovelace', [GNN.key]);
  await expectKeys('dft', [GNN.key]); // free words search the note too
  await expectKeys('zeolite', [DOI.key]);

  // A term it cannot read is reported and left out; the rest still searches.
  await search.fill('y:abc graph');
  await expect(popup.locator('#search-help')).toContainText('y:abc is not a year');
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key]);

  await search.fill('no such words anywhere');
  await expect(popup.locator('li.paper')).toHaveCount(0);
  await expect(popup.locator('.empty')).toContainText('No saved paper matches “no such words anywhere”');
  await search.fill('');
  await expect(popup.locator('li.paper')).toHaveCount(5);
  await expect(popup.locator('#search-help')).not.toContainText('not a year');
});

test('filters by state, tag and site; sorts by saved, seen, published date and title', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  const show = popup.getByRole('combobox', { name: 'Show' });
  const tag = popup.getByRole('combobox', { name: 'Tag' });
  const site = popup.getByRole('combobox', { name: 'Site' });
  const sort = popup.getByRole('combobox', { name: 'Sort' });

  await show.selectOption({ label: 'All papers' });
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key, DIFFUSION.key, TRANSFORMERS.key, HOSTILE.key, DOI.key, SEEN_ONLY.key]);
  await expect(popup.locator('.count')).toHaveText('5 saved · 6 shown');
  await show.selectOption({ label: 'Not saved' });
  await expect.poll(() => keysOf(popup)).toEqual([SEEN_ONLY.key]);
  await show.selectOption({ label: 'New version' });
  await expect.poll(() => keysOf(popup)).toEqual([TRANSFORMERS.key]);
  await show.selectOption({ label: 'Saved, with a note' });
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key]);
  await show.selectOption({ label: 'Saved' });

  // The tag choices are the library's tags with their counts.
  await expect(tag.locator('option')).toHaveText(['Any tag', 'cs/LG (1)', 'diffusion (1)', 'gnn (1)']);
  await tag.selectOption({ label: 'diffusion (1)' });
  await expect.poll(() => keysOf(popup)).toEqual([DIFFUSION.key]);
  await tag.selectOption({ label: 'Any tag' });

  // The popup keeps its own copy of the adapters' labels (importing them would load the parsers): they must agree.
  const label = (id: string): string => adapters.find((adapter) => adapter.id === id)!.label;
  await expect(site.locator('option')).toHaveText(['Any site', label('arxiv-listing'), label('arxiv-search'), label('huggingface')]);
  await site.selectOption({ label: 'arXiv listings' });
  await expect.poll(() => keysOf(popup)).toEqual([DIFFUSION.key, TRANSFORMERS.key]);
  await site.selectOption({ label: 'Hugging Face Papers' });
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key, HOSTILE.key]);
  await site.selectOption({ label: 'Any site' });

  await sort.selectOption({ label: 'Saved, oldest' });
  await expect.poll(() => keysOf(popup)).toEqual([DOI.key, HOSTILE.key, TRANSFORMERS.key, DIFFUSION.key, GNN.key]);
  await sort.selectOption({ label: 'Published, newest' });
  // 2024-02 (from the id), 2024-01-02, 2023-05-10, 2020-12 (from the id), 2019-03-01.
  await expect.poll(() => keysOf(popup)).toEqual([HOSTILE.key, GNN.key, DIFFUSION.key, TRANSFORMERS.key, DOI.key]);
  await sort.selectOption({ label: 'Seen, latest' });
  // lastSeenAt else firstSeenAt: DIFFUSION was seen an hour ago, the others 50 hours ago (ties by key).
  expect((await keysOf(popup))[0]).toBe(DIFFUSION.key);
  await sort.selectOption({ label: 'Title, A–Z' });
  await expect.poll(() => keysOf(popup)).toEqual([HOSTILE.key, TRANSFORMERS.key, DIFFUSION.key, GNN.key, DOI.key]);

  // Search and filters combine.
  await popup.getByRole('searchbox', { name: 'Search saved papers' }).fill('a:lovelace');
  await show.selectOption({ label: 'Not saved' });
  await expect(popup.locator('.empty')).toContainText('No paper matches “a:lovelace”');
});

test('per-paper links, and BibTeX copied to the clipboard with a stable cite key', async ({ dogear }) => {
  await grantClipboard(dogear);
  const popup = await seededPopup(dogear);
  const row = popup.locator(`li.paper[data-key="${GNN.key}"]`);
  await expect(row.getByRole('link', { name: 'Open on arXiv' })).toHaveAttribute('href', 'https://arxiv.org/abs/2401.00001');
  await expect(row.getByRole('link', { name: 'Open on Hugging Face' })).toHaveAttribute('href', 'https://huggingface.co/papers/2401.00001');
  await expect(row.getByRole('link', { name: 'Open on alphaXiv' })).toHaveAttribute('href', 'https://www.alphaxiv.org/abs/2401.00001');
  const doiRow = popup.locator(`li.paper[data-key="${DOI.key}"]`);
  await expect(doiRow.getByRole('link', { name: 'Open via DOI' })).toHaveAttribute('href', 'https://doi.org/10.1000/xyz123');
  await expect(doiRow.getByRole('link', { name: 'Open on arXiv' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Copy BibTeX' }).click();
  await expect(popup.locator('.status')).toContainText('Copied BibTeX for lovelace2024graph');
  const bibtex = await clipboardText(popup);
  expect(bibtex).toMatch(/^@misc\{lovelace2024graph,$/m);
  expect(bibtex).toContain('eprint = {2401.00001}');
  expect(bibtex).toContain('archivePrefix = {arXiv}');
  expect(bibtex).toContain('M{\\"u}ller');

  // The key was persisted on first copy: the same key comes back after a reload.
  await popup.reload();
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  const stored = await popup.evaluate(
    (key) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('dogear');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('papers').objectStore('papers').get(key);
          request.onsuccess = () => resolve((request.result as { citeKey?: string }).citeKey);
        };
      }),
    GNN.key,
  );
  expect(stored).toBe('lovelace2024graph');
});

test('edit note and tags in the popup: the row and the open listing tab follow; unsave and undo', async ({ dogear }) => {
  const { listing, dt } = await listingWithSave(dogear, '2609.22268');

  const popup = await dogear.popup();
  const row = popup.locator('li.paper[data-key="arxiv:2609.22268"]');
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Note & tags' }).click();
  const note = row.getByRole('textbox', { name: 'Note (Markdown)' });
  await expect(note).toBeFocused();
  await note.fill('Check the phonon spectrum in Fig. 3');
  await row.getByRole('textbox', { name: 'Tags (comma-separated)' }).fill('phonons, to read, To Read');
  await row.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);
  await expect(row.locator('.noted')).toHaveText('note');
  await expect(row).toBeFocused(); // the editor closed, focus went back to the row
  // The listing tab shows the note mark within a second, without a reload; the note text stays out of its DOM.
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved noted', { timeout: 1_000 });
  expect(await listing.content()).not.toContain('phonon spectrum');

  // Search finds the new note and tag at once.
  const search = popup.getByRole('searchbox', { name: 'Search saved papers' });
  await search.fill('note:phonon tag:to');
  await expect(popup.locator('li.paper')).toHaveCount(1);
  await search.fill('');

  // Clearing the note removes the mark again.
  await row.getByRole('button', { name: 'Note & tags' }).click();
  await row.getByRole('textbox', { name: 'Note (Markdown)' }).fill('');
  await row.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved', { timeout: 1_000 });
  await expect(row.locator('.noted')).toHaveCount(0);
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);

  // Unsave: gone from the popup and unmarked on the listing; Undo brings both back with note and tags intact.
  await row.getByRole('button', { name: 'Unsave' }).click();
  await expect(row).toHaveCount(0);
  await expect(dt).toHaveAttribute('data-dogear-state', 'new', { timeout: 1_000 });
  const undo = popup.locator('.undo');
  await expect(undo).toContainText('Unsaved “');
  await undo.getByRole('button', { name: 'Undo' }).click();
  await expect(row).toHaveCount(1);
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved', { timeout: 1_000 });
  await expect(undo).toHaveCount(0);
});

test('a paper saved on a listing while the popup is open appears in it, without a reload', async ({ dogear }) => {
  const popup = await seededPopup(dogear, [GNN]);
  await listingWithSave(dogear, '2609.22268');
  // The background wrote it; Dexie relays the change to the popup, which re-reads just that key.
  await expect.poll(() => keysOf(popup), { timeout: 2_000 }).toEqual(['arxiv:2609.22268', GNN.key]);
  await expect(popup.locator('.count')).toHaveText('2 saved');
  await popup.getByRole('searchbox', { name: 'Search saved papers' }).fill('a:lovelace');
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key]);
});

test('the Undo bar leaves after about eight seconds and the unsave stays', async ({ dogear }) => {
  const popup = await seededPopup(dogear, [GNN, DIFFUSION]);
  await popup.locator(`li.paper[data-key="${GNN.key}"]`).getByRole('button', { name: 'Unsave' }).click();
  await expect(popup.locator('.undo')).toBeVisible();
  await expect(popup.locator('.undo')).toHaveCount(0, { timeout: 10_000 });
  expect(await keysOf(popup)).toEqual([DIFFUSION.key]);
  await popup.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Not saved' });
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key]); // unsaved, the record and its note kept
});

test('keyboard: / focuses search, arrows and j/k move, Enter opens, c copies, e edits, Escape leaves, u unsaves', async ({ dogear }) => {
  await grantClipboard(dogear);
  const popup = await seededPopup(dogear);
  const rows = popup.locator('li.paper');
  const current = popup.locator('li.paper.current');
  const search = popup.getByRole('searchbox', { name: 'Search saved papers' });

  await popup.locator('h1').click();
  await popup.keyboard.press('/');
  await expect(search).toBeFocused();
  await expect(current).toHaveAttribute('data-key', GNN.key);
  // From the search box, arrows move the current row and focus stays in the box.
  await popup.keyboard.press('ArrowDown');
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(search).toBeFocused();
  await popup.keyboard.press('ArrowUp');
  await expect(current).toHaveAttribute('data-key', GNN.key);

  // Tab leaves the box and enters the list at the current row (roving tabindex: one row in the Tab order).
  await expect(rows.and(popup.locator('[tabindex="0"]'))).toHaveCount(1);
  await rows.first().focus();
  await popup.keyboard.press('j');
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(current).toBeFocused();
  await popup.keyboard.press('ArrowDown');
  await expect(current).toHaveAttribute('data-key', TRANSFORMERS.key);
  await expect(current).toBeFocused();
  await popup.keyboard.press('k');
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(current).toHaveAttribute('tabindex', '0');

  // Enter opens the paper on arXiv in a new tab.
  await dogear.context.route('https://arxiv.org/abs/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>abs</title>' }));
  const [tab] = await Promise.all([dogear.context.waitForEvent('page'), popup.keyboard.press('Enter')]);
  await expect.poll(() => tab.url()).toContain('arxiv.org/abs/2305.00002');
  await tab.close();
  await popup.bringToFront();
  await current.focus();

  await popup.keyboard.press('c');
  await expect(popup.locator('.status')).toContainText('Copied BibTeX for hopper2023diffusion');
  expect(await clipboardText(popup)).toContain('eprint = {2305.00002}');

  // e opens the editor on the note; typing goes into it (no shortcut fires); Escape leaves without saving.
  await popup.keyboard.press('e');
  const note = current.getByRole('textbox', { name: 'Note (Markdown)' });
  await expect(note).toBeFocused();
  await expect(note).toHaveValue('');
  await popup.keyboard.type('jk u c');
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await popup.keyboard.press('Escape');
  await expect(note).toHaveCount(0);
  await expect(current).toBeFocused();
  await expect(current.locator('.noted')).toHaveCount(0);

  // u unsaves the current row; the next one becomes current.
  await popup.keyboard.press('u');
  await expect(popup.locator('.undo')).toContainText('Diffusion models for materials discovery');
  await expect.poll(() => keysOf(popup)).toEqual([GNN.key, TRANSFORMERS.key, HOSTILE.key, DOI.key]);
  await expect(current).toHaveAttribute('data-key', TRANSFORMERS.key);
});

test('a hostile title and author list stay text', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  const row = popup.locator(`li.paper[data-key="${HOSTILE.key}"]`);
  await expect(row.locator('.title')).toHaveText(HOSTILE.title);
  await expect(row.locator('.byline')).toContainText('<script>window.__pwned=2</script>Mallory');
  await expect(row.locator('img, b, script')).toHaveCount(0);
  expect(await popup.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await popup.getByRole('searchbox', { name: 'Search saved papers' }).fill('t:hostile');
  await expect(popup.locator('li.paper .title')).toHaveText(HOSTILE.title);
});

test('the list is virtualized: 3,000 saved papers, a few rows in the DOM, every one reachable', async ({ dogear }) => {
  const many: Paper[] = Array.from({ length: 3000 }, (_, i) =>
    paper({
      key: `arxiv:2501.${String(10000 + i)}`,
      title: `Paper number ${i}`,
      authors: [`Author ${i % 17}`],
      savedAt: NOW - i * 1000,
      savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs/new' },
    }),
  );
  const popup = await seededPopup(dogear, many);
  await expect(popup.locator('.count')).toHaveText('3000 saved');
  const count = await popup.locator('li.paper').count();
  expect(count).toBeGreaterThan(3);
  expect(count).toBeLessThan(20);
  // The popup stays within 380 × 600.
  const box = await popup.locator('main.popup').boundingBox();
  expect(box!.width).toBe(380);
  expect(box!.height).toBeLessThanOrEqual(600);

  await popup.locator('li.paper').first().focus();
  await popup.keyboard.press('End');
  await expect(popup.locator('li.paper.current')).toHaveAttribute('data-key', 'arxiv:2501.12999');
  await expect(popup.locator('li.paper.current')).toBeFocused();
  await expect(popup.locator('li.paper.current')).toHaveAttribute('aria-posinset', '3000');
  await expect(popup.locator('li.paper.current')).toHaveAttribute('aria-setsize', '3000');
  expect(await popup.locator('li.paper').count()).toBeLessThan(20);

  await popup.locator('.scroller').evaluate((scroller) => {
    scroller.scrollTop = 1500 * 108;
  });
  await expect(popup.locator('li.paper[data-key="arxiv:2501.11500"]')).toBeVisible();

  await popup.getByRole('searchbox', { name: 'Search saved papers' }).fill('t:"number 2999"');
  await expect.poll(() => keysOf(popup)).toEqual(['arxiv:2501.12999']);
});

test('the first rows are read by the early classic script, before the popup module runs', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  // Which script opened the database first: an async classic script is document.currentScript while it runs; a
  // module never is.
  await popup.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      const scope = window as unknown as { __firstOpenBy?: string };
      scope.__firstOpenBy ??= (document.currentScript as HTMLScriptElement | null)?.src ?? 'a module';
      return open.apply(this, args);
    };
  });
  await popup.reload();
  await expect(popup.locator('li.paper').first()).toContainText(GNN.title);
  const openedBy = await popup.evaluate(() => (window as unknown as { __firstOpenBy?: string }).__firstOpenBy);
  expect(openedBy).toMatch(/^chrome-extension:\/\/[a-p]{32}\/popup-first-read\.js$/);
});

test('Export BibTeX downloads the papers shown, then keeps their new cite keys, which later exports reuse', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  await popup.locator('input[type="search"]').fill('t:diffusion');
  await expect(popup.locator('li.paper')).toHaveCount(1);
  const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export BibTeX' }).click()]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.match(/^@misc\{/gm)).toHaveLength(1);
  const citeKey = /^@misc\{([^,]+),/m.exec(text)![1]!;
  await expect(popup.locator('p.status')).toHaveText('Exported 1 paper; 1 new cite key kept for later exports.');
  const stored = await popup.evaluate(
    (key) =>
      new Promise<string | undefined>((resolve, reject) => {
        const open = indexedDB.open('dogear');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('papers').objectStore('papers').get(key);
          request.onsuccess = () => resolve((request.result as { citeKey?: string } | undefined)?.citeKey);
          request.onerror = () => reject(request.error);
        };
      }),
    DIFFUSION.key,
  );
  expect(stored).toBe(citeKey);
  // The copy button of the same paper uses the kept key.
  await grantClipboard(dogear);
  await popup.locator('li.paper').first().getByRole('button', { name: 'Copy BibTeX' }).click();
  await expect(popup.locator('p.status')).toHaveText(`Copied BibTeX for ${citeKey}.`);
});
