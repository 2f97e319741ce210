/**
 * The full-page library (library.html) in a real Chromium with the built extension: search with prefixes, bulk edits
 * with undo (checked in the database), a paper's history, duplicates merged only on a click, the activity chart, page
 * text kept as text, and an open listing following a bulk unsave.
 *
 * Most tests seed the library with raw IndexedDB writes from the library page (after its Dexie created the schema),
 * then reload; the last one saves on the real captured arXiv page, as a user does.
 */
import type { Page } from '@playwright/test';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { PAGES } from '../support/browser.ts';
import { makePaper } from '../support/papers.ts';
import { PopupPage } from './pages/popup.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { LibraryPage } from './pages/library.ts';
import { dump } from './seed.ts';

test.use({ served: { pages: [PAGES.arxivNew] } });

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const NOW = Date.now();
/** Long before the 26 weeks the activity chart shows, so these papers do not count there. */
const LONG_AGO = NOW - 60 * WEEK;
const HOSTILE = '<img src=x onerror=alert(1)>';

/** A paper met long ago (tests/support/papers.ts makePaper), with the fields a test cares about. */
function paper(key: string, fields: Partial<Paper> & Pick<Paper, 'title' | 'authors'>): Paper {
  return makePaper(key, {
    firstSeenAt: LONG_AGO,
    lastSeenAt: LONG_AGO,
    createdAt: LONG_AGO,
    updatedAt: LONG_AGO,
    ...fields,
  });
}

const saved = (at: number, site = 'arxiv-listing'): Partial<Paper> => ({
  savedAt: at,
  savedFrom: {
    site,
    url: site === 'huggingface' ? 'https://huggingface.co/papers' : 'https://arxiv.org/list/cs.LG/new',
  },
});

/** The seeded library: 8 papers, 3 of them saved long ago, and a pair of possible duplicates. */
const PAPERS: Paper[] = [
  paper('arxiv:2401.00001', {
    title: 'Graph neural networks for crystal property prediction',
    authors: ['Ada Lovelace', 'Alan Turing'],
    published: '2024-01-05',
    tags: ['gnn', 'cs/LG'],
    note: 'Read the appendix on message passing.',
    latestVersion: 3,
    seenVersion: 2,
    ...saved(LONG_AGO + DAY, 'huggingface'),
  }),
  paper('arxiv:2302.00002', {
    title: 'A survey of diffusion models',
    authors: ['Grace Hopper'],
    published: '2023-02-10',
  }),
  paper('arxiv:2303.00003', {
    title: HOSTILE,
    authors: ['<b>Mallory</b>'],
    published: '2023-03-01',
    ...saved(LONG_AGO + 2 * DAY),
  }),
  paper('arxiv:2305.11111', {
    title: 'Attention is all you need, again',
    authors: ['Ashish Vaswani', 'Noam Shazeer'],
    published: '2023-05-10',
  }),
  paper('doi:10.5555/attention.again', {
    title: 'Attention Is All You Need — Again',
    authors: ['Ashish Vaswani'],
    published: '2024-02-01',
    note: 'Journal version.',
    tags: ['transformers'],
  }),
  // Activity: first seen this week (one also saved this week), and two weeks ago.
  paper('arxiv:2609.00006', {
    title: 'Sparse autoencoders in the wild',
    authors: ['Claude Shannon'],
    firstSeenAt: NOW - 1000,
    lastSeenAt: NOW - 1000,
    ...saved(NOW - 500),
  }),
  paper('arxiv:2609.00007', {
    title: 'Low-rank adapters revisited',
    authors: ['John von Neumann'],
    firstSeenAt: NOW - 2000,
    lastSeenAt: NOW - 2000,
  }),
  paper('arxiv:2609.00008', {
    title: 'Tokenizers and their discontents',
    authors: ['Barbara Liskov'],
    firstSeenAt: NOW - 2 * WEEK,
    lastSeenAt: NOW - 2 * WEEK,
  }),
];

