/**
 * Every captured listing is detected and annotated in place, under its real URL, in a real Chromium: the DOM contract
 * (README), with the state attributes only when the user turns them on, and Dogear's UI in closed shadow roots the
 * page's CSS cannot reach (read here through tests/support/closed-ui.ts).
 */
import { PAGES, type ServedPage } from '../support/browser.ts';
import { expect, scrollThrough, test } from './fixtures.ts';

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

  test('every captured listing gets one control and one mark per entry, and the DOM contract', async ({ dogear }) => {
    for (const [served, pageAttr, count] of EXPECTED) {
      const page = await dogear.open(served);
      const ui = await dogear.ui(page);
      await expect(page.locator('html'), served.url).toHaveAttribute('data-dogear-page', pageAttr);
      await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', String(count));
      // Controls and marks mount near the viewport only; after reading down the page every entry has exactly one each.
      expect(await page.locator('[data-dogear-ui]').count()).toBeLessThanOrEqual(count);
      await scrollThrough(page);
      await expect(page.locator('[data-dogear-ui]')).toHaveCount(count);
      await expect(page.locator('[data-dogear-mark]')).toHaveCount(count);
      const saves = await ui.query('[data-dogear-ui]', 'button.save');
      expect(saves.map((save) => save.text)).toEqual(Array<string>(count).fill('☆ Save'));
      expect((await ui.query('[data-dogear-mark]', '.mark > .bar')).length).toBe(count);
      const roots = page.locator('[data-dogear-id]');
      // arXiv listings mark the dt and its dd; the others one root per entry.
      await expect(roots).toHaveCount(served.url.includes('/list/') ? count * 2 : count);
      // By default the page learns nothing about any paper's state.
      await expect(
        page.locator('[data-dogear-state], [data-dogear-fresh], [data-dogear-selected], [data-dogear-current]'),
      ).toHaveCount(0);
      await page.close();
    }

    // With `pageStateAttributes` on (the user's choice, for their own CSS and scripts), every root carries its state:
    // new or seen (the pages above were read, and the two Hugging Face days share papers), nothing saved yet.
    await dogear.setSettings({ pageStateAttributes: true });
    for (const [served, , count] of EXPECTED) {
      const page = await dogear.open(served);
      const roots = served.url.includes('/list/') ? count * 2 : count;
      await expect(page.locator('[data-dogear-id]:not([data-dogear-state])'), served.url).toHaveCount(0);
      await expect(page.locator('[data-dogear-state="new"], [data-dogear-state="seen"]')).toHaveCount(roots);
      await page.close();
    }
  });

  test('a Hugging Face single-paper page is left alone', async ({ dogear }) => {
    const page = await dogear.context.newPage();
    const ui = await dogear.ui(page);
    await page.goto(singlePaper.url, { waitUntil: 'load' });
    // The content script was injected (its world exists) and, on a listing, would have annotated inside the
    // DOMContentLoaded dispatch, which is over once `load` has fired: so it has decided, and left the page alone.
    expect(await ui.evaluate(() => document.readyState)).toBe('complete');
    await expect(page.locator('[data-dogear-ui], [data-dogear-mark], [data-dogear-bar], [data-dogear-id]')).toHaveCount(
      0,
    );
    await expect(page.locator('html')).not.toHaveAttribute('data-dogear-page', /.*/);
  });

  test("the page's CSS cannot reach the controls", async ({ dogear }) => {
    const page = await dogear.open(PAGES.arxivNew);
    const ui = await dogear.ui(page);
    await page.addStyleTag({
      content: '* { font-size: 40px !important; color: red !important; } button, span { display: none !important; }',
    });
    const host = 'dt[data-dogear-id="arxiv:2609.22268"] [data-dogear-ui]';
    await page.locator(host).scrollIntoViewIfNeeded();
    const save = await ui.one(host, 'button.save');
    expect(save.visible).toBe(true);
    expect(save.text).toBe('☆ Save');
    const style = await ui.evaluate((selector, open) => {
      const button = open(document.querySelector(selector)!)!.querySelector('button.save')!;
      const { fontSize, color } = getComputedStyle(button);
      return { fontSize, color };
    }, host);
    expect(style.fontSize).toBe('12px');
    expect(style.color).not.toBe('rgb(255, 0, 0)');
    // The controls still work: a real click saves.
    await ui.click(host, 'button.save');
    await expect.poll(async () => (await ui.one(host, 'button.save')).attributes['aria-pressed']).toBe('true');
  });
});

test.describe('hostile page text', () => {
  test.use({ served: { pages: [hostileHf] } });

  test('a title made of markup stays text on the page, in the popup and in the library', async ({ dogear }) => {
    const page = await dogear.open(hostileHf);
    const ui = await dogear.ui(page);
    const controls = 'article[data-dogear-id="arxiv:2606.28322"] [data-dogear-ui]';
    await ui.click(controls, 'button.save');
    await expect.poll(async () => (await ui.one(controls, 'button.save')).text).toBe('★ Saved');
    expect((await ui.one(controls, 'button.save')).attributes['aria-pressed']).toBe('true');

    const popup = await dogear.popup();
    await expect(popup.locator('.paper .title')).toHaveText(HOSTILE);
    await expect(popup.locator('.paper img')).toHaveCount(0);
    expect(await popup.evaluate(() => (window as { __dogearXss?: number }).__dogearXss)).toBeUndefined();
    expect(await page.evaluate(() => (window as { __dogearXss?: number }).__dogearXss)).toBeUndefined();

    // The library lives in the extension origin: the site's origin got no database and no web storage.
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  });
});
