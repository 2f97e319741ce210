/**
 * Issue #3 in a real Chromium with the built extension, on the real captured pages: row states, the page bar,
 * selection, keyboard, pages that change, and updates across tabs.
 */
import type { Locator, Page } from '@playwright/test';
import { PAGES, type ServedPage } from '../support/browser.ts';
import { expect, reach, scrollThrough, test } from './fixtures.ts';

/** The same real /new page served as "pastweek", with item [67]'s version lowered to v1 (as when it was first met). */
const arxivEarlier: ServedPage = {
  url: 'https://arxiv.org/list/cond-mat.mtrl-sci/pastweek',
  fixture: PAGES.arxivNew.fixture,
  rewrite: (html) => html.replaceAll('2411.19270v2', '2411.19270v1'),
};

test.use({ served: { pages: [PAGES.arxivNew, PAGES.hfDaily, PAGES.hfRendered, arxivEarlier] } });

const dt = (page: Page, id: string): Locator => page.locator(`dt[data-dogear-id="arxiv:${id}"]`);
const bar = (page: Page): Locator => page.locator('[data-dogear-bar]');
const summary = (page: Page): Locator => bar(page).locator('.summary');

test('rows become seen after a second on screen, and stay seen after a reload', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  await expect(page.locator('dt[data-dogear-state="new"]')).toHaveCount(101);
  await expect(summary(page)).toHaveText('101 new · 0 seen · 0 saved');

  const tenth = dt(page, '2609.22509');
  await tenth.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await expect(tenth).toHaveAttribute('data-dogear-state', 'new'); // not before the dwell time
  await expect(tenth).toHaveAttribute('data-dogear-state', 'seen', { timeout: 3_000 });
  await expect(tenth).toHaveAttribute('data-dogear-fresh', '');
  await expect(page.locator('dd[data-dogear-id="arxiv:2609.22509"]')).toHaveAttribute('data-dogear-state', 'seen');
  // Rows far below were never on screen.
  await expect(dt(page, '2607.28461')).toHaveAttribute('data-dogear-state', 'new');
  const seenNow = await page.locator('dt[data-dogear-state="seen"]').count();
  expect(seenNow).toBeGreaterThan(0);
  expect(seenNow).toBeLessThan(30);
  await expect(summary(page)).toHaveText(`${101 - seenNow} new · ${seenNow} seen · 0 saved`);

  await page.reload();
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  await expect(page.locator('dt[data-dogear-state="seen"]')).toHaveCount(seenNow);
  await expect(dt(page, '2609.22509')).not.toHaveAttribute('data-dogear-fresh', '');
});

test('mark all seen, undo, and the view modes (persisted per site)', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  await bar(page).getByRole('button', { name: 'Mark all seen' }).click();
  await expect(summary(page)).toHaveText('0 new · 101 seen · 0 saved');
  await expect(page.locator('dt[data-dogear-state="seen"]')).toHaveCount(101);

  await bar(page).getByRole('button', { name: 'Undo mark' }).click();
  await expect(summary(page)).toHaveText('101 new · 0 seen · 0 saved');
  await expect(page.locator('dt[data-dogear-state="new"]')).toHaveCount(101);

  // Save one, mark the rest seen: hide seen keeps the saved row, only new hides everything met.
  await (await reach(dt(page, '2609.22268'))).getByRole('button', { name: 'Save' }).click();
  await expect(dt(page, '2609.22268')).toHaveAttribute('data-dogear-state', 'seen saved');
  await bar(page).getByRole('button', { name: 'Mark all seen' }).click();
  await expect(summary(page)).toHaveText('0 new · 101 seen · 1 saved');

  const view = bar(page).getByRole('combobox', { name: 'View' });
  await view.selectOption('dim-seen');
  await expect(dt(page, '2609.22287')).toHaveCSS('opacity', '0.45');
  await expect(dt(page, '2609.22268')).toHaveCSS('opacity', '1');

  await view.selectOption('hide-seen');
  await expect(page.locator('dt[data-dogear-id]:visible')).toHaveCount(1);
  await expect(dt(page, '2609.22268')).toBeVisible();
  await expect(page.locator('dd[data-dogear-id="arxiv:2609.22287"]')).toBeHidden();

  await view.selectOption('only-new');
  await expect(page.locator('dt[data-dogear-id]:visible')).toHaveCount(0);

  // The choice persists for the site: arXiv pages open hidden, Hugging Face is unaffected.
  await view.selectOption('hide-seen');
  await page.reload();
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'hide-seen');
  await expect(page.locator('dt[data-dogear-id]:visible')).toHaveCount(1);
  const hf = await dogear.open(PAGES.hfDaily);
  await expect(hf.locator('html')).toHaveAttribute('data-dogear-view', 'all');
});

test('select with shift-click, save selected, save all new', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const box = (id: string): Locator => dt(page, id).getByRole('checkbox', { name: 'Select for bulk actions' });
  await reach(dt(page, '2609.22268'));
  await box('2609.22268').click();
  await reach(dt(page, '2609.22509'));
  await box('2609.22509').click({ modifiers: ['Shift'] }); // [1] … [10]
  await expect(page.locator('dt[data-dogear-selected]')).toHaveCount(10);
  await expect((await reach(dt(page, '2609.22366'))).getByRole('checkbox')).toBeChecked();
  await bar(page).getByRole('button', { name: 'Save selected (10)' }).click();
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(10);
  await expect(page.locator('dt[data-dogear-selected]')).toHaveCount(0);
  await expect(summary(page)).toHaveText('91 new · 10 seen · 10 saved');

  await bar(page).getByRole('button', { name: 'Save all new' }).click();
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(101);

  // The popup's list is virtualized (only the rows in view exist): its count, and the first row the newest save.
  const popup = await dogear.popup();
  await expect(popup.locator('header .count')).toHaveText('101 saved');
  await expect(popup.locator('li.paper').first()).toBeVisible();
});

