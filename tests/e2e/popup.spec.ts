/**
 * The popup in a real Chromium with the built extension: field-prefix search and why each result matched, filters and
 * sort, copying BibTeX, the note panel (an open listing tab follows), unsave with undo (its timer driven by
 * `page.clock`), the keyboard from the search box into the list, the layout at 380 px, a hostile title, and the
 * windowed list.
 *
 * Papers are seeded with the suite's one seeding fixture (tests/e2e/seed.ts: raw IndexedDB from the popup page, the
 * extension's origin), then the popup is reloaded; the listing flows save on the real captured arXiv /new page instead.
 * Every page detail goes through the page object (tests/e2e/pages/popup.ts).
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { Paper } from '../../lib/paper/model.ts';
import { adapters } from '../../lib/sites/registry.ts';
import { PAGES } from '../support/browser.ts';
import { makePaper } from '../support/papers.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { PopupPage } from './pages/popup.ts';
import { seed } from './seed.ts';

const NOW = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;

/** makePaper with these tests' clock: created long ago, first seen two days before NOW, no authors unless given. */
const libraryPaper = (key: string, fields: Partial<Paper>): Paper =>
  makePaper(key, {
    authors: [],
    createdAt: NOW - 100 * HOUR,
    updatedAt: NOW - 100 * HOUR,
    firstSeenAt: NOW - 50 * HOUR,
    ...fields,
  });

const GNN = libraryPaper('arxiv:2401.00001', {
  title: 'Graph neural networks for crystal structure prediction',
  authors: ['Ada Lovelace', 'José Müller', 'Alan Kay', 'Barbara Liskov', 'Edsger Dijkstra'],
  published: '2024-01-02',
  savedAt: NOW - 1 * HOUR,
  savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
  tags: ['gnn', 'cs/LG'],
  note: 'Compare with the DFT baseline in section 4.',
});
const DIFFUSION = libraryPaper('arxiv:2305.00002', {
  title: 'Diffusion models for materials discovery',
  authors: ['Grace Hopper'],
  published: '2023-05-10',
  savedAt: NOW - 2 * HOUR,
  savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new' },
  tags: ['diffusion'],
  lastSeenAt: NOW - 1 * HOUR,
});
/** No published date: its year comes from the id (2020). Seen at v2, v3 is out: `updated`. */
const TRANSFORMERS = libraryPaper('arxiv:2012.00003', {
  title: 'Attention in condensed matter',
  authors: ['Alan Turing'],
  savedAt: NOW - 3 * HOUR,
  savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cond-mat/new' },
  latestVersion: 3,
  seenVersion: 2,
});
const HOSTILE = libraryPaper('arxiv:2402.00004', {
  title: '<img src=x onerror="window.__pwned=1">Hostile <b>title</b>',
  authors: ['<script>window.__pwned=2</script>Mallory'],
  savedAt: NOW - 4 * HOUR,
  savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
});
const DOI = libraryPaper('doi:10.1000/xyz123', {
  title: 'Zeolite catalysis, a DOI-only paper',
  authors: ['Rosalind Franklin'],
  published: '2019-03-01',
  savedAt: NOW - 5 * HOUR,
  savedFrom: { site: 'arxiv-search', url: 'https://arxiv.org/search/?query=x&searchtype=all' },
});
/** In the library (seen), not saved. */
const SEEN_ONLY = libraryPaper('arxiv:2403.00005', {
  title: 'Seen but never saved',
  authors: ['Emmy Noether'],
  lastSeenAt: NOW,
});

const LIBRARY = [GNN, DIFFUSION, TRANSFORMERS, HOSTILE, DOI, SEEN_ONLY];

test.use({ served: { pages: [PAGES.arxivNew] } });

async function seededPopup(dogear: Dogear, papers: readonly Paper[] = LIBRARY, width?: number): Promise<PopupPage> {
  const popup = await PopupPage.open(dogear, width === undefined ? {} : { width });
  await seed(popup.page, papers);
  await popup.loaded();
  return popup;
}

