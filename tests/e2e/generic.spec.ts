/**
 * Generic mode in Chromium with the built extension: a page no site adapter knows is marked only once the user starts
 * Dogear on it, saves from it are recorded as from generic mode, and "Always on this site" registers Dogear for the
 * site until the library's settings remove it.
 *
 * The page is a real capture (Hugging Face's rendered Daily Papers, 28 cards) served at a Hugging Face address no
 * adapter detects, `/collections/…`: the listing script does not run there, and the extension holds that host's
 * permission, which stands in for the `activeTab` grant. The popup is opened the only way Playwright can, as a page; it
 * is opened in a popup window, so the captured page stays the active tab of the browser window, which is the tab the
 * popup's button acts on, through the real injection code (lib/app/generic.ts).
 *
 * Not testable here: the toolbar button and the keyboard command themselves (Playwright cannot press either, so the
 * `activeTab` grant is never made), and the permission prompt of "Always on this site" for a site Dogear does not hold:
 * Chromium answers a request for a held origin at once, which is the path tested, and keeps that origin's permission
 * when the site is removed (the listing sites need it).
 */
import type { Page, Worker } from '@playwright/test';
import { serviceWorker, waitForAnnotations, type ServedPage } from '../support/browser.ts';
import { expect, test, type Dogear } from './fixtures.ts';

const READING_LIST: ServedPage = {
  url: 'https://huggingface.co/collections/dogear/reading-list',
  fixture: 'huggingface/daily_papers_2026-09-28_rendered.html',
};
const ID = '2609.31093';
const TITLE = 'Block Sparse Attention with Log-Linear Complexity';
const CONTROLS = `article[data-dogear-id="arxiv:${ID}"] [data-dogear-ui]`;

test.use({ served: { pages: [READING_LIST] }, settings: { pageStateAttributes: true } });

/** The bits of the extension API the worker-side snippets use. */
declare const chrome: {
  windows: { create(options: { url: string; type: string }): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<Array<{ id: number }>> };
  scripting: {
    executeScript(options: { target: { tabId: number }; files: string[] }): Promise<unknown>;
    getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>>;
  };
};

/** Opens the captured page in a tab of the browser window and makes it the active one. */
async function openReadingList(dogear: Dogear): Promise<Page> {
  const page = await dogear.context.newPage();
  await page.goto(READING_LIST.url);
  await page.bringToFront();
  return page;
}

/** The toolbar popup over the active tab: popup.html in a popup window, the browser window keeping its active tab. */
async function openPopupOver(dogear: Dogear, worker: Worker): Promise<Page> {
  const url = `chrome-extension://${dogear.extensionId}/popup.html`;
  const opened = dogear.context.waitForEvent('page', (page) => page.url() === url);
  await worker.evaluate((href) => chrome.windows.create({ url: href, type: 'popup' }), url);
  const popup = await opened;
  await popup.locator('.generic-mode .mark-page').waitFor();
  return popup;
}

test('a page is marked only after the user starts generic mode; its saves are recorded as generic mode', async ({
  dogear,
}) => {
  const worker = await serviceWorker(dogear.context);
  const page = await openReadingList(dogear);
  await page.waitForLoadState('load');
  expect(await page.locator('html').getAttribute('data-dogear-page')).toBeNull();

  // Dogear's generic script running in the page without the user having started it (as a page could only wish):
  // lookups are answered, but the background refuses to record anything from this tab.
  await worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    await chrome.scripting.executeScript({ target: { tabId: tab!.id }, files: ['/content-scripts/generic.js'] });
  }, READING_LIST.url);
  expect(await waitForAnnotations(page)).toEqual({ site: 'generic', kind: 'generic', entries: 28 });
  const ui = await dogear.ui(page);
  await ui.click(CONTROLS, 'button.save');
  await expect.poll(() => ui.text(CONTROLS, '.error')).toContain('is not a listing Dogear annotates');
  await expect(page.locator(`article[data-dogear-id="arxiv:${ID}"]`)).not.toHaveAttribute('data-dogear-state', /saved/);

  // The user starts it from the popup: the real injection, which also tells the background this tab may record.
  const popup = await openPopupOver(dogear, worker);
  await popup.getByRole('button', { name: 'Mark papers on this page' }).click();
  await expect(popup.locator('.generic-status')).toHaveText('Marked 28 papers on this page.');
  await expect(page.locator('article[data-dogear-id]')).toHaveCount(28);

  await ui.click(CONTROLS, 'button.save');
  await expect(page.locator(`article[data-dogear-id="arxiv:${ID}"]`)).toHaveAttribute('data-dogear-state', /saved/);
  await popup.close();

  const library = await dogear.popup();
  const items = library.locator('.paper');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-key', `arxiv:${ID}`);
  await expect(items.first().locator('.title')).toHaveText(TITLE);
  await expect(items.first().locator('.source')).toHaveText('Any listing (generic mode)');
});

test('"Always on this site" marks the site\'s pages from then on, until the settings remove it', async ({ dogear }) => {
  const worker = await serviceWorker(dogear.context);
  await openReadingList(dogear);
  const popup = await openPopupOver(dogear, worker);
  // A click, not check(): the box shows the stored setting, so it turns checked only once the permission is granted
  // and the script registered (asynchronously), not when the click lands.
  await popup.getByRole('checkbox', { name: 'Always on this site' }).click();
  await expect(popup.locator('.generic-status')).toHaveText('Marked 28 papers on this page.');
  await expect(popup.getByRole('checkbox', { name: 'Always on this site' })).toBeChecked();
  expect(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([
    expect.objectContaining({ matches: ['https://huggingface.co/*'] }),
  ]);
  await popup.close();

  // A page of the site opened later is marked without a click, and may record.
  const later = await openReadingList(dogear);
  expect(await waitForAnnotations(later)).toEqual({ site: 'generic', kind: 'generic', entries: 28 });
  const ui = await dogear.ui(later);
  await ui.click(CONTROLS, 'button.save');
  await expect(later.locator(`article[data-dogear-id="arxiv:${ID}"]`)).toHaveAttribute('data-dogear-state', /saved/);

  const settings = await dogear.context.newPage();
  await settings.goto(`chrome-extension://${dogear.extensionId}/library.html#settings`);
  const site = settings.locator('.generic-sites-list li', { hasText: 'https://huggingface.co' });
  await expect(site).toHaveCount(1);
  await site.getByRole('button', { name: 'Remove' }).click();
  await expect(settings.locator('.generic-sites-empty')).toHaveText('No site yet.');
  expect(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);

  // Removed: the next page of the site is left alone.
  const after = await openReadingList(dogear);
  await after.waitForLoadState('load');
  expect(await after.locator('html').getAttribute('data-dogear-page')).toBeNull();
});
