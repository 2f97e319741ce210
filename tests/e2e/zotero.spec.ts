/**
 * The Zotero hand-off in Chromium with the built extension, against the contract fakes of Zotero desktop's connector
 * server and of the Web API (tests/support/zotero-fake.ts: they enforce the rules of Zotero's `server.js` and answer in
 * the shapes of Zotero's own tests), each on a loopback port. What is checked is what the user does and sees:
 * connecting Zotero in the library's settings, "Send to Zotero" from a listing row (button and `z`), from the popup and
 * from the library's selection, and the Zotero mark the opt-in index puts on listing rows; and what the fake Zotero
 * received.
 *
 * The extension is the sync tests' build (tests/support/sync-build.ts: `http://127.0.0.1/*` declared as a host
 * permission, since a test cannot click the browser's permission prompt), pointed at the fakes by the stored `zotero`
 * settings (`desktopUrl`, `webUrl`), which only tests change. Only the fakes' origins get through the browser's request
 * blocking (tests/support/browser.ts allowOrigins).
 *
 * With DOGEAR_ZOTERO_SHOTS=<dir>, the Zotero settings and a listing row with its Zotero button and mark are saved as
 * screenshots there (light and dark, 1280 and 390 px wide), for people to look at.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import {
  extensionId,
  launchWithExtension,
  newProfileDir,
  PAGES,
  servePages,
  serviceWorker,
  waitForAnnotations,
} from '../support/browser.ts';
import { ClosedUi } from '../support/closed-ui.ts';
import { makePaper } from '../support/papers.ts';
import { buildSyncExtension } from '../support/sync-build.ts';
import {
  startZoteroConnectorFake,
  startZoteroWebApiFake,
  type ZoteroConnectorFake,
  type ZoteroWebApiFake,
} from '../support/zotero-fake.ts';
import { describeViolations, runAxe } from './axe.ts';
import { expect, reach, test } from './fixtures.ts';
import { LibraryPage } from './pages/library.ts';
import { PopupPage } from './pages/popup.ts';
import { seed, waitForSchema } from './seed.ts';

/** The first card of the captured Hugging Face page, and a second one the user's Zotero already has. */
const HF_ID = '2606.28322';
const KEY = `arxiv:${HF_ID}`;
const HF_TITLE = 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception';
const OTHER_ID = '2606.31551';
const OTHER_KEY = `arxiv:${OTHER_ID}`;
const CONTROLS = (key: string) => `article[data-dogear-id="${key}"] [data-dogear-ui]`;
const NOTE = 'Compare the rubric with §4 <b>of</b> the MoE paper';
const TAGS = ['multimodal', 'to read'];
const WHERE = 'Zotero desktop: My Library › To read';
const NOT_RUNNING =
  'Zotero is not running. Start Zotero and try again, or send through zotero.org with an API key (Settings › Zotero).';
const SHOTS = process.env.DOGEAR_ZOTERO_SHOTS;

let extensionDir: string;

// A click that cannot happen fails at that step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  extensionDir = (await buildSyncExtension('chrome')).dir;
});

/** A browser profile with the test build, and the two fake Zoteros it is pointed at. */
interface Setup {
  context: BrowserContext;
  extensionId: string;
  connector: ZoteroConnectorFake;
  web: ZoteroWebApiFake;
  close(): Promise<void>;
}