test('keyboard: j/k, s, x, o, h, ? — and nothing while typing in a field', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  await page.keyboard.press('j');
  await expect(page.locator('dt[data-dogear-current]')).toHaveCount(1);
  await expect(dt(page, '2609.22268')).toHaveAttribute('data-dogear-current', '');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-current', '');
  await expect(dt(page, '2609.22287')).toBeInViewport();

  await page.keyboard.press('s');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  await page.keyboard.press('s');
  await expect(dt(page, '2609.22287')).not.toHaveAttribute('data-dogear-state', /\bsaved\b/);

  await page.keyboard.press('x');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-selected', '');

  // The abs page itself is not served (no network): the request for it is what shows `o` opened it.
  await Promise.all([
    dogear.context.waitForEvent('request', (request) => request.url() === 'https://arxiv.org/abs/2609.22287'),
    page.keyboard.press('o'),
  ]);
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-state', /\bopened\b/);

  await page.keyboard.press('h');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'hide-seen');
  await page.keyboard.press('h');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'all');

  await page.keyboard.press('?');
  await expect(bar(page).locator('.keys')).toContainText('next / previous entry');
  await page.keyboard.press('?');
  await expect(bar(page).locator('.keys')).toHaveCount(0);

  // Typing in the page's own search field is left alone.
  const search = page.locator('input[name="query"]').first();
  await page.bringToFront(); // `o` opened a tab in front
  // The site's "Search" link opens this overlay with its own script, which is not served here.
  await page.evaluate(() => document.getElementById('arxiv-search-overlay')!.removeAttribute('hidden'));
  await search.focus();
  await page.keyboard.type('jsx');
  await expect(search).toHaveValue('jsx');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-current', '');
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(0);
});

test('following a paper link marks it opened', async ({ dogear }) => {
  const page = await dogear.open(PAGES.hfDaily);
  const card = page.locator('article[data-dogear-id="arxiv:2607.00466"]');
  await card.locator('h3 a').click({ modifiers: ['ControlOrMeta'] }); // opens in a background tab
  await expect(card).toHaveAttribute('data-dogear-state', /\bopened\b/);
});

test('a change in one tab shows in the others within a second', async ({ dogear }) => {
  const first = await dogear.open(PAGES.arxivNew);
  const second = await dogear.open(PAGES.arxivNew);
  await (await reach(dt(first, '2609.22341'))).getByRole('button', { name: 'Save' }).click();
  await expect(dt(second, '2609.22341')).toHaveAttribute('data-dogear-state', 'seen saved', { timeout: 1_000 });
  const popup = await dogear.popup();
  await popup.locator('li.paper').getByRole('button', { name: 'Unsave' }).click();
  await expect(dt(first, '2609.22341')).toHaveAttribute('data-dogear-state', 'seen', { timeout: 1_000 });
  await expect(dt(second, '2609.22341')).toHaveAttribute('data-dogear-state', 'seen', { timeout: 1_000 });
});

test('Hugging Face re-rendering its list keeps the annotations', async ({ dogear }) => {
  const page = await dogear.open(PAGES.hfRendered);
  const first = page.locator('article[data-dogear-id]').first();
  const key = await first.getAttribute('data-dogear-id');
  await (await reach(first)).getByRole('button', { name: 'Save' }).click();
  await expect(first).toHaveAttribute('data-dogear-state', /\bsaved\b/);

  // As the site's Svelte island does: the whole list node is replaced by freshly rendered cards.
  await page.evaluate(() => {
    const grid = document.querySelector('article')!.parentElement!;
    const fresh = grid.cloneNode(true) as HTMLElement;
    for (const node of fresh.querySelectorAll('[data-dogear-ui]')) node.remove();
    for (const node of fresh.querySelectorAll('*')) {
      for (const name of [...node.getAttributeNames()]) if (name.startsWith('data-dogear')) node.removeAttribute(name);
    }
    grid.replaceWith(fresh);
  });
  await expect(page.locator('article[data-dogear-id]')).toHaveCount(28, { timeout: 2_000 });
  await expect(page.locator(`article[data-dogear-id="${key}"]`)).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  await scrollThrough(page);
  await expect(page.locator('[data-dogear-ui]')).toHaveCount(28); // one control per card, none left over
  await expect((await reach(page.locator('article').first())).getByRole('button', { name: 'Saved' })).toBeVisible();
});

test('a replacement with a higher version than the one seen is marked updated', async ({ dogear }) => {
  const earlier = await dogear.open(arxivEarlier);
  await bar(earlier).getByRole('button', { name: 'Mark all seen' }).click();
  await expect(summary(earlier)).toHaveText('0 new · 101 seen · 0 saved');

  const now = await dogear.open(PAGES.arxivNew);
  await expect(dt(now, '2411.19270')).toHaveAttribute('data-dogear-state', 'seen updated');
  await expect((await reach(dt(now, '2411.19270'))).getByText('New version')).toBeVisible();
  await expect(now.locator('dt[data-dogear-state~="updated"]')).toHaveCount(1);
});