/**
 * Opens the real arXiv /new capture with the DOM contract's state attributes on (`pageStateAttributes`, a user setting;
 * off by default, when the page cannot tell one paper's state from another's), and saves one entry with a real click on
 * its Save button, inside Dogear's closed shadow root.
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
  expect(await popup.keys()).toEqual([GNN.key, DIFFUSION.key, TRANSFORMERS.key, HOSTILE.key, DOI.key]);
  await expect(popup.count).toHaveText('5 saved');

  const search = popup.search;
  const expectKeys = async (text: string, keys: string[]): Promise<void> => {
    await search.fill(text);
    await expect.poll(() => popup.keys(), { message: text }).toEqual(keys);
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
  await expect(popup.searchHelp).toContainText('y:abc is not a year');
  await expect.poll(() => popup.keys()).toEqual([GNN.key]);

  await search.fill('no such words anywhere');
  await expect(popup.rows).toHaveCount(0);
  await expect(popup.empty).toContainText('No saved paper matches “no such words anywhere”');
  await search.fill('');
  await expect(popup.rows).toHaveCount(5);
  await expect(popup.searchHelp).not.toContainText('not a year');
});

test('filters by state, tag and site; sorts by saved, seen, published date and title', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  const show = popup.menu('Show');
  const tag = popup.menu('Tag');
  const site = popup.menu('Site');
  const sort = popup.menu('Sort');

  await show.selectOption({ label: 'All papers' });
  await expect
    .poll(() => popup.keys())
    .toEqual([GNN.key, DIFFUSION.key, TRANSFORMERS.key, HOSTILE.key, DOI.key, SEEN_ONLY.key]);
  await expect(popup.count).toHaveText('5 saved · 6 shown');
  await show.selectOption({ label: 'Not saved' });
  await expect.poll(() => popup.keys()).toEqual([SEEN_ONLY.key]);
  await show.selectOption({ label: 'New version' });
  await expect.poll(() => popup.keys()).toEqual([TRANSFORMERS.key]);
  await show.selectOption({ label: 'Saved, with a note' });
  await expect.poll(() => popup.keys()).toEqual([GNN.key]);
  await show.selectOption({ label: 'Saved' });

  // The tag choices are the library's tags with their counts.
  await expect(tag.locator('option')).toHaveText(['Any tag', 'cs/LG (1)', 'diffusion (1)', 'gnn (1)']);
  await tag.selectOption({ label: 'diffusion (1)' });
  await expect.poll(() => popup.keys()).toEqual([DIFFUSION.key]);
  await tag.selectOption({ label: 'Any tag' });

  // The popup keeps its own copy of the adapters' labels (importing them would load the parsers): they must agree.
  const label = (id: string): string => adapters.find((adapter) => adapter.id === id)!.label;
  await expect(site.locator('option')).toHaveText([
    'Any site',
    label('arxiv-listing'),
    label('arxiv-search'),
    label('huggingface'),
  ]);
  await site.selectOption({ label: 'arXiv listings' });
  await expect.poll(() => popup.keys()).toEqual([DIFFUSION.key, TRANSFORMERS.key]);
  await site.selectOption({ label: 'Hugging Face Papers' });
  await expect.poll(() => popup.keys()).toEqual([GNN.key, HOSTILE.key]);
  await site.selectOption({ label: 'Any site' });

  await sort.selectOption({ label: 'Saved, oldest' });
  await expect.poll(() => popup.keys()).toEqual([DOI.key, HOSTILE.key, TRANSFORMERS.key, DIFFUSION.key, GNN.key]);
  await sort.selectOption({ label: 'Published, newest' });
  // 2024-02 (from the id), 2024-01-02, 2023-05-10, 2020-12 (from the id), 2019-03-01.
  await expect.poll(() => popup.keys()).toEqual([HOSTILE.key, GNN.key, DIFFUSION.key, TRANSFORMERS.key, DOI.key]);
  await sort.selectOption({ label: 'Seen, latest' });
  // lastSeenAt else firstSeenAt: DIFFUSION was seen an hour ago, the others 50 hours ago (ties by key).
  await expect.poll(async () => (await popup.keys())[0]).toBe(DIFFUSION.key);
  await sort.selectOption({ label: 'Title, A–Z' });
  await expect.poll(() => popup.keys()).toEqual([HOSTILE.key, TRANSFORMERS.key, DIFFUSION.key, GNN.key, DOI.key]);

  // Search and filters combine.
  await popup.search.fill('a:lovelace');
  await show.selectOption({ label: 'Not saved' });
  await expect(popup.empty).toContainText('No paper matches “a:lovelace”');
});

test('per-paper links, and BibTeX copied to the clipboard with a stable cite key', async ({ dogear }) => {
  await grantClipboard(dogear);
  const popup = await seededPopup(dogear);
  const row = popup.row(GNN.key);
  await expect(row.getByRole('link', { name: 'Open on arXiv' })).toHaveAttribute(
    'href',
    'https://arxiv.org/abs/2401.00001',
  );
  await expect(row.getByRole('link', { name: 'Open on Hugging Face' })).toHaveAttribute(
    'href',
    'https://huggingface.co/papers/2401.00001',
  );
  await expect(row.getByRole('link', { name: 'Open on alphaXiv' })).toHaveAttribute(
    'href',
    'https://www.alphaxiv.org/abs/2401.00001',
  );
  const doiRow = popup.row(DOI.key);
  await expect(doiRow.getByRole('link', { name: 'Open via DOI' })).toHaveAttribute(
    'href',
    'https://doi.org/10.1000/xyz123',
  );
  await expect(doiRow.getByRole('link', { name: 'Open on arXiv' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Copy BibTeX' }).click();
  await expect(popup.status).toContainText('Copied BibTeX for lovelace2024graph');
  const bibtex = await popup.clipboard();
  expect(bibtex).toMatch(/^@misc\{lovelace2024graph,$/m);
  expect(bibtex).toContain('eprint = {2401.00001}');
  expect(bibtex).toContain('archivePrefix = {arXiv}');
  expect(bibtex).toContain('M{\\"u}ller');

  // The key was persisted on first copy: the same key comes back after a reload.
  await popup.reload();
  expect((await popup.stored(GNN.key))?.citeKey).toBe('lovelace2024graph');
});

test('the note panel: room for the note, Save and Cancel in view; the row and the open listing tab follow; unsave and undo', async ({
  dogear,
}) => {
  const { listing, dt } = await listingWithSave(dogear, '2609.22268');

  const popup = await PopupPage.open(dogear);
  const key = 'arxiv:2609.22268';
  const row = popup.row(key);
  await expect(row).toHaveCount(1);
  await popup.openNote(key);
  // A panel over the popup, not a strip inside the 108 px row: the note field has room, the buttons are in view.
  const panel = popup.notePanel;
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(/\S/);
  expect((await panel.boundingBox())!.height).toBeGreaterThanOrEqual(400);
  expect((await popup.noteField.boundingBox())!.height).toBeGreaterThanOrEqual(150);
  await expect(panel.getByRole('button', { name: 'Save', exact: true })).toBeInViewport();
  await expect(panel.getByRole('button', { name: 'Close' })).toBeInViewport();
  await expect(popup.noteField).toBeFocused();
  // The list behind the panel is inert: its buttons cannot be reached.
  expect(await row.evaluate((element) => element.closest('[inert]') !== null)).toBe(true);

  await popup.saveNote({ note: 'Check the phonon spectrum in Fig. 3', tags: 'phonons, to read, To Read' });
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);
  await expect(row.locator('.noted')).toHaveText('note');
  await expect(row).toBeFocused(); // the panel closed, focus went back to the row
  await expect(popup.status).toHaveText('Note and tags saved.');
  // The listing tab shows the note mark within a second, without a reload; the note text stays out of its DOM.
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved noted', { timeout: 1_000 });
  expect(await listing.content()).not.toContain('phonon spectrum');

  // Search finds the new note and tag at once.
  await popup.search.fill('note:phonon tag:to');
  await expect(popup.rows).toHaveCount(1);
  await popup.search.fill('');

  // A long note opens at its start, with the caret after it (ready to add a line).
  const lines = Array.from({ length: 60 }, (_, i) => `Line ${i + 1} of a long reading note.`).join('\n');
  await popup.openNote(key);
  await popup.noteField.fill(lines);
  await popup.notePanel.getByRole('button', { name: 'Save', exact: true }).click();
  await popup.notePanel.waitFor({ state: 'detached' });
  await popup.openNote(key);
  await expect(popup.noteField).toHaveValue(lines);
  expect(
    await popup.noteField.evaluate((field: HTMLTextAreaElement) => ({
      top: field.scrollTop,
      caret: field.selectionStart,
    })),
  ).toEqual({
    top: 0,
    caret: lines.length,
  });
  await expect(popup.notePanel.getByRole('button', { name: 'Save', exact: true })).toBeInViewport();

  // Clearing the note removes the mark again.
  await popup.saveNote({ note: '' });
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved', { timeout: 1_000 });
  await expect(row.locator('.noted')).toHaveCount(0);
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);

  // Cancel leaves without writing.
  await popup.openNote(key);
  await popup.tagsField.fill('discarded');
  await popup.notePanel.getByRole('button', { name: 'Cancel' }).click();
  await expect(popup.notePanel).toHaveCount(0);
  await expect(row).toBeFocused();
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);

  // Unsave: gone from the popup and unmarked on the listing; Undo brings both back with note and tags intact.
  await row.getByRole('button', { name: 'Unsave' }).click();
  await expect(row).toHaveCount(0);
  await expect(dt).toHaveAttribute('data-dogear-state', 'new', { timeout: 1_000 });
  await expect(popup.undoBar).toContainText('Unsaved “');
  await popup.undoBar.getByRole('button', { name: 'Undo' }).click();
  await expect(row).toHaveCount(1);
  await expect(row.locator('.tag')).toHaveText(['phonons', 'to read']);
  await expect(dt).toHaveAttribute('data-dogear-state', 'new saved', { timeout: 1_000 });
  await expect(popup.undoBar).toHaveCount(0);
});

test('a paper saved on a listing while the popup is open appears in it, without a reload', async ({ dogear }) => {
  const popup = await seededPopup(dogear, [GNN]);
  await listingWithSave(dogear, '2609.22268');
  await popup.page.bringToFront();
  // The background wrote it; Dexie relays the change to the popup, which re-reads just that key.
  await expect.poll(() => popup.keys(), { timeout: 2_000 }).toEqual(['arxiv:2609.22268', GNN.key]);
  await expect(popup.count).toHaveText('2 saved');
  await popup.search.fill('a:lovelace');
  await expect.poll(() => popup.keys()).toEqual([GNN.key]);
});

test('the Undo bar leaves after eight seconds (the popup clock, not waited out) and the unsave stays', async ({
  dogear,
}) => {
  const popup = await seededPopup(dogear, [GNN, DIFFUSION]);
  // Fake timers from the next load on; time still flows on its own, fastForward jumps it.
  await popup.page.clock.install();
  await popup.reload();
  await popup.row(GNN.key).getByRole('button', { name: 'Unsave' }).click();
  await expect(popup.undoBar).toBeVisible();
  await popup.page.clock.fastForward(7_000);
  await expect(popup.undoBar).toBeVisible(); // not yet: one second to go
  await popup.page.clock.fastForward(1_000);
  await expect(popup.undoBar).toHaveCount(0);
  expect(await popup.keys()).toEqual([DIFFUSION.key]);
  await popup.menu('Show').selectOption({ label: 'Not saved' });
  await expect.poll(() => popup.keys()).toEqual([GNN.key]); // unsaved, the record and its note kept
});

test('keyboard: / focuses search, arrows and j/k move, Enter opens, c copies, e edits, Escape leaves, u unsaves', async ({
  dogear,
}) => {
  await grantClipboard(dogear);
  const popup = await seededPopup(dogear);
  const { page, rows, current, search } = popup;

  await page.locator('h1').click();
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await expect(current).toHaveAttribute('data-key', GNN.key);
  // ↓ from the search box enters the list at the current row; ↑ from the first row goes back to the box.
  await page.keyboard.press('ArrowDown');
  await expect(current).toHaveAttribute('data-key', GNN.key);
  await expect(current).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();

  // One row in the Tab order (roving tabindex), and the grid counts every row, rendered or not.
  await expect(rows.and(page.locator('[tabindex="0"]'))).toHaveCount(1);
  await expect(popup.grid).toHaveAttribute('aria-rowcount', '5');
  await rows.first().focus();
  await page.keyboard.press('j');
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(current).toBeFocused();
  await expect(current).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('ArrowDown');
  await expect(current).toHaveAttribute('data-key', TRANSFORMERS.key);
  await expect(current).toBeFocused();
  await page.keyboard.press('k');
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(current).toHaveAttribute('tabindex', '0');

  // Enter opens the paper on arXiv in a new tab.
  await dogear.context.route('https://arxiv.org/abs/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>abs</title>' }),
  );
  const [tab] = await Promise.all([dogear.context.waitForEvent('page'), page.keyboard.press('Enter')]);
  await expect.poll(() => tab.url()).toContain('arxiv.org/abs/2305.00002');
  await tab.close();
  await page.bringToFront();
  await current.focus();

  await page.keyboard.press('c');
  await expect(popup.status).toContainText('Copied BibTeX for hopper2023diffusion');
  expect(await popup.clipboard()).toContain('eprint = {2305.00002}');

  // e opens the note panel; typing goes into it (no shortcut fires); Escape asks once, then leaves without saving.
  await page.keyboard.press('e');
  await expect(popup.noteField).toBeFocused();
  await expect(popup.noteField).toHaveValue('');
  await page.keyboard.type('jk u c');
  await expect(popup.noteField).toHaveValue('jk u c');
  await page.keyboard.press('Escape');
  await expect(popup.notePanel.getByRole('alert')).toHaveText('Unsaved changes: press Escape again to discard them.');
  await page.keyboard.press('Escape');
  await expect(popup.notePanel).toHaveCount(0);
  await expect(current).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(current).toBeFocused();
  await expect(current.locator('.noted')).toHaveCount(0);

  // u unsaves the current row; the next one becomes current.
  await page.keyboard.press('u');
  await expect(popup.undoBar).toContainText('Diffusion models for materials discovery');
  await expect.poll(() => popup.keys()).toEqual([GNN.key, TRANSFORMERS.key, HOSTILE.key, DOI.key]);
  await expect(current).toHaveAttribute('data-key', TRANSFORMERS.key);
});

test('after ↓ from the search box, c, e and u act on the current result instead of typing into the query', async ({
  dogear,
}) => {
  await grantClipboard(dogear);
  const popup = await seededPopup(dogear);
  const { page, current, search } = popup;
  await search.fill('materials');
  await expect.poll(() => popup.keys()).toEqual([DIFFUSION.key]);
  await search.press('ArrowDown');
  await expect(current).toBeFocused();

  await page.keyboard.press('c');
  await expect(popup.status).toContainText('Copied BibTeX for hopper2023diffusion');
  await page.keyboard.press('e');
  await expect(popup.notePanel).toHaveAttribute('data-key', DIFFUSION.key);
  await expect(popup.noteField).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(current).toBeFocused();
  await page.keyboard.press('u');
  await expect(popup.undoBar).toContainText('Diffusion models for materials discovery');
  // The query never received the keys.
  await expect(search).toHaveValue('materials');
  await expect(popup.empty).toContainText('No saved paper matches “materials”');
  // The hint says how to get there.
  await expect(popup.searchHelp).toContainText('↓ to the list');
});

test('a search shows why each paper matched: a hidden author brought into view, a note snippet, marked words', async ({
  dogear,
}) => {
  const popup = await seededPopup(dogear);
  const row = popup.row(GNN.key);
  // Without a search the byline names three authors; Dijkstra (the fifth) is not shown.
  await expect(row.locator('.byline')).toHaveText('Ada Lovelace, José Müller, Alan Kay et al. · 2024');

  await popup.search.fill('a:dijkstra');
  await expect.poll(() => popup.keys()).toEqual([GNN.key]);
  await expect(row.locator('.byline')).toHaveText('Ada Lovelace, …, Edsger Dijkstra · 2024');
  await expect(row.locator('.byline mark')).toHaveText(['Dijkstra']);

  // A word only in the note: the date line gives way to the note's passage, the word marked.
  await popup.search.fill('baseline');
  await expect.poll(() => popup.keys()).toEqual([GNN.key]);
  await expect(row.locator('.why')).toHaveText('Note: Compare with the DFT baseline in section 4.');
  await expect(row.locator('.why mark')).toHaveText(['baseline']);

  // Title words and tags are marked where the row shows them; accents and case are folded as the search folds them.
  await popup.search.fill('crystal tag:gn');
  await expect(row.locator('.title mark')).toHaveText(['crystal']);
  await expect(row.locator('.tag mark')).toHaveText(['gn']);
  await popup.search.fill('a:muller');
  await expect(row.locator('.byline mark')).toHaveText(['Müller']);

  // No search, no marks.
  await popup.search.fill('');
  await expect(row.locator('mark')).toHaveCount(0);
  await expect(row.locator('.why')).toHaveCount(0);
});

test('at 380 px the menus show their whole choice and the badges their whole text', async ({ dogear }) => {
  const popup = await seededPopup(dogear, LIBRARY, 380);
  /** For each menu, the widest choice that does not fit (text width against the box less its arrow), if any. */
  const clipped = (): Promise<string[]> =>
    popup.page.locator('.filters select').evaluateAll((selects) => {
      const context = document.createElement('canvas').getContext('2d')!;
      const problems: string[] = [];
      for (const select of selects as HTMLSelectElement[]) {
        const style = getComputedStyle(select);
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // the arrow
        for (const option of select.options) {
          const width = context.measureText(option.text).width;
          if (width > room)
            problems.push(
              `${select.getAttribute('aria-label')}: “${option.text}” needs ${Math.ceil(width)} px, has ${room}`,
            );
        }
      }
      return problems;
    });
  expect(await clipped()).toEqual([]);
  expect((await popup.main.boundingBox())!.width).toBe(380);

  // The note badge and the tags of the busiest row keep their text (no "n…").
  const row = popup.row(GNN.key);
  await expect(row.locator('.noted')).toBeVisible();
  const shrunk = await row
    .locator('.noted, .tag')
    .evaluateAll((badges) =>
      badges.filter((badge) => badge.scrollWidth > badge.clientWidth).map((badge) => badge.textContent),
    );
  expect(shrunk).toEqual([]);
});