async function launch(): Promise<Setup> {
  const connector = await startZoteroConnectorFake();
  const web = await startZoteroWebApiFake();
  const profileDir = newProfileDir();
  const context = await launchWithExtension(profileDir, {
    extensionDir,
    allowOrigins: [connector.url, web.url],
  });
  await servePages(context, [PAGES.hfDaily]);
  // The fakes' addresses (the settings schema takes a loopback port for desktopUrl and any origin for webUrl), and the
  // DOM contract's state attributes, so the test reads a row's marks as the listing shows them.
  await (
    await serviceWorker(context)
  ).evaluate(
    async ({ desktopUrl, webUrl }) => {
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { set(items: object): Promise<void> } } };
      };
      await chrome.storage.local.set({ settings: { pageStateAttributes: true }, zotero: { desktopUrl, webUrl } });
    },
    { desktopUrl: connector.url, webUrl: web.url },
  );
  return {
    context,
    extensionId: await extensionId(context),
    connector,
    web,
    async close() {
      await context.close();
      await connector.close();
      await web.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The library page at `tab`, its database open. */
async function openLibrary(setup: Setup, tab: 'papers' | 'settings'): Promise<LibraryPage> {
  const page = await setup.context.newPage();
  await page.goto(`chrome-extension://${setup.extensionId}/library.html#${tab}`);
  await page.bringToFront();
  await page.locator('.library').waitFor();
  await waitForSchema(page);
  if (tab === 'settings') await page.locator('.zotero-settings').waitFor();
  return new LibraryPage(page);
}

/** Papers in the library, written from an extension page (tests/e2e/seed.ts), the page reloaded. */
async function seedPapers(setup: Setup, papers: Parameters<typeof seed>[1]): Promise<void> {
  const library = await openLibrary(setup, 'papers');
  await seed(library.page, papers);
  await library.page.close();
}

async function openListing(setup: Setup): Promise<{ page: Page; ui: ClosedUi }> {
  const page = await setup.context.newPage();
  await page.goto(PAGES.hfDaily.url);
  await page.bringToFront();
  await waitForAnnotations(page);
  await reach(page.locator(`article[data-dogear-id="${KEY}"]`));
  return { page, ui: await ClosedUi.attach(page) };
}

/** The row's marks as the DOM contract shows them (`data-dogear-state`, space-separated tokens). */
async function rowState(page: Page, key: string): Promise<string[]> {
  return ((await page.locator(`article[data-dogear-id="${key}"]`).getAttribute('data-dogear-state')) ?? '').split(' ');
}

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** With DOGEAR_ZOTERO_SHOTS set: `page` in light and dark, 1280 and 390 px wide, as `<name>-<scheme>-<width>.png`. */
async function shoot(page: Page, name: string, focus: string, widths: readonly number[] = [1280, 390]): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of widths) {
      await page.setViewportSize({ width, height: size.height });
      const target = page.locator(focus).first();
      // Tall enough for the whole element: an element screenshot is cut at the viewport's edge.
      const height = await target.evaluate((element) => element.getBoundingClientRect().height);
      await page.setViewportSize({ width, height: Math.max(size.height, Math.ceil(height) + 200) });
      await target.scrollIntoViewIfNeeded();
      await target.screenshot({ path: join(SHOTS, `${name}-${colorScheme}-${width}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize(size);
}

/** The items the fake connector saved, with the tags and note updateSession gave them, oldest session first. */
function saved(connector: ZoteroConnectorFake) {
  return [...connector.sessions.values()].flatMap((session) =>
    session.items.map((item) => ({ item, tags: session.tags, note: session.note, target: session.target })),
  );
}

test('settings: Zotero desktop connects and shows where papers go; a zotero.org key is checked; accessible', async () => {
  const setup = await launch();
  try {
    const { page } = await openLibrary(setup, 'settings');
    const section = page.getByRole('region', { name: 'Zotero', exact: true });
    await expect(section).toBeVisible();
    await expectNoAxeViolations(page, 'Zotero settings before connecting');

    await section.getByRole('button', { name: 'Connect Zotero desktop' }).click();
    await expect(section.locator('.zotero-target')).toHaveText('Papers go to: My Library › To read');
    await expect(section.getByRole('status')).toHaveText('Zotero desktop is connected.');
    // The connector spoke as the Zotero Connector does: Zotero's header rules are enforced by the fake.
    const asked = setup.connector.requests.find((request) => request.path === '/connector/getSelectedCollection');
    expect(asked?.status).toBe(200);
    expect(asked?.headers['x-zotero-connector-api-version']).toBe('3');
    await expectNoAxeViolations(page, 'Zotero desktop connected');
    await shoot(page, 'settings-desktop', '.zotero-settings');

    // zotero.org: a key Zotero refuses is said in plain words and not kept; the right one is.
    await section.getByRole('radio', { name: 'zotero.org (with an API key)' }).check();
    await section.getByLabel('Zotero API key').fill('NotTheRightKey123');
    await section.getByRole('button', { name: 'Connect zotero.org' }).click();
    await expect(section.getByRole('alert')).toContainText('Zotero does not accept this API key');
    await section.getByLabel('Zotero API key').fill(setup.web.apiKey);
    await section.getByRole('button', { name: 'Connect zotero.org' }).click();
    await expect(section.getByRole('status')).toHaveText('zotero.org is connected: papers go to your online library.');
    await expect(section.locator('.zotero-web-connected')).toContainText(`user ${setup.web.userId}`);
    await expect(section.getByLabel('Zotero API key')).toHaveValue('');
    await expectNoAxeViolations(page, 'zotero.org connected');
    await shoot(page, 'settings-web', '.zotero-settings');

    // The key went to the fake's /keys/current only, and stays in storage.local.
    const keyChecks = setup.web.requests.filter((request) => request.path === '/keys/current');
    expect(keyChecks.map((request) => request.status)).toEqual([403, 200]);
    const stored = await page.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      };
      return (await chrome.storage.local.get('zotero')).zotero as { apiKey?: string; userId?: number; via?: string };
    });
    expect(stored).toMatchObject({ apiKey: setup.web.apiKey, userId: setup.web.userId, via: 'web' });
  } finally {
    await setup.close();
  }
});

test('a listing row sends its paper to Zotero desktop (button and z); again says already; Zotero down is said', async () => {
  const setup = await launch();
  try {
    // The user saved the first card earlier, with tags and a note: the send carries both.
    const paper = makePaper(HF_ID, { title: HF_TITLE, authors: ['Ada Lovelace'], tags: TAGS, note: NOTE });
    await seedPapers(setup, [{ ...paper, savedAt: paper.createdAt }]);
    const { page, ui } = await openListing(setup);
    const notice = async (key: string): Promise<string | undefined> =>
      (await ui.query(CONTROLS(key), '.notice'))[0]?.text;
    await shoot(page, 'listing-row', `article[data-dogear-id="${KEY}"]`);

    await ui.click(CONTROLS(KEY), 'button.zotero');
    await expect.poll(() => notice(KEY)).toBe('Sent to Zotero (My Library)');
    await expect.poll(() => rowState(page, KEY)).toContain('zotero');
    const [sent] = saved(setup.connector);
    expect(saved(setup.connector)).toHaveLength(1);
    // The item as the arXiv translator would save it, the page's authors merged into the record.
    expect(sent!.item).toMatchObject({
      itemType: 'preprint',
      title: HF_TITLE,
      DOI: `10.48550/arXiv.${HF_ID}`,
      archiveID: `arXiv:${HF_ID}`,
      repository: 'arXiv',
      url: `https://arxiv.org/abs/${HF_ID}`,
      tags: [],
      attachments: [],
    });
    const creators = sent!.item.creators as Array<{ creatorType: string; lastName?: string; name?: string }>;
    expect(creators.length).toBeGreaterThan(0);
    expect(creators.every((creator) => creator.creatorType === 'author')).toBe(true);
    // Tags and the note came through updateSession: the user's own tags, the note as escaped HTML, the selected target.
    expect(sent!.tags).toEqual(TAGS);
    expect(sent!.note).toBe('<p>Compare the rubric with §4 &lt;b&gt;of&lt;/b&gt; the MoE paper</p>');
    expect(sent!.target).toBe('C5');
    const paths = setup.connector.requests.map((request) => `${request.path} ${request.status}`);
    expect(paths).toEqual(expect.arrayContaining(['/connector/saveItems 201', '/connector/updateSession 200']));
    await shoot(page, 'listing-row-sent', `article[data-dogear-id="${KEY}"]`);

    // `z` on the current row (j makes the first card current): already there, nothing saved twice.
    await page.keyboard.press('j');
    await expect(page.locator(`article[data-dogear-id="${KEY}"]`)).toHaveAttribute('data-dogear-current', '');
    await page.keyboard.press('z');
    await expect.poll(() => notice(KEY)).toBe('Already in Zotero');
    expect(setup.connector.sessions.size).toBe(1);

    // Zotero quits: the next row's send says so, in words.
    await setup.connector.setMode('down');
    await reach(page.locator(`article[data-dogear-id="${OTHER_KEY}"]`));
    await ui.click(CONTROLS(OTHER_KEY), 'button.zotero');
    await expect
      .poll(async () => (await ui.query(CONTROLS(OTHER_KEY), '.error'))[0]?.text)
      .toContain('Zotero is not running. Start Zotero and try again');
    expect(await rowState(page, OTHER_KEY)).not.toContain('zotero');
    expect(setup.connector.sessions.size).toBe(1);
    await shoot(page, 'listing-row-down', `article[data-dogear-id="${OTHER_KEY}"]`);
  } finally {
    await setup.close();
  }
});

