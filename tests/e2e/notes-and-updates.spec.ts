/**
 * Notes and tags live in an extension frame the page cannot read; a noted paper is marked wherever it appears.
 * And after an extension update, open listings are re-annotated by the new version.
 */
import type { Frame, Page } from '@playwright/test';
import { allMatchPatterns } from '../../lib/sites/registry.ts';
import { PAGES, serviceWorker, type ServedPage } from '../support/browser.ts';
import { expect, reach, test } from './fixtures.ts';

const NOTE = 'Secret reading note: compare with §3 of the MoE paper';
const ID = '2609.22287';
/** The real search capture, its first result given the id of a /new entry, to meet the noted paper on another page. */
const searchWithPaper: ServedPage = {
  ...PAGES.arxivSearch,
  rewrite: (html) => html.replaceAll(/arXiv:(\d{4}\.\d{4,5})/.exec(html)![1]!, ID),
};

test.use({ served: { pages: [PAGES.arxivNew, searchWithPaper] } });

const bar = (page: Page) => page.locator('[data-dogear-bar]');

/** The editor frame that is open now (a closed one may linger in page.frames() while it detaches). */
async function noteFrame(page: Page, previous?: Frame): Promise<Frame> {
  const open = (): Frame | undefined =>
    page.frames().find((frame) => frame.url().includes('/note.html') && !frame.isDetached() && frame !== previous);
  await expect.poll(() => open() !== undefined).toBe(true);
  const frame = open()!;
  await frame.locator('.note-editor').waitFor();
  return frame;
}

test('n and t edit the note and tags in a frame the page cannot read', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const row = page.locator(`dt[data-dogear-id="arxiv:${ID}"]`);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(row).toHaveAttribute('data-dogear-current', '');
  await page.keyboard.press('n');

  const frame = await noteFrame(page);
  await expect(frame.locator('h1.title')).toContainText('Predicting energy and structural response');
  // The page sees a host element only: its shadow root is closed and the frame is another origin.
  const host = page.locator('[data-dogear-note-host]');
  await expect(host).toHaveCount(1);
  expect(await host.evaluate((el) => el.shadowRoot)).toBeNull();

  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).fill(NOTE);
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).press('Control+Enter');
  await expect(host).toHaveCount(0);
  await expect(row).toHaveAttribute('data-dogear-state', /\bnoted\b/);
  await expect((await reach(row)).getByRole('button', { name: 'Noted' })).toBeVisible();
  expect(await page.content()).not.toContain('Secret reading note');
  expect(await page.evaluate(() => document.documentElement.outerHTML.includes('Secret reading note'))).toBe(false);

  // Tags: `t` opens the same editor on the tags field; what was saved comes back.
  await page.keyboard.press('t');
  const tagsFrame = await noteFrame(page, frame);
  await expect(tagsFrame.getByRole('textbox', { name: 'Note (Markdown)' })).toHaveValue(NOTE);
  const tags = tagsFrame.getByRole('textbox', { name: 'Tags (comma-separated)' });
  await expect(tags).toBeFocused();
  await tags.fill('cond-mat, to read, To Read');
  await tagsFrame.getByRole('button', { name: 'Save' }).click();
  await expect(host).toHaveCount(0);
  await page.keyboard.press('t');
  const again = await noteFrame(page, tagsFrame);
  await expect(again.locator('.chips .chip-text')).toHaveText(['cond-mat', 'to read']);
  await page.keyboard.press('Escape'); // nothing changed: closes at once
  await expect(host).toHaveCount(0);

  // The same paper on another page shows its note marker.
  const search = await dogear.open(searchWithPaper);
  await expect(search.locator(`li[data-dogear-id="arxiv:${ID}"]`)).toHaveAttribute('data-dogear-state', /\bnoted\b/);
  expect(await search.content()).not.toContain('Secret reading note');
});

/**
 * What the background does for open listings on `runtime.onInstalled` with reason `update`: run the (new) content
 * script in them. Chromium launched by Playwright does not bring an extension back after `runtime.reload()`, so the
 * test performs that same injection from the service worker; the page then holds an old and a new instance, exactly
 * as after an update, and the old one must step aside.
 */
test('a second content script instance (as after an update) takes over the page cleanly', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const before = await page.locator('html').getAttribute('data-dogear-instance');
  await (await reach(page.locator(`dt[data-dogear-id="arxiv:${ID}"]`))).getByRole('button', { name: 'Save' }).click();
  await expect(page.locator(`dt[data-dogear-id="arxiv:${ID}"]`)).toHaveAttribute('data-dogear-state', 'seen saved');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  const worker = await serviceWorker(dogear.context);
  const injected = await worker.evaluate(async (patterns) => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        tabs: { query(q: object): Promise<{ id?: number }[]> };
        scripting: { executeScript(o: object): Promise<unknown>; insertCSS(o: object): Promise<unknown> };
      };
    };
    const tabs = await chrome.tabs.query({ url: patterns });
    for (const tab of tabs) {
      await chrome.scripting.insertCSS({ target: { tabId: tab.id }, files: ['/content-scripts/papers.css'] });
      await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/papers.js'] });
    }
    return tabs.length;
  }, allMatchPatterns());
  expect(injected).toBe(1);

  await expect(page.locator('html')).not.toHaveAttribute('data-dogear-instance', before!);
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  await expect(bar(page)).toHaveCount(1);
  await expect(page.locator('dt[data-dogear-id]')).toHaveCount(101);
  await expect(page.locator('dd[data-dogear-id]')).toHaveCount(101);
  await expect(page.locator(`dt[data-dogear-id="arxiv:${ID}"]`)).toHaveAttribute('data-dogear-state', 'seen saved');
  const other = await reach(page.locator('dt[data-dogear-id="arxiv:2609.22341"]'));
  await expect(other.locator('[data-dogear-ui]')).toHaveCount(1);
  await other.getByRole('button', { name: 'Save' }).click(); // the new instance answers clicks
  await expect(other).toHaveAttribute('data-dogear-state', 'seen saved');
  // A live old instance would repaint its own page bar on the next action: there must still be one.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(page.locator('dt[data-dogear-selected]')).toHaveCount(1);
  await expect(bar(page)).toHaveCount(1);
  await expect(bar(page).getByRole('button', { name: 'Save selected (1)' })).toBeVisible();
  expect(errors).toEqual([]);
});