test('a hostile title and author list stay text', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  const row = popup.row(HOSTILE.key);
  await expect(row.locator('.title')).toHaveText(HOSTILE.title);
  await expect(row.locator('.byline')).toContainText('<script>window.__pwned=2</script>Mallory');
  await expect(row.locator('img, b, script')).toHaveCount(0);
  expect(await popup.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await popup.search.fill('t:hostile');
  await expect(popup.rows.locator('.title')).toHaveText(HOSTILE.title);
});

test('the list is virtualized: 3,000 saved papers, a few rows in the DOM, every one reachable', async ({ dogear }) => {
  const many: Paper[] = Array.from({ length: 3000 }, (_, i) =>
    libraryPaper(`arxiv:2501.${String(10000 + i)}`, {
      title: `Paper number ${i}`,
      authors: [`Author ${i % 17}`],
      savedAt: NOW - i * 1000,
      savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs/new' },
    }),
  );
  const popup = await seededPopup(dogear, many);
  await expect(popup.count).toHaveText('3000 saved');
  const count = await popup.rows.count();
  expect(count).toBeGreaterThan(3);
  expect(count).toBeLessThan(20);
  // The popup stays within 380 × 600.
  const box = await popup.main.boundingBox();
  expect(box!.width).toBe(380);
  expect(box!.height).toBeLessThanOrEqual(600);

  await popup.rows.first().focus();
  await popup.page.keyboard.press('End');
  await expect(popup.current).toHaveAttribute('data-key', 'arxiv:2501.12999');
  await expect(popup.current).toBeFocused();
  await expect(popup.current).toHaveAttribute('aria-rowindex', '3000');
  await expect(popup.grid).toHaveAttribute('aria-rowcount', '3000');
  expect(await popup.rows.count()).toBeLessThan(20);
  // Page Up moves by a screenful less one row, Home to the top, and focus follows.
  await popup.page.keyboard.press('PageUp');
  await expect(popup.current).toBeFocused();
  expect(Number(await popup.current.getAttribute('aria-rowindex'))).toBeLessThan(3000);
  await popup.page.keyboard.press('Home');
  await expect(popup.current).toHaveAttribute('data-key', 'arxiv:2501.10000');
  await expect(popup.current).toBeFocused();

  await popup.page.locator('.scroller').evaluate((scroller) => {
    scroller.scrollTop = 1500 * 108;
  });
  await expect(popup.row('arxiv:2501.11500')).toBeVisible();

  await popup.search.fill('t:"number 2999"');
  await expect.poll(() => popup.keys()).toEqual(['arxiv:2501.12999']);
});