test('library: Send to Zotero on 3 selected papers saves 3 items with tags and notes; again says already', async () => {
  const setup = await launch();
  try {
    const papers = [
      makePaper('2401.00001', { title: 'Graph Networks at Scale', authors: ['Ada Lovelace'], tags: ['gnn'] }),
      makePaper('2401.00002', { title: 'Sparse Mixtures', authors: ['Alan Turing'], note: 'Read §3' }),
      makePaper('2401.00003', { title: 'Rubrics for Perception', authors: ['Grace Hopper'] }),
      makePaper('2401.00004', { title: 'Not Selected', authors: ['Kurt Gödel'] }),
    ].map((paper) => ({ ...paper, savedAt: paper.createdAt }));
    await seedPapers(setup, papers);
    const library = await openLibrary(setup, 'papers');
    await expect(library.grid).toHaveAttribute('data-count', '4');
    for (const paper of papers.slice(0, 3)) await library.row(paper.key).getByRole('checkbox').click();
    await expect(library.page.locator('.selected-count')).toHaveText('3 papers selected');

    const send = library.page.getByRole('button', { name: 'Send to Zotero', exact: true });
    await send.click();
    const said = library.page.locator('.zotero-said');
    await expect(said).toHaveText(`Sent 3 papers to ${WHERE}.`);
    const items = saved(setup.connector);
    expect(items.map(({ item }) => item.title).toSorted()).toEqual(
      ['Graph Networks at Scale', 'Rubrics for Perception', 'Sparse Mixtures'].toSorted(),
    );
    expect(items.every(({ item }) => item.itemType === 'preprint')).toBe(true);
    expect(items.find(({ item }) => item.title === 'Graph Networks at Scale')?.tags).toEqual(['gnn']);
    expect(items.find(({ item }) => item.title === 'Sparse Mixtures')?.note).toBe('<p>Read §3</p>');
    expect(items.find(({ item }) => item.title === 'Sparse Mixtures')?.item.DOI).toBe('10.48550/arXiv.2401.00002');

    // A second send makes no duplicate.
    await send.click();
    await expect(said).toHaveText('All 3 papers are already in Zotero.');
    expect(setup.connector.sessions.size).toBe(3);
    await expectNoAxeViolations(library.page, 'the library with a Zotero send');
    await shoot(library.page, 'library-bulk', '.bulk');
  } finally {
    await setup.close();
  }
});

