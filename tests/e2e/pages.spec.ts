/**
 * Every captured listing is detected and annotated in place, under its real URL, in a real Chromium.
 */
import { PAGES, type ServedPage } from '../support/browser.ts';
import { expect, reach, scrollThrough, test } from './fixtures.ts';

const HOSTILE = '<img src=x onerror="window.__dogearXss=1">';
const hostileHf: ServedPage = {
  ...PAGES.hfDaily,
  // The first card's real title replaced by markup, escaped as the server escapes text (card and data-props).
  rewrite: (html) =>
    html.replaceAll(
      'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception',
      '&lt;img src=x onerror=&quot;window.__dogearXss=1&quot;&gt;',
    ),
};
const singlePaper: ServedPage = { url: 'https://huggingface.co/papers/2606.28322', fixture: PAGES.hfDaily.fixture };

const EXPECTED: [ServedPage, string, number][] = [
  [PAGES.hfDaily, 'huggingface daily', 31],
  [PAGES.hfRendered, 'huggingface daily', 28],
  [PAGES.arxivNew, 'arxiv-listing new', 101],
  [PAGES.arxivMonth, 'arxiv-listing month', 3],
  [PAGES.arxivSearch, 'arxiv-search search', 2],
];

test.describe('listings', () => {
  test.use({ served: { pages: [...EXPECTED.map(([page]) => page), singlePaper] } });

  test('every captured listing gets one control and the DOM contract on every entry', async ({ dogear }) => {
    for (const [served, pageAttr, count] of EXPECTED) {
      const page = await dogear.open(served);
      await expect(page.locator('html'), served.url).toHaveAttribute('data-dogear-page', pageAttr);
      await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', String(count));
      // Controls mount near the viewport only; after reading down the page every entry has exactly one.
      expect(await page.locator('[data-dogear-ui]').count()).toBeLessThanOrEqual(count);
      await scrollThrough(page);
      await expect(page.locator('[data-dogear-ui]')).toHaveCount(count);
      await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(count);
      const roots = page.locator('[data-dogear-id]');
      // arXiv listings mark the dt and its dd; the others one root per entry.
      await expect(roots).toHaveCount(served.url.includes('/list/') ? count * 2 : count);
      await expect(page.locator('[data-dogear-id]:not([data-dogear-state])')).toHaveCount(0);
      await page.close();
    }
  });

  test('a Hugging Face single-paper page is left alone', async ({ dogear }) => {
    const page = await dogear.context.newPage();
    await page.goto(singlePaper.url);
    await page.waitForTimeout(500); // give a (wrongly) running content script time to act
    await expect(page.locator('[data-dogear-ui]')).toHaveCount(0);
    await expect(page.locator('html')).not.toHaveAttribute('data-dogear-page', /.*/);
  });

  test("the page's CSS cannot reach the controls", async ({ dogear }) => {
    const page = await dogear.open(PAGES.arxivNew);
    await page.addStyleTag({ content: '* { font-size: 40px !important; color: red !important; } button { display: none !important; }' });
    const button = (await reach(page.locator('dt[data-dogear-id]').first())).getByRole('button', { name: 'Save', exact: true });
    await expect(button).toBeVisible();
    expect(await button.evaluate((el) => getComputedStyle(el).fontSize)).toBe('12px');
    expect(await button.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
  });
});

test.describe('hostile page text', () => {
  test.use({ served: { pages: [hostileHf] } });

  test('a title made of markup stays text on the page, in the popup and in the library', async ({ dogear }) => {
    const page = await dogear.open(hostileHf);
    const card = page.locator('article[data-dogear-id="arxiv:2606.28322"]');
    await (await reach(card)).getByRole('button', { name: 'Save' }).click();
    await expect(card).toHaveAttribute('data-dogear-state', 'seen saved');

    const popup = await dogear.popup();
    await expect(popup.locator('li.paper .title')).toHaveText(HOSTILE);
    await expect(popup.locator('li.paper img')).toHaveCount(0);
    expect(await popup.evaluate(() => (window as { __dogearXss?: number }).__dogearXss)).toBeUndefined();

    // The library lives in the extension origin: the site's origin got no database and no web storage.
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  });
});