test('the first rows are read by the early classic script, before the popup module runs', async ({ dogear }) => {
  const popup = await seededPopup(dogear);
  // Which script opened the database first: an async classic script is document.currentScript while it runs; a
  // module never is.
  await popup.page.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      const scope = window as unknown as { __firstOpenBy?: string };
      scope.__firstOpenBy ??= (document.currentScript as HTMLScriptElement | null)?.src ?? 'a module';
      return open.apply(this, args);
    };
  });
  await popup.reload();
  await expect(popup.rows.first()).toContainText(GNN.title);
  const openedBy = await popup.page.evaluate(() => (window as unknown as { __firstOpenBy?: string }).__firstOpenBy);
  expect(openedBy).toMatch(/^chrome-extension:\/\/[a-p]{32}\/popup-first-read\.js$/);
});

test('Export BibTeX downloads the papers shown, then keeps their new cite keys, which later exports reuse', async ({
  dogear,
}) => {
  const popup = await seededPopup(dogear);
  await popup.search.fill('t:diffusion');
  await expect(popup.rows).toHaveCount(1);
  const [download] = await Promise.all([
    popup.page.waitForEvent('download'),
    popup.page.getByRole('button', { name: 'Export BibTeX' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.match(/^@misc\{/gm)).toHaveLength(1);
  const citeKey = /^@misc\{([^,]+),/m.exec(text)![1]!;
  await expect(popup.status).toHaveText('Exported 1 paper; 1 new cite key kept for later exports.');
  expect((await popup.stored(DIFFUSION.key))?.citeKey).toBe(citeKey);
  // The copy button of the same paper uses the kept key.
  await grantClipboard(dogear);
  await popup.rows.first().getByRole('button', { name: 'Copy BibTeX' }).click();
  await expect(popup.status).toHaveText(`Copied BibTeX for ${citeKey}.`);
});