test('Zotero down: the library and the popup say so in plain words and offer zotero.org', async () => {
  const setup = await launch();
  try {
    const paper = { ...makePaper(HF_ID, { title: HF_TITLE, authors: ['Ada Lovelace'] }), savedAt: Date.now() };
    await seedPapers(setup, [paper]);
    await setup.connector.setMode('down');

    const library = await openLibrary(setup, 'papers');
    await library.row(KEY).getByRole('checkbox').click();
    await library.page.getByRole('button', { name: 'Send to Zotero', exact: true }).click();
    await expect(library.page.locator('.zotero-said')).toContainText(NOT_RUNNING);
    await expect(library.page.getByRole('button', { name: 'Send through zotero.org' })).toBeVisible();
    await expectNoAxeViolations(library.page, 'Zotero not running');

    const popup = await PopupPage.open({
      context: setup.context,
      extensionId: setup.extensionId,
    } as Parameters<typeof PopupPage.open>[0]);
    await popup.row(KEY).getByRole('button', { name: 'Send to Zotero' }).click();
    await expect(popup.page.locator('.status.error')).toHaveText(NOT_RUNNING);
    expect(setup.connector.sessions.size).toBe(0);

    // Zotero starts again: the same button sends.
    await setup.connector.setMode('normal');
    await popup.row(KEY).getByRole('button', { name: 'Send to Zotero' }).click();
    await expect(popup.page.locator('.status')).toHaveText(`Sent 1 paper to ${WHERE}.`);
    expect(saved(setup.connector).map(({ item }) => item.title)).toEqual([HF_TITLE]);
    // And `z` on the same row: already there.
    await popup.row(KEY).focus();
    await popup.page.keyboard.press('z');
    await expect(popup.page.locator('.status')).toHaveText('Already in Zotero.');
    await expectNoAxeViolations(popup.page, 'the popup after a Zotero send');
    await shoot(popup.page, 'popup-row', `.paper[data-key="${KEY}"]`, [380]);
  } finally {
    await setup.close();
  }
});