const SIGHTINGS: Sighting[] = [
  {
    id: 's1',
    paperKey: 'arxiv:2401.00001',
    site: 'arxiv-listing',
    url: 'https://arxiv.org/list/cs.LG/new',
    at: LONG_AGO,
  },
  {
    id: 's2',
    paperKey: 'arxiv:2401.00001',
    site: 'huggingface',
    url: 'https://huggingface.co/papers/date/2024-01-08',
    at: LONG_AGO + DAY,
  },
  {
    id: 's3',
    paperKey: 'doi:10.5555/attention.again',
    site: 'arxiv-search',
    url: 'https://arxiv.org/search/?query=attention',
    at: LONG_AGO,
  },
  {
    id: 's4',
    paperKey: 'arxiv:2609.00006',
    site: 'arxiv-listing',
    url: 'https://arxiv.org/list/cs.LG/new',
    at: NOW - 1000,
  },
];

/** Every stored paper (by key) and sighting, read with raw IndexedDB; each paper's index field checked and dropped. */
async function readRaw(page: Page): Promise<{ papers: Map<string, Paper>; sightings: Sighting[] }> {
  const { papers, sightings } = await dump(page);
  return { papers: new Map(papers.map((paper) => [paper.key, paper])), sightings };
}

/** The library seeded with PAPERS and SIGHTINGS, every paper shown. */
const seededLibrary = (dogear: Dogear): Promise<LibraryPage> => LibraryPage.seeded(dogear, PAPERS, SIGHTINGS);