test('the index of the user’s Zotero library marks rows on a listing', async () => {
  const setup = await launch();
  try {
    // The user's Zotero (zotero.org) already has a card of the page, as the arXiv translator saves it.
    setup.web.addItem({
      itemType: 'preprint',
      title: 'Something the user saved in Zotero',
      creators: [],
      DOI: `10.48550/arXiv.${OTHER_ID}`,
      archiveID: `arXiv:${OTHER_ID}`,
      url: `https://arxiv.org/abs/${OTHER_ID}`,
    });
    const { page } = await openLibrary(setup, 'settings');
    const section = page.getByRole('region', { name: 'Zotero', exact: true });
    await section.getByRole('radio', { name: 'zotero.org (with an API key)' }).check();
    await section.getByLabel('Zotero API key').fill(setup.web.apiKey);
    await section.getByRole('button', { name: 'Connect zotero.org' }).click();
    await expect(section.locator('.zotero-web-connected')).toBeVisible();
    await section.getByRole('radio', { name: /^zotero\.org \(with the API key above\)/ }).check();
    await expect(section.getByRole('radio', { name: /^zotero\.org \(with the API key above\)/ })).toBeChecked();
    await section.getByRole('checkbox', { name: 'Mark papers already in my Zotero' }).click();
    await expect(section.getByRole('checkbox', { name: 'Mark papers already in my Zotero' })).toBeChecked();
    await expect(section.getByRole('status')).toHaveText('Index updated: read 1 Zotero item, naming 1 paper.');
    await expect(section.locator('.zotero-counts')).toHaveText('Sent from Dogear: 0 papers. In the index: 1 paper.');
    await expect(section.locator('.zotero-last-run')).not.toHaveText('Last update: never');

    const listing = await openListing(setup);
    await reach(listing.page.locator(`article[data-dogear-id="${OTHER_KEY}"]`));
    await expect.poll(() => rowState(listing.page, OTHER_KEY)).toContain('zotero');
    expect(await rowState(listing.page, KEY)).not.toContain('zotero');

    // The library gains the first card in Zotero; Update now reads only what changed, and the row is marked.
    setup.web.addItem({ itemType: 'preprint', title: HF_TITLE, creators: [], DOI: `10.48550/arXiv.${HF_ID}`, url: '' });
    await page.bringToFront();
    await section.getByRole('button', { name: 'Update now' }).click();
    await expect(section.getByRole('status')).toHaveText('Index updated: read 1 Zotero item, naming 1 paper.');
    const since = setup.web.requests.filter((request) => request.query.get('format') === 'versions').at(-1);
    expect(Number(since?.query.get('since'))).toBeGreaterThan(0);
    await listing.page.reload();
    await waitForAnnotations(listing.page);
    await reach(listing.page.locator(`article[data-dogear-id="${KEY}"]`));
    await expect.poll(() => rowState(listing.page, KEY)).toContain('zotero');
    await expectNoAxeViolations(page, 'the Zotero index on');
    await shoot(page, 'settings-index', '.zotero-settings');

    // Off: the index is emptied and the marks go.
    await section.getByRole('checkbox', { name: 'Mark papers already in my Zotero' }).click();
    await expect(section.locator('.zotero-counts')).toHaveText('Sent from Dogear: 0 papers. In the index: 0 papers.');
    await listing.page.reload();
    await waitForAnnotations(listing.page);
    await reach(listing.page.locator(`article[data-dogear-id="${KEY}"]`));
    await expect.poll(() => rowState(listing.page, KEY)).not.toContain('zotero');
  } finally {
    await setup.close();
  }
});