test('search with prefixes, filters and sort; a hostile title stays text', async ({ dogear }) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await expect(library.summary).toContainText('8 papers of 8');
  // Default order: saved, newest first; unsaved papers after.
  expect((await library.shownKeys()).slice(0, 3)).toEqual(['arxiv:2609.00006', 'arxiv:2303.00003', 'arxiv:2401.00001']);

  await library.search('a:lovelace');
  expect(await library.shownKeys()).toEqual(['arxiv:2401.00001']);
  await expect(library.row('arxiv:2401.00001').locator('.cell.title')).toHaveText(
    'Graph neural networks for crystal property prediction',
  );
  await expect(library.row('arxiv:2401.00001')).toHaveAttribute('data-state', 'saved seen noted updated');

  await library.search('t:"neural networks"');
  expect(await library.shownKeys()).toEqual(['arxiv:2401.00001']);
  await library.search('tag:lg'); // a /-part of cs/LG
  expect(await library.shownKeys()).toEqual(['arxiv:2401.00001']);
  await library.search('note:appendix');
  expect(await library.shownKeys()).toEqual(['arxiv:2401.00001']);
  await library.search('y:2023');
  expect((await library.shownKeys()).sort()).toEqual(['arxiv:2302.00002', 'arxiv:2303.00003', 'arxiv:2305.11111']);
  await library.search('y:2023 a:hopper');
  expect(await library.shownKeys()).toEqual(['arxiv:2302.00002']);
  await library.search('y:abc');
  await expect(library.summary).toContainText('y:abc is not a year');
  await library.search('nothing-like-this');
  await expect(page.getByText('No paper matches.')).toBeVisible();
  await expect(library.summary).toContainText('0 papers of 8');

  // Filters and sort, on top of an empty search.
  await library.search('');
  await page.getByRole('combobox', { name: 'State' }).selectOption('saved');
  expect(await library.shownKeys()).toEqual(['arxiv:2609.00006', 'arxiv:2303.00003', 'arxiv:2401.00001']);
  await page.getByRole('combobox', { name: 'Site' }).selectOption('huggingface');
  expect(await library.shownKeys()).toEqual(['arxiv:2401.00001']);
  await page.getByRole('combobox', { name: 'Site' }).selectOption('');
  await page.getByRole('combobox', { name: 'State' }).selectOption('');
  await page.getByRole('combobox', { name: 'Tag' }).selectOption('transformers');
  expect(await library.shownKeys()).toEqual(['doi:10.5555/attention.again']);
  await page.getByRole('combobox', { name: 'Tag' }).selectOption('');
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('title:asc');
  expect((await library.shownKeys())[0]).toBe('arxiv:2303.00003'); // "<img…" sorts first
  expect((await library.shownKeys())[1]).toBe('arxiv:2302.00002'); // "A survey…"

  // The hostile title and author are text: no element was made from them, no script ran.
  const hostile = library.row('arxiv:2303.00003');
  await expect(hostile.locator('.cell.title')).toHaveText(HOSTILE);
  await expect(hostile.locator('.cell.authors')).toHaveText('<b>Mallory</b>');
  await expect(page.locator('.grid img, .grid b')).toHaveCount(0);
  await hostile.locator('.cell.title').click();
  await expect(page.locator('.detail h2')).toHaveText(HOSTILE);
  await expect(page.locator('.detail img, .detail b')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('tabs follow the URL hash; the selection carries to Import & export and survives switching back', async ({
  dogear,
}) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  await library.row('arxiv:2401.00001').getByRole('checkbox').click();
  await library.row('arxiv:2302.00002').getByRole('checkbox').click();
  await page.getByRole('link', { name: 'Import & export' }).click();
  await expect(page).toHaveURL(/#transfer$/);
  await expect(page.getByRole('link', { name: 'Import & export' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.panel.transfer')).toContainText('The selection (2 papers)');
  await expect(page.locator('.panel.papers')).toBeHidden();

  await page.goto(`chrome-extension://${dogear.extensionId}/library.html#settings`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.goBack(); // hash navigation: the same document, state kept
  await expect(page.locator('.panel.transfer')).toContainText('The selection (2 papers)');
  await page.getByRole('link', { name: 'Papers' }).click();
  await expect(page.locator('.selected-count')).toHaveText('2 papers selected');
  await expect(library.row('arxiv:2401.00001').getByRole('checkbox')).toBeChecked();
});

test('multi-select with shift-click, bulk tag, untag, unsave and delete, each undone (database checked)', async ({
  dogear,
}) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('title:asc');
  const order = await library.shownKeys();
  const first3 = order.slice(0, 3);
  const box = (key: string) => library.row(key).getByRole('checkbox');
  await box(first3[0]!).click();
  await box(first3[2]!).click({ modifiers: ['Shift'] });
  await expect(page.locator('.selected-count')).toHaveText('3 papers selected');
  for (const key of first3) await expect(box(key)).toBeChecked();
  await expect(box(order[3]!)).not.toBeChecked();

  // Add a tag to the three.
  await page.getByLabel('Tag for the selected papers').fill('to-read');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Tagged 3 papers “to-read”.');
  let db = await readRaw(page);
  for (const key of first3) expect(db.papers.get(key)!.tags).toContain('to-read');
  expect(db.papers.get(order[3]!)!.tags ?? []).not.toContain('to-read');
  for (const key of first3) await expect(library.row(key).locator('.cell.tags')).toContainText('to-read');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Undone.');
  db = await readRaw(page);
  for (const key of first3) expect(db.papers.get(key)!.tags ?? []).not.toContain('to-read');
  expect(db.papers.get('arxiv:2401.00001')!.tags).toEqual(['gnn', 'cs/LG']);

  // Select all matching a search, remove a tag from them.
  await page.getByRole('button', { name: 'Clear' }).click();
  await library.search('tag:gnn');
  await page.getByRole('button', { name: 'Select all 1 matching' }).click();
  await page.getByLabel('Tag for the selected papers').fill('gnn');
  await page.getByRole('button', { name: 'Remove tag' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Removed “gnn” from 1 paper.');
  expect((await readRaw(page)).papers.get('arxiv:2401.00001')!.tags).toEqual(['cs/LG']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Undone.');
  expect((await readRaw(page)).papers.get('arxiv:2401.00001')!.tags).toEqual(['gnn', 'cs/LG']);

  // Unsave every saved paper, then undo.
  await page.getByRole('button', { name: 'Clear' }).click();
  await library.search('');
  await page.getByRole('combobox', { name: 'State' }).selectOption('saved');
  await page.getByRole('button', { name: 'Select all 3 matching' }).click();
  await page.getByRole('button', { name: 'Unsave' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Unsaved 3 papers.');
  db = await readRaw(page);
  expect([...db.papers.values()].filter((p) => p.savedAt !== undefined)).toHaveLength(0);
  expect(db.papers.size).toBe(8); // unsaving keeps the record
  await expect(library.summary).toContainText('0 papers of 8');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(library.summary).toContainText('3 papers of 8');
  db = await readRaw(page);
  expect(db.papers.get('arxiv:2401.00001')!.savedAt).toBe(LONG_AGO + DAY);
  expect(db.papers.get('arxiv:2401.00001')!.savedFrom?.site).toBe('huggingface');

  // Delete two (records and their sightings), then undo.
  await page.getByRole('combobox', { name: 'State' }).selectOption('');
  await page.getByRole('button', { name: 'Clear' }).click();
  await box('arxiv:2401.00001').click();
  await box('arxiv:2609.00006').click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Deleted 2 papers and their history.');
  db = await readRaw(page);
  expect(db.papers.size).toBe(6);
  expect(db.papers.has('arxiv:2401.00001')).toBe(false);
  expect(
    db.sightings.filter((s) => s.paperKey === 'arxiv:2401.00001' || s.paperKey === 'arxiv:2609.00006'),
  ).toHaveLength(0);
  await expect(page.locator('.grid')).toHaveAttribute('data-count', '6');
  await expect(page.locator('.selected-count')).toHaveText('None selected');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.grid')).toHaveAttribute('data-count', '8');
  db = await readRaw(page);
  expect(db.papers.get('arxiv:2401.00001')).toEqual(PAPERS[0]);
  expect(
    db.sightings
      .filter((s) => s.paperKey === 'arxiv:2401.00001')
      .map((s) => s.id)
      .sort(),
  ).toEqual(['s1', 's2']);
});

test('keyboard opens a paper: its history, versions, and editable note and tags', async ({ dogear }) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  await library.search('a:lovelace');
  // The grid's one Tab stop is its current row (a roving tabindex).
  const current = page.locator('.rows .row[tabindex="0"]');
  await current.focus();
  await page.keyboard.press('Space');
  await expect(page.locator('.selected-count')).toHaveText('1 paper selected');
  await page.keyboard.press('Space');
  await expect(page.locator('.selected-count')).toHaveText('None selected');
  await page.keyboard.press('Enter');

  const detail = page.getByRole('complementary', { name: 'Paper details' });
  await expect(detail.locator('h2')).toHaveText('Graph neural networks for crystal property prediction');
  await expect(detail.locator('h2')).toBeFocused();
  await expect(detail).toContainText('latest listed v3, you saw v2 (updated since)');
  const history = detail.locator('.history li');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText('arXiv listings');
  await expect(history.nth(0).locator('a.url')).toHaveAttribute('href', 'https://arxiv.org/list/cs.LG/new');
  await expect(history.nth(1)).toContainText('Hugging Face');
  await expect(history.nth(1).locator('a.url')).toHaveText('https://huggingface.co/papers/date/2024-01-08');

  await detail.getByRole('textbox', { name: /Tags/ }).fill('gnn, cs/LG, favourite');
  await detail.getByRole('textbox', { name: /Note/ }).fill('Now read.');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByRole('status')).toHaveText('Saved.');
  const stored = (await readRaw(page)).papers.get('arxiv:2401.00001')!;
  expect(stored.tags).toEqual(['gnn', 'cs/LG', 'favourite']);
  expect(stored.note).toBe('Now read.');
  await expect(library.row('arxiv:2401.00001').locator('.cell.tags')).toHaveText('gnn, cs/LG, favourite');

  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(current).toBeFocused();
});

test('duplicates are suggested with the reason and merged only on the click, with undo', async ({ dogear }) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  await page.getByRole('link', { name: 'Duplicates' }).click();
  await expect(page).toHaveURL(/#duplicates$/);
  const group = page.locator('.dup-group');
  await expect(group).toHaveCount(1);
  await expect(group.locator('.reason')).not.toBeEmpty();
  await expect(group.locator('.dup-member')).toHaveCount(2);
  expect((await readRaw(page)).papers.size).toBe(8); // suggested, nothing merged

  await group
    .locator('.dup-member[data-key="arxiv:2305.11111"]')
    .getByRole('button', { name: 'Merge into this one' })
    .click();
  await expect(page.locator('.outcome-message')).toHaveText('Merged 1 paper into arxiv:2305.11111.');
  let db = await readRaw(page);
  expect(db.papers.size).toBe(7);
  expect(db.papers.has('doi:10.5555/attention.again')).toBe(false);
  const kept = db.papers.get('arxiv:2305.11111')!;
  expect(kept.note).toContain('Journal version.');
  expect(kept.tags).toContain('transformers');
  expect(db.sightings.find((s) => s.id === 's3')!.paperKey).toBe('arxiv:2305.11111');
  await expect(page.getByText('No possible duplicates.')).toBeVisible();

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(group).toHaveCount(1);
  db = await readRaw(page);
  expect(db.papers.size).toBe(8);
  expect(db.papers.get('doi:10.5555/attention.again')).toEqual(PAPERS[4]);
  expect(db.sightings.find((s) => s.id === 's3')!.paperKey).toBe('doi:10.5555/attention.again');
});

/** Monday 00:00 UTC of the week holding `at`, as YYYY-MM-DD. */
function weekStart(at: number): string {
  const day = new Date(at);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - sinceMonday))
    .toISOString()
    .slice(0, 10);
}

test('activity: seen and saved per week as bars with the right counts, and as a table', async ({ dogear }) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  await page.goto(`chrome-extension://${dogear.extensionId}/library.html#activity`);
  const chart = page.getByRole('img', { name: /Papers seen and saved per week/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect.bar.seen')).toHaveCount(26);
  await expect(chart.locator('rect.bar.saved')).toHaveCount(26);
  const thisWeek = chart.locator(`g[data-week="${weekStart(NOW)}"]`);
  await expect(thisWeek.locator('rect.seen')).toHaveAttribute('data-count', '2');
  await expect(thisWeek.locator('rect.saved')).toHaveAttribute('data-count', '1');
  await expect(thisWeek.locator('rect.seen title')).toHaveText(`Week of ${weekStart(NOW)}: 2 seen`);
  const twoAgo = chart.locator(`g[data-week="${weekStart(NOW - 2 * WEEK)}"]`);
  await expect(twoAgo.locator('rect.seen')).toHaveAttribute('data-count', '1');
  await expect(twoAgo.locator('rect.saved')).toHaveAttribute('data-count', '0');
  // The bars' heights follow the counts: 2 seen is twice 1 seen.
  const height = async (selector: string): Promise<number> =>
    Number(await chart.locator(selector).getAttribute('height'));
  expect(await height(`g[data-week="${weekStart(NOW)}"] rect.seen`)).toBeCloseTo(
    2 * (await height(`g[data-week="${weekStart(NOW - 2 * WEEK)}"] rect.seen`)),
  );
  const total = await chart
    .locator('rect.bar.seen')
    .evaluateAll((bars) => bars.reduce((sum, bar) => sum + Number(bar.getAttribute('data-count')), 0));
  expect(total).toBe(3);
  await expect(page.locator('.panel.activity .summary')).toHaveText('Last 26 weeks: 3 papers first seen, 1 saved.');

  await page.getByText('The numbers as a table').click();
  const tableRow = page.getByRole('table').locator(`tr[data-week="${weekStart(NOW)}"]`);
  await expect(tableRow.locator('td')).toHaveText(['2', '1']);
});

test('an open listing tab follows a bulk unsave (and its undo) made in the library, and the library follows a save on the listing', async ({
  dogear,
}) => {
  // The listing is read as its reader sees it: Save buttons and the page bar, inside Dogear's closed shadow roots.
  const listing = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(listing);
  const controls = (id: string): string => `dt[data-dogear-id="arxiv:${id}"] [data-dogear-ui]`;
  const saveButton = async (id: string): Promise<string | undefined> => {
    const [save] = await ui.query(controls(id), 'button.save');
    return save && `${save.text} ${save.attributes['aria-pressed']}`;
  };
  const barSummary = (): Promise<string | undefined> => ui.text('[data-dogear-bar]', '.summary');
  const ids = ['2609.22268', '2609.22287'];
  for (const id of ids) {
    await ui.click(controls(id), 'button.save');
    await expect.poll(() => saveButton(id)).toBe('★ Saved true');
  }
  await expect.poll(barSummary).toMatch(/ · 2 saved$/);

  // The listing may have recorded other rows as seen meanwhile; the saved ones are exactly these two.
  const library = await LibraryPage.open(dogear);
  const page = library.page;
  await page.getByRole('combobox', { name: 'State' }).selectOption('saved');
  await expect(library.summary).toContainText(/^2 papers of/);
  await page.getByRole('button', { name: 'Select all 2 matching' }).click();
  await page.getByRole('button', { name: 'Unsave' }).click();
  await expect(page.locator('.outcome-message')).toHaveText('Unsaved 2 papers.');

  for (const id of ids) await expect.poll(() => saveButton(id)).toBe('☆ Save false');
  // Still new for this visit: the rows were new when the page loaded (101 entries, none saved).
  await expect.poll(barSummary).toBe('101 new · 0 seen · 0 saved');

  // Undo saves them again, and the listing follows that too.
  await page.getByRole('button', { name: 'Undo' }).click();
  for (const id of ids) await expect.poll(() => saveButton(id)).toBe('★ Saved true');
  await expect.poll(barSummary).toBe('101 new · 0 seen · 2 saved');

  // The other way round: a save on the listing shows in the open library (it re-reads only what changed).
  await listing.bringToFront();
  await ui.click(controls('2609.22509'), 'button.save');
  await expect.poll(() => saveButton('2609.22509')).toBe('★ Saved true');
  await expect(library.summary).toContainText(/^3 papers of/);
  await expect(library.row('arxiv:2609.22509')).toHaveAttribute('data-state', /^saved seen/);
});

/** 30 papers first seen and saved this week, newest first. */
const THIRTY: Paper[] = Array.from({ length: 30 }, (_, i) =>
  makePaper(`2611.${String(i + 1).padStart(5, '0')}`, {
    title: `Saved paper number ${i + 1}`,
    firstSeenAt: NOW - (i + 1) * 60_000,
    lastSeenAt: NOW - (i + 1) * 60_000,
    createdAt: NOW - (i + 1) * 60_000,
    updatedAt: NOW - (i + 1) * 60_000,
    ...saved(NOW - (i + 1) * 60_000),
  }),
);

test('an open library follows Unsave then Undo made in the popup: the paper, the counts and Activity', async ({
  dogear,
}) => {
  const library = await LibraryPage.seeded(dogear, THIRTY);
  await library.live();
  const page = library.page;
  await page.getByRole('combobox', { name: 'State' }).selectOption('saved');
  await expect(library.summary).toContainText(/^30 papers of 30/);

  const popup = await PopupPage.open(dogear);
  const key = THIRTY[0]!.key;
  await popup.row(key).getByRole('button', { name: 'Unsave' }).click();
  await expect(popup.undoBar).toContainText('Unsaved “');
  await expect(library.summary).toContainText(/^29 papers of 30/);
  await expect(library.row(key)).toHaveCount(0);

  // The undo puts the old record back, with its old updatedAt: the library still sees it.
  await popup.undoBar.getByRole('button', { name: 'Undo' }).click();
  await expect(library.summary).toContainText(/^30 papers of 30/);
  await expect(library.row(key)).toHaveAttribute('data-state', /^saved seen/);
  await library.tab('Activity').click();
  await expect(page.locator('.panel.activity .summary')).toHaveText('Last 26 weeks: 30 papers first seen, 30 saved.');
});

test('a library tab follows a delete and its undo made in another library tab', async ({ dogear }) => {
  const first = await LibraryPage.seeded(dogear, PAPERS, SIGHTINGS);
  await first.live();
  const second = await LibraryPage.open(dogear);
  await expect(second.grid).toHaveAttribute('data-count', String(PAPERS.length));
  await second.row('arxiv:2302.00002').locator('input[type="checkbox"]').check();
  await second.page.getByRole('button', { name: 'Delete' }).click();
  await expect(second.outcome).toHaveText('Deleted 1 paper and their history.');

  await expect(first.grid).toHaveAttribute('data-count', String(PAPERS.length - 1));
  await expect(first.row('arxiv:2302.00002')).toHaveCount(0);
  await second.page.getByRole('button', { name: 'Undo' }).click();
  await expect(first.grid).toHaveAttribute('data-count', String(PAPERS.length));
  await expect(first.row('arxiv:2302.00002')).toHaveCount(1);
});

test("switching papers never shows the previous paper's note or tags", async ({ dogear }) => {
  const library = await seededLibrary(dogear);
  const page = library.page;
  const detail = await library.openPaper('arxiv:2401.00001');
  await expect(detail.getByRole('textbox', { name: /Note/ })).toHaveValue('Read the appendix on message passing.');
  // Checked at every DOM change, before the browser paints: the detail's paper and its note and tags agree.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __mismatches: string[] }).__mismatches = seen;
    new MutationObserver(() => {
      const aside = document.querySelector<HTMLElement>('aside.detail');
      const note = aside?.querySelector<HTMLTextAreaElement>('textarea[name="note"]');
      const tags = aside?.querySelector<HTMLInputElement>('input[name="tags"]');
      if (aside?.dataset.key === 'arxiv:2302.00002' && (note?.value !== '' || tags?.value !== ''))
        seen.push(`${note?.value}|${tags?.value}`);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await library.row('arxiv:2302.00002').locator('.cell.title').click();
  await expect(detail).toHaveAttribute('data-key', 'arxiv:2302.00002');
  await expect(detail.getByRole('textbox', { name: /Note/ })).toHaveValue('');
  await expect(detail.getByRole('textbox', { name: /Tags/ })).toHaveValue('');
  expect(await page.evaluate(() => (window as unknown as { __mismatches: string[] }).__mismatches)).toEqual([]);
});

test('search results say why they matched: the author, the tag, a note snippet', async ({ dogear }) => {
  const library = await seededLibrary(dogear);
  await library.search('note:appendix');
  const noted = library.row('arxiv:2401.00001');
  await expect(noted.locator('.note-reason')).toHaveText('Note: Read the appendix on message passing.');
  await expect(noted.locator('.note-reason mark')).toHaveText('appendix');

  await library.search('a:shazeer');
  const authored = library.row('arxiv:2305.11111');
  await expect(authored.locator('.cell.authors mark')).toHaveText('Shazeer');
  await expect(authored.locator('.cell.authors')).toHaveText('Noam Shazeer +1');

  await library.search('tag:gnn');
  await expect(library.row('arxiv:2401.00001').locator('.cell.tags mark')).toHaveText('gnn');
  // Page text stays text in the reasons too.
  await library.search('mallory');
  await expect(library.row('arxiv:2303.00003').locator('.cell.authors')).toHaveText('<b>Mallory</b>');
  await expect(library.page.locator('.grid b')).toHaveCount(0);
});
